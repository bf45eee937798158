"""The baselines of the queue figures: the same rows with one hand-written SQL query.

Each query is what a person would write straight at the database for the
same rows (the first subject is the person at position 0, research comes
back as one aggregated string), run through the bare driver cursor and
fetched, so the baseline is the database's own work plus fetching, without
our query building or row objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mash_desktop.store.database import Database

OPEN = "r.status <> 'closed'"
DUE = "CASE WHEN r.status IN ('decided', 'closed') THEN NULL ELSE r.decision_due_at END"
NAME = "r.subject_key"  # the first subject's folded name, kept on the referral
DONE = "r.research_done"  # the share of research come back, kept on the referral
CONCERN = "r.concern_rank"  # the first concern's rank in ConcernCategory's order, kept on the referral
SUBJECT = ("JOIN referral_people rp ON rp.referral_id = r.id AND rp.position = 0 "
           "JOIN people p ON p.id = rp.person_id")
ALLOCATED = "LEFT JOIN users u ON u.id = r.allocated_to_id"


def urgency(at: str) -> str:
    """The queue's default order as of ``at`` (an SQL time literal): overdue by rating (Red, not rated,
    Amber, Green) and due time, then not yet due by due time, then no clock by receipt."""
    due = ("CASE WHEN r.status IN ('decided', 'closed') THEN NULL WHEN r.rag IS NULL AND r.decision_due_at IS NULL "
           "THEN r.received_at ELSE r.decision_due_at END")
    band = f"CASE WHEN {due} IS NULL THEN 2 WHEN {due} <= {at} THEN 0 ELSE 1 END"
    rank = (f"CASE WHEN {due} <= {at} THEN CASE r.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 "
            f"WHEN 'blue' THEN 4 ELSE 1 END ELSE 0 END")
    return f"{band}, {rank}, {due}, r.received_at, r.id"


@dataclass(frozen=True)
class PlainQuery:
    """The WHERE and ORDER BY of one queue query, in SQL text."""

    where: str = OPEN
    order: str = DUE
    descending: bool = False
    needs_subject: bool = False
    needs_user: bool = False
    #: Ties in the other direction (the queue's age order runs against its dates of birth).
    tie_descending: bool | None = None
    #: A whole ORDER BY of its own (the default order, most urgent first), instead of ``order``.
    terms: str | None = None

    def order_by(self) -> str:
        if self.terms is not None:
            return self.terms
        way = " DESC" if self.descending else ""
        tie = self.descending if self.tie_descending is None else self.tie_descending
        return f"({self.order}) IS NULL, {self.order}{way}, r.id{' DESC' if tie else ''}"


def time_literal(db: Database, at: dt.datetime) -> str:
    """``at`` as an SQL literal the backend compares with its stored UTC times."""
    utc = at.astimezone(dt.timezone.utc)
    if db.is_sqlite:
        return f"'{utc.replace(tzinfo=None).isoformat(' ', 'microseconds')}'"
    return f"'{utc.isoformat()}'::timestamptz"


def research_text(db: Database) -> str:
    join = "group_concat(a.code || ':' || q.status, ',')" if db.is_sqlite else \
        "string_agg(a.code || ':' || q.status, ',')"
    return (f"(SELECT {join} FROM research_requests q JOIN agencies a ON a.id = q.agency_id "
            "WHERE q.referral_id = r.id)")


def first_page_sql(db: Database, q: PlainQuery, size: int, offset: int = 0) -> str:
    """The first ``size`` rows (from ``offset``), with every column the queue shows."""
    return (f"SELECT r.id, r.reference, r.status, r.rag, r.received_at, r.decision_due_at, p.given_name, "
            f"p.family_name, p.date_of_birth, u.display_name, r.allocated_to_id, r.encompass_due_at, "
            f"r.school_informed_at, {research_text(db)} "
            f"FROM referrals r {SUBJECT} {ALLOCATED} WHERE {q.where} ORDER BY {q.order_by()} "
            f"LIMIT {size} OFFSET {offset}")


def ids_sql(q: PlainQuery) -> str:
    """Every id, in order."""
    joins = (SUBJECT + " " if q.needs_subject else "") + (ALLOCATED if q.needs_user else "")
    return f"SELECT r.id FROM referrals r {joins} WHERE {q.where} ORDER BY {q.order_by()}"


def count_sql(q: PlainQuery) -> str:
    """How many rows the query picks."""
    return f"SELECT count(*) FROM referrals r WHERE {q.where}"


def run(db: Database, sql: str) -> list[tuple]:
    """Run ``sql`` on a bare driver cursor and fetch every row."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(sql)
        rows = cur.fetchall()
        cur.close()
        raw.rollback()
        return rows
    finally:
        raw.close()
