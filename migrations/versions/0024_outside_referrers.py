"""outside referrers: NGOs that refer beneficiaries without being members

Issue 15, item 5: an NGO that is not a member of the network may still refer people (the
network's account counts their beneficiaries too). The coordinator registers it as an outside
referrer: `members.outside_referrer` is true, it has no governance rights (it neither signs the
memorandum, hosts meetings nor answers for decisions), receives no referrals, and its figures
are reported apart. Every member registered before is a member: false.

Revision ID: 0024_outside_referrers
Revises: 0023_audit_sealer
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_outside_referrers"
down_revision: str | None = "0023_audit_sealer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column(
                "outside_referrer", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("outside_referrer")
