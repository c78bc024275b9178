"""keyed idempotency fingerprints: rows name the beneficiary their request concerned

Revision ID: 0010_keyed_fingerprints
Revises: 0009_notice_message_keys
Create Date: 2026-12-09 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_keyed_fingerprints"
down_revision: str | None = "0009_notice_message_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows kept so far hold an unkeyed SHA-256 of their request, which gives up the UIC letters
    # by brute force, and name no beneficiary, so erasure could not find them: they go. A
    # client retrying such a request after the upgrade runs it again (keys last a day).
    op.execute(sa.text("DELETE FROM idempotency_keys"))
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.add_column(sa.Column("beneficiary_id", sa.Uuid(), nullable=True))
        batch.create_index(
            batch.f("ix_idempotency_keys_beneficiary_id"), ["beneficiary_id"], unique=False
        )


def downgrade() -> None:
    # Keyed fingerprints would never match the unkeyed ones of the earlier code.
    op.execute(sa.text("DELETE FROM idempotency_keys"))
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_index(batch.f("ix_idempotency_keys_beneficiary_id"))
        batch.drop_column("beneficiary_id")
