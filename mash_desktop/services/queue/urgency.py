"""A page of the queue's default order (most urgent first), read from its indexes in parts.

The default order (services/queue/query.py, ``urgency_order``) is: overdue
contacts by rating (Red, not rated yet, Amber, Green, Blue), each earliest
due first; then those not yet due, earliest due first; then those with no
clock (decided, or rated without a due time) by receipt; ties by id. Sorting
every open referral by it costs the database a scan and a sort of them all.

Each of those groups is a range of an index already in its order
(store/queue_order.py), so a page from position ``offset`` needs at most
``offset + size`` rows of each group: one small ordered read per group,
joined with UNION ALL and ordered again, which yields exactly the rows and
the order of the whole sort. Filters and searches apply to every group;
the "overdue" filter takes the overdue groups whole, and from the later
groups only the cases overdue for their school (Operation Encompass),
which an index of their own holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import (ColumnElement, DateTime, Select, cast, false, func, literal, literal_column, null, or_,
                        select, union_all)
from sqlalchemy.orm import Session

from ...domain.codes import Rag
from ...store.models import Referral
from ...store.queue_order import AWAITED, AWAITED_DUE, CLOSED_ONLY, DECIDED_ONLY, RATING

#: The band of the rows with no clock, after those not yet due (10) and the overdue ones (0-4).
NOT_YET_DUE, NO_CLOCK = 10, 20
#: The due time of a group with no clock, typed so that the groups' columns unite on PostgreSQL.
_NOTHING = cast(null(), DateTime(timezone=True))


@dataclass(frozen=True)
class _Group:
    """One group of the default order: its band, the rows it holds, its due time and its order."""

    band: int
    where: tuple[ColumnElement, ...]
    due: ColumnElement
    order: tuple[ColumnElement, ...]

    def first(self, rows: int) -> Select:
        """The group's first ``rows`` in its order, with what orders the groups together."""
        inner = (select(Referral.id.label("id"), literal(self.band).label("band"), self.due.label("due"),
                        Referral.received_at.label("received"))
                 .where(*self.where).order_by(*self.order, Referral.id).limit(rows).subquery())
        return select(inner.c.id, inner.c.band, inner.c.due, inner.c.received)


def _groups(where: Sequence[ColumnElement], now: dt.datetime, overdue_rank: Mapping[Rag, int], unrated_rank: int,
            awaited: bool, decided: bool, closed: bool, rags: Sequence[Rag | None] | None,
            overdue_or: ColumnElement | None = None) -> list[_Group]:
    """The groups of the default order among the rows ``where`` picks, in the order of their bands.

    ``overdue_or``: only the overdue rows are wanted (the first bands, each row of which is), or
    those of the later bands that meet this condition (not closed: a closed case is never overdue).
    ``rags``: the ratings wanted, if not every one; the awaited groups compare the rating as their
    indexes hold it, the decided and closed as the column is, which PostgreSQL has statistics for."""
    due, received = AWAITED_DUE, Referral.received_at
    later = () if overdue_or is None else (overdue_or,)
    rated = () if rags is None else (or_(*(_rating(rag) for rag in rags)),)
    finished = () if rags is None else (or_(*(Referral.rag.is_(None) if r is None else Referral.rag == r
                                              for r in rags)),)
    groups: list[_Group] = []
    if awaited:
        for rag in [None, *Rag] if rags is None else rags:
            groups.append(_Group(unrated_rank if rag is None else overdue_rank.get(rag, unrated_rank),
                                 (*where, AWAITED, _rating(rag), due <= now), due, (due, received)))
        groups.append(_Group(NOT_YET_DUE, (*where, AWAITED, *rated, due > now, *later), due, (due, received)))
        # Rated but without a due time: no clock (the index holds them with no due time, by receipt).
        groups.append(_Group(NO_CLOCK, (*where, AWAITED, *rated, due.is_(None), *later), _NOTHING, (received,)))
    if decided:
        groups.append(_Group(NO_CLOCK, (*where, DECIDED_ONLY, *finished, *later), _NOTHING, (received,)))
    if closed and overdue_or is None:
        groups.append(_Group(NO_CLOCK, (*where, CLOSED_ONLY, *finished), _NOTHING, (received,)))
    return sorted(groups, key=lambda group: group.band)  # stable: a band's groups keep their order


def _rating(rag: Rag | None) -> ColumnElement:
    """A rating (None: not rated yet) as the awaited groups' indexes hold it: an equality either way."""
    return RATING == (literal_column("''") if rag is None else rag)


def _page(groups: Sequence[_Group], offset: int, size: int) -> Select:
    if not groups:
        return select(Referral.id).where(false())
    page = union_all(*(group.first(offset + size) for group in groups)).subquery("urgent")
    return (select(page.c.id).order_by(page.c.band, page.c.due, page.c.received, page.c.id)
            .offset(offset).limit(size))


def urgency_page(where: Sequence[ColumnElement], now: dt.datetime, offset: int, size: int,
                 overdue_rank: Mapping[Rag, int], unrated_rank: int, *, awaited: bool = True, decided: bool = True,
                 closed: bool = False, rags: Sequence[Rag | None] | None = None,
                 overdue_or: ColumnElement | None = None) -> Select:
    """The ids at ``offset`` to ``offset + size`` of the default order among the rows ``where`` picks.

    ``awaited``, ``decided`` and ``closed`` say which of those kinds of referral ``where`` can pick at all
    (a group that cannot match is left out rather than read through its index for nothing), ``rags``
    which ratings (None: not rated yet) it can pick, if not every one, and ``overdue_or`` whether only
    overdue rows are wanted, and which others with them (see ``_groups``)."""
    return _page(_groups(where, now, overdue_rank, unrated_rank, awaited, decided, closed, rags, overdue_or),
                 offset, size)


def urgency_count(session: Session, where: Sequence[ColumnElement], now: dt.datetime,
                  overdue_rank: Mapping[Rag, int], unrated_rank: int, *, awaited: bool = True, decided: bool = True,
                  closed: bool = False, rags: Sequence[Rag | None] | None = None,
                  overdue_or: ColumnElement | None = None) -> int:
    """How many rows :func:`urgency_page` pages through: each group counted from its index."""
    return sum(_sizes(session, _groups(where, now, overdue_rank, unrated_rank, awaited, decided, closed, rags,
                                       overdue_or)))


def _sizes(session: Session, groups: Sequence[_Group], up_to: int | None = None) -> Sequence[int]:
    """Each group's rows, counted in one statement; ``up_to``: no further than that many."""
    if not groups:
        return ()

    def rows(group: _Group) -> Select:
        if up_to is None:
            return select(func.count()).select_from(Referral).where(*group.where)
        return select(func.count()).select_from(
            select(literal(1).label("one")).select_from(Referral).where(*group.where).limit(up_to).subquery())

    return session.execute(select(*(rows(group).scalar_subquery() for group in groups))).one()


def urgency_window(session: Session, where: Sequence[ColumnElement], now: dt.datetime, offset: int, size: int,
                   overdue_rank: Mapping[Rag, int], unrated_rank: int, *, awaited: bool = True,
                   decided: bool = True, closed: bool = False, rags: Sequence[Rag | None] | None = None,
                   overdue_or: ColumnElement | None = None) -> list[int]:
    """The same ids as :func:`urgency_page`, for a window far down the queue.

    A page at position P reads up to P + size rows of every group. Here the
    database first counts the bands' rows, a band at a time in order, from
    the same indexes; the bands wholly before the window are skipped, and
    the page reads only the band or bands the window falls in. A band is
    counted only as far as the window's end: once the bands counted reach
    it, the rest are left out uncounted, as is the last band, which holds
    whatever of the window is left. So a window half way down counts about
    half the queue, not all of it. Rows changed between the counts and the
    read (PostgreSQL reads each statement as of its start) shift the window
    as they would shift any page; the queue loads again on every change."""
    groups = _groups(where, now, overdue_rank, unrated_rank, awaited, decided, closed, rags, overdue_or)
    bands = [list(members) for _band, members in groupby(groups, key=lambda group: group.band)]
    kept: list[_Group] = []
    skipped = start = 0
    for n, members in enumerate(bands):
        if n == len(bands) - 1:
            kept.extend(members)
            break
        rows = sum(_sizes(session, members, up_to=offset + size - start))
        if start + rows <= offset:
            skipped += rows
        else:
            kept.extend(members)
        start += rows
        if start >= offset + size:
            break
    return list(session.scalars(_page(kept, offset - skipped, size)))
