"""sharing agreements register

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

- sharing_agreements: each partner's information-sharing agreement (signed
  on, review due, scope, document reference), signed by whoever recorded
  it; a review is a new row with the next version. A hub upgraded to this
  revision has none recorded: its partners are given no new users and make
  no disclosures until the information governance officer records theirs.
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sharing_agreements',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('agency_id', sa.Integer(), nullable=False),
                    sa.Column('version', sa.Integer(), nullable=False),
                    sa.Column('signed_on', sa.Date(), nullable=False),
                    sa.Column('review_due', sa.Date(), nullable=False),
                    sa.Column('scope', sa.Text(), nullable=False),
                    sa.Column('document_reference', sa.String(length=200), nullable=False),
                    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
                    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=False),
                    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'],
                                            name=op.f('fk_sharing_agreements_agency_id_agencies')),
                    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                                            name=op.f('fk_sharing_agreements_recorded_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_sharing_agreements')),
                    sa.UniqueConstraint('agency_id', 'version', name=op.f('uq_sharing_agreements_agency_id')))
    op.create_index(op.f('ix_sharing_agreements_agency_id'), 'sharing_agreements', ['agency_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_sharing_agreements_agency_id'), table_name='sharing_agreements')
    op.drop_table('sharing_agreements')
