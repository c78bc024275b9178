"""outbox flow runs: each row's own idempotency key for the one flow run made for it

The dispatcher now creates a row's flow run, records its id on the row and commits, before the
run starts; a restart asks Prefect for the run by this key and runs that run again, never a
second one. The key is random, not the row id, so that a database re-created against the same
Prefect server never meets an older row's run. Rows already written get a key of their own.

Revision ID: 0014_outbox_flow_runs
Revises: 0013_idempotency_lease
Create Date: 2026-12-10 10:00:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_outbox_flow_runs"
down_revision: str | None = "0013_idempotency_lease"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("run_key", sa.String(length=40), nullable=True))
    outbox = sa.table("outbox", sa.column("id", sa.Integer), sa.column("run_key", sa.String))
    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.select(outbox.c.id)):
        connection.execute(
            outbox.update().where(outbox.c.id == row_id).values(run_key=f"outbox-{uuid.uuid4().hex}")  # as new_run_key makes them
        )
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("run_key", existing_type=sa.String(length=40), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("run_key")
