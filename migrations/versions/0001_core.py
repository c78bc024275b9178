"""core: network registry, memoranda, beneficiaries, cases, referrals, audit, outbox

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 22:07:24.130444
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.String(length=80), nullable=False),
    sa.Column('actor_role', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=30), nullable=False),
    sa.Column('object_id', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_object_id'), ['object_id'], unique=False)

    op.create_table('networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_networks')),
    sa.UniqueConstraint('code', name=op.f('uq_networks_code'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('flow', sa.String(length=40), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('available_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('flow_run_id', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_pending', ['dispatched_at', 'available_at'], unique=False)

    op.create_table('memoranda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_memoranda_network_id_networks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memoranda')),
    sa.UniqueConstraint('network_id', 'version', name=op.f('uq_memoranda_network_id_version'))
    )
    with op.batch_alter_table('memoranda', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memoranda_network_id'), ['network_id'], unique=False)

    op.create_table('serial_counters',
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_serial_counters_network_id_networks')),
    sa.PrimaryKeyConstraint('network_id', 'year', name=op.f('pk_serial_counters'))
    )
    op.create_table('sub_networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_sub_networks_network_id_networks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sub_networks'))
    )
    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('memorandum_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('medical', 'housing', 'employment', 'documents', 'legal_aid', 'social_support', name='servicecategory', native_enum=False, length=30), nullable=False),
    sa.Column('free', sa.Boolean(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('voluntary', sa.Boolean(), nullable=False),
    sa.Column('response_deadline', sa.Integer(), nullable=False),
    sa.Column('completion_deadline', sa.Integer(), nullable=False),
    sa.Column('deadline_unit', sa.Enum('hours', 'working_days', name='deadlineunit', native_enum=False, length=30), nullable=False),
    sa.ForeignKeyConstraint(['memorandum_id'], ['memoranda.id'], name=op.f('fk_commitments_memorandum_id_memoranda')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments')),
    sa.UniqueConstraint('memorandum_id', 'category', name=op.f('uq_commitments_memorandum_id_category'))
    )
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('sub_network_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('government', 'ngo', 'media', name='memberkind', native_enum=False, length=30), nullable=False),
    sa.Column('subtype', sa.Enum('aids_centre', 'tb_dispensary', 'narcology', 'dermatovenerology', 'regional_hospital', 'justice', 'police', 'employment', 'housing', 'passport_office', name='governmentsubtype', native_enum=False, length=30), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_members_network_id_networks')),
    sa.ForeignKeyConstraint(['sub_network_id'], ['sub_networks.id'], name=op.f('fk_members_sub_network_id_sub_networks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_network_id'), ['network_id'], unique=False)

    op.create_table('beneficiaries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('ngo_id', sa.Integer(), nullable=False),
    sa.Column('uic_hmac', sa.String(length=64), nullable=False),
    sa.Column('display_code', sa.String(length=9), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ngo_id'], ['members.id'], name=op.f('fk_beneficiaries_ngo_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beneficiaries')),
    sa.UniqueConstraint('display_code', name=op.f('uq_beneficiaries_display_code'))
    )
    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.create_index('ix_beneficiaries_ngo_uic', ['ngo_id', 'uic_hmac'], unique=False)

    op.create_table('focal_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_focal_points_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focal_points'))
    )
    with op.batch_alter_table('focal_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_focal_points_member_id'), ['member_id'], unique=False)

    op.create_table('member_services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.Enum('hiv_testing', 'sti_care', 'tb_screening', 'hepatitis_testing', 'harm_reduction', 'housing', 'employment', 'identity_documents', 'legal_aid_detention', 'social_support', name='servicecode', native_enum=False, length=30), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_services_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_services')),
    sa.UniqueConstraint('member_id', 'service', name=op.f('uq_member_services_member_id_service'))
    )
    with op.batch_alter_table('member_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_services_service'), ['service'], unique=False)

    op.create_table('memorandum_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('memorandum_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('signatory_title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_memorandum_signatures_member_id_members')),
    sa.ForeignKeyConstraint(['memorandum_id'], ['memoranda.id'], name=op.f('fk_memorandum_signatures_memorandum_id_memoranda')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memorandum_signatures')),
    sa.UniqueConstraint('memorandum_id', 'member_id', name=op.f('uq_memorandum_signatures_memorandum_id_member_id'))
    )
    with op.batch_alter_table('memorandum_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memorandum_signatures_member_id'), ['member_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('beneficiary_id', sa.Uuid(), nullable=False),
    sa.Column('ngo_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'active', 'resolved', 'closed-unresolved', 'withdrawn', name='casestatus', native_enum=False, length=30), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'], name=op.f('fk_cases_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['ngo_id'], ['members.id'], name=op.f('fk_cases_ngo_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_beneficiary_id'), ['beneficiary_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_ngo_id'), ['ngo_id'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Uuid(), nullable=False),
    sa.Column('purpose', sa.Enum('referral', 'share_with_member', name='consentpurpose', native_enum=False, length=30), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'], name=op.f('fk_consents_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_consents_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_beneficiary_id'), ['beneficiary_id'], unique=False)

    op.create_table('match_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Uuid(), nullable=False),
    sa.Column('candidate_id', sa.Uuid(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('decision', sa.Enum('proposed', 'confirmed', 'rejected', name='matchdecision', native_enum=False, length=30), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'], name=op.f('fk_match_proposals_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['candidate_id'], ['beneficiaries.id'], name=op.f('fk_match_proposals_candidate_id_beneficiaries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_proposals')),
    sa.UniqueConstraint('beneficiary_id', 'candidate_id', name=op.f('uq_match_proposals_beneficiary_id_candidate_id'))
    )
    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('service', sa.Enum('hiv_testing', 'sti_care', 'tb_screening', 'hepatitis_testing', 'harm_reduction', 'housing', 'employment', 'identity_documents', 'legal_aid_detention', 'social_support', name='servicecode', native_enum=False, length=30), nullable=False),
    sa.Column('status', sa.Enum('open', 'met', 'closed', name='needstatus', native_enum=False, length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('proposed_institution_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_needs_case_id_cases')),
    sa.ForeignKeyConstraint(['proposed_institution_id'], ['members.id'], name=op.f('fk_needs_proposed_institution_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_case_id'), ['case_id'], unique=False)

    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_outcomes_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes')),
    sa.UniqueConstraint('case_id', name=op.f('uq_outcomes_case_id'))
    )
    op.create_table('referrals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('ngo_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('memorandum_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.Enum('hiv_testing', 'sti_care', 'tb_screening', 'hepatitis_testing', 'harm_reduction', 'housing', 'employment', 'identity_documents', 'legal_aid_detention', 'social_support', name='servicecode', native_enum=False, length=30), nullable=False),
    sa.Column('urgency', sa.Enum('routine', 'urgent', name='urgency', native_enum=False, length=30), nullable=False),
    sa.Column('status', sa.Enum('draft', 'requested', 'accepted', 'in-progress', 'completed', 'rejected', 'cancelled', 'failed', 'on-hold', name='referralstatus', native_enum=False, length=30), nullable=False),
    sa.Column('status_before_hold', sa.Enum('draft', 'requested', 'accepted', 'in-progress', 'completed', 'rejected', 'cancelled', 'failed', 'on-hold', name='referralstatus', native_enum=False, length=30), nullable=True),
    sa.Column('status_reason', sa.String(length=300), nullable=True),
    sa.Column('serial', sa.String(length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('accept_due_at', sa.DateTime(), nullable=True),
    sa.Column('complete_due_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('held_at', sa.DateTime(), nullable=True),
    sa.Column('attested_anonymous', sa.Boolean(), nullable=True),
    sa.Column('attested_free', sa.Boolean(), nullable=True),
    sa.Column('attested_voluntary', sa.Boolean(), nullable=True),
    sa.Column('escalation_level', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_referrals_case_id_cases')),
    sa.ForeignKeyConstraint(['institution_id'], ['members.id'], name=op.f('fk_referrals_institution_id_members')),
    sa.ForeignKeyConstraint(['memorandum_id'], ['memoranda.id'], name=op.f('fk_referrals_memorandum_id_memoranda')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_referrals_need_id_needs')),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_referrals_network_id_networks')),
    sa.ForeignKeyConstraint(['ngo_id'], ['members.id'], name=op.f('fk_referrals_ngo_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('serial', name=op.f('uq_referrals_serial'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_accept_due', ['status', 'accept_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_referrals_complete_due', ['status', 'complete_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_ngo_id'), ['ngo_id'], unique=False)

    op.create_table('escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('escalated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_escalations_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalations')),
    sa.UniqueConstraint('referral_id', 'level', name=op.f('uq_escalations_referral_id_level'))
    )
    op.create_table('memorandum_breaches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('memorandum_id', sa.Integer(), nullable=False),
    sa.Column('guarantees_failed', sa.String(length=40), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_memorandum_breaches_member_id_members')),
    sa.ForeignKeyConstraint(['memorandum_id'], ['memoranda.id'], name=op.f('fk_memorandum_breaches_memorandum_id_memoranda')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_memorandum_breaches_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memorandum_breaches')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_memorandum_breaches_referral_id'))
    )
    with op.batch_alter_table('memorandum_breaches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memorandum_breaches_member_id'), ['member_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_member_id', sa.Integer(), nullable=False),
    sa.Column('recipient_role', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['recipient_member_id'], ['members.id'], name=op.f('fk_notifications_recipient_member_id_members')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_notifications_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('kind', 'referral_id', 'recipient_member_id', 'level', name=op.f('uq_notifications_kind_referral_id_recipient_member_id_level'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_recipient_member_id'), ['recipient_member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_recipient_member_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('memorandum_breaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memorandum_breaches_member_id'))

    op.drop_table('memorandum_breaches')
    op.drop_table('escalations')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_ngo_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_institution_id'))
        batch_op.drop_index('ix_referrals_complete_due')
        batch_op.drop_index(batch_op.f('ix_referrals_case_id'))
        batch_op.drop_index('ix_referrals_accept_due')

    op.drop_table('referrals')
    op.drop_table('outcomes')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_case_id'))

    op.drop_table('needs')
    op.drop_table('match_proposals')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_beneficiary_id'))

    op.drop_table('consents')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_ngo_id'))
        batch_op.drop_index(batch_op.f('ix_cases_beneficiary_id'))

    op.drop_table('cases')
    with op.batch_alter_table('memorandum_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memorandum_signatures_member_id'))

    op.drop_table('memorandum_signatures')
    with op.batch_alter_table('member_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_services_service'))

    op.drop_table('member_services')
    with op.batch_alter_table('focal_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_focal_points_member_id'))

    op.drop_table('focal_points')
    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.drop_index('ix_beneficiaries_ngo_uic')

    op.drop_table('beneficiaries')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_network_id'))

    op.drop_table('members')
    op.drop_table('commitments')
    op.drop_table('sub_networks')
    op.drop_table('serial_counters')
    with op.batch_alter_table('memoranda', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memoranda_network_id'))

    op.drop_table('memoranda')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')

    op.drop_table('outbox')
    op.drop_table('networks')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_object_id'))

    op.drop_table('audit_log')
