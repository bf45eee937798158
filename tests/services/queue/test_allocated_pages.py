"""Pages of the allocated order read a member at a time are the pages of the whole sort."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from mash_desktop.domain.codes import Rag, Status
from mash_desktop.services.queue import allocated_pages
from mash_desktop.services.queue import query as queue_query
from mash_desktop.services.queue.query import QueueFilter, QueueQuery, QueueSort, ids_query, page_ids
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral, User

from ...conftest import DEMO_NOW
from .test_column_pages import _scans, _sorts  # PostgreSQL's plan: reads of the referrals, sorts

FILTERS = [QueueFilter(), QueueFilter(rag=Rag.RED), QueueFilter(rag="unrated"), QueueFilter(status=Status.DECIDED),
           QueueFilter(status=Status.CLOSED), QueueFilter(status=Status.NEW), QueueFilter(unallocated=True),
           QueueFilter(agency="POL"), QueueFilter(rag=Rag.AMBER, status=Status.SCREENED)]
#: New members: three whose lowered names are equal, one just after them, two equal only where the
#: database lowers more than ASCII (PostgreSQL; SQLite's lower() does not), and two holding nothing.
MEMBERS = ["Sam Lee", "SAM LEE", "sam lee", "Sam Leek", "Élodie Roux", "élodie roux", "Aaron Idle", "Zoë Idle"]
#: Who holds the referrals in turn (indexes into MEMBERS; None: no member; "demo": the demo's member).
TURNS = [0, None, 1, 2, "demo", 0, 3, None, 4, 5, 2, "demo", 1]


@pytest.fixture
def allocated(demo_db_url):
    """The demo hub with its referrals shared among members with equal names, and some held by none."""
    db = Database(demo_db_url)
    with db.write() as session:
        demo = session.scalars(select(User).order_by(User.id)).first()
        members = [User(username=f"member{n}", display_name=name, agency_id=demo.agency_id)
                   for n, name in enumerate(MEMBERS)]
        session.add_all(members)
        session.flush()
        for n, referral in enumerate(session.scalars(select(Referral).order_by(Referral.id))):
            turn = TURNS[n % len(TURNS)]
            referral.allocated_to_id = (None if turn is None else demo.id if turn == "demo"
                                        else members[turn].id)
    yield db
    db.dispose()


def _pages_match(db: Database, query: QueueQuery, sizes=(1, 3, 7, 40)) -> int:
    """Every page of ``query`` (at every offset, of several sizes) is the slice of the whole sort."""
    with db.read() as session:
        whole = list(session.scalars(ids_query(query, DEMO_NOW)))
        for size in sizes:
            for offset in range(0, len(whole) + 2):
                assert page_ids(session, query, DEMO_NOW, offset, size) == whole[offset:offset + size], \
                    (query, offset, size)
    return len(whole)


@pytest.mark.parametrize("counted", [False, True], ids=["read", "counted first"])
@pytest.mark.parametrize("batched", [False, True], ids=["wide batches", "narrow batches"])
def test_every_page_is_the_slice_of_the_whole_order(allocated, counted, batched, monkeypatch):
    """Read group after group, or (windows far down) after counting each member's rows: the demo hub
    is small, so here every window is counted first; and with at most two groups (three members) in
    a statement, so that the groups are read in several batches."""
    if counted:
        monkeypatch.setattr(queue_query, "SEEK_FROM", 0)
    if batched:
        monkeypatch.setattr(allocated_pages, "MOST_GROUPS", 2)
        monkeypatch.setattr(allocated_pages, "MOST_MEMBERS", 3)
    picked = {}
    for where in FILTERS:
        for descending in (False, True):
            picked[where, descending] = _pages_match(allocated, QueueQuery(where, sort=QueueSort.ALLOCATED,
                                                                           descending=descending))
    assert picked[QueueFilter(), False] > 15 and picked[QueueFilter(status=Status.CLOSED), True] > 0


def test_the_hub_has_what_the_order_must_get_right(allocated):
    """Equal names in different cases holding rows, members holding none, rows held by no member, closed
    rows: so that the comparisons above cover each."""
    with allocated.read() as session:
        held = dict(session.execute(select(User.display_name, func.count(Referral.id))
                                    .outerjoin(Referral, Referral.allocated_to_id == User.id)
                                    .group_by(User.display_name)).all())
        assert all(held[name] > 0 for name in MEMBERS[:6]) and held["Aaron Idle"] == held["Zoë Idle"] == 0
        assert session.scalar(select(func.count()).where(Referral.allocated_to_id.is_(None))) > 0
        assert session.scalar(select(func.count()).where(Referral.status == Status.CLOSED,
                                                         Referral.allocated_to_id.is_not(None))) > 0


def test_the_ties_go_the_order_s_way(allocated):
    """Within a group of equal names the rows are by id, either way; then the next name."""
    with allocated.read() as session:
        for descending in (False, True):
            query = QueueQuery(sort=QueueSort.ALLOCATED, descending=descending)
            ids = page_ids(session, query, DEMO_NOW, 0, 100)
            names = dict(session.execute(select(Referral.id, func.lower(User.display_name))
                                         .outerjoin(User, User.id == Referral.allocated_to_id)).all())
            same = [i for i in ids if names[i] == "sam lee"]
            assert len(same) > 3 and same == sorted(same, reverse=descending)
            assert ids == list(session.scalars(ids_query(query, DEMO_NOW)))


def test_a_first_page_held_by_the_first_member_is_two_statements(allocated):
    """The members, then the first group's rows: nothing more when they fill the page."""
    statements: list[str] = []
    listen = lambda conn, cursor, sql, *args: statements.append(sql)  # noqa: E731
    event.listen(allocated.engine, "before_cursor_execute", listen)
    try:
        with allocated.read() as session:
            first = page_ids(session, QueueQuery(sort=QueueSort.ALLOCATED), DEMO_NOW, 0, 2)
    finally:
        event.remove(allocated.engine, "before_cursor_execute", listen)
    assert len(first) == 2
    assert len([sql for sql in statements if "referrals" in sql]) == 2, statements


@pytest.mark.parametrize("status", [None, Status.CLOSED], ids=["open", "closed"])
def test_the_members_rows_are_read_from_the_index(db, status):
    """Each member's rows (and those held by none) are a range of the index on the member and id, not a
    scan and sort of every row; the count of the open ones for a window far down reads the index alone."""
    where = queue_query._conditions(QueueQuery(QueueFilter(status=status), sort=QueueSort.ALLOCATED), DEMO_NOW)
    for descending in (False, True):
        page = allocated_pages._batch(where, [(1, 2), (3,), (None,)], 0, 100, descending)
        count = select(Referral.allocated_to_id, func.count()).where(*where).group_by(Referral.allocated_to_id)
        page_sql, count_sql = (str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
                               for stmt in (page, count))
        with db.engine.begin() as conn:
            if db.is_sqlite:
                plan = [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {page_sql}")]
                reads = [step for step in plan if " referrals " in f"{step} "]
                assert len(reads) == 4 and all(step.startswith("SEARCH ") and "COVERING INDEX "
                                               "ix_referrals_allocated_to_id (allocated_to_id" in step
                                               for step in reads), plan
                assert plan.count("USE TEMP B-TREE FOR ORDER BY") == 1, plan  # the parts' rows together
                plan = [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {count_sql}")]
                if status is None:  # (closed ones are a range of the status's index)
                    assert plan == ["SCAN referrals USING COVERING INDEX ix_referrals_allocated_to_id"], plan
            else:  # an empty table is read whole by choice: here only whether the index can serve the parts
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
                conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
                dropped = conn.begin_nested()
                if status is not None:  # which the empty table costs the same as a member's range (rolled back)
                    conn.exec_driver_sql("DROP INDEX ix_referrals_status_order")
                top = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {page_sql}").scalar()[0]["Plan"]
                dropped.rollback()
                scans = _scans(top)
                assert len(scans) == 4 and all(
                    scan["Node Type"] in ("Index Scan", "Index Only Scan")
                    and scan["Index Name"] == "ix_referrals_allocated_to_id" and "Index Cond" in scan
                    for scan in scans), top
                assert len(_sorts(top)) == 1, top  # only the parts' rows, ordered together
                top = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {count_sql}").scalar()[0]["Plan"]
                if status is None:
                    assert [scan.get("Index Name") for scan in _scans(top)] == ["ix_referrals_allocated_to_id"], top
