"""report periods: a network report covers a month, a quarter, a year or since founding

`network_reports.month` becomes `period`, the period's key ("2026-03", "2026-Q1", "2026",
"all"; String(7) holds each), unique per network. Stored reports keep their month's key,
which is that month's period key. Going down keeps the months' reports and drops the others,
which a column of months cannot hold (with their renditions).

Revision ID: 0028_report_periods
Revises: 0027_commitment_threshold
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_report_periods"
down_revision: str | None = "0027_commitment_threshold"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONTHS_ONLY = "length(period) <> 7 OR period LIKE '%Q%'"  # a quarter, a year or "all"


def upgrade() -> None:
    with op.batch_alter_table("network_reports", schema=None) as batch_op:
        batch_op.drop_constraint("uq_network_reports_network_id_month", type_="unique")
        batch_op.alter_column(
            "month", new_column_name="period", existing_type=sa.String(7), existing_nullable=False
        )
    # A batch of its own: SQLite's copy of the table would drop a constraint on a column that
    # the same batch renamed.
    with op.batch_alter_table("network_reports", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_network_reports_network_id_period", ["network_id", "period"]
        )


def downgrade() -> None:
    longer = f"SELECT id FROM network_reports WHERE {MONTHS_ONLY}"
    op.execute(f"DELETE FROM network_report_renditions WHERE report_id IN ({longer})")
    op.execute(f"DELETE FROM network_reports WHERE {MONTHS_ONLY}")
    with op.batch_alter_table("network_reports", schema=None) as batch_op:
        batch_op.drop_constraint("uq_network_reports_network_id_period", type_="unique")
        batch_op.alter_column(
            "period", new_column_name="month", existing_type=sa.String(7), existing_nullable=False
        )
    with op.batch_alter_table("network_reports", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_network_reports_network_id_month", ["network_id", "month"]
        )
