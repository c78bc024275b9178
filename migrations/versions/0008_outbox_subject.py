"""outbox subject: the referral, case or beneficiary each row's flow works on, indexed

Revision ID: 0008_outbox_subject
Revises: 0007_privacy
Create Date: 2026-12-01 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from casework.outbox import subject_of

revision: str = "0008_outbox_subject"
down_revision: str | None = "0007_privacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("subject_id", sa.String(length=40), nullable=True))
        batch.create_index("ix_outbox_subject_id", ["subject_id"])
    outbox = sa.table(
        "outbox", sa.column("id", sa.Integer), sa.column("parameters", sa.JSON),
        sa.column("subject_id", sa.String),
    )
    connection = op.get_bind()
    for row_id, parameters in connection.execute(sa.select(outbox.c.id, outbox.c.parameters)):
        subject = subject_of(parameters or {})
        if subject is not None:
            connection.execute(
                outbox.update().where(outbox.c.id == row_id).values(subject_id=subject)
            )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_subject_id")
        batch.drop_column("subject_id")
