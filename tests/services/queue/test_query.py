"""The queue's queries: the database filters, searches and sorts; rows come by id."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from mash_desktop.domain.codes import ConcernCategory, ContactSource, Rag, ResearchStatus, Status
from mash_desktop.domain.names import fold
from mash_desktop.services.queue.query import (
    UNRATED,
    QueueFilter,
    QueueQuery,
    QueueRow,
    QueueSort,
    all_ids,
    counts,
    fetch_rows,
    first_page,
    load_queue,
    queue_ids,
    window,
)
from mash_desktop.services.intake.referrals import list_referrals
from mash_desktop.store.database import Database
from mash_desktop.store.models import Agency, Referral, ResearchRequest

from ...conftest import DEMO_NOW

NOW = DEMO_NOW
FINISHED = (ResearchStatus.RETURNED, ResearchStatus.NOTHING_KNOWN)


@pytest.fixture
def demo(demo_db_url):
    db = Database(demo_db_url)
    yield db
    db.dispose()


@pytest.fixture
def every(demo) -> dict[int, QueueRow]:
    """Every open referral's row, fetched by id."""
    with demo.read() as session:
        ids = [i for i, status in session.query(Referral.id, Referral.status) if status is not Status.CLOSED]
    return fetch_rows(demo, ids)


def _ids(db: Database, query: QueueQuery) -> list[int]:
    with db.read() as session:
        return queue_ids(session, query, NOW)


def _due(row: QueueRow):
    """Still awaited; a contact not rated yet without a due time is due at its receipt."""
    s = row.summary
    if s.status in (Status.DECIDED, Status.CLOSED):
        return None
    return s.received_at if s.rag is None and s.decision_due_at is None else s.decision_due_at


def _done(row: QueueRow):
    if not row.research:
        return None
    return sum(status in FINISHED for _, status in row.research) / len(row.research)


KEYS = {
    QueueSort.REFERENCE: lambda r: r.summary.reference,
    QueueSort.SUBJECT: lambda r: fold(r.summary.subject),
    QueueSort.AGE: lambda r: r.summary.subject_dob,
    QueueSort.RAG: lambda r: None if r.summary.rag is None else list(Rag).index(r.summary.rag),
    QueueSort.STATUS: lambda r: list(Status).index(r.summary.status),
    QueueSort.DUE: _due,
    QueueSort.RECEIVED: lambda r: r.summary.received_at,
    QueueSort.SOURCE: lambda r: r.source.label,
    QueueSort.CONCERNS: lambda r: list(ConcernCategory).index(r.concerns[0]) if r.concerns else None,
    QueueSort.ALLOCATED: lambda r: r.summary.allocated_to.lower() if r.summary.allocated_to else None,
    QueueSort.RESEARCH: _done,
}


def _expected_order(rows: dict[int, QueueRow], sort: QueueSort, descending: bool) -> list[int]:
    key = KEYS[sort]
    present = [r for r in rows.values() if key(r) is not None]
    missing = [r for r in rows.values() if key(r) is None]
    # Age ascending means youngest first: the latest date of birth first.
    reverse = descending != (sort is QueueSort.AGE)
    present.sort(key=lambda r: r.id, reverse=descending)  # ties: by id, in the asked direction
    present.sort(key=key, reverse=reverse)
    missing.sort(key=lambda r: r.id, reverse=descending)
    return [r.id for r in present + missing]


#: Among overdue contacts: Red, not rated yet, Amber, Green.
OVERDUE_RANK = {Rag.RED: 0, None: 1, Rag.AMBER: 2, Rag.GREEN: 3, Rag.BLUE: 4}
NEVER = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def _urgency(row: QueueRow, now: dt.datetime) -> tuple:
    """Overdue (by rating, then due), then not yet due (by due), then no clock (by receipt)."""
    due = _due(row)
    if due is None:
        return 2, 0, NEVER, row.summary.received_at, row.id
    if due <= now:
        return 0, OVERDUE_RANK[row.summary.rag], due, row.summary.received_at, row.id
    return 1, 0, due, row.summary.received_at, row.id


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_the_default_order_is_most_urgent_first_in_every_state(demo, every, descending):
    assert QueueQuery().sort is QueueSort.URGENCY
    ids = _ids(demo, QueueQuery(descending=descending))  # the direction does not turn urgency around
    assert ids == sorted(every, key=lambda i: _urgency(every[i], NOW))
    bands = [_urgency(every[i], NOW)[0] for i in ids]
    assert bands[0] == 0 and bands[-1] == 2 and 1 in bands  # the demo has all three


def test_every_row_has_its_source_and_concerns(every):
    assert all(isinstance(r.source, ContactSource) for r in every.values())
    assert any(len(r.concerns) > 1 for r in every.values())
    assert all(list(r.concerns) == sorted(r.concerns, key=list(ConcernCategory).index) for r in every.values())


@pytest.mark.parametrize("sort", [s for s in QueueSort if s is not QueueSort.URGENCY])
@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_every_column_sorts_in_the_database_with_empty_values_last(demo, every, sort, descending):
    ids = _ids(demo, QueueQuery(sort=sort, descending=descending))
    assert ids == _expected_order(every, sort, descending)


def test_the_demo_has_values_and_gaps_to_sort(every):
    rows = every.values()
    assert any(r.summary.rag is None for r in rows) and any(r.summary.rag for r in rows)
    assert any(r.research for r in rows) and any(not r.research for r in rows)
    assert any(r.summary.allocated_to for r in rows) and any(not r.summary.allocated_to for r in rows)


def _school_late(row: QueueRow, now: dt.datetime = NOW) -> bool:
    """An Operation Encompass notification whose school was not told by its deadline."""
    return row.encompass_due_at is not None and row.school_informed_at is None and row.encompass_due_at <= now


def _overdue(row: QueueRow, now: dt.datetime = NOW) -> bool:
    return (_due(row) is not None and _due(row) <= now) or _school_late(row, now)


FILTERS = [
    (QueueFilter(rag=Rag.AMBER), lambda r: r.summary.rag is Rag.AMBER),  # open Reds are rare: decided in hours
    (QueueFilter(rag=UNRATED), lambda r: r.summary.rag is None),
    (QueueFilter(status=Status.SCREENED), lambda r: r.summary.status is Status.SCREENED),
    (QueueFilter(unallocated=True), lambda r: r.allocated_id is None),
    (QueueFilter(overdue=True), _overdue),
]


@pytest.mark.parametrize("queue_filter, check", FILTERS)
def test_filters_keep_exactly_the_matching_rows(demo, every, queue_filter, check):
    ids = _ids(demo, QueueQuery(filter=queue_filter))
    expected = {i for i, r in every.items() if check(r)}
    assert expected, "the demo hub has rows for every filter"
    assert set(ids) == expected and len(ids) == len(expected)


def test_agency_and_mine_filters(demo, every):
    agency = next(code for r in every.values() for code, _ in r.research)
    ids = _ids(demo, QueueQuery(filter=QueueFilter(agency=agency)))
    assert set(ids) == {i for i, r in every.items() if agency in {c for c, _ in r.research}}
    someone = next(r.allocated_id for r in every.values() if r.allocated_id)
    mine = _ids(demo, QueueQuery(filter=QueueFilter(mine=someone, rag=None)))
    assert set(mine) == {i for i, r in every.items() if r.allocated_id == someone}


def test_search_by_reference_name_and_date_of_birth(demo, every):
    row = next(r for r in every.values() if r.summary.subject_dob)
    assert _ids(demo, QueueQuery(search=row.summary.reference.lower())) == [row.id]
    family = row.summary.subject.split()[-1].upper()
    named = _ids(demo, QueueQuery(search=family))
    assert row.id in named
    assert all(fold(family) in fold(every[i].summary.subject) for i in named)
    dob = row.summary.subject_dob
    for text in (dob.isoformat(), f"{dob:%d/%m/%Y}"):
        found = _ids(demo, QueueQuery(search=text))
        assert row.id in found and all(every[i].summary.subject_dob == dob for i in found)
    assert _ids(demo, QueueQuery(search="no such person 100%_")) == []


def test_a_load_brings_a_window_where_the_person_is_with_the_counts(demo, every):
    everything = list_referrals(demo)
    order = _ids(demo, QueueQuery())
    load = load_queue(demo, QueueQuery(), NOW, first=5, around=3)
    assert load.complete and load.size == len(order) and load.offset == 3
    assert load.ids == order[3:8]
    assert set(load.rows) == set(order[3:8])
    assert all(load.rows[i] == every[i] for i in load.ids)
    assert load.open_count == len(every)
    assert load.total == len(everything)
    with demo.read() as session:
        asked = set(session.scalars(select(Agency.code).join(ResearchRequest)))
    assert load.agencies == sorted(asked)
    assert {c for r in every.values() for c, _ in r.research} <= set(load.agencies)
    # Near the end, the window is the last ``first`` rows: a person at the bottom still sees full rows.
    end = load_queue(demo, QueueQuery(), NOW, first=5, around=len(order))
    assert end.offset == len(order) - 5 and end.ids == order[-5:]


def test_a_first_page_comes_before_the_size_and_windows_follow(demo, every):
    query = QueueQuery(sort=QueueSort.SUBJECT, descending=True)
    everything = _ids(demo, query)
    page = first_page(demo, query, NOW, also=[everything[-1]], size=7)
    assert not page.complete and page.at == NOW
    assert page.ids == everything[:7]
    assert set(page.rows) == set(everything[:7]) | {everything[-1]}
    rest = counts(demo, query, NOW)
    assert rest.complete and rest.ids == [] and rest.size == len(everything) and rest.open_count == len(every)
    below = window(demo, query, NOW, 7, 5)
    assert below.offset == 7 and below.ids == everything[7:12] and set(below.rows) == set(everything[7:12])
    assert window(demo, query, NOW, len(everything), 5).ids == []
    whole = all_ids(demo, query, NOW)
    assert whole.complete and whole.ids == everything


@pytest.mark.parametrize("query", [QueueQuery(filter=QueueFilter(rag=Rag.RED)), QueueQuery(search="a"),
                                   QueueQuery(filter=QueueFilter(status=Status.CLOSED)),
                                   QueueQuery(filter=QueueFilter(overdue=True), sort=QueueSort.RESEARCH),
                                   QueueQuery(sort=QueueSort.ALLOCATED), QueueQuery(search="smith"),
                                   QueueQuery(filter=QueueFilter(agency="POL"), sort=QueueSort.ALLOCATED)])
def test_the_size_is_how_many_the_query_picks(demo, query):
    assert counts(demo, query, NOW).size == len(_ids(demo, query))


def test_rows_match_the_referral_list(demo, every):
    by_reference = {s.reference: s for s in list_referrals(demo)}
    for row in every.values():
        assert row.summary == by_reference[row.summary.reference]


def test_a_referral_decided_after_its_due_time_is_not_overdue(demo, every):
    late = [r for r in every.values() if r.summary.status is Status.DECIDED and r.summary.decision_due_at
            and r.summary.decision_due_at <= NOW]
    ids = set(_ids(demo, QueueQuery(filter=QueueFilter(overdue=True))))
    assert not any(r.id in ids for r in late)
    future = NOW + dt.timedelta(days=3650)
    with demo.read() as session:
        everything_due = set(queue_ids(session, QueueQuery(filter=QueueFilter(overdue=True)), future))
    assert everything_due == {i for i, r in every.items() if _due(r) is not None or r.encompass_due_at is not None
                              and r.school_informed_at is None}


def test_closed_cases_show_when_asked_for_or_found_by_their_whole_reference(demo):
    with demo.read() as session:
        closed = dict(session.execute(select(Referral.id, Referral.reference).where(Referral.status == Status.CLOSED)).all())
        still_open = session.scalar(select(Referral.reference).where(Referral.status != Status.CLOSED).limit(1))
    assert closed, "the demo hub has closed cases"
    assert not set(closed) & set(_ids(demo, QueueQuery()))
    assert set(_ids(demo, QueueQuery(QueueFilter(status=Status.CLOSED)))) == set(closed)
    some_id, reference = next(iter(closed.items()))
    assert _ids(demo, QueueQuery(search=reference.lower())) == [some_id]
    assert not set(_ids(demo, QueueQuery(search=reference[:-1]))) & set(closed)  # part of one: open cases only
    assert len(_ids(demo, QueueQuery(search=still_open))) == 1
    # Past the millionth contact of a year, references have seven digits: still whole ones.
    with demo.write() as session:
        session.execute(update(Referral).where(Referral.id == some_id).values(reference="MASH-2026-1000001"))
    assert _ids(demo, QueueQuery(search="mash-2026-1000001")) == [some_id]
