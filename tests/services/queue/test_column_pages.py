"""Pages of a column order read from its indexes a part at a time are the pages of the whole sort."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.codes import ContactSource, Rag, Status
from mash_desktop.services.queue import query as queue_query
from mash_desktop.services.queue.query import QueueFilter, QueueQuery, QueueSort, ids_query, page_ids, page_query
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral

from ...conftest import DEMO_NOW

FILTERS = [QueueFilter(), QueueFilter(rag=Rag.RED), QueueFilter(rag="unrated"), QueueFilter(status=Status.DECIDED),
           QueueFilter(status=Status.CLOSED), QueueFilter(status=Status.NEW), QueueFilter(unallocated=True),
           QueueFilter(agency="POL"), QueueFilter(rag=Rag.AMBER, status=Status.SCREENED)]
#: The orders read a part at a time (the others sort whole or have indexes on the whole order).
PARTED = [QueueSort.REFERENCE, QueueSort.SUBJECT, QueueSort.AGE, QueueSort.RAG, QueueSort.STATUS, QueueSort.DUE,
          QueueSort.RECEIVED, QueueSort.SOURCE]


@pytest.fixture
def tied(demo_db_url):
    """The demo hub with ties and missing values in every column a column order reads."""
    db = Database(demo_db_url)
    with db.write() as session:
        rows = list(session.scalars(select(Referral).order_by(Referral.id)))
        first = rows[0]
        for n, referral in enumerate(rows[1:], 1):
            kind = n % 6
            if kind == 0:
                referral.subject_key, referral.subject_dob = None, None
                referral.rag, referral.decision_due_at = None, None  # due at receipt
            elif kind == 1:
                referral.subject_key, referral.subject_dob = first.subject_key, first.subject_dob
                referral.received_at, referral.decision_due_at = first.received_at, first.decision_due_at
            elif kind == 2:
                referral.rag, referral.decision_due_at = Rag.BLUE, None  # rated without a due time
                referral.source = ContactSource.POLICE
            elif kind == 3:
                referral.subject_dob = None
                referral.allocated_to_id = None
    yield db
    db.dispose()


@pytest.mark.parametrize("sort", list(QueueSort), ids=lambda s: s.name)
def test_every_page_is_the_slice_of_the_whole_order(tied, sort):
    for descending in (False, True):
        for where in FILTERS:
            query = QueueQuery(where, sort=sort, descending=descending)
            with tied.read() as session:
                whole = list(session.scalars(ids_query(query, DEMO_NOW)))
                for size in (1, 4, 7):
                    pages = []
                    for offset in range(0, len(whole) + size, size):
                        pages += page_ids(session, query, DEMO_NOW, offset, size)
                    assert pages == whole, (where, descending, size)


def _scans(node: dict) -> list[dict]:
    """The reads of the referrals at or under a node of PostgreSQL's plan (EXPLAIN in JSON)."""
    own = [node] if node.get("Relation Name") == "referrals" else []
    return own + [scan for child in node.get("Plans", []) for scan in _scans(child)]


def _sorts(node: dict) -> list[dict]:
    own = [node] if node["Node Type"] == "Sort" else []
    return own + [found for child in node.get("Plans", []) for found in _sorts(child)]


@pytest.mark.parametrize("sort", PARTED, ids=lambda s: s.name)
def test_the_parts_are_read_from_indexes(db, sort):
    """Each part of a column order's first page is a range of an index, not a scan and sort of every row:
    at most a part read as an index range is sorted whole (the awaited referrals without a due time)."""
    for descending in (False, True):
        query = QueueQuery(sort=sort, descending=descending)
        sql = str(page_query(query, DEMO_NOW, 0, 100).compile(db.engine, compile_kwargs={"literal_binds": True}))
        with db.engine.begin() as conn:
            if db.is_sqlite:
                plan = [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
                reads = [n for n, step in enumerate(plan) if " referrals " in f"{step} "]
                assert reads and all("USING" in plan[n] and "INDEX" in plan[n] for n in reads), plan
                assert plan[-1] == "USE TEMP B-TREE FOR ORDER BY", plan  # the parts' rows, ordered together
                for n, step in enumerate(plan[:-1]):
                    if step == "USE TEMP B-TREE FOR ORDER BY":
                        assert plan[max(r for r in reads if r < n)].startswith("SEARCH "), plan
            else:  # an empty table is read whole by choice: here only whether the indexes can serve the parts
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
                conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
                top = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}").scalar()[0]["Plan"]
                assert all(scan["Node Type"] in ("Index Scan", "Index Only Scan") for scan in _scans(top)), top
                inner = [found for found in _sorts(top)][1:]  # the first orders the parts' rows together
                assert all("Index Cond" in scan for found in inner for scan in _scans(found)), top


#: The column orders read from indexes led by the status, or of the open referrals only (migration 0027):
#: each one's index (unfiltered by status, filtered).
BY_STATUS = {QueueSort.REFERENCE: ("status_reference", "status_reference"),
             QueueSort.SUBJECT: ("status_subject_key", "status_subject_key"),
             QueueSort.AGE: ("status_subject_dob", "status_subject_dob"),
             QueueSort.RECEIVED: ("status_received", "status_received"),
             QueueSort.RAG: ("open_rag", "status_rag"), QueueSort.SOURCE: ("open_source", "status_source"),
             QueueSort.STATUS: ("status_order", "status_order")}
_RANKED_BY_CODE = (QueueSort.RAG, QueueSort.SOURCE)


def _index_names(db, sql: str, drop: str = "") -> list[str]:
    """The index each read of the referrals in ``sql``'s plan uses ('' for none); on PostgreSQL
    with the indexes ``drop`` names dropped (rolled back)."""
    with db.engine.connect() as conn:
        if db.is_sqlite:
            plan = [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
            return [step.split(" INDEX ")[1].split(" ")[0] if " INDEX " in step else ""
                    for step in plan if " referrals " in f"{step} "]
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        if drop:
            conn.exec_driver_sql(f"DROP INDEX {drop}")
        top = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}").scalar()[0]["Plan"]
        conn.rollback()
        return [scan.get("Index Name", "") for scan in _scans(top)]


@pytest.mark.parametrize("sort", list(BY_STATUS), ids=lambda s: s.name)
def test_the_parts_pass_over_no_closed_case_nor_other_status(db, sort):
    """A hub's history is mostly closed cases, its oldest all of them: read from an index of every
    referral in a column's order, a first page by receipt, reference or age passed over every closed one
    before the first open one, and a status filter every referral of another status. Each part is read
    from the order's index of one status or of the open referrals alone."""
    for where in (QueueFilter(), QueueFilter(status=Status.NEW), QueueFilter(status=Status.CLOSED)):
        wanted = {"ix_referrals_" + BY_STATUS[sort][where.status is not None]}
        if not db.is_sqlite and where.status is Status.NEW:  # an empty table: either serves; by its
            wanted.add("ix_referrals_" + BY_STATUS[sort][0])  # statistics, PostgreSQL picks the status's
        for descending in (False, True):
            query = QueueQuery(where, sort=sort, descending=descending)
            sql = str(page_query(query, DEMO_NOW, 0, 100).compile(db.engine,
                                                                  compile_kwargs={"literal_binds": True}))
            # On an empty table PostgreSQL costs a code's part the same from the status's own index (then
            # testing the code); by its statistics it reads the status and code's (checked at a million).
            names = _index_names(db, sql, drop="ix_referrals_status_order" if sort in _RANKED_BY_CODE else "")
            assert names and all(name in wanted for name in names), (where, descending, names)


def test_an_agencys_count_reads_the_referrals_in_id_order(tied):
    """The agency filter's count looks up each open referral's research by its id. SQLite, without
    statistics, counts from the last made of the indexes led by the status that cost it the same: it must
    be the one in id order (migration 0027 makes it last), not the date of birth's (1.5 s against 0.35 s
    at a million referrals)."""
    query = QueueQuery(QueueFilter(agency="POL"))
    with tied.read() as session:
        counted = queue_query.query_size(session, query, DEMO_NOW)
        assert counted == len(session.scalars(ids_query(query, DEMO_NOW)).all()) > 0
    if tied.is_sqlite:
        count = select(func.count()).select_from(Referral).where(*queue_query._conditions(query, DEMO_NOW))
        sql = str(count.compile(tied.engine, compile_kwargs={"literal_binds": True}))
        with tied.engine.connect() as conn:
            plan = [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
        assert plan[0] == "SCAN referrals USING COVERING INDEX ix_referrals_status_order", plan
