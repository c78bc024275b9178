"""The audit trail is append-only and chained by HMACs under a key kept outside the database:
transactions write their rows unsealed, each with a MAC, and a sealer chains them later. The
database refuses edits, and a row edited (sealed or not) or deleted (sealed) behind its back
is found by `casework audit verify`, even if whoever edited it re-hashed it without the key."""

import hashlib
import threading

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from casework.audit import GENESIS_HASH, AuditChainHead, AuditEntry, chain_hash, row_payload, trail
from casework.audit_seal import seal_audit_trail
from casework.audit_verify import verify_chain
from casework.cases.queries import get_case
from casework.errors import ConsentRequired
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.schema_version import alembic_config
from casework.settings import get_settings
from cli.main import app
from tests.support.databases import TEST_PEPPER
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


def unsealed_ids(uow) -> list[int]:
    with uow:
        return list(
            uow.session.scalars(
                select(AuditEntry.id).where(AuditEntry.seq.is_(None)).order_by(AuditEntry.id)
            )
        )


@pytest.fixture
def busy(uow):
    """A database with some history, sealed: a case opened, a referral issued, a read."""
    d = demo(uow)
    opened = d.open_case(uow)
    referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    seal_audit_trail(uow)
    return d, opened


def test_rows_are_written_unsealed_with_their_transaction_and_chained_by_the_sealer(uow, busy):
    d, opened = busy
    sealed = chain(uow)
    assert sealed.intact and sealed.unsealed == 0 and sealed.rows == audit_rows(uow)
    get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    [read] = unsealed_ids(uow)
    report = chain(uow)
    assert report.intact and (report.rows, report.unsealed) == (sealed.rows, 1)
    # Until sealed, the read shows in the case's trail, after every sealed row.
    with uow:
        case_trail = [row.id for row in trail(uow.session, str(opened.case_id))]
    assert case_trail[-1] == read and len(case_trail) > 1

    assert seal_audit_trail(uow).rows == 1 and unsealed_ids(uow) == []
    with uow:
        assert uow.session.get_one(AuditEntry, read).seq == sealed.rows + 1
    after = chain(uow)
    assert after.intact and (after.rows, after.unsealed) == (sealed.rows + 1, 0)
    # An anchor taken before anything was sealed names the chain's empty start.
    assert chain(uow, anchors={0: GENESIS_HASH}).intact
    assert not chain(uow, anchors={0: "f" * 64}).intact


def test_the_chain_is_intact_append_only_and_free_of_refused_commands(uow, engine, busy):
    d, opened = busy
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
    # The database itself refuses to change or delete audit rows, sealed or not, and to seal
    # a row twice; the only change it admits is sealing an unsealed row once.
    get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    for statement in (
        "UPDATE audit_log SET action = 'x'",
        "UPDATE audit_log SET action = 'x' WHERE seq IS NULL",
        "UPDATE audit_log SET seq = seq + 1000 WHERE seq = 1",
        "UPDATE audit_log SET seq = 999 WHERE seq IS NULL",  # without its hashes
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE seq IS NULL",
    ):
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


def test_an_unsealed_row_edited_is_found_and_never_sealed(uow, engine, busy):
    """Its MAC, written with it, catches the edit before the chain does; the sealer leaves it
    out rather than chaining an edited row, and seals the rows around it."""
    d, opened = busy
    for _ in range(3):
        get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    _, edited, _ = unsealed_ids(uow)
    with engine.begin() as connection:
        lift_guard(connection)
        connection.execute(
            text(f"UPDATE audit_log SET actor_id = 'someone-else' WHERE id = {edited}")
        )
    report = chain(uow)
    assert report.problem == f"unsealed row (id {edited}) was changed after it was written"
    assert report.broken_at is None and report.unsealed == 1  # the one before it was fine

    sealed = seal_audit_trail(uow)
    assert (sealed.rows, sealed.refused) == (2, [edited]) and unsealed_ids(uow) == [edited]
    assert not chain(uow).intact


def test_a_database_owner_without_the_key_cannot_rehash_a_rewritten_trail(uow, engine, busy):
    """What the unkeyed SHA-256 chain allowed: edit a row, recompute every hash after it."""
    statements = rewrite_row_2(
        uow, lambda prev, seq, row: hashlib.sha256(row_payload(prev, seq, row).encode()).hexdigest()
    )
    report = tampered(engine, uow.keys.audit_chain_key, *statements)
    assert (report.broken_at, report.problem) == (2, "row 2 was changed after it was written")
    assert chain(uow).intact


def test_concurrent_writers_and_sealers_seal_every_row_exactly_once(uow, new_uow, busy):
    """Writers audit reads while sealers chain them, small batches at a time: no row is left
    out or sealed twice, whatever order the writers commit in."""
    d, opened = busy
    before = audit_rows(uow)
    errors = []
    writing = threading.Event()

    def guarded(work):
        def run():
            try:
                work()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        return threading.Thread(target=run)

    def read_many():
        for _ in range(8):
            get_case(new_uow(), actor=d.caseworker(), case_id=opened.case_id)

    def seal_while_writing():
        while writing.is_set():
            seal_audit_trail(new_uow(), batch=3)

    writing.set()
    sealers = [guarded(seal_while_writing) for _ in range(3)]
    writers = [guarded(read_many) for _ in range(4)]
    for t in sealers + writers:
        t.start()
    for t in writers:
        t.join()
    writing.clear()
    for t in sealers:
        t.join()
    seal_audit_trail(uow)
    assert errors == []
    report = chain(uow)
    assert report.intact and report.unsealed == 0
    assert report.rows == before + 32 == report.head_seq == audit_rows(uow)


def test_the_verify_command_reports_the_first_broken_row(uow, engine, busy, db_url, monkeypatch):
    monkeypatch.setenv("CASEWORK_DATABASE_URL", db_url)
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        d, opened = busy
        get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
        intact = runner.invoke(app, ["audit", "verify"])
        assert intact.exit_code == 0, intact.output
        assert "unsealed rows, each checked by its MAC: 1" in intact.output
        anchor = intact.output.strip().splitlines()[-1].split()[-1]
        assert anchor.startswith(f"{audit_rows(uow) - 1}:")  # the last sealed row
        sealed = runner.invoke(app, ["audit", "seal"])
        assert sealed.exit_code == 0 and "sealed 1 rows" in sealed.output, sealed.output
        assert "checked by its MAC: 0" in runner.invoke(app, ["audit", "verify"]).output
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
    (command.downgrade if down else command.upgrade)(alembic_config(db_url), revision)


def test_a_trail_sealed_before_the_key_is_resealed_under_it_and_a_broken_one_is_refused(
    uow, engine, busy, db_url, monkeypatch
):
    """Upgrading from 0009 (an unkeyed chain) re-seals the rows under the chain key, which
    `casework keys init` made before `casework db upgrade`; a chain already broken is not
    laundered by the re-seal."""
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)  # the key the migration reads
    get_settings.cache_clear()
    try:
        d, opened = busy
        get_case(uow, actor=d.caseworker(), case_id=opened.case_id)  # unsealed: sealed going down
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
