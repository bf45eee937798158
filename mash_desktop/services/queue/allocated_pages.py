"""A page of the queue sorted by the allocated member's name, read a member at a time.

Sorted by who a referral is allocated to (services/queue/query.py,
``ids_query``), the queue is in the order of the members' names lowered,
the referrals without a member last, ties by id (descending when the order
is). The name is on the members' table, so no index of the referrals holds
that order, and a database asked for it sorts every row the filter picks.

But a hub has few members (hundreds at most), so the page is read in steps:

- the members who hold a referral, with their names lowered, in that order
  (the database orders them, so the order is the one its sort would give);
  members whose lowered names are equal are one group, its rows by id;
- then each group's rows by id, from the index on the member and id
  (store/queue_order.py), and last the referrals without a member (a range
  of the same index), until the page is full. The index holds the status
  and RAG too, so the queue's filters on them pass over a member's rows
  without reading them.

A page from position ``offset`` needs at most ``offset + size`` rows of a
group. A first member usually holds more than a page, so the first group is
read alone; then two groups, four, eight... in one statement (each group's
first rows in order, joined with UNION ALL and ordered by the group's rank
and id), so that many members holding a few rows each cost a few
statements, not one each.

A window far down (from query.SEEK_FROM) first counts each member's rows in
one grouped statement (from the index alone, but for the agency filter);
the groups wholly before the window are skipped and the window is read
from the groups it falls in. Rows changed between two
statements (PostgreSQL reads each as of its start) shift the page as they
would shift any page; the queue loads again on every change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from sqlalchemy import ColumnElement, Select, exists, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session

from ...store.models import Referral, User

#: A group: the ids of the members whose lowered names are equal; (None,): the referrals without a member.
Group = tuple[int | None, ...]
#: Groups read together at most, and members in one statement (SQLite allows 500 SELECTs in a compound one).
MOST_GROUPS, MOST_MEMBERS = 32, 64
#: A part's columns, named rather than looked up on each part (building a statement of many parts is slow).
_ID, _RANK = literal_column("id"), literal_column("rank")


def member_groups(session: Session, descending: bool) -> list[Group]:
    """The groups of the allocated order: members holding a referral by lowered name, then no member."""
    name = func.lower(User.display_name)
    members = session.execute(select(User.id, name.label("name"))
                              .where(exists().where(Referral.allocated_to_id == User.id))
                              .order_by(name.desc() if descending else name)).all()
    return [*(tuple(m.id for m in same) for _, same in groupby(members, key=lambda m: m.name)), (None,)]


def _batch(where: Sequence[ColumnElement], batch: Sequence[Group], offset: int, size: int,
           descending: bool) -> Select:
    """The ids at ``offset`` to ``offset + size`` of the rows of ``batch``'s groups, group after group."""
    # Ordered by the (constant) member too, so that PostgreSQL reads the rows without one (IS NULL) in
    # the index's order rather than sorting them.
    order = ((Referral.allocated_to_id.desc(), Referral.id.desc()) if descending
             else (Referral.allocated_to_id, Referral.id))
    parts = []
    for rank, group in enumerate(batch):
        for member in group:
            held = Referral.allocated_to_id.is_(None) if member is None else Referral.allocated_to_id == member
            inner = (select(Referral.id.label("id"), literal(rank).label("rank")).where(*where, held)
                     .order_by(*order).limit(offset + size).subquery())
            parts.append(select(_ID, _RANK).select_from(inner))
    page = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("allocated")
    return (select(page.c.id).order_by(page.c.rank, page.c.id.desc() if descending else page.c.id)
            .offset(offset).limit(size))


def _batches(found: Sequence[Group], first: int) -> Iterator[list[Group]]:
    """``found`` in batches of ``first`` groups, then twice as many each time (up to the limits)."""
    start, wanted = 0, first
    while start < len(found):
        batch, members = [], 0
        for group in found[start:start + wanted]:
            if batch and members + len(group) > MOST_MEMBERS:
                break
            batch.append(group)
            members += len(group)
        start += len(batch)
        wanted = min(2 * wanted, MOST_GROUPS)
        yield batch


def allocated_page(session: Session, where: Sequence[ColumnElement], found: Sequence[Group], offset: int,
                   size: int, *, descending: bool) -> list[int]:
    """The ids at ``offset`` to ``offset + size`` of the rows ``where`` picks, in the order of ``found``."""
    ids: list[int] = []
    skip = offset
    for batch in _batches(found, 1) if size > 0 else ():
        rows = list(session.scalars(_batch(where, batch, 0, skip + size - len(ids), descending)))
        ids += rows[skip:]
        if len(ids) == size:
            break
        skip = max(0, skip - len(rows))  # fewer rows than asked for: every group of the batch is read
    return ids


def allocated_window(session: Session, where: Sequence[ColumnElement], found: Sequence[Group], offset: int,
                     size: int, *, descending: bool) -> list[int]:
    """The same ids as :func:`allocated_page`, for a window far down: the members' rows counted first."""
    counts = dict(session.execute(select(Referral.allocated_to_id, func.count()).where(*where)
                                  .group_by(Referral.allocated_to_id)).all())
    kept: list[Group] = []
    before = start = 0  # the rows of the groups wholly before the window; where a group starts
    for group in found:
        group = tuple(member for member in group if counts.get(member))
        rows = sum(counts[member] for member in group)
        if rows and start + rows <= offset:
            before += rows
        elif rows and start < offset + size:
            kept.append(group)
        start += rows
    ids: list[int] = []
    skip = offset - before
    for batch in _batches(kept, MOST_GROUPS):
        rows = sum(counts[member] for group in batch for member in group)
        if skip < rows and len(ids) < size:
            ids += session.scalars(_batch(where, batch, skip, size - len(ids), descending))
        skip = max(0, skip - rows)
    return ids
