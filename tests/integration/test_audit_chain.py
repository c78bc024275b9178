"""The audit trail is append-only and hash-chained: the database refuses edits, and a row
edited or deleted behind its back is found by `casework audit verify`."""

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from casework.audit import AuditChainHead, AuditEntry, chain_hash
from casework.audit_verify import verify_chain
from casework.cases.queries import get_case
from casework.errors import ConsentRequired
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.settings import get_settings
from cli.main import app
from tests.support.network import demo


def chain(uow, **kwargs):
    with uow:
        return verify_chain(uow.session, **kwargs)


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


def tampered(engine, *statements: str, anchors=None):
    """Verify the chain as it would be after `statements`, then roll them back."""
    with engine.connect() as connection, connection.begin() as transaction:
        lift_guard(connection)
        for statement in statements:
            connection.execute(text(statement))
        report = verify_chain(Session(bind=connection), anchors=anchors)
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


def test_edited_deleted_and_rewritten_rows_are_found(uow, engine, busy):
    last = chain(uow).head_seq
    edited = tampered(engine, "UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 3")
    assert (edited.broken_at, edited.problem) == (3, "row 3 was changed after it was written")
    deleted = tampered(engine, "DELETE FROM audit_log WHERE seq = 4")
    assert (deleted.broken_at, deleted.problem) == (4, "row 4 is missing")
    cut = tampered(engine, f"DELETE FROM audit_log WHERE seq >= {last - 1}")
    assert cut.broken_at == last - 1 and "the head records" in cut.problem

    # An insider rewrites row 2 and re-hashes everything after it, head included: the walk
    # alone cannot tell, an anchor recorded outside the database can.
    anchor = chain(uow)
    with uow:
        rows = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    statements, prev = [], rows[0].row_hash
    for row in rows[1:]:
        if row.seq == 2:
            row.action = "nothing.happened"
        row_hash = chain_hash(prev, row.seq, row)
        statements.append(
            f"UPDATE audit_log SET action = '{row.action}', prev_hash = '{prev}', "
            f"row_hash = '{row_hash}' WHERE seq = {row.seq}"
        )
        prev = row_hash
    statements.append(f"UPDATE audit_chain_head SET row_hash = '{prev}'")
    assert tampered(engine, *statements).intact
    rewritten = tampered(engine, *statements, anchors={anchor.head_seq: anchor.head_hash})
    assert rewritten.broken_at == anchor.head_seq and "anchor" in rewritten.problem
    assert chain(uow).intact  # every tampering above was rolled back


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
