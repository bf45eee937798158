"""the default order's indexes carry the decision due time on PostgreSQL

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04

- ix_referrals_awaited_by_rag and ix_referrals_awaited (0020): on
  PostgreSQL they also include the columns of the due time's expression
  they did not hold (decision_due_at; and rag for the second). PostgreSQL answers a query from an
  index alone only if the index holds every column the query names; with
  it, counting each group of the default order (a window far down the
  queue, services/queue/urgency.py) no longer visits every row. SQLite
  answers from the expression itself and is left as it is.
"""

from alembic import op


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

_DUE = "(CASE WHEN (rag IS NULL AND decision_due_at IS NULL) THEN received_at ELSE decision_due_at END)"
_AWAITED = "WHERE (status NOT IN ('decided', 'closed'))"
#: (index, its columns, what it includes from 0024)
_INDEXES = (("ix_referrals_awaited_by_rag", f"rag, {_DUE}, received_at, id", "decision_due_at"),
            ("ix_referrals_awaited", f"{_DUE}, received_at, id", "decision_due_at, rag"))


def _recreate(included: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns, include in _INDEXES:
        op.execute(f"DROP INDEX {name}")
        op.execute(f"CREATE INDEX {name} ON referrals ({columns}) {f'INCLUDE ({include}) ' if included else ''}"
                   f"{_AWAITED}")


def upgrade() -> None:
    _recreate(True)


def downgrade() -> None:
    _recreate(False)
