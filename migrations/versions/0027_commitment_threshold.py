"""commitment threshold: the share of commitments kept below which a member goes on the agenda

"Commitments kept" (docs/governance.md) judges each member, per service category, on the
share of referrals it accepted and served within the memorandum's deadlines in the month
before a meeting; the network sets the threshold, 80 % unless its coordinator changes it.

Revision ID: 0027_commitment_threshold
Revises: 0026_decision_attachments
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_commitment_threshold"
down_revision: str | None = "0026_decision_attachments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "networks",
        sa.Column(
            "commitment_threshold_percent", sa.Integer(), nullable=False, server_default="80"
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("networks", schema=None) as batch_op:
        batch_op.drop_column("commitment_threshold_percent")
