"""referral updated_at: each referral's last change, for the institutions' FHIR Task feed

An institution's system polls its Tasks changed since it last looked (`_lastUpdated`), so a
referral keeps the time of its last change. Referrals recorded before take the latest of the
times they already keep (created, requested, accepted, completed, closed, put on hold).

Revision ID: 0021_referral_updated_at
Revises: 0020_case_search
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_referral_updated_at"
down_revision: str | None = "0020_case_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEPT_TIMES = ("requested_at", "accepted_at", "completed_at", "closed_at", "held_at")


def upgrade() -> None:
    op.add_column("referrals", sa.Column("updated_at", sa.DateTime(), nullable=True))
    referrals = sa.table(
        "referrals",
        sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
        *(sa.column(name, sa.DateTime) for name in KEPT_TIMES),
    )
    # PostgreSQL's GREATEST and SQLite's many-argument MAX; each time that is not kept yet
    # counts as the creation, which is never later than the others.
    latest = sa.func.greatest if op.get_bind().dialect.name == "postgresql" else sa.func.max
    times = [sa.func.coalesce(referrals.c[name], referrals.c.created_at) for name in KEPT_TIMES]
    op.execute(referrals.update().values(updated_at=latest(referrals.c.created_at, *times)))
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.alter_column("updated_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(
            "ix_referrals_institution_updated", ["institution_id", "updated_at", "id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_institution_updated")
        batch_op.drop_column("updated_at")
