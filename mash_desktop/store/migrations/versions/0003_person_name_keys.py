"""phonetic name keys on people; a consulting caller's phone and email

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

The keys of people already stored are computed here with the application's
own key function, so old and new rows compare alike.
"""

from alembic import op
import sqlalchemy as sa

from mash_desktop.domain.names import KEY_MAX, name_key


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_BATCH = 1000


def _fill_keys() -> None:
    conn = op.get_bind()
    people = sa.table('people', sa.column('id', sa.Integer), sa.column('given_name', sa.String),
                      sa.column('family_name', sa.String), sa.column('given_key', sa.String),
                      sa.column('family_key', sa.String))
    update = (people.update().where(people.c.id == sa.bindparam('pid'))
              .values(given_key=sa.bindparam('gk'), family_key=sa.bindparam('fk')))
    last = 0
    while True:
        rows = conn.execute(sa.select(people.c.id, people.c.given_name, people.c.family_name)
                            .where(people.c.id > last).order_by(people.c.id).limit(_BATCH)).all()
        if not rows:
            return
        conn.execute(update, [{'pid': r.id, 'gk': name_key(r.given_name), 'fk': name_key(r.family_name)}
                              for r in rows])
        last = rows[-1].id


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE INDEX: on SQLite a batch (copy-and-move)
    # would drop ``people``, which rows of other tables refer to.
    for column in ('given_key', 'family_key'):
        op.add_column('people', sa.Column(column, sa.String(length=KEY_MAX), nullable=False, server_default=''))
    _fill_keys()
    if op.get_bind().dialect.name != 'sqlite':  # SQLite cannot drop a default in place; the model sets it
        for column in ('given_key', 'family_key'):
            op.alter_column('people', column, server_default=None)
    op.create_index('ix_people_name_keys', 'people', ['family_key', 'given_key'], unique=False)
    op.add_column('consultations', sa.Column('caller_phone', sa.String(length=32), nullable=True))
    op.add_column('consultations', sa.Column('caller_email', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('caller_email')
        batch_op.drop_column('caller_phone')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index('ix_people_name_keys')
        batch_op.drop_column('family_key')
        batch_op.drop_column('given_key')
