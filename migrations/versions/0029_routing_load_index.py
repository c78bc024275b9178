"""routing load index: an institution's open referrals counted from an index

Routing orders eligible members by their open referrals, counted for each referral issued.
With only `institution_id` indexed that count read every referral the institution ever had,
so issuing slowed as the network's history grew; (institution_id, status) answers it alone.

Revision ID: 0029_routing_load_index
Revises: 0028_report_periods
Create Date: 2026-12-03 03:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029_routing_load_index"
down_revision: str | None = "0028_report_periods"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_referrals_institution_status", "referrals", ["institution_id", "status"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_referrals_institution_status", table_name="referrals")
