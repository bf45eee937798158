"""the default order's indexes serve the status, member and agency filters

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04

- ix_referrals_awaited_by_rag and ix_referrals_awaited (0020, 0024) end
  with the status and the research progress. The first is on the rating
  or '' (not rated yet), so that "not rated yet" is an equality that
  PostgreSQL reads in the index's order, as it does a rating. A filter on either (a status;
  an agency's research, which only a referral with research can have) read
  the rows of every group it picks few of or none, to the group's end: the
  new contacts not rated yet, none of them being researched, are a sixth of
  a million-referral hub. SQLite now tests those columns in the index and
  skips the rows that fail; PostgreSQL does when it reads the index alone.
- ix_referrals_member_by_rag, ix_referrals_member_due and
  ix_referrals_decided_by_member replace the unallocated ones of 0025:
  the same groups a member at a time, every member and none (0), so that
  an officer's "mine" reads its groups as ranges as "unallocated" does; it
  had sorted every one of the officer's referrals. Led by the member or 0,
  "unallocated" is an equality, which PostgreSQL reads in the index's
  order (it sorted what ``allocated_to_id IS NULL`` picked).
- ix_referrals_status_by_due: the groups a status at a time, for the
  status filter (the rating after it picks an overdue group's rows);
  SQLite otherwise read every referral of the status from the status's
  index and sorted them for the groups not yet due.
"""

from alembic import op


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

_DUE = "(CASE WHEN (rag IS NULL AND decision_due_at IS NULL) THEN received_at ELSE decision_due_at END)"
_AWAITED = "status NOT IN ('decided', 'closed')"
_UNALLOCATED = f"{_AWAITED} AND allocated_to_id IS NULL"
#: The member, 0 for none: "unallocated" is then an equality, as "mine" is (store/queue_order.py).
_MEMBER = "(coalesce(allocated_to_id, 0))"
#: The rating, '' for none yet: "not rated yet" is then an equality too.
_RATING = "(coalesce(rag, ''))"


def _include(postgresql: bool, columns: str) -> str:
    return f"INCLUDE ({columns}) " if postgresql else ""


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for name in ("ix_referrals_awaited_by_rag", "ix_referrals_awaited", "ix_referrals_unallocated_by_rag",
                 "ix_referrals_unallocated", "ix_referrals_decided_unallocated"):
        op.execute(f"DROP INDEX {name}")
    filtered = "status, research_done"
    op.execute(f"CREATE INDEX ix_referrals_awaited_by_rag ON referrals ({_RATING}, {_DUE}, received_at, id, "
               f"{filtered}) {_include(pg, 'decision_due_at, rag')}WHERE ({_AWAITED})")
    op.execute(f"CREATE INDEX ix_referrals_awaited ON referrals ({_DUE}, received_at, id, {filtered}) "
               f"{_include(pg, 'decision_due_at, rag')}WHERE ({_AWAITED})")
    op.execute(f"CREATE INDEX ix_referrals_member_by_rag ON referrals ({_MEMBER}, {_RATING}, {_DUE}, received_at, "
               f"id, {filtered}) {_include(pg, 'decision_due_at, rag')}WHERE ({_AWAITED})")
    op.execute(f"CREATE INDEX ix_referrals_member_due ON referrals ({_MEMBER}, {_DUE}, received_at, id, "
               f"{filtered}) {_include(pg, 'decision_due_at, rag')}WHERE ({_AWAITED})")
    op.execute(f"CREATE INDEX ix_referrals_status_by_due ON referrals (status, {_DUE}, received_at, id, rag, "
               f"research_done) {_include(pg, 'decision_due_at')}WHERE ({_AWAITED})")
    op.execute(f"CREATE INDEX ix_referrals_decided_by_member ON referrals ({_MEMBER}, status, received_at, id) "
               "WHERE (status = 'decided')")


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for name in ("ix_referrals_decided_by_member", "ix_referrals_status_by_due", "ix_referrals_member_due", "ix_referrals_member_by_rag",
                 "ix_referrals_awaited", "ix_referrals_awaited_by_rag"):
        op.execute(f"DROP INDEX {name}")
    op.execute(f"CREATE INDEX ix_referrals_awaited_by_rag ON referrals (rag, {_DUE}, received_at, id) "
               f"{_include(pg, 'decision_due_at')}WHERE ({_AWAITED})")
    op.execute(f"CREATE INDEX ix_referrals_awaited ON referrals ({_DUE}, received_at, id) "
               f"{_include(pg, 'decision_due_at, rag')}WHERE ({_AWAITED})")
    op.execute(f"CREATE INDEX ix_referrals_unallocated_by_rag ON referrals (allocated_to_id, rag, {_DUE}, "
               f"received_at, id) {_include(pg, 'decision_due_at')}WHERE ({_UNALLOCATED})")
    op.execute(f"CREATE INDEX ix_referrals_unallocated ON referrals (allocated_to_id, {_DUE}, received_at, id) "
               f"{_include(pg, 'decision_due_at, rag')}WHERE ({_UNALLOCATED})")
    op.execute("CREATE INDEX ix_referrals_decided_unallocated ON referrals (allocated_to_id, status, received_at, id) "
               "WHERE (status = 'decided' AND allocated_to_id IS NULL)")
