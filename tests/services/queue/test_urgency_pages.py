"""Pages of the default order read from its indexes a group at a time are the pages of the whole sort."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest
from sqlalchemy import event, func, select

from mash_desktop.domain.codes import Rag, Status
from mash_desktop.services.queue import query as queue_query
from mash_desktop.services.queue.query import QueueFilter, QueueQuery, ids_query, page_ids, page_query
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral

from ...conftest import DEMO_NOW

QUERIES = [QueueQuery(), QueueQuery(QueueFilter(rag=Rag.RED)), QueueQuery(QueueFilter(rag="unrated")),
           QueueQuery(QueueFilter(status=Status.DECIDED)), QueueQuery(QueueFilter(status=Status.CLOSED)),
           QueueQuery(QueueFilter(overdue=True)), QueueQuery(QueueFilter(unallocated=True)),
           QueueQuery(QueueFilter(agency="POL")), QueueQuery(QueueFilter(rag=Rag.AMBER, status=Status.SCREENED)),
           QueueQuery(search="a"), QueueQuery(QueueFilter(status=Status.RESEARCHING)),
           QueueQuery(QueueFilter(mine=-1)), QueueQuery(QueueFilter(mine=-1, agency="HLT"))]
#: ``mine=-1`` in QUERIES stands for the member with the most referrals in the demo hub.
SOMEONE = -1
#: Before every due time, in the middle of the demo's clocks, and after every one: each band in turn.
TIMES = [DEMO_NOW - dt.timedelta(days=3650), DEMO_NOW, DEMO_NOW + dt.timedelta(days=3650)]


@pytest.fixture
def demo(demo_db_url):
    db = Database(demo_db_url)
    yield db
    db.dispose()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q.filter) + q.search)
@pytest.mark.parametrize("counted", [False, True], ids=["read", "counted first"])
def test_every_page_is_the_slice_of_the_whole_order(demo, query, counted, monkeypatch):
    """Read from the groups' first rows, or (windows far down) after counting the groups and skipping those
    before the window: a demo hub is small, so here every window is counted first."""
    if counted:
        monkeypatch.setattr(queue_query, "SEEK_FROM", 0)
    if query.filter.mine == SOMEONE:
        with demo.read() as session:
            member = session.scalar(select(Referral.allocated_to_id).where(Referral.allocated_to_id.is_not(None))
                                    .group_by(Referral.allocated_to_id).order_by(func.count().desc()).limit(1))
        query = replace(query, filter=replace(query.filter, mine=member))
    for now in TIMES:
        with demo.read() as session:
            whole = list(session.scalars(ids_query(query, now)))
            for size in (1, 3, 8):
                pages = []
                for offset in range(0, len(whole) + size, size):
                    pages += page_ids(session, query, now, offset, size)
                assert pages == whole, (now, size)


def test_the_order_holds_for_ties_and_every_kind_of_clock(demo, monkeypatch):
    """Same due times, no rating without a due time, rated without one, decided and closed: one order."""
    monkeypatch.setattr(queue_query, "SEEK_FROM", 0)  # windows counted first too
    with demo.write() as session:
        rows = list(session.scalars(select(Referral).order_by(Referral.id)))
        same = DEMO_NOW - dt.timedelta(hours=1)
        for n, referral in enumerate(rows):
            kind = n % 5
            if kind == 0:
                referral.decision_due_at = same
            elif kind == 1:
                referral.rag, referral.decision_due_at = None, None
            elif kind == 2:
                referral.rag, referral.decision_due_at = Rag.BLUE, None
            elif kind == 3:
                referral.received_at = rows[0].received_at
    for query in (QueueQuery(), QueueQuery(QueueFilter(status=Status.CLOSED)), QueueQuery(QueueFilter(rag="unrated")),
                  QueueQuery(QueueFilter(rag=Rag.BLUE))):
        with demo.read() as session:
            whole = list(session.scalars(ids_query(query, DEMO_NOW)))
            assert len(whole) > 1
            assert list(session.scalars(page_query(query, DEMO_NOW, 0, len(whole) + 5))) == whole
            assert list(session.scalars(page_query(query, DEMO_NOW, 2, 3))) == whole[2:5]
            windows = [page_ids(session, query, DEMO_NOW, offset, 2) for offset in range(0, len(whole), 2)]
            assert sum(windows, []) == whole


def test_overdue_for_the_school_alone_is_overdue_in_every_group(demo, monkeypatch):
    """Operation Encompass: a school not told by its deadline makes a case overdue whatever its own clock:
    not yet due, without a clock, or decided (never closed). The groups find those too, and count them."""
    monkeypatch.setattr(queue_query, "SEEK_FROM", 0)  # windows counted first too
    late, early = DEMO_NOW - dt.timedelta(hours=2), DEMO_NOW + dt.timedelta(hours=2)
    with demo.write() as session:
        for n, referral in enumerate(session.scalars(select(Referral).order_by(Referral.id))):
            referral.encompass_due_at = (late, early, late)[n % 3]
            referral.school_informed_at = DEMO_NOW if n % 7 == 0 else None
            if n % 4 == 1:  # not yet due for its decision
                referral.decision_due_at = DEMO_NOW + dt.timedelta(hours=5)
            if referral.status in queue_query.DECIDED:  # the school still not told, decided or closed
                referral.encompass_due_at, referral.school_informed_at = late, None
    for query in (QueueQuery(QueueFilter(overdue=True)), QueueQuery(QueueFilter(overdue=True, status=Status.DECIDED)),
                  QueueQuery(QueueFilter(overdue=True, status=Status.CLOSED)),
                  QueueQuery(QueueFilter(overdue=True, rag=Rag.BLUE)),
                  QueueQuery(QueueFilter(overdue=True, unallocated=True))):
        with demo.read() as session:
            whole = list(session.scalars(ids_query(query, DEMO_NOW)))
            windows = [page_ids(session, query, DEMO_NOW, offset, 2) for offset in range(0, len(whole) + 2, 2)]
            assert sum(windows, []) == whole, query.filter
            assert queue_query.query_size(session, query, DEMO_NOW) == len(whole), query.filter
    with demo.read() as session:
        whole = set(session.scalars(ids_query(QueueQuery(QueueFilter(overdue=True)), DEMO_NOW)))
        rows = session.execute(select(Referral.id, Referral.status, Referral.decision_due_at)).all()
    found = [(status, due) for id_, status, due in rows if id_ in whole]
    assert any(status is Status.DECIDED for status, _ in found)  # overdue only for their schools
    assert any(status not in queue_query.DECIDED and due is not None and due > DEMO_NOW for status, due in found)
    assert not any(status is Status.CLOSED for status, _ in found)


def _plan(db, query: QueueQuery, *, drop: str = "", settings: tuple[str, ...] = ()) -> list[str]:
    """The plan of ``query``'s first page: SQLite's as it is; PostgreSQL's with sequential scans off
    (an empty table gives its planner no reason to prefer any index), ``settings`` set and the indexes
    ``drop`` names dropped, so that the plan shows whether the others alone serve (all rolled back)."""
    sql = str(page_query(query, DEMO_NOW, 0, 100).compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        if db.is_sqlite:
            return [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
        for setting in ("enable_seqscan = off", *settings):
            conn.exec_driver_sql(f"SET LOCAL {setting}")
        if drop:
            conn.exec_driver_sql(f"DROP INDEX {drop}")
        plan = [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}")]
        conn.rollback()
        return plan


def _reads(plan: list[str]) -> list[str]:
    """The plan's reads of the referrals' table, one a group."""
    return [line for line in plan if "referrals" in line and ("SCAN" in line or "SEARCH" in line or "Scan" in line)]


def test_the_groups_are_read_from_the_indexes(db):
    """Each group of the default order's first page is a range of an index, not a scan and sort of every row."""
    plan = " ".join(_plan(db, QueueQuery(), drop="ix_referrals_member_by_rag, ix_referrals_member_due, "
                                                 "ix_referrals_decided_by_member, ix_referrals_status_by_due"))
    if db.is_sqlite:
        assert plan.count("USING INDEX ix_referrals_awaited_by_rag") == len(Rag) + 1, plan
        assert "USING INDEX ix_referrals_awaited " in plan, plan
        assert "INDEX ix_referrals_status_received " in plan, plan  # not the status index and a sort
    else:
        assert plan.count("Index Scan using ix_referrals_awaited_by_rag ") + plan.count(
            "Index Only Scan using ix_referrals_awaited_by_rag ") == len(Rag) + 1, plan
        assert "using ix_referrals_awaited " in plan and "using ix_referrals_status_received " in plan, plan


@pytest.mark.parametrize("member", ["unallocated", "mine"])
def test_the_member_filters_read_the_groups_a_member_at_a_time(db, member):
    """Their groups are ranges of indexes led by the member (migrations 0025, 0026), not the whole
    groups' ranges read until enough of the member's rows turn up (every decided referral, for one),
    and each range is in its group's order: none (unallocated) and not rated yet are equalities there,
    where ``IS NULL`` made PostgreSQL sort each group's rows."""
    query = QueueQuery(QueueFilter(unallocated=True) if member == "unallocated" else QueueFilter(mine=7))
    # On PostgreSQL sorts are off too: a group is sorted only if its index has no order to give.
    plan = _plan(db, query, settings=("enable_sort = off",),
                 drop="ix_referrals_awaited_by_rag, ix_referrals_awaited, ix_referrals_status_received, "
                      "ix_referrals_allocated_to_id, ix_referrals_status_by_due, ix_referrals_received_at")
    reads = _reads(plan)
    by_member = re.compile(r"(USING (COVERING )?INDEX|using) ix_referrals_(member_by_rag|member_due|decided_by_member) ")
    assert len(reads) == len(Rag) + 4 and all(by_member.search(line) for line in reads), "\n".join(plan)
    # The groups' rows together; each group comes in order, but on PostgreSQL the rated without a due
    # time (``due IS NULL``, few), which it sorts by receipt.
    sorts = sum("TEMP B-TREE" in line or "Sort Key" in line for line in plan)
    assert sorts == (1 if db.is_sqlite else 2), "\n".join(plan)


def test_the_status_filter_reads_the_groups_a_status_at_a_time(db):
    """Each group of a status is a range of the status's part of one index (migration 0026), the rating
    tested in it: neither every referral of the status read from the status's index and sorted, nor a
    group read to its end for the few of the status in it."""
    plan = _plan(db, QueueQuery(QueueFilter(status=Status.RESEARCHING)),
                 drop="ix_referrals_awaited_by_rag, ix_referrals_awaited, ix_referrals_status_order, "
                      "ix_referrals_status_due, ix_referrals_member_by_rag, ix_referrals_member_due, "
                      "ix_referrals_status_received")
    reads = _reads(plan)
    assert len(reads) == len(Rag) + 3, "\n".join(plan)  # the overdue of each rating; not yet due; no clock
    assert all(re.search(r"(INDEX|using) ix_referrals_status_by_due ", line) for line in reads), "\n".join(plan)
    if db.is_sqlite:  # the groups' rows come in order: only the union of the groups is sorted
        assert " ".join(plan).count("TEMP B-TREE") == 1, "\n".join(plan)


def test_overdue_for_the_school_alone_is_read_from_the_schools_index(db):
    """Most urgent first, "overdue" reads the overdue groups from their indexes and, from the index of the
    notifications whose school is still to be told (migration 0025), the not yet due and the decided ones
    overdue for their school: no group is read to its end looking for them."""
    plan = _plan(db, QueueQuery(QueueFilter(overdue=True)),
                 drop="ix_referrals_awaited, ix_referrals_status_received, ix_referrals_status_order, ix_referrals_status_due, "
                      "ix_referrals_member_by_rag, ix_referrals_member_due, ix_referrals_decided_by_member, "
                      "ix_referrals_status_by_due")
    reads = _reads(plan)
    assert len(reads) == len(Rag) + 4, "\n".join(plan)
    assert all("ix_referrals_awaited_by_rag" in line for line in reads[:len(Rag) + 1]), "\n".join(plan)
    school = [line for line in reads if "ix_referrals_school_due" in line]
    assert reads[len(Rag) + 1] in school and reads[-1] in school, "\n".join(plan)  # not yet due; decided


def _counts_sent(db, monkeypatch, offset: int, size: int) -> list[tuple[str, object]]:
    """The counting statements a window of the default order at ``offset`` sends, counted first."""
    monkeypatch.setattr(queue_query, "SEEK_FROM", 0)
    sent: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.read() as session:
            page_ids(session, QueueQuery(), DEMO_NOW, offset, size)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return [(statement, parameters) for statement, parameters in sent if "count(*)" in statement]


def test_a_window_far_down_counts_the_groups_from_the_indexes_alone(db, monkeypatch):
    """The counts that place a window far down read ranges of the groups' indexes; on PostgreSQL the
    indexes alone, without visiting the rows (they carry the due time's columns for it: migration 0024).
    A band at a time: in an empty hub the window is past every band, so each but the last is counted
    (overdue of each rating and not rated; not yet due), the last (no clock) never."""
    counted = _counts_sent(db, monkeypatch, 0, 10)
    assert len(counted) == len(Rag) + 2 and all(s.count("count(*)") == 1 for s, _ in counted), counted
    with db.engine.begin() as conn:
        for statement, parameters in counted:
            if db.is_sqlite:  # SQLite reads each count as a range of the group's index
                plan = [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
                reads = [line for line in plan if "referrals" in line]
                assert len(reads) == 1 and reads[0].startswith("SEARCH referrals USING"), plan
            else:  # a tiny table is read whole by choice: here only whether the indexes alone can answer
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
                conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
                plan = [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)]
                reads = [line for line in plan if " on referrals" in line]
                assert len(reads) == 1 and "Index Only Scan" in reads[0], "\n".join(plan)


def test_a_window_counts_the_bands_only_as_far_as_its_end(demo, monkeypatch):
    """A window at the top stops counting at the first band that reaches its end, and each band is
    counted no further than that (a window half way down counts about half the queue, not all of it)."""
    with demo.read() as session:
        whole = list(session.scalars(ids_query(QueueQuery(), DEMO_NOW)))
    assert len(whole) > 3
    bottom = _counts_sent(demo, monkeypatch, len(whole), 1)
    top = _counts_sent(demo, monkeypatch, 0, 1)
    assert 1 <= len(top) < len(bottom) <= len(Rag) + 2, (len(top), len(bottom))
    # The top window's last count stops at one row: its LIMIT is the window's end.
    statement, parameters = top[-1]
    limits = parameters.values() if isinstance(parameters, dict) else parameters
    assert 1 in tuple(limits) and "LIMIT" in statement.upper(), (statement, parameters)
