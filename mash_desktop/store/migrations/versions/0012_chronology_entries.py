"""curated chronology entries and finished chronologies

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

- chronology_entries: what staff add to a person's chronology (date,
  category, source, significance, analysis), signed; an edit is a new row
  naming the first version.
- chronology_finishes: a person's chronology marked finished, or reopened
  with a reason, signed.
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chronology_entries',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('person_id', sa.Integer(), nullable=False),
                    sa.Column('first_id', sa.Integer(), nullable=True),
                    sa.Column('version', sa.Integer(), nullable=False),
                    sa.Column('happened_on', sa.Date(), nullable=False),
                    sa.Column('category', sa.String(length=32), nullable=False),
                    sa.Column('source', sa.String(length=200), nullable=False),
                    sa.Column('significance', sa.String(length=32), nullable=False),
                    sa.Column('analysis', sa.Text(), nullable=False),
                    sa.Column('written_by_id', sa.Integer(), nullable=False),
                    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                            name=op.f('fk_chronology_entries_person_id_people')),
                    sa.ForeignKeyConstraint(['first_id'], ['chronology_entries.id'],
                                            name=op.f('fk_chronology_entries_first_id_chronology_entries')),
                    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'],
                                            name=op.f('fk_chronology_entries_written_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_entries')),
                    sa.UniqueConstraint('first_id', 'version', name=op.f('uq_chronology_entries_first_id')))
    op.create_index(op.f('ix_chronology_entries_person_id'), 'chronology_entries', ['person_id'])
    op.create_index(op.f('ix_chronology_entries_first_id'), 'chronology_entries', ['first_id'])
    op.create_table('chronology_finishes',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('person_id', sa.Integer(), nullable=False),
                    sa.Column('finished', sa.Boolean(), nullable=False),
                    sa.Column('reason', sa.Text(), nullable=True),
                    sa.Column('by_id', sa.Integer(), nullable=False),
                    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                            name=op.f('fk_chronology_finishes_person_id_people')),
                    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_chronology_finishes_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_finishes')))
    op.create_index(op.f('ix_chronology_finishes_person_id'), 'chronology_finishes', ['person_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_chronology_finishes_person_id'), table_name='chronology_finishes')
    op.drop_table('chronology_finishes')
    op.drop_index(op.f('ix_chronology_entries_first_id'), table_name='chronology_entries')
    op.drop_index(op.f('ix_chronology_entries_person_id'), table_name='chronology_entries')
    op.drop_table('chronology_entries')
