"""case search: each case's caseworker, for "my cases"

0016 gave a case the account that looks after it (whoever opened it, until it is reassigned);
cases opened before it take theirs from their `case.opened` audit row, which names the opener,
and "my cases" is looked up by NGO and caseworker.

Revision ID: 0020_case_search
Revises: 0019_member_directory
Create Date: 2026-12-02 01:00:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_case_search"
down_revision: str | None = "0019_member_directory"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_ngo_caseworker", "cases", ["ngo_id", "caseworker_id"])
    cases = sa.table(
        "cases",
        sa.column("id", sa.Uuid),
        sa.column("caseworker_id", sa.Integer),
    )
    audit = sa.table(
        "audit_log",
        sa.column("action", sa.String),
        sa.column("object_id", sa.String),
        sa.column("actor_id", sa.String),
    )
    users = sa.table("users", sa.column("id", sa.Integer))
    connection = op.get_bind()
    accounts = set(connection.scalars(sa.select(users.c.id)))
    opened = connection.execute(
        sa.select(audit.c.object_id, audit.c.actor_id).where(audit.c.action == "case.opened")
    )
    for case_id, actor_id in opened:
        kind, _, number = actor_id.partition(":")  # `user:<id>`; a flow or the CLI is no one
        if kind == "user" and number.isdigit() and int(number) in accounts:
            connection.execute(
                cases.update()
                .where(cases.c.id == uuid.UUID(case_id), cases.c.caseworker_id.is_(None))
                .values(caseworker_id=int(number))
            )


def downgrade() -> None:
    op.drop_index("ix_cases_ngo_caseworker", table_name="cases")
