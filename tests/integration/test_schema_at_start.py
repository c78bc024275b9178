"""The app refuses to start on a database that is not at this version's newest migration, in
one line that says what to do, instead of starting and failing every request on a missing
table or column (or, on SQLite, calling the database unavailable)."""

import pytest
from alembic import command
from sqlalchemy import text

from casework.readiness import NotReadyToServe
from casework.schema_version import alembic_config, migrations
from casework.settings import get_settings
from service.app import create_app
from tests.support.databases import TEST_PEPPER, migration_head
from tests.support.serving import refused_serve

NEVER_MIGRATED = "refusing to start: the database was never migrated: run `casework db upgrade`"


def refusal(settings, new_uow) -> str:
    with pytest.raises(NotReadyToServe) as refused:
        create_app(settings, uow_factory=new_uow)
    return refused.value.code


def test_a_database_at_the_newest_migration_is_served(settings, new_uow):
    assert create_app(settings, uow_factory=new_uow) is not None


def test_a_database_a_migration_behind_is_refused_naming_both_and_the_upgrade(
    settings, new_uow, db_url
):
    head = migration_head()
    previous = migrations().get_revision(head).down_revision
    command.downgrade(alembic_config(db_url), "-1")
    assert refusal(settings, new_uow) == (
        f"refusing to start: the database is at migration {previous}, and this version needs "
        f"{head}: run `casework db upgrade`"
    )


def test_a_database_never_migrated_is_refused_naming_the_upgrade(
    settings, new_uow, db_url, monkeypatch
):
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)  # migrating the audit rows needs it
    get_settings.cache_clear()
    try:
        command.downgrade(alembic_config(db_url), "base")
    finally:
        get_settings.cache_clear()
    assert refusal(settings, new_uow) == NEVER_MIGRATED


def test_a_database_a_newer_version_migrated_is_refused(settings, new_uow, engine):
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999_from_later'"))
    assert refusal(settings, new_uow).startswith(
        "refusing to start: the database is at migration 0999_from_later, which this version "
        "does not have"
    )


def test_casework_serve_on_a_database_never_migrated_says_so_in_one_line(monkeypatch, tmp_path):
    """On SQLite the missing tables were an OperationalError, which reads as a database that is
    down: the command said "the database is not available" and to try again."""
    fresh = {"CASEWORK_DATA_DIR": str(tmp_path / "fresh"), "CASEWORK_UIC_PEPPER": TEST_PEPPER}
    assert refused_serve(monkeypatch, **fresh) == [NEVER_MIGRATED]
