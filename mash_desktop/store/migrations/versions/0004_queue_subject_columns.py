"""the first subject's sort key and date of birth on each referral, for the queue

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Referrals already stored get the values here, computed with the
application's own function, so old and new rows sort and match alike.
"""

from alembic import op
import sqlalchemy as sa

from mash_desktop.domain.names import SUBJECT_KEY_MAX, subject_key


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_BATCH = 1000


def _fill() -> None:
    conn = op.get_bind()
    referrals = sa.table('referrals', sa.column('id', sa.Integer), sa.column('subject_key', sa.String),
                         sa.column('subject_dob', sa.Date))
    links = sa.table('referral_people', sa.column('referral_id', sa.Integer), sa.column('person_id', sa.Integer),
                     sa.column('position', sa.Integer), sa.column('is_subject', sa.Boolean))
    people = sa.table('people', sa.column('id', sa.Integer), sa.column('given_name', sa.String),
                      sa.column('family_name', sa.String), sa.column('date_of_birth', sa.Date))
    update = (referrals.update().where(referrals.c.id == sa.bindparam('rid'))
              .values(subject_key=sa.bindparam('key'), subject_dob=sa.bindparam('dob')))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(links.c.referral_id, people.c.given_name, people.c.family_name, people.c.date_of_birth)
            .join(people, people.c.id == links.c.person_id)
            .where(links.c.is_subject.is_(True), links.c.referral_id > last)
            .order_by(links.c.referral_id, links.c.position).limit(_BATCH)).all()
        if not rows:
            return
        first: dict[int, tuple] = {}
        for r in rows:  # in position order: a referral's first row is its first subject
            first.setdefault(r.referral_id, r)
        conn.execute(update, [{'rid': rid, 'key': subject_key(r.given_name, r.family_name),
                               'dob': r.date_of_birth} for rid, r in first.items()])
        last = rows[-1].referral_id


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE INDEX: on SQLite a batch (copy-and-move)
    # would drop ``referrals``, which rows of other tables refer to.
    op.add_column('referrals', sa.Column('subject_key', sa.String(length=SUBJECT_KEY_MAX), nullable=True))
    op.add_column('referrals', sa.Column('subject_dob', sa.Date(), nullable=True))
    _fill()
    op.create_index(op.f('ix_referrals_subject_key'), 'referrals', ['subject_key'], unique=False)
    op.create_index(op.f('ix_referrals_subject_dob'), 'referrals', ['subject_dob'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_referrals_subject_dob'), table_name='referrals')
    op.drop_index(op.f('ix_referrals_subject_key'), table_name='referrals')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('subject_dob')
        batch_op.drop_column('subject_key')
