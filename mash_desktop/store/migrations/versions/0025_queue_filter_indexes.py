"""the default order's indexes for the unallocated and overdue filters

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04

- ix_referrals_unallocated_by_rag, ix_referrals_unallocated and
  ix_referrals_decided_unallocated: as ix_referrals_awaited_by_rag,
  ix_referrals_awaited and ix_referrals_decided (0020, 0024), holding only
  the referrals allocated to no one. The queue's "unallocated" filter read
  the groups of the default order from the indexes of every referral, so
  a group with few unallocated ones (decided referrals, all but none
  allocated) was read to its end for a page: about 60 ms at 100,000
  referrals on PostgreSQL, growing with the hub. From these, each group's
  page is its first rows. Each starts with the member (none in all of
  them), so that SQLite, without statistics, prefers them to the member's
  index (0023) and a sort.
- ix_referrals_school_due: Operation Encompass notifications whose school
  is still to be told. The "overdue" filter, most urgent first, reads the
  overdue groups of the default order from their indexes, and from this
  the few cases overdue only for their school; it had tested and sorted
  every open referral.
"""

from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

_DUE = "(CASE WHEN (rag IS NULL AND decision_due_at IS NULL) THEN received_at ELSE decision_due_at END)"
_UNALLOCATED = "status NOT IN ('decided', 'closed') AND allocated_to_id IS NULL"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    by_rag_include = "INCLUDE (decision_due_at) " if postgresql else ""
    by_due_include = "INCLUDE (decision_due_at, rag) " if postgresql else ""
    op.execute(f"CREATE INDEX ix_referrals_unallocated_by_rag ON referrals (allocated_to_id, rag, {_DUE}, "
               f"received_at, id) {by_rag_include}WHERE ({_UNALLOCATED})")
    op.execute(f"CREATE INDEX ix_referrals_unallocated ON referrals (allocated_to_id, {_DUE}, received_at, id) "
               f"{by_due_include}WHERE ({_UNALLOCATED})")
    op.execute("CREATE INDEX ix_referrals_decided_unallocated ON referrals (allocated_to_id, status, received_at, id) "
               "WHERE (status = 'decided' AND allocated_to_id IS NULL)")
    op.execute("CREATE INDEX ix_referrals_school_due ON referrals (school_informed_at, status, received_at, id) "
               "WHERE (school_informed_at IS NULL AND encompass_due_at IS NOT NULL)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_referrals_school_due")
    op.execute("DROP INDEX ix_referrals_decided_unallocated")
    op.execute("DROP INDEX ix_referrals_unallocated")
    op.execute("DROP INDEX ix_referrals_unallocated_by_rag")
