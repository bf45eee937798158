"""certificates chaining every public key to a pinned root; signed shared state

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

- agencies: the agency's certificate (its identity and public keys signed by
  the hub root or a hub administrator), a MAC of the roots under the
  agency's workstation secret (how an enrolling workstation learns what to
  pin), and the public half of the agency's workstation signing key (signs
  what happens before anyone signs in).
- users: the key certificate made when the account was created, and the
  signature over the account's state (active, locked, roles).
- data_keys: the creator's signature over the key's public halves.
- referrals, decisions, disclosures: signatures over shared case state.
- audit_events: which key signed the event (a person's or a workstation's).
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_COLUMNS = {
    'agencies': [('certificate', sa.LargeBinary()), ('certified_by_id', sa.Integer()),
                 ('root_mac', sa.LargeBinary()), ('workstation_signing_key', sa.LargeBinary())],
    'users': [('key_certificate', sa.LargeBinary()), ('certified_by_id', sa.Integer()),
              ('state_signature', sa.LargeBinary()), ('state_signed_by_id', sa.Integer())],
    'data_keys': [('signature', sa.LargeBinary())],
    'referrals': [('state_signature', sa.LargeBinary()), ('state_signed_by_id', sa.Integer())],
    'decisions': [('signature', sa.LargeBinary())],
    'disclosures': [('signature', sa.LargeBinary()), ('authorisation_signature', sa.LargeBinary())],
    'audit_events': [('signer', sa.String(length=8))],
}


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite: other tables refer to these).
    for table, columns in _COLUMNS.items():
        for name, type_ in columns:
            op.add_column(table, sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for table, columns in _COLUMNS.items():
        for name, _ in reversed(columns):
            op.drop_column(table, name)
