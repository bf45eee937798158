"""produced documents and agency document-signing keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('produced_by_id', sa.Integer(), nullable=False),
    sa.Column('produced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipient', sa.String(length=500), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('content_fingerprint', sa.LargeBinary(), nullable=False),
    sa.Column('file_sha256', sa.LargeBinary(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('signing_public_key', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_documents_agency_id_agencies')),
    sa.ForeignKeyConstraint(['produced_by_id'], ['users.id'], name=op.f('fk_documents_produced_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_documents_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('file_sha256', name=op.f('uq_documents_file_sha256')),
    sa.UniqueConstraint('token', name=op.f('uq_documents_token'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_referral_id'), ['referral_id'], unique=False)
    with op.batch_alter_table('data_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signing_public_key', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('data_keys', schema=None) as batch_op:
        batch_op.drop_column('signing_public_key')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_referral_id'))
    op.drop_table('documents')
