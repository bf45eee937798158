"""subject access requests

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

- subject_access_requests: who a request is about, who asked and on what
  authority, received, identity verified, due (one calendar month, extended
  by up to two more with a reason), answered or refused; signed.
- subject_access_redactions: each redaction confirmed, lifted or added by
  the reviewer, with the reason; signed; only ever added.
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('subject_access_requests',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('person_id', sa.Integer(), nullable=False),
                    sa.Column('requester', sa.String(length=32), nullable=False),
                    sa.Column('requester_name', sa.String(length=200), nullable=True),
                    sa.Column('authority', sa.String(length=500), nullable=True),
                    sa.Column('received_on', sa.Date(), nullable=False),
                    sa.Column('id_verified_on', sa.Date(), nullable=True),
                    sa.Column('extended_months', sa.Integer(), nullable=False),
                    sa.Column('extension_reason', sa.Text(), nullable=True),
                    sa.Column('due_on', sa.Date(), nullable=False),
                    sa.Column('status', sa.String(length=32), nullable=False),
                    sa.Column('answered_on', sa.Date(), nullable=True),
                    sa.Column('refusal_reason', sa.Text(), nullable=True),
                    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
                    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signed_by_id', sa.Integer(), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                            name=op.f('fk_subject_access_requests_person_id_people')),
                    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                                            name=op.f('fk_subject_access_requests_recorded_by_id_users')),
                    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'],
                                            name=op.f('fk_subject_access_requests_signed_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_access_requests')))
    op.create_index(op.f('ix_subject_access_requests_person_id'), 'subject_access_requests', ['person_id'])
    op.create_index(op.f('ix_subject_access_requests_due_on'), 'subject_access_requests', ['due_on'])
    op.create_table('subject_access_redactions',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('request_id', sa.Integer(), nullable=False),
                    sa.Column('phrase', sa.String(length=200), nullable=False),
                    sa.Column('kind', sa.String(length=32), nullable=False),
                    sa.Column('decision', sa.String(length=32), nullable=False),
                    sa.Column('reason', sa.Text(), nullable=True),
                    sa.Column('by_id', sa.Integer(), nullable=False),
                    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.ForeignKeyConstraint(['request_id'], ['subject_access_requests.id'],
                                            name=op.f('fk_subject_access_redactions_request_id_'
                                                      'subject_access_requests')),
                    sa.ForeignKeyConstraint(['by_id'], ['users.id'],
                                            name=op.f('fk_subject_access_redactions_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_access_redactions')))
    op.create_index(op.f('ix_subject_access_redactions_request_id'), 'subject_access_redactions', ['request_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_subject_access_redactions_request_id'), table_name='subject_access_redactions')
    op.drop_table('subject_access_redactions')
    op.drop_index(op.f('ix_subject_access_requests_due_on'), table_name='subject_access_requests')
    op.drop_index(op.f('ix_subject_access_requests_person_id'), table_name='subject_access_requests')
    op.drop_table('subject_access_requests')
