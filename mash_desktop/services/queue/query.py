"""The shared queue as queries: which referrals, in what order, and their rows.

The queue can hold a hundred thousand open referrals, so the client never
loads them all. :func:`queue_ids` lets the database filter, search and sort
and returns only the ids, in order; :func:`queue_rows` fetches the rows for
the ids a person can actually see (a page at a time); :func:`load_queue`
does both for the first page, with the counts the status bar shows.

The default order is most urgent first across every state (``URGENCY``):
overdue contacts first (Red, then not yet rated, then Amber, then Green,
each earliest due first), then those not yet due (earliest due first), then
those with no clock (Blue, decided awaiting closing) by receipt. A contact
not rated yet is due for screening (services/intake/referrals.py sets the
time); one stored before the hub kept that clock is due at its receipt.

Sorting by a column puts rows without a value (not rated, no due time,
unallocated...) after every row with one, in either direction. Every order
breaks ties by id so it is stable from one load to the next.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import (ColumnElement, Select, String, and_, case, cast, exists, func, literal_column, or_, select,
                        type_coerce)
from sqlalchemy.orm import Session, aliased

from ...domain.codes import ConcernCategory, ContactSource, Rag, ResearchStatus, Status
from ...domain.names import fold
from ...security.trust import Trust
from ...store.database import Database
from ...store.name_search import name_contains
from ...store.queue_order import MEMBER, OPEN
from ...domain.timescales import HubCalendar
from ...store.models import Agency, Person, Referral, ReferralConcern, ReferralPerson, ResearchRequest, User
from ..calendar import hub_calendar
from .changes import latest_change
from .allocated_pages import allocated_page, allocated_window, member_groups
from .column_pages import due_page, key_page, ranked_page
from .urgency import urgency_count, urgency_page, urgency_window
from ..intake.referrals import ReferralSummary
from ..case.signed_state import referral_epochs, state_holds
from ..people.household import household_groups
from ..people.queue_warnings import with_warnings
from ...security.accounts import SignedIn
from ..strategy.views import queue_flags
from ...domain.zone import HUB_ZONE

#: (agency code, how far its research has got), in agency-code order.
Research = tuple[tuple[str, ResearchStatus], ...]
#: The RAG filter's value for referrals not rated yet.
UNRATED = "unrated"
#: Rows fetched with the first page of a load.
FIRST_PAGE = 100
#: Once decided, a referral has no decision left to wait for.
DECIDED = (Status.DECIDED, Status.CLOSED)
#: What the queue shows unless filtered for a status.
OPEN_STATUSES = [status for status in Status if status is not Status.CLOSED]
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A whole reference typed into the search finds the case even once closed.
_WHOLE_REFERENCE = re.compile(r"^mash-\d{4}-\d{6,}$")  # six digits, more past the millionth of a year
#: The only part of a reference (folded) without a digit: services/intake/referrals.py issues them.
_REFERENCE_LETTERS = "mash-"


class QueueSort(enum.IntEnum):
    """What the queue can be sorted by: most urgent first (no column), or one
    of the client's columns (the same numbers, in their order)."""

    URGENCY = -1
    REFERENCE = 0
    SUBJECT = 1
    AGE = 2
    RAG = 3
    STATUS = 4
    DUE = 5
    RECEIVED = 6
    ALLOCATED = 7
    RESEARCH = 8
    SOURCE = 9
    CONCERNS = 10


@dataclass(frozen=True)
class QueueFilter:
    """Which open referrals to show; the default shows every one."""

    rag: Rag | str | None = None  # a Rag, UNRATED, or None for any
    status: Status | None = None
    agency: str | None = None  # research requested from this agency
    mine: int | None = None  # the user id of "me" when only mine are wanted
    unallocated: bool = False
    overdue: bool = False


@dataclass(frozen=True)
class QueueQuery:
    """A filter, a search text and an order: everything that picks the rows."""

    filter: QueueFilter = QueueFilter()
    search: str = ""
    sort: QueueSort = QueueSort.URGENCY
    #: Ignored by URGENCY, which is always most urgent first.
    descending: bool = False
    #: Contacts about one household together, where its first comes in this order.
    by_household: bool = False


@dataclass(frozen=True)
class QueueRow:
    """One referral as the queue shows it."""

    id: int
    summary: ReferralSummary
    allocated_id: int | None
    research: Research = ()
    source: ContactSource | None = None
    #: Concern categories, in ConcernCategory's order.
    concerns: tuple[ConcernCategory, ...] = ()
    #: Whether the row's status, RAG, due time and allocation carry a valid
    #: signature of the member who set them; None: not checked (no trust given).
    state_verified: bool | None = None
    #: The badges of the warnings the reader may see on the first subject (services/people/queue_warnings.py).
    warnings: tuple[str, ...] = ()
    #: What its strategy discussions call for, in words: one expected today,
    #: actions overdue (services/strategy/views.py); None: nothing.
    strategy: str | None = None
    #: Operation Encompass: when the school's key adult is due to be told, and when they were (None: not yet).
    encompass_due_at: dt.datetime | None = None
    school_informed_at: dt.datetime | None = None


@dataclass(frozen=True)
class QueueLoad:
    """A load: ids in order, rows for some of them, and the counts.

    A first page (``complete`` False) holds only the first ids, so the queue
    shows as soon as the database has them; the complete load that follows
    holds the counts, the agencies and how many referrals the query picks
    (``size``), so the scroll bar is true without fetching every id. Rows
    further down come a window at a time (:func:`window`). Grouped by
    household, a complete load holds every id instead: bringing a
    household's contacts together needs the whole order.
    """

    ids: list[int]
    rows: dict[int, QueueRow]
    open_count: int = 0
    total: int = 0
    #: The hub's change counter when the load began (services/queue/changes.py).
    change: int = 0
    #: Agencies asked for research on some referral, sorted.
    agencies: list[str] = field(default_factory=list)
    complete: bool = True
    #: The hub's working calendar, for countdowns in working hours.
    calendar: HubCalendar | None = None
    #: Grouped by household: each grouped contact's household number (1, 2...).
    households: dict[int, int] = field(default_factory=dict)
    #: The queue position of ``ids[0]``: a window further down holds the ids from there.
    offset: int = 0
    #: How many referrals the query picks, when known and ``ids`` holds only a window of them.
    size: int | None = None
    #: The time the load's order was worked out at: later windows of the same load use it too.
    at: dt.datetime | None = None


# --- ordering and filtering ---------------------------------------------------------


def _rank(column, values: Iterable) -> ColumnElement:
    return case({value: rank for rank, value in enumerate(values)}, value=column)


def _due() -> ColumnElement:
    """The screening or decision due time still awaited; NULL once decided.

    A contact not rated yet that has no due time (stored before the screening
    clock) is due at its receipt, so it is overdue, never last.
    """
    return type_coerce(case((Referral.status.in_(DECIDED), None),
                            (and_(Referral.rag.is_(None), Referral.decision_due_at.is_(None)), Referral.received_at),
                            else_=Referral.decision_due_at), Referral.decision_due_at.type)


def _overdue(now: dt.datetime) -> ColumnElement:
    """Still awaited and due by ``now`` (written so the status/due index can serve it), or an
    open Operation Encompass notification whose school has not been told by its deadline."""
    decision = and_(Referral.status.not_in(DECIDED),
                    or_(Referral.decision_due_at <= now,
                        and_(Referral.decision_due_at.is_(None), Referral.rag.is_(None), Referral.received_at <= now)))
    return or_(decision, and_(_school_overdue(now), Referral.status != Status.CLOSED))


def _school_overdue(now: dt.datetime) -> ColumnElement:
    """An Operation Encompass notification whose school has not been told by its deadline (the
    partial index store/queue_order.py ``SCHOOL_DUE`` holds those whose school is still to be told)."""
    return and_(Referral.encompass_due_at <= now, Referral.school_informed_at.is_(None))


#: Among overdue contacts: Red, then not rated yet, then Amber, then Green (Blue has no clock).
_OVERDUE_RANK = {Rag.RED: 0, Rag.AMBER: 2, Rag.GREEN: 3, Rag.BLUE: 4}
_UNRATED_RANK = 1


def urgency_order(now: dt.datetime) -> list[ColumnElement]:
    """ORDER BY terms of the default order, most urgent first (see the module's docstring)."""
    due = _due()
    # One key for band and rating: overdue by rating (0-4), then not yet due (10), then no clock (20).
    band = case((due.is_(None), 20), (due <= now, case(_OVERDUE_RANK, value=Referral.rag, else_=_UNRATED_RANK)),
                else_=10)
    return [band, due, Referral.received_at, Referral.id]


def _first_subject_id() -> ColumnElement:
    return (select(ReferralPerson.person_id)
            .where(ReferralPerson.referral_id == Referral.id, ReferralPerson.is_subject.is_(True))
            .order_by(ReferralPerson.position).limit(1).scalar_subquery())


#: The columns sorted by a code's rank: the column and its codes in the order shown.
_RANKED = {QueueSort.RAG: (Referral.rag, list(Rag)), QueueSort.STATUS: (Referral.status, list(Status)),
           QueueSort.SOURCE: (Referral.source, sorted(ContactSource, key=lambda s: s.label))}
#: The columns sorted by their own value, and whether a referral can be without one.
_PLAIN = {QueueSort.REFERENCE: (Referral.reference, False), QueueSort.SUBJECT: (Referral.subject_key, True),
          QueueSort.AGE: (Referral.subject_dob, True), QueueSort.RECEIVED: (Referral.received_at, False)}


def _sort_key(query: QueueQuery) -> ColumnElement:
    if query.sort in _PLAIN:
        return _PLAIN[query.sort][0]
    if query.sort in _RANKED:
        return _rank(*_RANKED[query.sort])
    if query.sort is QueueSort.DUE:
        return _due()
    if query.sort is QueueSort.CONCERNS:
        return Referral.concern_rank  # kept on the referral by triggers (store migration 0019)
    if query.sort is QueueSort.ALLOCATED:
        return func.lower(User.display_name)
    if query.sort is QueueSort.RESEARCH:
        return Referral.research_done  # kept on the referral by triggers (store migration 0018)
    raise ValueError(query.sort)


def _conditions(query: QueueQuery, now: dt.datetime, *, by_group: bool = False) -> list[ColumnElement]:
    """What ``query`` picks. ``by_group``: for the default order's groups, each of which says already
    whether it holds closed cases, so "not closed" is left out (the groups' indexes then serve alone),
    and which of its rows are overdue (:func:`_groups_of`); and an agency's research is looked for only
    where there is research, which the groups' indexes say; the member is compared as those indexes hold
    it, and the rating is left to the groups."""
    f = query.filter
    needle = query.search.strip().casefold()
    where: list[ColumnElement] = []
    if f.status is not None:  # "Closed" is a status to filter by: closed cases show only then
        where.append(Referral.status == f.status)
    elif not _WHOLE_REFERENCE.match(needle) and not by_group:
        where.append(Referral.status != Status.CLOSED)
    if f.rag is not None and not by_group:  # the groups pick the rating themselves (``rags``)
        where.append(Referral.rag.is_(None) if f.rag == UNRATED else Referral.rag == f.rag)
    if f.agency is not None:
        agency = select(Agency.id).where(Agency.code == f.agency).scalar_subquery()
        asked = exists().where(ResearchRequest.referral_id == Referral.id, ResearchRequest.agency_id == agency)
        # Only a referral with research has any (its progress is NULL without: store migration 0018). The
        # groups' indexes hold the progress, so the referrals without research are passed over there.
        where.append(and_(Referral.research_done.is_not(None), asked) if by_group else asked)
    if f.mine is not None:  # in the groups, the member as their indexes hold it (0: none)
        where.append((MEMBER if by_group else Referral.allocated_to_id) == f.mine)
    if f.unallocated:
        where.append(MEMBER == literal_column("0") if by_group else Referral.allocated_to_id.is_(None))
    if f.overdue and not by_group:  # the groups pick the overdue themselves
        where.append(_overdue(now))
    if needle:
        where.append(_matches(needle))
    return where


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _whole_date(needle: str) -> dt.date | None:
    """The date a whole date of birth typed (ISO or dd/mm/yyyy) names, if it is one."""
    uk = _UK_DATE.match(needle)
    try:
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(needle) if _ISO_DATE.match(needle) else None
    except ValueError:
        return None


def _matches(needle: str) -> ColumnElement:
    """Reference, the first subject's name (folded as names.fold folds it), or
    date of birth (ISO or dd/mm/yyyy).

    A whole reference or a whole date can match nothing else, so it is looked
    up by its index instead of scanning every referral for the text."""
    if _WHOLE_REFERENCE.match(needle):
        return Referral.reference == needle.upper()  # references are issued in capitals
    born = _whole_date(needle)
    if born is not None:
        return Referral.subject_dob == born
    name = fold(needle) if not any(char.isdigit() for char in needle) else ""  # names have no digits
    if name and needle not in _REFERENCE_LETTERS:
        # Text without digits is found in a reference ("mash-2026-000123") or a date ("2012-03-04") only
        # if it is part of "mash-", so anything else can only be a name: its index serves.
        return name_contains(name)
    options = [func.lower(Referral.reference).like(_like(needle), escape="\\"),
               cast(Referral.subject_dob, String).like(_like(needle), escape="\\")]
    if name:
        options.append(name_contains(name))
    return or_(*options)


def ids_query(query: QueueQuery, now: dt.datetime) -> Select:
    """The SELECT of referral ids the queue shows, in its order."""
    stmt = select(Referral.id).select_from(Referral)
    if query.sort is QueueSort.ALLOCATED:
        stmt = stmt.outerjoin(User, User.id == Referral.allocated_to_id)
    stmt = stmt.where(*_conditions(query, now))
    if query.sort is QueueSort.URGENCY:
        return stmt.order_by(*urgency_order(now))
    key = _sort_key(query)
    # AGE ascending means youngest first: the latest date of birth.
    descending = query.descending != (query.sort is QueueSort.AGE)
    tie = Referral.id.desc() if query.descending else Referral.id
    return stmt.order_by(key.is_(None), key.desc() if descending else key, tie)


def _sorted_whole(query: QueueQuery) -> bool:
    """Whether ``query``'s rows are quicker found first and sorted than read from an order's indexes:
    a search picks few; "mine" and "overdue" sorted by a column pick rows scattered through every part
    of its order. Most urgent first, the default order's groups serve them: "mine" a member's groups
    (store/queue_order.py), "overdue" the first groups and, for those with a school overdue, their
    own index."""
    return bool(query.search.strip()) or (query.sort is not QueueSort.URGENCY
                                          and (query.filter.mine is not None or query.filter.overdue))


def _by_groups(query: QueueQuery) -> bool:
    """Whether a page of ``query`` is read from the default order's indexes a group at a time."""
    return query.sort is QueueSort.URGENCY and not _sorted_whole(query)


def _groups_of(query: QueueQuery, now: dt.datetime) -> dict:
    """The arguments of urgency_page and urgency_window for ``query``: which groups it can pick from."""
    status, rag = query.filter.status, query.filter.rag
    return dict(where=_conditions(query, now, by_group=True), now=now, overdue_rank=_OVERDUE_RANK,
                unrated_rank=_UNRATED_RANK, awaited=status is None or status not in DECIDED,
                decided=status in (None, Status.DECIDED), closed=status is Status.CLOSED,
                rags=None if rag is None else [None if rag == UNRATED else Rag(rag)],
                overdue_or=_school_overdue(now) if query.filter.overdue else None)


def page_query(query: QueueQuery, now: dt.datetime, offset: int, size: int) -> Select:
    """The SELECT of the ids at positions ``offset`` to ``offset + size`` of ``query``'s order.

    Most urgent first, the page is read from the default order's indexes a
    group at a time (services/queue/urgency.py), and sorted by a column, from
    the column's indexes a part at a time (services/queue/column_pages.py),
    instead of sorting every row; unless a search picks rows that are
    quicker found first and sorted (few), or "mine" or "overdue" sorted by
    a column (scattered through every part). Sorted by the
    allocated member, this one SELECT is the whole sort: :func:`page_ids`
    reads that order a member at a time instead."""
    if _sorted_whole(query):
        return ids_query(query, now).offset(offset).limit(size)
    if query.sort is QueueSort.URGENCY:
        return urgency_page(offset=offset, size=size, **_groups_of(query, now))
    return _column_page(query, now, offset, size)


def _column_page(query: QueueQuery, now: dt.datetime, offset: int, size: int) -> Select:
    """A page sorted by a column without a search, "mine" or "overdue" (see :func:`page_query`)."""
    where, descending, status = _conditions(query, now), query.descending, query.filter.status
    if query.sort in _PLAIN:
        key, nullable = _PLAIN[query.sort]
        # AGE ascending means youngest first: the latest date of birth.
        return key_page(where, key, nullable, offset, size, descending=descending,
                        key_descending=descending != (query.sort is QueueSort.AGE),
                        statuses=[] if status is not None else OPEN_STATUSES)
    if query.sort in _RANKED:
        column, codes = _RANKED[query.sort]
        values = [*(reversed(codes) if descending else codes), *([None] if column.nullable else [])]
        # Only the values the filter can pick: closed cases show only when filtered for.
        if query.sort is QueueSort.STATUS:
            values = [s for s in values if s is not Status.CLOSED] if status is None else [status]
        elif query.sort is QueueSort.RAG and query.filter.rag is not None:
            values = [None if query.filter.rag == UNRATED else Rag(query.filter.rag)]
        # Unfiltered by status, from the open referrals' index of the code (written as it has it); by a
        # status, from the code's index led by the status (store/queue_order.py).
        return ranked_page([*where, OPEN] if status is None else where, column, values, offset, size,
                           descending=descending)
    if query.sort is QueueSort.DUE:
        return due_page(where, offset, size, descending=descending, awaited=status is None or status not in DECIDED,
                        decided=status in (None, Status.DECIDED), closed=status is Status.CLOSED)
    # Research and concerns have indexes on the whole order (store migrations 0018, 0019). The allocated
    # member's name is on the members' table: page_ids reads that order a member at a time, in a few
    # statements (services/queue/allocated_pages.py); as one SELECT it is the whole sort.
    return ids_query(query, now).offset(offset).limit(size)


#: From this position down, a window of the default order counts its groups first and reads only
#: the ones it falls in (services/queue/urgency.py, ``urgency_window``).
SEEK_FROM = 1000


def page_ids(session: Session, query: QueueQuery, now: dt.datetime, offset: int, size: int) -> list[int]:
    """The ids at positions ``offset`` to ``offset + size`` of ``query``'s order.

    As :func:`page_query`'s, except that sorted by the allocated member, the
    page is read a member at a time (services/queue/allocated_pages.py)."""
    if offset >= SEEK_FROM and _by_groups(query):
        return urgency_window(session, offset=offset, size=size, **_groups_of(query, now))
    if query.sort is QueueSort.ALLOCATED and not _sorted_whole(query):
        return _allocated_ids(session, query, now, offset, size)
    return list(session.scalars(page_query(query, now, offset, size)))


def _allocated_ids(session: Session, query: QueueQuery, now: dt.datetime, offset: int, size: int) -> list[int]:
    """A page sorted by the allocated member without a search, "mine" or "overdue" (see :func:`page_ids`)."""
    # Only those without a member: the last group alone, and no member needs reading.
    found = [(None,)] if query.filter.unallocated else member_groups(session, query.descending)
    read = allocated_window if offset >= SEEK_FROM else allocated_page
    return read(session, _conditions(query, now), found, offset, size, descending=query.descending)


def queue_ids(session: Session, query: QueueQuery, now: dt.datetime) -> list[int]:
    """Ids of the open referrals ``query`` picks, in its order."""
    return list(session.scalars(ids_query(query, now)))


# --- rows ---------------------------------------------------------------------------------


def queue_rows(session: Session, ids: Sequence[int], trust: Trust | None = None,
               reader: SignedIn | None = None) -> dict[int, QueueRow]:
    """The queue rows of these referrals (any not found are left out), their
    signed state checked against ``trust`` when given."""
    rows: dict[int, QueueRow] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), 500):
        rows.update(with_warnings(session, reader, _rows(session, wanted[start:start + 500], trust)))
    return rows


def _verified(session: Session, trust: Trust | None, r, epochs: dict[str, int]) -> bool | None:
    if trust is None:
        return None
    state = (r[1], r[2], r[3], r[5], r[10], r[11], r[12])
    return state_holds(session, trust, state, r[14], r[13], epochs.get(r[1], 0))


def _rows(session: Session, ids: list[int], trust: Trust | None) -> dict[int, QueueRow]:
    subject = aliased(Person)
    found = session.execute(
        select(Referral.id, Referral.reference, Referral.status, Referral.rag, Referral.received_at,
               Referral.decision_due_at, subject.given_name, subject.family_name, subject.date_of_birth,
               User.display_name, Referral.allocated_to_id, Referral.closed_at, Referral.linked_referral_id,
               Referral.state_signature, Referral.state_signed_by_id, Referral.source,
               Referral.encompass_due_at, Referral.school_informed_at)
        .select_from(Referral)
        .join(subject, subject.id == _first_subject_id())
        .outerjoin(User, User.id == Referral.allocated_to_id)
        .where(Referral.id.in_(ids))).all()
    research: dict[int, list[tuple[str, ResearchStatus]]] = defaultdict(list)
    for referral_id, code, status in session.execute(
            select(ResearchRequest.referral_id, Agency.code, ResearchRequest.status)
            .join(Agency, Agency.id == ResearchRequest.agency_id)
            .where(ResearchRequest.referral_id.in_(ids)).order_by(Agency.code)):
        research[referral_id].append((code, status))
    concerns: dict[int, list[ConcernCategory]] = defaultdict(list)
    for referral_id, category in session.execute(
            select(ReferralConcern.referral_id, ReferralConcern.category).where(ReferralConcern.referral_id.in_(ids))):
        concerns[referral_id].append(category)
    order = {category: n for n, category in enumerate(ConcernCategory)}
    epochs = referral_epochs(session, [r[1] for r in found]) if trust is not None else {}
    strategy = queue_flags(session, ids, dt.datetime.now(HUB_ZONE).date())
    return {
        r[0]: QueueRow(r[0], ReferralSummary(r[1], r[2], r[3], r[4], r[5], f"{r[6]} {r[7]}", r[8], r[9]),
                       r[10], tuple(research.get(r[0], ())), r[15],
                       tuple(sorted(concerns.get(r[0], ()), key=order.__getitem__)),
                       _verified(session, trust, r, epochs), strategy=strategy.get(r[0]),
                       encompass_due_at=r[16], school_informed_at=r[17])
        for r in found
    }


def fetch_rows(db: Database, ids: Sequence[int], trust: Trust | None = None,
               reader: SignedIn | None = None) -> dict[int, QueueRow]:
    """:func:`queue_rows` in its own read transaction (runs on a worker)."""
    with db.read() as session:
        return queue_rows(session, ids, trust, reader)


def first_page(db: Database, query: QueueQuery, now: dt.datetime, *, also: Iterable[int] = (),
               size: int = FIRST_PAGE, trust: Trust | None = None, reader: SignedIn | None = None) -> QueueLoad:
    """The first ``size`` ids ``query`` picks with their rows, and rows for ``also`` (ids on screen)."""
    change = latest_change(db)  # read first: a change after it triggers another load
    with db.read() as session:
        marks: dict[int, int] = {}
        if query.by_household:  # the whole order is needed to bring households together
            ids, marks = household_groups(session, queue_ids(session, query, now))
            ids = ids[:size]
        else:
            ids = page_ids(session, query, now, 0, size)
        rows = queue_rows(session, ids + [i for i in also if i not in set(ids)], trust, reader)
        calendar = hub_calendar(session)
    return QueueLoad(ids, rows, change=change, complete=False, calendar=calendar,
                     households={i: marks[i] for i in ids if i in marks}, at=now)


def window(db: Database, query: QueueQuery, now: dt.datetime, offset: int, size: int = FIRST_PAGE, *,
           trust: Trust | None = None, reader: SignedIn | None = None) -> QueueLoad:
    """The ids at positions ``offset`` to ``offset + size`` of ``query``'s order, with their rows."""
    with db.read() as session:
        ids = page_ids(session, query, now, max(0, offset), size)
        rows = queue_rows(session, ids, trust, reader)
    return QueueLoad(ids, rows, complete=False, offset=max(0, offset), at=now)


def query_size(session: Session, query: QueueQuery, now: dt.datetime) -> int:
    """How many referrals ``query`` picks (the database counts; no id is fetched).

    The order's join (the allocated member's name) picks no row more or fewer, so it is left out.
    The overdue, without a search or "mine", are counted a group of the default order at a time,
    from the groups' indexes, instead of testing every open referral."""
    if query.filter.overdue and not query.search.strip() and query.filter.mine is None:
        return urgency_count(session, **_groups_of(query, now))
    return session.scalar(select(func.count()).select_from(Referral).where(*_conditions(query, now))) or 0


def _counts(session: Session) -> tuple[int, int, list[str]]:
    open_count = session.scalar(select(func.count()).where(Referral.status != Status.CLOSED)) or 0
    # A referral's status is never empty, so every one is open or closed. The closed ones are a range of
    # the status's index, quicker counted than every referral (PostgreSQL: 13 against 65 ms at a million).
    total = open_count + (session.scalar(select(func.count()).where(Referral.status == Status.CLOSED)) or 0)
    agencies = list(session.scalars(
        select(Agency.code).where(exists().where(ResearchRequest.agency_id == Agency.id)).order_by(Agency.code)))
    return total, open_count, agencies


def _every_open(query: QueueQuery) -> bool:
    return query.filter == QueueFilter() and not query.search.strip()


def counts(db: Database, query: QueueQuery, now: dt.datetime) -> QueueLoad:
    """What completes a first page: how many referrals ``query`` picks, the counts and the agencies.

    No id is fetched, except grouped by household, where the load holds every id in order."""
    if query.by_household:
        return all_ids(db, query, now)
    change = latest_change(db)
    with db.read() as session:  # the calendar came with the first page
        total, open_count, agencies = _counts(session)
        # Every open referral (no filter, no search) is the open count already.
        size = open_count if _every_open(query) else query_size(session, query, now)
    return QueueLoad([], {}, open_count, total, change, agencies, size=size, at=now)


def all_ids(db: Database, query: QueueQuery, now: dt.datetime) -> QueueLoad:
    """Every id ``query`` picks, in order, with the counts and agencies (no rows)."""
    change = latest_change(db)
    with db.read() as session:
        ids, marks = queue_ids(session, query, now), {}
        if query.by_household:
            ids, marks = household_groups(session, ids)
        total, open_count, agencies = _counts(session)
        calendar = hub_calendar(session)
    return QueueLoad(ids, {}, open_count, total, change, agencies, calendar=calendar, households=marks, at=now)


def load_queue(db: Database, query: QueueQuery, now: dt.datetime, *, also: Iterable[int] = (),
               first: int = FIRST_PAGE, around: int = 0, trust: Trust | None = None,
               reader: SignedIn | None = None) -> QueueLoad:
    """Everything at once, keeping a person's place: the counts, how many the
    query picks, and a window of ``first`` ids from about position ``around``
    (the first row on screen) with their rows (``also`` is for the grouped order).

    Grouped by household, every id comes instead, with rows for the first
    ``first`` from ``around`` and for ``also``."""
    change = latest_change(db)
    if query.by_household:
        rest = all_ids(db, query, now)
        start = max(0, min(around, len(rest.ids) - first))
        with db.read() as session:
            rows = queue_rows(session, rest.ids[start:start + first] + list(also), trust, reader)
        present = set(rest.ids)
        return replace(rest, rows={i: r for i, r in rows.items() if i in present}, change=change)
    rest = counts(db, query, now)
    start = max(0, min(around, rest.size - first)) if rest.size else 0
    with db.read() as session:
        ids = page_ids(session, query, now, start, first)
        rows = queue_rows(session, ids, trust, reader)
    return replace(rest, ids=ids, rows=rows, offset=start, change=change)
