"""the index on the allocated member serves the queue's allocated order a member at a time

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04

- ix_referrals_allocated_to_id: now on the member, id, status and RAG, so
  that each member's referrals (and those without one) are a range in id
  order on PostgreSQL too (SQLite's index held the rowid already), and the
  queue's status and RAG filters are checked, and a member's referrals
  counted, from the index alone.

services/queue/allocated_pages.py reads a page of the allocated order from it.
"""

from alembic import op


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

_INDEX = "ix_referrals_allocated_to_id"


def upgrade() -> None:
    op.drop_index(_INDEX, table_name="referrals")
    op.create_index(_INDEX, "referrals", ["allocated_to_id", "id", "status", "rag"])


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="referrals")
    op.create_index(_INDEX, "referrals", ["allocated_to_id"])
