"""reader languages: each account, notification contact and queued delivery has a language

Notices are kept as a message key and its values and worded when read or sent, in the language
of whoever reads them: an account's for the bell and the pages, a contact's for e-mail and the
SMS webhook (copied onto each delivery when it is queued). Rows written before take Tajik, the
region's language and the engine's default.

Revision ID: 0018_reader_languages
Revises: 0017_accounts_admin
Create Date: 2026-12-14 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_reader_languages"
down_revision: str | None = "0017_accounts_admin"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("users", "notification_contacts", "notification_deliveries")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("language", sa.String(length=2), nullable=False, server_default="tg")
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
