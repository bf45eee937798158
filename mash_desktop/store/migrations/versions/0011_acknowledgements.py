"""acknowledgements to referrers and Operation Encompass notifications

- referrals: when the acknowledgement to the referrer is due, when it was
  sent and how; for an Operation Encompass notification, when the incident
  happened, when the school's key adult is due to be told and when they were.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_COLUMNS = [('acknowledgement_due_at', sa.DateTime(timezone=True)),
            ('acknowledged_at', sa.DateTime(timezone=True)),
            ('acknowledged_how', sa.String(length=32)),
            ('encompass_incident_at', sa.DateTime(timezone=True)),
            ('encompass_due_at', sa.DateTime(timezone=True)),
            ('school_informed_at', sa.DateTime(timezone=True))]


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite: other tables refer to referrals).
    for name, type_ in _COLUMNS:
        op.add_column('referrals', sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name, _ in reversed(_COLUMNS):
        op.drop_column('referrals', name)
