"""The audit trail is append-only and chained by HMACs under a key kept outside the database:
the database refuses edits, and a row edited or deleted behind its back is found by `casework
audit verify`, even if whoever edited it re-hashed the chain without the key."""

import hashlib
import threading

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from casework.audit import AuditChainHead, AuditEntry, chain_hash, row_payload
from casework.audit_verify import verify_chain
from casework.cases.queries import get_case
from casework.errors import ConsentRequired
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.settings import get_settings
from cli.main import app
from tests.support.databases import ROOT, TEST_PEPPER
from tests.support.network import demo


def chain(uow, **kwargs):
    with uow:
        return verify_chain(uow.session, key=uow.keys.audit_chain_key, **kwargs)


def audit_rows(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(AuditEntry))


def lift_guard(connection) -> None:
    """What someone with full database rights could do first."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
    else:
        connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))


def tampered(engine, key: bytes, *statements: str, anchors=None):
    """Verify the chain as it would be after `statements`, then roll them back."""
    with engine.connect() as connection, connection.begin() as transaction:
        lift_guard(connection)
        for statement in statements:
            connection.execute(text(statement))
        report = verify_chain(Session(bind=connection), key=key, anchors=anchors)
        transaction.rollback()
        return report


@pytest.fixture
def busy(uow):
    """A database with some history: a case opened, a referral issued, a read."""
    d = demo(uow)
    opened = d.open_case(uow)
    referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    return d, opened


def test_the_chain_is_intact_append_only_and_free_of_refused_commands(uow, engine, busy):
    d, _ = busy
    report = chain(uow)
    assert report.intact and report.rows == audit_rows(uow) > 5
    with uow:
        head = uow.session.get_one(AuditChainHead, 1)
        last = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (head.seq, head.row_hash) == (last.seq, last.row_hash)
    assert (report.head_seq, report.head_hash) == (last.seq, last.row_hash)
    # A refused command leaves no row behind.
    unconsented = d.open_case(uow, consent=False)
    before = audit_rows(uow)
    with pytest.raises(ConsentRequired):
        referrals.request_referral(
            uow, actor=d.caseworker(), case_id=unconsented.case_id, service=ServiceCode.HOUSING
        )
    assert audit_rows(uow) == before
    # The database itself refuses to change or delete audit rows.
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert chain(uow).intact


def rewrite_row_2(uow, hasher) -> list[str]:
    """The statements of an insider who rewrites row 2 and re-hashes every row after it, and
    the head, with `hasher(prev_hash, seq, row)`."""
    with uow:
        rows = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    statements, prev = [], rows[0].row_hash
    for row in rows[1:]:
        if row.seq == 2:
            row.action = "nothing.happened"
        row_hash = hasher(prev, row.seq, row)
        statements.append(
            f"UPDATE audit_log SET action = '{row.action}', prev_hash = '{prev}', "
            f"row_hash = '{row_hash}' WHERE seq = {row.seq}"
        )
        prev = row_hash
    statements.append(f"UPDATE audit_chain_head SET row_hash = '{prev}'")
    return statements


def test_edited_deleted_and_rewritten_rows_are_found(uow, engine, busy):
    key = uow.keys.audit_chain_key
    last = chain(uow).head_seq
    edited = tampered(engine, key, "UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 3")
    assert (edited.broken_at, edited.problem) == (3, "row 3 was changed after it was written")
    deleted = tampered(engine, key, "DELETE FROM audit_log WHERE seq = 4")
    assert (deleted.broken_at, deleted.problem) == (4, "row 4 is missing")
    cut = tampered(engine, key, f"DELETE FROM audit_log WHERE seq >= {last - 1}")
    assert cut.broken_at == last - 1 and "the head records" in cut.problem

    # An insider who holds the key rewrites row 2 and re-hashes everything after it, head
    # included: the walk alone cannot tell, an anchor recorded outside the database can.
    anchor = chain(uow)
    statements = rewrite_row_2(uow, lambda prev, seq, row: chain_hash(key, prev, seq, row))
    assert tampered(engine, key, *statements).intact
    rewritten = tampered(engine, key, *statements, anchors={anchor.head_seq: anchor.head_hash})
    assert rewritten.broken_at == anchor.head_seq and "anchor" in rewritten.problem
    assert chain(uow).intact  # every tampering above was rolled back


def test_a_database_owner_without_the_key_cannot_rehash_a_rewritten_trail(uow, engine, busy):
    """What the unkeyed SHA-256 chain allowed: edit a row, recompute every hash after it."""
    statements = rewrite_row_2(
        uow, lambda prev, seq, row: hashlib.sha256(row_payload(prev, seq, row).encode()).hexdigest()
    )
    report = tampered(engine, uow.keys.audit_chain_key, *statements)
    assert (report.broken_at, report.problem) == (2, "row 2 was changed after it was written")
    assert chain(uow).intact


def test_concurrent_writers_extend_one_chain(uow, new_uow, busy):
    """Every thread audits reads at once; the chain-head lock makes them queue at commit."""
    d, opened = busy
    before = audit_rows(uow)
    errors = []

    def read_many():
        try:
            for _ in range(8):
                get_case(new_uow(), actor=d.caseworker(), case_id=opened.case_id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read_many) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = chain(uow)
    assert report.intact and report.rows == before + 32 == report.head_seq


def test_the_verify_command_reports_the_first_broken_row(uow, engine, busy, db_url, monkeypatch):
    monkeypatch.setenv("CASEWORK_DATABASE_URL", db_url)
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        intact = runner.invoke(app, ["audit", "verify"])
        assert intact.exit_code == 0, intact.output
        anchor = intact.output.strip().splitlines()[-1].split()[-1]
        assert runner.invoke(app, ["audit", "verify", "--anchor", anchor]).exit_code == 0
        with engine.begin() as connection:
            lift_guard(connection)
            connection.execute(text("UPDATE audit_log SET object_id = 'x' WHERE seq = 2"))
        broken = runner.invoke(app, ["audit", "verify"])
        assert broken.exit_code == 1
        assert "BROKEN at row 2: row 2 was changed after it was written" in broken.output
    finally:
        get_settings.cache_clear()


def migrate_to(db_url: str, revision: str, *, down: bool = False) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = db_url
    (command.downgrade if down else command.upgrade)(config, revision)


def test_a_trail_sealed_before_the_key_is_resealed_under_it_and_a_broken_one_is_refused(
    uow, engine, busy, db_url, monkeypatch
):
    """Upgrading from 0009 (an unkeyed chain) re-seals the rows under the chain key, which
    `casework keys init` made before `casework db upgrade`; a chain already broken is not
    laundered by the re-seal."""
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)  # the key the migration reads
    get_settings.cache_clear()
    try:
        rows = audit_rows(uow)
        migrate_to(db_url, "0009_notice_message_keys", down=True)
        unkeyed = chain(uow)
        assert not unkeyed.intact and unkeyed.broken_at == 1  # sealed without the key
        migrate_to(db_url, "head")
        assert chain(uow).intact and chain(uow).rows == rows

        migrate_to(db_url, "0009_notice_message_keys", down=True)
        with engine.begin() as connection:
            lift_guard(connection)
            connection.execute(text("UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 3"))
        with pytest.raises(RuntimeError, match="broken at row 3"):
            migrate_to(db_url, "head")
    finally:
        get_settings.cache_clear()
