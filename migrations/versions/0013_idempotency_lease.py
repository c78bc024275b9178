"""idempotency lease: a claim is held until claimed_until; the commit of its effect marks it

Revision ID: 0013_idempotency_lease
Revises: 0012_keyed_audit_chain
Create Date: 2026-12-14 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_idempotency_lease"
down_revision: str | None = "0012_keyed_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.add_column(sa.Column("claimed_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("committed_at", sa.DateTime(), nullable=True))
    keys = sa.table(
        "idempotency_keys",
        sa.column("created_at", sa.DateTime),
        sa.column("claimed_until", sa.DateTime),
        sa.column("committed_at", sa.DateTime),
        sa.column("completed_at", sa.DateTime),
    )
    # Every lease is over: the requests that claimed these keys ran before the upgrade.
    op.execute(keys.update().values(claimed_until=keys.c.created_at))
    # An unfinished claim from before may have committed its effect without keeping its
    # response: nothing recorded which. Counted as committed, it is never run again (a retry
    # gets "response lost" until the key expires), as before the upgrade.
    op.execute(
        keys.update()
        .where(keys.c.completed_at.is_(None))
        .values(committed_at=keys.c.created_at)
    )
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.alter_column("claimed_until", existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("committed_at")
        batch.drop_column("claimed_until")
