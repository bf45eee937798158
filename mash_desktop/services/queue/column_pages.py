"""A page of the queue sorted by a column, read from indexes a part at a time.

Sorted by a column (services/queue/query.py, ``ids_query``), the queue is in
the column's order with rows without a value last, ties by id. Sorting every
open referral so costs the database a scan and a sort of them all; but the
order is a few parts, each a range of an index already in its order:

- a plain column (reference, subject's name, date of birth, receipt): the
  rows with a value by value and id, then the rows without one by id, each
  a status at a time (the column's index led by the status; age runs its
  ties opposite to the date, as its index does);
- a coded column ranked by a list (RAG, status, source): one part per value,
  in rank order, each by id (an index on the column and id), then the rows
  without a value;
- the due time: the referrals still awaited by due time (the default order's
  index, store/queue_order.py), then the rest (decided, closed, rated
  without a due time) by id.

As for the default order (services/queue/urgency.py), a page from position
``offset`` needs at most ``offset + size`` rows of each part: one small
ordered read per part, joined with UNION ALL and ordered again, which yields
exactly the rows and the order of the whole sort. Filters apply to every part.
The indexes read are of one status or of the open referrals only
(store/queue_order.py), so closed cases, which are most of a hub's history,
are not passed over one by one, nor are other statuses under a status filter.
Values are written in the SQL text so that the planners pick each value's index range.

The allocated member's name is not one of these: it is on the members'
table, so no index of the referrals holds that order. A join of the members
in name order with each one's referrals by id would be (SQLite keeps such a
walk in order when told to with a CROSS JOIN), but PostgreSQL's planner does
not keep a join's inner order and sorts each member's whole caseload or
every row. So that order is read in a few statements instead, the members
first and then their referrals a member at a time
(services/queue/allocated_pages.py).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, cast, false, literal, literal_column, null, select, union_all

from ...store.models import Referral
from ...store.queue_order import AWAITED, AWAITED_DUE, CLOSED_ONLY, DECIDED_ONLY


def _part(number: int, stmt: Select, key: ColumnElement | None, order: list, rows: int) -> Select:
    """One part's first ``rows`` ids in ``order``, with its number and its key (None: no key needed)."""
    key = null() if key is None else key
    inner = stmt.add_columns(literal(number).label("part"), key.label("key")).order_by(*order).limit(rows).subquery()
    return select(inner.c.id, inner.c.part, inner.c.key)


def _page(parts: list[Select], offset: int, size: int, key_descending: bool, descending: bool) -> Select:
    """The ids at ``offset`` to ``offset + size`` of the parts, in part, key and id order."""
    if not parts:
        return select(Referral.id).where(false())
    page = union_all(*parts).subquery("column") if len(parts) > 1 else parts[0].subquery("column")
    return (select(page.c.id)
            .order_by(page.c.part, page.c.key.desc() if key_descending else page.c.key,
                      page.c.id.desc() if descending else page.c.id)
            .offset(offset).limit(size))


def _ids(where: Sequence[ColumnElement]) -> Select:
    return select(Referral.id.label("id")).where(*where)


def _by_id(descending: bool) -> ColumnElement:
    return Referral.id.desc() if descending else Referral.id


def _value(value: enum.Enum) -> ColumnElement:
    """A code written into the SQL text (codes are fixed identifiers, never typed in)."""
    return literal_column(f"'{value.value}'")


def key_page(where: Sequence[ColumnElement], key: ColumnElement, nullable: bool, offset: int, size: int, *,
             key_descending: bool, descending: bool, statuses: Sequence[enum.Enum] = ()) -> Select:
    """A page of the rows ``where`` picks, by the plain column ``key`` (then id), those without one last.

    ``statuses``: those ``where`` can pick, read a part each from the key's index led by the status
    (store/queue_order.py); none: ``where`` picks one status or is read as one part."""
    rows, by_id = offset + size, _by_id(descending)
    by_key = key.desc() if key_descending else key
    alone = [(Referral.status == _value(status),) for status in statuses] or [()]
    parts = [_part(0, _ids([*where, *status, key.is_not(None)]), key, [by_key, by_id], rows) for status in alone]
    if nullable:  # ordered by the (constant) key as the first part is, so that the planners read its index
        parts += [_part(1, _ids([*where, *status, key.is_(None)]), cast(null(), key.type), [by_key, by_id], rows)
                  for status in alone]
    return _page(parts, offset, size, key_descending, descending)


def ranked_page(where: Sequence[ColumnElement], column: ColumnElement, values: Sequence[enum.Enum | None],
                offset: int, size: int, *, descending: bool) -> Select:
    """A page of the rows ``where`` picks, by ``column``'s rank in ``values`` (then id).

    ``values`` are those ``where`` can pick, in the order wanted (None: no value; last);
    a value it cannot pick is left out rather than read through its index for nothing."""
    rows, by_id = offset + size, _by_id(descending)
    # Those without a value are ordered by the (constant) column too: PostgreSQL otherwise reads every
    # referral by id for them, testing each, when its estimate says there are many (there may be none).
    parts = [_part(n, _ids([*where, column == _value(value)]), None, [by_id], rows) if value is not None else
             _part(n, _ids([*where, column.is_(None)]), None, [column.desc() if descending else column, by_id], rows)
             for n, value in enumerate(values)]
    return _page(parts, offset, size, False, descending)


def due_page(where: Sequence[ColumnElement], offset: int, size: int, *, descending: bool, awaited: bool,
             decided: bool, closed: bool) -> Select:
    """A page of the rows ``where`` picks by the due time still awaited (then id), those with none last.

    ``awaited``, ``decided`` and ``closed`` say which kinds of referral ``where`` can pick at all."""
    rows = offset + size
    due, by_id, nothing = AWAITED_DUE, _by_id(descending), cast(null(), AWAITED_DUE.type)
    parts = []
    if awaited:
        parts.append(_part(0, _ids([*where, AWAITED, due.is_not(None)]), due,
                           [due.desc() if descending else due, by_id], rows))
        parts.append(_part(1, _ids([*where, AWAITED, due.is_(None)]), nothing, [by_id], rows))
    if decided:
        parts.append(_part(1, _ids([*where, DECIDED_ONLY]), nothing, [by_id], rows))
    if closed:
        parts.append(_part(1, _ids([*where, CLOSED_ONLY]), nothing, [by_id], rows))
    return _page(parts, offset, size, descending, descending)
