"""a disclosure may be refused or returned instead of authorised

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

- disclosures: the outcome (refused, returned), its reason, who decided it,
  when, and their signature over it.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_COLUMNS = [('outcome', sa.String(length=500)), ('outcome_reason', sa.Text()), ('outcome_by_id', sa.Integer()),
            ('outcome_at', sa.DateTime(timezone=True)), ('outcome_signature', sa.LargeBinary())]


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite: other tables refer to disclosures).
    for name, type_ in _COLUMNS:
        op.add_column('disclosures', sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name, _ in reversed(_COLUMNS):
        op.drop_column('disclosures', name)
