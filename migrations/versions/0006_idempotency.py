"""idempotency keys and failed logins

Revision ID: 0006_idempotency
Revises: 0005_governance
Create Date: 2026-11-23 22:25:23.335157
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006_idempotency'
down_revision: str | None = '0005_governance'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('failed_logins',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_logins'))
    )
    with op.batch_alter_table('failed_logins', schema=None) as batch_op:
        batch_op.create_index('ix_failed_logins_subject_at', ['subject', 'at'], unique=False)

    op.create_table('idempotency_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('actor_id', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('body', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_keys')),
    sa.UniqueConstraint('actor_id', 'key', name=op.f('uq_idempotency_keys_actor_id_key'))
    )


def downgrade() -> None:
    op.drop_table('idempotency_keys')
    with op.batch_alter_table('failed_logins', schema=None) as batch_op:
        batch_op.drop_index('ix_failed_logins_subject_at')

    op.drop_table('failed_logins')
