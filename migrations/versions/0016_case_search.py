"""case search: each case's caseworker, for "my cases"

A case now names the account that looks after it: whoever opened it, until it is reassigned.
Cases opened before come from their `case.opened` audit row, which names the opener.

Revision ID: 0016_case_search
Revises: 0014_outbox_flow_runs
Create Date: 2026-12-02 01:00:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_case_search"
down_revision: str | None = "0014_outbox_flow_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTERs, not a batch: SQLite would copy the table, which needs, referrals and
    # outcomes point at, and its foreign keys refuse the copy.
    op.add_column("cases", sa.Column("caseworker_id", sa.String(length=80), nullable=True))
    op.create_index("ix_cases_ngo_caseworker", "cases", ["ngo_id", "caseworker_id"])
    cases = sa.table("cases", sa.column("id", sa.Uuid), sa.column("caseworker_id", sa.String))
    audit = sa.table(
        "audit_log",
        sa.column("action", sa.String),
        sa.column("object_id", sa.String),
        sa.column("actor_id", sa.String),
    )
    connection = op.get_bind()
    opened = connection.execute(
        sa.select(audit.c.object_id, audit.c.actor_id).where(audit.c.action == "case.opened")
    )
    for case_id, actor_id in opened:
        connection.execute(
            cases.update().where(cases.c.id == uuid.UUID(case_id)).values(caseworker_id=actor_id)
        )


def downgrade() -> None:
    op.drop_index("ix_cases_ngo_caseworker", table_name="cases")
    op.drop_column("cases", "caseworker_id")
