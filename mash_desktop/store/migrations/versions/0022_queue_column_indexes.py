"""indexes that serve the queue's column orders a part at a time

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04

- ix_referrals_subject_key, ix_referrals_subject_dob: now on the column
  and id, so that the referrals without a subject's name or date of birth
  are a range in id order too (SQLite's index held the rowid already;
  PostgreSQL's did not).
- ix_referrals_rag_order, ix_referrals_status_order,
  ix_referrals_source_order: referrals by the code, then id: each code's
  referrals in order, for the RAG, status and source orders.

services/queue/column_pages.py reads a page of a column order from them.
"""

from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

_WIDENED = ("subject_key", "subject_dob")
_CODES = ("rag", "status", "source")


def upgrade() -> None:
    for column in _WIDENED:
        op.drop_index(f"ix_referrals_{column}", table_name="referrals")
        op.create_index(f"ix_referrals_{column}", "referrals", [column, "id"])
    for column in _CODES:
        op.create_index(f"ix_referrals_{column}_order", "referrals", [column, "id"])


def downgrade() -> None:
    for column in reversed(_CODES):
        op.drop_index(f"ix_referrals_{column}_order", table_name="referrals")
    for column in reversed(_WIDENED):
        op.drop_index(f"ix_referrals_{column}", table_name="referrals")
        op.create_index(f"ix_referrals_{column}", "referrals", [column])
