"""On PostgreSQL the app runs as a role that owns nothing: migrations run as the owner, which
grants the runtime role what the app needs; audit rows it may append, never rewrite."""

import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError
from typer.testing import CliRunner

from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.db import create_db_engine, engine_for
from casework.settings import get_settings
from cli.main import app
from tests.support.databases import TEST_PEPPER


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def runtime_url(db_url, settings, monkeypatch):
    """A login role of its own for this test, named by CASEWORK_DATABASE_URL; the owner (the
    test database's user) by CASEWORK_MIGRATION_DATABASE_URL."""
    role = f"casework_runtime_{uuid.uuid4().hex[:8]}"
    owner = create_db_engine(db_url)
    with owner.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'runtime'"))
    url = make_url(db_url).set(username=role, password="runtime")
    url = url.render_as_string(hide_password=False)
    for name, value in {
        "CASEWORK_DATABASE_URL": url,
        "CASEWORK_MIGRATION_DATABASE_URL": db_url,
        "CASEWORK_DATA_DIR": str(settings.data_dir),
        "CASEWORK_UIC_PEPPER": TEST_PEPPER,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    engine_for(url).dispose()
    with owner.begin() as connection:
        connection.execute(text(f"DROP OWNED BY {role}"))
        connection.execute(text(f"DROP ROLE {role}"))
    owner.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_runtime_role_appends_audit_rows_and_is_refused_rewriting_them(runtime_url):
    assert "runtime role casework_runtime_" in run("db", "upgrade")  # the owner grants
    run("users", "create", "runtime-made", "--role", "coordinator", "--password", "pw-123456789")

    runtime = create_db_engine(runtime_url)
    try:
        with runtime.connect() as connection:
            created = connection.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == AuditAction.USER_CREATED)
            )
            assert created >= 1
        refused = [
            "UPDATE audit_log SET action = 'nothing.happened'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER USER",  # the append-only guard
            "INSERT INTO audit_chain_head (id, seq, row_hash) VALUES (2, 0, '')",
        ]
        for statement in refused:
            with (
                pytest.raises(ProgrammingError, match=r"permission denied|must be owner"),
                runtime.begin() as connection,
            ):
                connection.execute(text(statement))
        # It seals (the chain columns of an unsealed row, once), and no more.
        assert "sealed " in run("audit", "seal")
        for statement in (
            "UPDATE audit_log SET seq = seq + 1000 WHERE seq = 1",
            "UPDATE audit_log SET row_hash = prev_hash",
        ):
            with pytest.raises(DBAPIError, match="append-only"), runtime.begin() as connection:
                connection.execute(text(statement))
    finally:
        runtime.dispose()
    assert "audit chain intact" in run("audit", "verify")
