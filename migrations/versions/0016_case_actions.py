"""case actions: who works a case, why it closed, and which referral replaced a lapsed one

A case is now assigned to one caseworker of its NGO (reassignable; cases opened before this
have none until someone takes them), records the coded reason it was closed or withdrawn
with, and a referral whose form lapsed unused names the referral it was reissued as.

Revision ID: 0016_case_actions
Revises: 0015_reason_codes
Create Date: 2026-12-20 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_case_actions"
down_revision: str | None = "0015_reason_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("caseworker_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closing_reason", sa.String(length=30), nullable=True))
        batch.create_foreign_key(
            op.f("fk_cases_caseworker_id_users"), "users", ["caseworker_id"], ["id"]
        )
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("reissued_as_id", sa.Uuid(), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_referrals_reissued_as_id"), ["reissued_as_id"]
        )
        batch.create_foreign_key(
            op.f("fk_referrals_reissued_as_id_referrals"), "referrals", ["reissued_as_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals") as batch:
        batch.drop_constraint(op.f("fk_referrals_reissued_as_id_referrals"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_referrals_reissued_as_id"), type_="unique")
        batch.drop_column("reissued_as_id")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint(op.f("fk_cases_caseworker_id_users"), type_="foreignkey")
        batch.drop_column("closing_reason")
        batch.drop_column("caseworker_id")
