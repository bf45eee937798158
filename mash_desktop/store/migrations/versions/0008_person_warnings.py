"""warnings on people

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

- person_warnings: signed records of warnings added, changed and ended,
  only ever added; the person (a keyed tag), the kind, reason and dates are
  ciphertext under the owning agency's data key or the hub key.
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('person_warnings',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('uid', sa.String(length=32), nullable=False),
                    sa.Column('agency_id', sa.Integer(), nullable=False),
                    sa.Column('data_key_id', sa.Integer(), nullable=False),
                    sa.Column('person_tag', sa.LargeBinary(length=32), nullable=False),
                    sa.Column('nonce', sa.LargeBinary(), nullable=False),
                    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
                    sa.Column('by_id', sa.Integer(), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=False),
                    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'],
                                            name=op.f('fk_person_warnings_agency_id_agencies')),
                    sa.ForeignKeyConstraint(['data_key_id'], ['data_keys.id'],
                                            name=op.f('fk_person_warnings_data_key_id_data_keys')),
                    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_person_warnings_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_warnings')),
                    sa.UniqueConstraint('uid', name=op.f('uq_person_warnings_uid')))
    op.create_index('ix_person_warnings_person_tag', 'person_warnings', ['person_tag'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_person_warnings_person_tag', table_name='person_warnings')
    op.drop_table('person_warnings')
