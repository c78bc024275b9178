"""memorandum breach resolution: the coordinator closes a breach with a note, kept beside it

A breach stays open until the network resolves it; the register shows open and resolved ones,
and the resolution says who closed it (an actor id, as in the audit trail), when, and how.

Revision ID: 0017_accounts_admin
Revises: 0016_case_actions
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_accounts_admin"
down_revision: str | None = "0016_case_actions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memorandum_breaches") as batch:
        batch.add_column(sa.Column("resolved_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("resolution", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("memorandum_breaches") as batch:
        batch.drop_column("resolution")
        batch.drop_column("resolved_by")
        batch.drop_column("resolved_at")
