"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from alembic import op
import hashlib

import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

GENESIS = hashlib.sha256(b"mash audit genesis v1").digest()


def upgrade() -> None:
    
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recovery_public_key', sa.LargeBinary(), nullable=True),
    sa.Column('workstation_secret_check', sa.LargeBinary(), nullable=True),
    sa.Column('rotation_needed', sa.Boolean(), nullable=False),
    sa.Column('db_role', sa.String(length=63), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('code', name=op.f('uq_agencies_code')),
    sa.UniqueConstraint('db_role', name=op.f('uq_agencies_db_role'))
    )
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('last_hash', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    # The chain starts from a fixed genesis hash (security/audit.py).
    op.bulk_insert(
        sa.table("audit_head", sa.column("id", sa.Integer), sa.column("last_event_id", sa.BigInteger),
                 sa.column("last_hash", sa.LargeBinary)),
        [{"id": 1, "last_event_id": 0, "last_hash": GENESIS}],
    )
    op.create_table('closure_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_closure_days'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('given_name', sa.String(length=200), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('expected_due_date', sa.Date(), nullable=True),
    sa.Column('gender', sa.String(length=16), nullable=False),
    sa.Column('ethnicity', sa.String(length=200), nullable=True),
    sa.Column('first_language', sa.String(length=200), nullable=True),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('address_line1', sa.String(length=200), nullable=True),
    sa.Column('address_line2', sa.String(length=200), nullable=True),
    sa.Column('town', sa.String(length=200), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('school', sa.String(length=200), nullable=True),
    sa.Column('gp', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_date_of_birth'), ['date_of_birth'], unique=False)
        batch_op.create_index('ix_people_family_given', ['family_name', 'given_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_postcode'), ['postcode'], unique=False)

    op.create_table('reference_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_reference_counters'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('kdf_params', sa.String(length=200), nullable=True),
    sa.Column('kdf_salt', sa.LargeBinary(), nullable=True),
    sa.Column('public_key', sa.LargeBinary(), nullable=True),
    sa.Column('signing_public_key', sa.LargeBinary(), nullable=True),
    sa.Column('wrapped_private_key', sa.LargeBinary(), nullable=True),
    sa.Column('recovery_sealed_private_key', sa.LargeBinary(), nullable=True),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmation_signature', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_users_agency_id_agencies')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_users_confirmed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_agency_id'), ['agency_id'], unique=False)

    op.create_table('audit_checkpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('head_hash', sa.LargeBinary(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=False),
    sa.Column('signer_public_key', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_audit_checkpoints_signed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoints'))
    )
    op.create_table('data_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_data_keys_agency_id_agencies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_data_keys_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_keys')),
    sa.UniqueConstraint('scope', 'agency_id', 'version', name=op.f('uq_data_keys_scope'))
    )
    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('referrer_name', sa.String(length=200), nullable=True),
    sa.Column('referrer_role', sa.String(length=200), nullable=True),
    sa.Column('referrer_organisation', sa.String(length=200), nullable=True),
    sa.Column('referrer_agency_id', sa.Integer(), nullable=True),
    sa.Column('referrer_phone', sa.String(length=32), nullable=True),
    sa.Column('referrer_email', sa.String(length=200), nullable=True),
    sa.Column('referrer_is_public', sa.Boolean(), nullable=False),
    sa.Column('concern_details', sa.Text(), nullable=False),
    sa.Column('parents_aware', sa.Boolean(), nullable=False),
    sa.Column('parents_not_aware_reason', sa.String(length=500), nullable=True),
    sa.Column('consent_obtained', sa.Boolean(), nullable=False),
    sa.Column('consent_from', sa.String(length=200), nullable=True),
    sa.Column('consent_covering', sa.String(length=500), nullable=True),
    sa.Column('consent_reason_not_obtained', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('rag', sa.String(length=32), nullable=True),
    sa.Column('decision_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('allocated_to_id', sa.Integer(), nullable=True),
    sa.Column('linked_referral_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['allocated_to_id'], ['users.id'], name=op.f('fk_referrals_allocated_to_id_users')),
    sa.ForeignKeyConstraint(['linked_referral_id'], ['referrals.id'], name=op.f('fk_referrals_linked_referral_id_referrals')),
    sa.ForeignKeyConstraint(['referrer_agency_id'], ['agencies.id'], name=op.f('fk_referrals_referrer_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('reference', name=op.f('uq_referrals_reference'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_allocated_to_id'), ['allocated_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_received_at'), ['received_at'], unique=False)
        batch_op.create_index('ix_referrals_status_due', ['status', 'decision_due_at'], unique=False)

    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('workstations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enrolled_by_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('secret_fingerprint', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_workstations_agency_id_agencies')),
    sa.ForeignKeyConstraint(['enrolled_by_id'], ['users.id'], name=op.f('fk_workstations_enrolled_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workstations')),
    sa.UniqueConstraint('name', name=op.f('uq_workstations_name'))
    )
    with op.batch_alter_table('workstations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workstations_agency_id'), ['agency_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('workstation_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_ref', sa.String(length=64), nullable=True),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.LargeBinary(), nullable=False),
    sa.Column('hash', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_audit_events_agency_id_agencies')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_audit_events_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_object_ref'), ['object_ref'], unique=False)

    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('caller_name', sa.String(length=200), nullable=False),
    sa.Column('caller_role', sa.String(length=200), nullable=True),
    sa.Column('caller_organisation', sa.String(length=200), nullable=True),
    sa.Column('caller_agency_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('given_by_id', sa.Integer(), nullable=True),
    sa.Column('converted_referral_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['caller_agency_id'], ['agencies.id'], name=op.f('fk_consultations_caller_agency_id_agencies')),
    sa.ForeignKeyConstraint(['converted_referral_id'], ['referrals.id'], name=op.f('fk_consultations_converted_referral_id_referrals')),
    sa.ForeignKeyConstraint(['given_by_id'], ['users.id'], name=op.f('fk_consultations_given_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_received_at'), ['received_at'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('threshold_level', sa.Integer(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=True),
    sa.Column('named_service', sa.String(length=200), nullable=True),
    sa.Column('research_override_reason', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_decisions_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_referral_id'), ['referral_id'], unique=False)

    op.create_table('disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('from_agency_id', sa.Integer(), nullable=False),
    sa.Column('to_agency_id', sa.Integer(), nullable=True),
    sa.Column('lawful_basis', sa.String(length=500), nullable=False),
    sa.Column('statutory_gateway', sa.String(length=500), nullable=True),
    sa.Column('consent', sa.String(length=32), nullable=False),
    sa.Column('consent_reason', sa.String(length=500), nullable=True),
    sa.Column('handling_code', sa.String(length=32), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('disclosed_by_id', sa.Integer(), nullable=False),
    sa.Column('disclosed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('authorised_by_id', sa.Integer(), nullable=True),
    sa.Column('authorised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('nonce', sa.LargeBinary(), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('sender_key_id', sa.Integer(), nullable=False),
    sa.Column('sender_seal', sa.LargeBinary(), nullable=False),
    sa.Column('recipient_key_id', sa.Integer(), nullable=True),
    sa.Column('recipient_seal', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['authorised_by_id'], ['users.id'], name=op.f('fk_disclosures_authorised_by_id_users')),
    sa.ForeignKeyConstraint(['disclosed_by_id'], ['users.id'], name=op.f('fk_disclosures_disclosed_by_id_users')),
    sa.ForeignKeyConstraint(['from_agency_id'], ['agencies.id'], name=op.f('fk_disclosures_from_agency_id_agencies')),
    sa.ForeignKeyConstraint(['recipient_key_id'], ['data_keys.id'], name=op.f('fk_disclosures_recipient_key_id_data_keys')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_disclosures_referral_id_referrals')),
    sa.ForeignKeyConstraint(['sender_key_id'], ['data_keys.id'], name=op.f('fk_disclosures_sender_key_id_data_keys')),
    sa.ForeignKeyConstraint(['to_agency_id'], ['agencies.id'], name=op.f('fk_disclosures_to_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures'))
    )
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_referral_id'), ['referral_id'], unique=False)

    op.create_table('key_seals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('data_key_id', sa.Integer(), nullable=False),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_key_seals_created_by_id_users')),
    sa.ForeignKeyConstraint(['data_key_id'], ['data_keys.id'], name=op.f('fk_key_seals_data_key_id_data_keys')),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['users.id'], name=op.f('fk_key_seals_recipient_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_seals')),
    sa.UniqueConstraint('data_key_id', 'recipient_user_id', name=op.f('uq_key_seals_data_key_id'))
    )
    with op.batch_alter_table('key_seals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_seals_data_key_id'), ['data_key_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_seals_recipient_user_id'), ['recipient_user_id'], unique=False)

    op.create_table('panels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.LargeBinary(), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('nothing_known', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_panels_agency_id_agencies')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_panels_referral_id_referrals')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_panels_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panels')),
    sa.UniqueConstraint('referral_id', 'agency_id', name=op.f('uq_panels_referral_id'))
    )
    with op.batch_alter_table('panels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panels_referral_id'), ['referral_id'], unique=False)

    op.create_table('referral_concerns',
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_concerns_referral_id_referrals')),
    sa.PrimaryKeyConstraint('referral_id', 'category', name=op.f('pk_referral_concerns'))
    )
    op.create_table('referral_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=True),
    sa.Column('from_rag', sa.String(length=32), nullable=True),
    sa.Column('to_rag', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_referral_events_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_events_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_events'))
    )
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_events_referral_id'), ['referral_id'], unique=False)

    op.create_table('referral_people',
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_subject', sa.Boolean(), nullable=False),
    sa.Column('relationship_to_subject', sa.String(length=200), nullable=True),
    sa.Column('care_and_support_needs', sa.Text(), nullable=True),
    sa.Column('has_capacity', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_referral_people_person_id_people')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_people_referral_id_referrals')),
    sa.PrimaryKeyConstraint('referral_id', 'person_id', name=op.f('pk_referral_people'))
    )
    with op.batch_alter_table('referral_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_people_person_id'), ['person_id'], unique=False)

    op.create_table('research_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_research_requests_agency_id_agencies')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_research_requests_referral_id_referrals')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_research_requests_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_requests')),
    sa.UniqueConstraint('referral_id', 'agency_id', name=op.f('uq_research_requests_referral_id'))
    )
    with op.batch_alter_table('research_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_research_requests_referral_id'), ['referral_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('research_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_research_requests_referral_id'))

    op.drop_table('research_requests')
    with op.batch_alter_table('referral_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_people_person_id'))

    op.drop_table('referral_people')
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_events_referral_id'))

    op.drop_table('referral_events')
    op.drop_table('referral_concerns')
    with op.batch_alter_table('panels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panels_referral_id'))

    op.drop_table('panels')
    with op.batch_alter_table('key_seals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_seals_recipient_user_id'))
        batch_op.drop_index(batch_op.f('ix_key_seals_data_key_id'))

    op.drop_table('key_seals')
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosures_referral_id'))

    op.drop_table('disclosures')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_referral_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_received_at'))

    op.drop_table('consultations')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_object_ref'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    with op.batch_alter_table('workstations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workstations_agency_id'))

    op.drop_table('workstations')
    op.drop_table('user_roles')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_status_due')
        batch_op.drop_index(batch_op.f('ix_referrals_received_at'))
        batch_op.drop_index(batch_op.f('ix_referrals_allocated_to_id'))

    op.drop_table('referrals')
    op.drop_table('data_keys')
    op.drop_table('audit_checkpoints')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_agency_id'))

    op.drop_table('users')
    op.drop_table('reference_counters')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_postcode'))
        batch_op.drop_index('ix_people_family_given')
        batch_op.drop_index(batch_op.f('ix_people_date_of_birth'))

    op.drop_table('people')
    op.drop_table('closure_days')
    op.drop_table('audit_head')
    op.drop_table('agencies')
    
