"""escalation ladder thresholds, notification deliveries and contacts

Revision ID: 0004_escalation
Revises: 0003_forms
Create Date: 2026-11-23 22:27:22.022666
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision: str = '0004_escalation'
down_revision: str | None = '0003_forms'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('escalation_thresholds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('deadline_unit', sa.Enum('hours', 'working_days', name='deadlineunit', native_enum=False, length=30), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('overdue_by', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_escalation_thresholds_network_id_networks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_thresholds')),
    sa.UniqueConstraint('network_id', 'deadline_unit', 'level', name=op.f('uq_escalation_thresholds_network_id_deadline_unit_level'))
    )
    op.create_table('notification_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.Enum('email', 'webhook', name='channel', native_enum=False, length=30), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_notification_contacts_member_id_members')),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_notification_contacts_network_id_networks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_contacts')),
    sa.UniqueConstraint('network_id', 'member_id', 'role', 'channel', 'address', name=op.f('uq_notification_contacts_network_id_member_id_role_channel_address'))
    )
    with op.batch_alter_table('notification_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_contacts_member_id'), ['member_id'], unique=False)

    op.create_table('notification_deliveries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('email', 'webhook', name='channel', native_enum=False, length=30), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('pending', 'delivered', 'failed', 'skipped', name='deliverystatus', native_enum=False, length=30), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_notification_deliveries_notification_id_notifications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_deliveries'))
    )
    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_notification_deliveries_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_deliveries_notification_id'), ['notification_id'], unique=False)

    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_escalations_agenda', ['level', 'meeting_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message', sa.String(length=400), nullable=False, server_default=''))
        batch_op.alter_column('recipient_member_id',
               existing_type=sa.INTEGER(),
               nullable=True)

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_unit', sa.Enum('hours', 'working_days', name='deadlineunit', native_enum=False, length=30), nullable=False, server_default='working_days'))
        batch_op.add_column(sa.Column('current_due_at', sa.DateTime(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_referrals_accept_due'))
        batch_op.drop_index(batch_op.f('ix_referrals_complete_due'))
        batch_op.create_index('ix_referrals_escalation', ['network_id', 'deadline_unit', 'escalation_level', 'current_due_at'], unique=False)
        batch_op.create_index('ix_referrals_expiry', ['status', 'valid_until'], unique=False)

    _backfill(op.get_bind())
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('message', server_default=None)
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.alter_column('deadline_unit', server_default=None)


# Frozen copies of what the code knew when this revision was written: the categories of
# services counted in hours, and the default ladder every network starts with.
HOURS_SERVICES = ('legal_aid_detention',)
DEFAULT_THRESHOLDS = {
    'working_days': {1: 0, 2: 2, 3: 4, 4: 6},
    'hours': {1: 0, 2: 4, 3: 12, 4: 24},
}


def _backfill(bind) -> None:
    """Give existing referrals their deadline unit and running deadline, and every existing
    network the default thresholds."""
    referrals = sa.table(
        'referrals',
        sa.column('service', sa.String),
        sa.column('status', sa.String),
        sa.column('deadline_unit', sa.String),
        sa.column('accept_due_at', sa.DateTime),
        sa.column('complete_due_at', sa.DateTime),
        sa.column('current_due_at', sa.DateTime),
    )
    bind.execute(
        referrals.update()
        .where(referrals.c.service.in_(HOURS_SERVICES))
        .values(deadline_unit='hours')
    )
    bind.execute(
        referrals.update()
        .where(referrals.c.status == 'requested')
        .values(current_due_at=referrals.c.accept_due_at)
    )
    bind.execute(
        referrals.update()
        .where(referrals.c.status.in_(('accepted', 'in-progress')))
        .values(current_due_at=referrals.c.complete_due_at)
    )
    networks = sa.table('networks', sa.column('id', sa.Integer))
    thresholds = sa.table(
        'escalation_thresholds',
        sa.column('network_id', sa.Integer),
        sa.column('deadline_unit', sa.String),
        sa.column('level', sa.Integer),
        sa.column('overdue_by', sa.Integer),
        sa.column('updated_at', sa.DateTime),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {'network_id': network_id, 'deadline_unit': unit, 'level': level,
         'overdue_by': overdue_by, 'updated_at': now}
        for network_id in bind.scalars(sa.select(networks.c.id))
        for unit, ladder in DEFAULT_THRESHOLDS.items()
        for level, overdue_by in ladder.items()
    ]
    if rows:
        bind.execute(thresholds.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_expiry')
        batch_op.drop_index('ix_referrals_escalation')
        batch_op.create_index(batch_op.f('ix_referrals_complete_due'), ['status', 'complete_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_accept_due'), ['status', 'accept_due_at'], unique=False)
        batch_op.drop_column('current_due_at')
        batch_op.drop_column('deadline_unit')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('recipient_member_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('message')

    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index('ix_escalations_agenda')
        batch_op.drop_column('meeting_id')

    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_deliveries_notification_id'))
        batch_op.drop_index('ix_notification_deliveries_due')

    op.drop_table('notification_deliveries')
    with op.batch_alter_table('notification_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_contacts_member_id'))

    op.drop_table('notification_contacts')
    op.drop_table('escalation_thresholds')
