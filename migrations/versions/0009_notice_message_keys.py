"""notice message keys: each notice keeps its message's key and values beside the English

Revision ID: 0009_notice_message_keys
Revises: 0008_outbox_subject
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_notice_message_keys"
down_revision: str | None = "0008_outbox_subject"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Notices written before keep their English only: it cannot be parsed back into values.
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("message_key", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("message_params", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("message_params")
        batch.drop_column("message_key")
