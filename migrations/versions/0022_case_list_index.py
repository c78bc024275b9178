"""case list index: an NGO's cases newest first, without sorting them all

`GET /api/v1/cases` and the case list page show an NGO's cases by `opened_at` descending; with
only `ix_cases_ngo_id` the database read and sorted every case of the NGO for each page.

Revision ID: 0022_case_list_index
Revises: 0021_referral_updated_at
Create Date: 2026-12-02 12:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022_case_list_index"
down_revision: str | None = "0021_referral_updated_at"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_ngo_opened", "cases", ["ngo_id", "opened_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_ngo_opened", table_name="cases")
