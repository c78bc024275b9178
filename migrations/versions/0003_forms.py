"""forms: NGO form language, slip code failures

Revision ID: 0003_forms
Revises: 0002
Create Date: 2026-11-23 22:26:22.392912
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003_forms'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('slip_code_failures',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_slip_code_failures_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slip_code_failures'))
    )
    with op.batch_alter_table('slip_code_failures', schema=None) as batch_op:
        batch_op.create_index('ix_slip_code_failures_referral_at', ['referral_id', 'at'], unique=False)

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_language', sa.String(length=2), nullable=True))



def downgrade() -> None:
    # A plain ALTER (SQLite >= 3.35): batch mode would copy and drop `members`, which the
    # foreign keys of a populated database forbid.
    op.drop_column('members', 'form_language')

    with op.batch_alter_table('slip_code_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_slip_code_failures_referral_at')

    op.drop_table('slip_code_failures')
