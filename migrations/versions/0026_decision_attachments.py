"""decision attachments: PDFs of the orders that institutionalise a decision

A responsible member may attach the order or instruction itself to how it carried a decision
out. The bytes live in the data folder under their SHA-256 (`<data dir>/attachments/`), never
in a row: the row names the decision, the member, the file's name as uploaded (sanitised), its
SHA-256 and size, and who uploaded it when.

Revision ID: 0026_decision_attachments
Revises: 0025_intake_profile
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_decision_attachments"
down_revision: str | None = "0025_intake_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "decision_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_attachments_decision_id_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_decision_attachments_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_attachments")),
    )
    op.create_index(
        op.f("ix_decision_attachments_decision_id"),
        "decision_attachments",
        ["decision_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_decision_attachments_decision_id"), table_name="decision_attachments")
    op.drop_table("decision_attachments")
