"""token expiry: login counters are keyed digests

Revision ID: 0012_token_expiry
Revises: 0009_notice_message_keys
Create Date: 2026-12-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_token_expiry"
down_revision: str | None = "0009_notice_message_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The counters held unkeyed SHA-256 digests of client addresses and usernames, which a copy
    # of the table gives up to anyone who tries every address. They are minutes of state:
    # dropping them only forgets the failures of the current window.
    op.execute(sa.table("failed_logins").delete())


def downgrade() -> None:
    pass  # the keyed counters are forgotten as they age out of the window
