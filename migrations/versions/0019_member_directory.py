"""member directory: where a member receives people, when, and how to reach it; a case's district

Members get a district, an address, a phone, opening hours and a public contact for
referrals, shown in the network's directory and printed on the referral form. A case gets the
beneficiary's district (coarse), which routing prefers when several members offer a service.
All nullable: members and cases recorded before have none.

Revision ID: 0019_member_directory
Revises: 0018_reader_languages
Create Date: 2026-12-20 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_member_directory"
down_revision: str | None = "0018_reader_languages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEMBER_COLUMNS = [
    ("district", 30),
    ("address", 300),
    ("phone", 40),
    ("opening_hours", 200),
    ("referral_contact", 200),
]


# Plain ALTER TABLE, not a batch: SQLite adds and drops a nullable column in place, where a
# batch would copy and drop `members`, which other tables' foreign keys refer to.
def upgrade() -> None:
    for name, length in MEMBER_COLUMNS:
        op.add_column("members", sa.Column(name, sa.String(length=length), nullable=True))
    op.add_column("cases", sa.Column("district", sa.String(length=30), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "district")
    for name, _ in reversed(MEMBER_COLUMNS):
        op.drop_column("members", name)
