"""decisions not to share

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

- no_share_decisions: an agency's signed record that it considered sharing
  something and decided not to; what, with whom and why not are ciphertext
  under the deciding agency's data key. Only ever added.
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('no_share_decisions',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('uid', sa.String(length=32), nullable=False),
                    sa.Column('referral_id', sa.Integer(), nullable=False),
                    sa.Column('agency_id', sa.Integer(), nullable=False),
                    sa.Column('data_key_id', sa.Integer(), nullable=False),
                    sa.Column('nonce', sa.LargeBinary(), nullable=False),
                    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
                    sa.Column('decided_by_id', sa.Integer(), nullable=False),
                    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=False),
                    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'],
                                            name=op.f('fk_no_share_decisions_referral_id_referrals')),
                    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'],
                                            name=op.f('fk_no_share_decisions_agency_id_agencies')),
                    sa.ForeignKeyConstraint(['data_key_id'], ['data_keys.id'],
                                            name=op.f('fk_no_share_decisions_data_key_id_data_keys')),
                    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                                            name=op.f('fk_no_share_decisions_decided_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_no_share_decisions')),
                    sa.UniqueConstraint('uid', name=op.f('uq_no_share_decisions_uid')))
    op.create_index(op.f('ix_no_share_decisions_referral_id'), 'no_share_decisions', ['referral_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_no_share_decisions_referral_id'), table_name='no_share_decisions')
    op.drop_table('no_share_decisions')
