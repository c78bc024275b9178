"""governance: memorandum renewal, meetings, decisions, reports

Revision ID: 0005_governance
Revises: 0004_escalation
Create Date: 2026-11-23 23:32:53.682484
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005_governance'
down_revision: str | None = '0004_escalation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('host_member_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'in-session', 'closed', 'cancelled', name='meetingstatus', native_enum=False, length=30), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['host_member_id'], ['members.id'], name=op.f('fk_meetings_host_member_id_members')),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_meetings_network_id_networks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('network_id', 'month', name=op.f('uq_meetings_network_id_month'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_network_id'), ['network_id'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('escalations', 'breaches', 'overdue-decision', 'member-proposal', name='agendaitemkind', native_enum=False, length=30), nullable=False),
    sa.Column('status', sa.Enum('pending', 'discussed', 'deferred', name='agendaitemstatus', native_enum=False, length=30), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('subject_member_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('proposed_by_member_id', sa.Integer(), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['carried_from_id'], ['agenda_items.id'], name=op.f('fk_agenda_items_carried_from_id_agenda_items')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['proposed_by_member_id'], ['members.id'], name=op.f('fk_agenda_items_proposed_by_member_id_members')),
    sa.ForeignKeyConstraint(['subject_member_id'], ['members.id'], name=op.f('fk_agenda_items_subject_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('carried_from_id', name=op.f('uq_agenda_items_carried_from_id')),
    sa.UniqueConstraint('meeting_id', 'decision_id', name=op.f('uq_agenda_items_meeting_id_decision_id'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_decisions_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_decisions_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['decisions.id'], name=op.f('fk_decisions_supersedes_id_decisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('supersedes_id', name=op.f('uq_decisions_supersedes_id'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)
    # agenda_items and decisions refer to each other: this key comes after both tables.
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_agenda_items_decision_id_decisions'), 'decisions', ['decision_id'], ['id'])

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('representative_title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendance_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_meeting_attendance_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_attendance_meeting_id_member_id'))
    )

    op.create_table('agenda_escalations',
    sa.Column('escalation_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_escalations_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['escalation_id'], ['escalations.id'], name=op.f('fk_agenda_escalations_escalation_id_escalations')),
    sa.PrimaryKeyConstraint('escalation_id', name=op.f('pk_agenda_escalations'))
    )
    with op.batch_alter_table('agenda_escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_escalations_agenda_item_id'), ['agenda_item_id'], unique=False)

    op.create_table('decision_responsibilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.Enum('order', 'instruction', 'regulation', name='instrument', native_enum=False, length=30), nullable=True),
    sa.Column('instrument_number', sa.String(length=60), nullable=True),
    sa.Column('instrument_date', sa.Date(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_responsibilities_decision_id_decisions')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_decision_responsibilities_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_responsibilities')),
    sa.UniqueConstraint('decision_id', 'member_id', name=op.f('uq_decision_responsibilities_decision_id_member_id'))
    )
    with op.batch_alter_table('decision_responsibilities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_responsibilities_member_id'), ['member_id'], unique=False)

    op.create_table('memorandum_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('commitments', sa.JSON(), nullable=False),
    sa.Column('changes', sa.String(length=2000), nullable=False),
    sa.Column('status', sa.Enum('open', 'published', name='draftstatus', native_enum=False, length=30), nullable=False),
    sa.Column('drafted_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('memorandum_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['memorandum_id'], ['memoranda.id'], name=op.f('fk_memorandum_drafts_memorandum_id_memoranda')),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_memorandum_drafts_network_id_networks')),
    sa.ForeignKeyConstraint(['previous_id'], ['memoranda.id'], name=op.f('fk_memorandum_drafts_previous_id_memoranda')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memorandum_drafts')),
    sa.UniqueConstraint('memorandum_id', name=op.f('uq_memorandum_drafts_memorandum_id')),
    sa.UniqueConstraint('network_id', 'valid_from', name=op.f('uq_memorandum_drafts_network_id_valid_from'))
    )
    with op.batch_alter_table('memorandum_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memorandum_drafts_network_id'), ['network_id'], unique=False)

    op.create_table('memorandum_draft_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Enum('signed', 'withdrawn', name='answer', native_enum=False, length=30), nullable=False),
    sa.Column('signatory_title', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['memorandum_drafts.id'], name=op.f('fk_memorandum_draft_answers_draft_id_memorandum_drafts')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_memorandum_draft_answers_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memorandum_draft_answers')),
    sa.UniqueConstraint('draft_id', 'member_id', name=op.f('uq_memorandum_draft_answers_draft_id_member_id'))
    )
    with op.batch_alter_table('memorandum_draft_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memorandum_draft_answers_member_id'), ['member_id'], unique=False)

    op.create_table('network_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('generated_at', sa.DateTime(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_network_reports_network_id_networks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_reports')),
    sa.UniqueConstraint('network_id', 'month', name=op.f('uq_network_reports_network_id_month'))
    )
    with op.batch_alter_table('network_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_reports_network_id'), ['network_id'], unique=False)

    op.create_table('network_report_renditions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['network_reports.id'], name=op.f('fk_network_report_renditions_report_id_network_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_report_renditions')),
    sa.UniqueConstraint('report_id', 'language', name=op.f('uq_network_report_renditions_report_id_language'))
    )

    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_escalations_meeting_id_meetings'), 'meetings', ['meeting_id'], ['id'])

    with op.batch_alter_table('memorandum_breaches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_item_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_memorandum_breaches_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_memorandum_breaches_agenda_item_id_agenda_items'), 'agenda_items', ['agenda_item_id'], ['id'])

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_id', sa.String(length=40), nullable=True))
        batch_op.alter_column('referral_id', existing_type=sa.Uuid(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_notifications_kind_subject_id_recipient_member_id'), ['kind', 'subject_id', 'recipient_member_id'])



def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notifications_kind_subject_id_recipient_member_id'), type_='unique')
        batch_op.alter_column('referral_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_column('subject_id')

    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_escalations_meeting_id_meetings'), type_='foreignkey')

    with op.batch_alter_table('memorandum_breaches', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_memorandum_breaches_agenda_item_id_agenda_items'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_memorandum_breaches_agenda_item_id'))
        batch_op.drop_column('agenda_item_id')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agenda_items_decision_id_decisions'), type_='foreignkey')
    for table in (
        'network_report_renditions',
        'network_reports',
        'memorandum_draft_answers',
        'memorandum_drafts',
        'decision_responsibilities',
        'agenda_escalations',
        'meeting_attendance',
        'decisions',
        'agenda_items',
        'meetings',
    ):
        op.drop_table(table)
