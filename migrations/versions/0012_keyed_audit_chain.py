"""keyed audit chain: re-seal the existing audit rows with an HMAC under the chain key

The chain was an unkeyed SHA-256, which whoever owns the database can recompute after editing
a row. From here each row's hash is an HMAC under a key derived from the UIC pepper, which lives
outside the database (`casework keys init` runs before `casework db upgrade`). The rows already
written are first checked against the unkeyed chain, so that a chain broken before the upgrade
is refused rather than laundered by the re-seal, and then re-sealed in order under the key.
Anchors recorded before the upgrade are checked by `casework audit verify` of the release
before; record a new one after it.

Revision ID: 0012_keyed_audit_chain
Revises: 0011_token_expiry
Create Date: 2026-12-09 10:00:00
"""

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC

import sqlalchemy as sa
from alembic import op

from casework.audit import GENESIS_HASH, HEAD_ID, PendingEntry, row_payload
from casework.privacy.keys import KeyRing, keyed_digest
from casework.settings import get_settings

revision: str = "0012_keyed_audit_chain"
down_revision: str | None = "0011_token_expiry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
Hasher = Callable[[str], str]  # a row's payload -> its hash

AUDIT = sa.table(
    "audit_log",
    *(sa.column(name) for name in ("id", "seq", "actor_id", "actor_role", "organisation_id")),
    *(sa.column(name) for name in ("action", "object_type", "object_id", "prev_hash", "row_hash")),
    sa.column("at", sa.DateTime()),
)
HEAD = sa.table("audit_chain_head", sa.column("id"), sa.column("seq"), sa.column("row_hash"))
# The append-only triggers of 0007_privacy, lifted while the rows are re-sealed.
POSTGRES_TRIGGER = "audit_log_append_only"
SQLITE_TRIGGERS = {
    "audit_log_no_update": """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    "audit_log_no_delete": """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
}


def _unkeyed(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()


def _keyed() -> Hasher:
    key = KeyRing(get_settings()).audit_chain_key
    return lambda payload: keyed_digest(key, payload)


def _entry(row) -> PendingEntry:
    return PendingEntry(
        at=row.at.replace(tzinfo=UTC),  # stored naive, in UTC
        actor_id=row.actor_id,
        actor_role=row.actor_role,
        organisation_id=row.organisation_id,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
    )


def _reseal(connection, was: Hasher, becomes: Hasher) -> None:
    """Check every row under the old hash, write its new one; refuse a broken chain."""
    old_prev = new_prev = GENESIS_HASH
    seq = 0
    while True:
        rows = connection.execute(
            sa.select(AUDIT).where(AUDIT.c.seq > seq).order_by(AUDIT.c.seq).limit(BATCH)
        ).all()
        for row in rows:
            payload = row_payload(old_prev, row.seq, _entry(row))
            if row.seq != seq + 1 or row.prev_hash != old_prev or was(payload) != row.row_hash:
                raise RuntimeError(
                    f"the audit chain is broken at row {seq + 1}; it is not re-sealed: find "
                    "out what happened (`casework audit verify`) before upgrading"
                )
            new_hash = becomes(row_payload(new_prev, row.seq, _entry(row)))
            connection.execute(
                sa.update(AUDIT)
                .where(AUDIT.c.id == row.id)
                .values(prev_hash=new_prev, row_hash=new_hash)
            )
            old_prev, new_prev, seq = row.row_hash, new_hash, row.seq
        if len(rows) < BATCH:
            break
    head = connection.execute(sa.select(HEAD).where(HEAD.c.id == HEAD_ID)).one()
    if (head.seq, head.row_hash) != (seq, old_prev):
        raise RuntimeError(
            f"the audit chain head records row {head.seq}, the rows end at {seq}; it is not "
            "re-sealed: find out what happened before upgrading"
        )
    connection.execute(sa.update(HEAD).where(HEAD.c.id == HEAD_ID).values(row_hash=new_prev))


def _reseal_with_triggers_lifted(was: Callable[[], Hasher], becomes: Callable[[], Hasher]):
    connection = op.get_bind()
    if connection.scalar(sa.select(sa.func.count()).select_from(AUDIT)) == 0:
        return  # a new database: nothing to re-seal, and no key needed yet
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        op.execute(f"ALTER TABLE audit_log DISABLE TRIGGER {POSTGRES_TRIGGER}")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    _reseal(connection, was(), becomes())
    if postgres:
        op.execute(f"ALTER TABLE audit_log ENABLE TRIGGER {POSTGRES_TRIGGER}")
    else:
        for create in SQLITE_TRIGGERS.values():
            op.execute(create)


def upgrade() -> None:
    _reseal_with_triggers_lifted(lambda: _unkeyed, _keyed)


def downgrade() -> None:
    _reseal_with_triggers_lifted(_keyed, lambda: _unkeyed)
