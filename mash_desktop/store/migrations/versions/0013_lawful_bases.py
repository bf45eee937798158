"""lawful bases as the law sets them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

- disclosures: what kind of data was shared, and the grounds in parts: the
  Article 6 basis, the Article 9 condition with its Schedule 1 condition,
  the Article 10 condition through Schedule 1, the Schedule 8 condition for
  Part 3 law-enforcement processing; consent from whom and covering whom.
  Each existing one-code basis is copied into the parts it names (nothing
  invented: a safeguarding Article 9 condition keeps no Article 6 basis); the
  old column stays, so what was recorded, and signed, is kept as it was.
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_COLUMNS = [('data_kinds', sa.String(length=500)), ('article6', sa.String(length=500)),
            ('article9', sa.String(length=500)), ('article10', sa.String(length=500)),
            ('schedule8', sa.String(length=500)), ('consent_from', sa.Text()), ('consent_covering', sa.Text())]

#: old code -> (data kinds, Article 6, Article 9, Schedule 8), as domain/lawful_basis.from_legacy.
_LEGACY = {
    'art6_1a': ('personal', '6_1_a', None, None),
    'art6_1c': ('personal', '6_1_c', None, None),
    'art6_1d': ('personal', '6_1_d', None, None),
    'art6_1e': ('personal', '6_1_e', None, None),
    'art9_2g_sch1_18': ('special', None, '9_2_g_sch1_18', None),
    'dpa_part3_s35_sch8_4': ('law_enforcement', None, None, 'sch8_4'),
}


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite: other tables refer to disclosures).
    for name, type_ in _COLUMNS:
        op.add_column('disclosures', sa.Column(name, type_, nullable=True))
    table = sa.table('disclosures', sa.column('lawful_basis', sa.String), sa.column('data_kinds', sa.String),
                     sa.column('article6', sa.String), sa.column('article9', sa.String),
                     sa.column('schedule8', sa.String))
    for code, (kinds, article6, article9, schedule8) in _LEGACY.items():
        op.execute(table.update().where(table.c.lawful_basis == code).values(
            data_kinds=kinds, article6=article6, article9=article9, schedule8=schedule8))


def downgrade() -> None:
    for name, _ in reversed(_COLUMNS):
        op.drop_column('disclosures', name)
