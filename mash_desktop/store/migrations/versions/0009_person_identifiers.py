"""NHS numbers and unique pupil numbers on people

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

- people: an optional NHS number (ten digits) and unique pupil number
  (thirteen characters), each indexed for the person check at intake.
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


_COLUMNS = (('nhs_number', 10), ('upn', 13))


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite: other tables refer to people).
    for column, length in _COLUMNS:
        op.add_column('people', sa.Column(column, sa.String(length=length), nullable=True))
        op.create_index(op.f(f'ix_people_{column}'), 'people', [column], unique=False)


def downgrade() -> None:
    for column, _ in reversed(_COLUMNS):
        op.drop_index(op.f(f'ix_people_{column}'), table_name='people')
        op.drop_column('people', column)
