"""indexes that serve the queue's default order a group at a time

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04

- ix_referrals_awaited_by_rag: referrals still awaiting screening or a
  decision, by rating, then due time (a referral not rated yet without a due
  time is due at its receipt), receipt and id: each rating's overdue
  contacts in order.
- ix_referrals_awaited: the same referrals by due time, receipt and id: the
  contacts not yet due in order (and those rated without a due time).
- ix_referrals_decided: decided referrals (not closed yet) by receipt and id
  (led by the status, so SQLite prefers it to the status index without statistics).

All are partial; services/queue/urgency.py reads
a page of the default order from them (store/queue_order.py).
"""

from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

_DUE = "(CASE WHEN (rag IS NULL AND decision_due_at IS NULL) THEN received_at ELSE decision_due_at END)"
_AWAITED = "WHERE (status NOT IN ('decided', 'closed'))"


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_referrals_awaited_by_rag ON referrals (rag, {_DUE}, received_at, id) {_AWAITED}")
    op.execute(f"CREATE INDEX ix_referrals_awaited ON referrals ({_DUE}, received_at, id) {_AWAITED}")
    op.execute("CREATE INDEX ix_referrals_decided ON referrals (status, received_at, id) WHERE (status = 'decided')")


def downgrade() -> None:
    op.execute("DROP INDEX ix_referrals_decided")
    op.execute("DROP INDEX ix_referrals_awaited")
    op.execute("DROP INDEX ix_referrals_awaited_by_rag")
