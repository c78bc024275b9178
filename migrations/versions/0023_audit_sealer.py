"""audit sealer: transactions write audit rows unsealed, with a MAC; a sealer chains them

Sealing at commit made every audited transaction, reads included, queue on the chain-head
row. From here a transaction writes its rows with no position and no chain hashes, but with
an HMAC of their content (`mac`) under the chain key; one sealer at a time chains them later
(`casework.audit_seal`). So `seq`, `prev_hash` and `row_hash` become nullable, and the
append-only guard admits exactly one change: sealing an unsealed row, content untouched. On
PostgreSQL the runtime role may update those three columns only (`casework db grant-runtime`
runs after each migration). Rows sealed before keep their hashes and have no MAC.

Going down seals whatever is unsealed first (with the chain key, as 0012 needs it), and
refuses if a row's MAC fails: a row edited while unsealed is not laundered into the chain.

Revision ID: 0023_audit_sealer
Revises: 0022_case_list_index
Create Date: 2026-12-02 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from casework.audit_seal import seal_batch
from casework.privacy.keys import KeyRing
from casework.settings import get_settings

revision: str = "0023_audit_sealer"
down_revision: str | None = "0022_case_list_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "audit_log is append-only"
CONTENT = (
    "id", "at", "actor_id", "actor_role", "organisation_id", "action", "object_type",
    "object_id", "mac",
)  # fmt: skip
SEALING = "OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND " \
    "NEW.row_hash IS NOT NULL"  # fmt: skip

POSTGRES_GUARD = f"""CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF {SEALING} AND ({", ".join(f"NEW.{c}" for c in CONTENT)})
            IS NOT DISTINCT FROM ({", ".join(f"OLD.{c}" for c in CONTENT)}) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '{REFUSAL}';
END $$"""
POSTGRES_GUARD_BEFORE = f"""CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"""
SQLITE_SEALING_ONLY = f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT ({SEALING} AND {" AND ".join(f"NEW.{c} IS OLD.{c}" for c in CONTENT)})
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"""
SQLITE_NO_UPDATE_BEFORE = f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"""
SQLITE_NO_DELETE = f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"""
AUDIT = sa.table("audit_log", sa.column("seq"))
CHAIN_COLUMNS = {"seq": sa.BigInteger(), "prev_hash": sa.String(64), "row_hash": sa.String(64)}


def _guard(postgres_function: str, sqlite_update_trigger: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(postgres_function)
        return
    # SQLite's batch mode rebuilt the table, dropping its triggers.
    for name in ("audit_log_no_update", "audit_log_no_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(sqlite_update_trigger)
    op.execute(SQLITE_NO_DELETE)


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mac", sa.String(length=64), nullable=True))
        for name, type_ in CHAIN_COLUMNS.items():
            batch_op.alter_column(name, existing_type=type_, nullable=True)
    _guard(POSTGRES_GUARD, SQLITE_SEALING_ONLY)


def _seal_the_rest() -> None:
    connection = op.get_bind()
    unsealed = sa.select(sa.func.count()).select_from(AUDIT).where(AUDIT.c.seq.is_(None))
    if connection.scalar(unsealed) == 0:
        return  # no key needed
    keys = KeyRing(get_settings())
    session = Session(bind=connection)
    after = 0
    while True:
        done = seal_batch(session, keys=keys, after_id=after)
        if done.refused:
            raise RuntimeError(
                f"audit rows {done.refused} fail their MAC; they are not sealed: find out what "
                "happened (`casework audit verify`) before downgrading"
            )
        if done.rows == 0:
            break
        after = done.last_id
    session.flush()


def downgrade() -> None:
    _seal_the_rest()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        for name, type_ in CHAIN_COLUMNS.items():
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.drop_column("mac")
    _guard(POSTGRES_GUARD_BEFORE, SQLITE_NO_UPDATE_BEFORE)
