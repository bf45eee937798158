"""strategy discussions and their actions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

- strategy_discussions: a discussion held on a case: when, who recorded it,
  what was shared, the s47 decision and its reasons, the ICPC due date, the
  recorder's signature; when the ICPC was held, by whom recorded, signed.
- strategy_attendees: who was invited (name, agency, role; present or not).
- strategy_actions: what was agreed, its owner (a member or an agency), when
  it is due, and when and by whom it was done (signed).
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade() -> None:
    op.create_table('strategy_discussions',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('referral_id', sa.Integer(), nullable=False),
                    sa.Column('convened_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
                    sa.Column('shared', sa.Text(), nullable=False),
                    sa.Column('decision', sa.String(length=32), nullable=False),
                    sa.Column('reasons', sa.Text(), nullable=False),
                    sa.Column('icpc_due_on', sa.Date(), nullable=True),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.Column('icpc_held_on', sa.Date(), nullable=True),
                    sa.Column('icpc_by_id', sa.Integer(), nullable=True),
                    sa.Column('icpc_signature', sa.LargeBinary(), nullable=True),
                    _fk('strategy_discussions', 'referral_id', 'referrals'),
                    _fk('strategy_discussions', 'recorded_by_id', 'users'),
                    _fk('strategy_discussions', 'icpc_by_id', 'users'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_discussions')))
    op.create_index(op.f('ix_strategy_discussions_referral_id'), 'strategy_discussions', ['referral_id'])
    op.create_table('strategy_attendees',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('discussion_id', sa.Integer(), nullable=False),
                    sa.Column('position', sa.Integer(), nullable=False),
                    sa.Column('name', sa.String(length=200), nullable=False),
                    sa.Column('agency_id', sa.Integer(), nullable=True),
                    sa.Column('role', sa.String(length=200), nullable=False),
                    sa.Column('present', sa.Boolean(), nullable=False),
                    sa.Column('added_by_id', sa.Integer(), nullable=False),
                    _fk('strategy_attendees', 'discussion_id', 'strategy_discussions'),
                    _fk('strategy_attendees', 'agency_id', 'agencies'),
                    _fk('strategy_attendees', 'added_by_id', 'users'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_attendees')))
    op.create_index(op.f('ix_strategy_attendees_discussion_id'), 'strategy_attendees', ['discussion_id'])
    op.create_table('strategy_actions',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('discussion_id', sa.Integer(), nullable=False),
                    sa.Column('position', sa.Integer(), nullable=False),
                    sa.Column('text', sa.Text(), nullable=False),
                    sa.Column('owner_user_id', sa.Integer(), nullable=True),
                    sa.Column('owner_agency_id', sa.Integer(), nullable=True),
                    sa.Column('due_on', sa.Date(), nullable=False),
                    sa.Column('added_by_id', sa.Integer(), nullable=False),
                    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('done_by_id', sa.Integer(), nullable=True),
                    sa.Column('done_signature', sa.LargeBinary(), nullable=True),
                    _fk('strategy_actions', 'discussion_id', 'strategy_discussions'),
                    _fk('strategy_actions', 'owner_user_id', 'users'),
                    _fk('strategy_actions', 'owner_agency_id', 'agencies'),
                    _fk('strategy_actions', 'added_by_id', 'users'),
                    _fk('strategy_actions', 'done_by_id', 'users'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_actions')))
    op.create_index(op.f('ix_strategy_actions_discussion_id'), 'strategy_actions', ['discussion_id'])
    op.create_index(op.f('ix_strategy_actions_due_on'), 'strategy_actions', ['due_on'])


def downgrade() -> None:
    op.drop_index(op.f('ix_strategy_actions_due_on'), table_name='strategy_actions')
    op.drop_index(op.f('ix_strategy_actions_discussion_id'), table_name='strategy_actions')
    op.drop_table('strategy_actions')
    op.drop_index(op.f('ix_strategy_attendees_discussion_id'), table_name='strategy_attendees')
    op.drop_table('strategy_attendees')
    op.drop_index(op.f('ix_strategy_discussions_referral_id'), table_name='strategy_discussions')
    op.drop_table('strategy_discussions')
