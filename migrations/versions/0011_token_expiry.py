"""token expiry: every token expires and names its issuer; login counters are keyed digests

Revision ID: 0011_token_expiry
Revises: 0010_keyed_fingerprints
Create Date: 2026-12-10 10:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0011_token_expiry"
down_revision: str | None = "0010_keyed_fingerprints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tokens issued before carry no record of who issued them.
UNRECORDED = "unrecorded"
# API tokens that never expired get the default lifetime from the upgrade on, so that their
# holders have time to log in again rather than being cut off at once.
GRACE = timedelta(days=30)


def upgrade() -> None:
    with op.batch_alter_table("access_tokens") as batch:
        batch.add_column(sa.Column("issued_by", sa.String(length=80), nullable=True))
    tokens = sa.table(
        "access_tokens", sa.column("issued_by", sa.String), sa.column("expires_at", sa.DateTime)
    )
    op.execute(tokens.update().values(issued_by=UNRECORDED))
    expires = datetime.now(UTC).replace(tzinfo=None) + GRACE  # naive UTC, as UtcDateTime stores
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None)).values(expires_at=expires))
    with op.batch_alter_table("access_tokens") as batch:
        batch.alter_column("issued_by", existing_type=sa.String(length=80), nullable=False)
        batch.alter_column("expires_at", existing_type=sa.DateTime(), nullable=False)
    # The counters held unkeyed SHA-256 digests of client addresses and usernames, which a copy
    # of the table gives up to anyone who tries every address. They are minutes of state:
    # dropping them only forgets the failures of the current window.
    op.execute(sa.table("failed_logins").delete())


def downgrade() -> None:
    with op.batch_alter_table("access_tokens") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(), nullable=True)
        batch.drop_column("issued_by")
