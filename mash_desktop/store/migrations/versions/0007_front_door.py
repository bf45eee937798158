"""the front door: the referrer's anonymity, written confirmation of phone
contacts, and hub settings

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

- referrals: whether the referrer asked not to be identified to the family;
  when written confirmation of a phone contact is due and when it arrived.
- person_links: what the screening supervisor (or the intake check) decided
  about a subject who may be a person already known: the same person as a
  known one (found exactly at intake, or linked by hand), or a new person.
- hub_settings: named values the hub's administrator sets (the screening and
  written-confirmation timescales), with who set them and when.
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_COLUMNS = [('confirmation_due_at', sa.DateTime(timezone=True)),
            ('confirmation_received_at', sa.DateTime(timezone=True))]


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite: other tables refer to referrals).
    op.add_column('referrals', sa.Column('referrer_withheld', sa.Boolean(), nullable=False,
                                         server_default=sa.false()))
    for name, type_ in _COLUMNS:
        op.add_column('referrals', sa.Column(name, type_, nullable=True))
    op.create_table('hub_settings',
                    sa.Column('name', sa.String(length=64), nullable=False),
                    sa.Column('value', sa.String(length=200), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('updated_by_id', sa.Integer(), nullable=True),
                    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                            name=op.f('fk_hub_settings_updated_by_id_users')),
                    sa.PrimaryKeyConstraint('name', name=op.f('pk_hub_settings')))

    op.create_table('person_links',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('referral_id', sa.Integer(), nullable=False),
                    sa.Column('person_id', sa.Integer(), nullable=False),
                    sa.Column('known_person_id', sa.Integer(), nullable=True),
                    sa.Column('kind', sa.String(length=32), nullable=False),
                    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('by_id', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'],
                                            name=op.f('fk_person_links_referral_id_referrals')),
                    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                            name=op.f('fk_person_links_person_id_people')),
                    sa.ForeignKeyConstraint(['known_person_id'], ['people.id'],
                                            name=op.f('fk_person_links_known_person_id_people')),
                    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_person_links_by_id_users')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_links')))
    with op.batch_alter_table('person_links') as batch_op:
        batch_op.create_index('ix_person_links_referral_id', ['referral_id'], unique=False)
        batch_op.create_index('ix_person_links_known_person_id', ['known_person_id'], unique=False)


def downgrade() -> None:
    op.drop_table('person_links')
    op.drop_table('hub_settings')
    for name, _ in reversed(_COLUMNS):
        op.drop_column('referrals', name)
    op.drop_column('referrals', 'referrer_withheld')
