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
the order of the whole sort. Filters and searches apply to every group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import ColumnElement, DateTime, Select, cast, false, literal, null, select, union_all

from ...domain.codes import Rag
from ...store.models import Referral
from ...store.queue_order import AWAITED, AWAITED_DUE, CLOSED_ONLY, DECIDED_ONLY

#: The band of the rows with no clock, after those not yet due (10) and the overdue ones (0-4).
NOT_YET_DUE, NO_CLOCK = 10, 20
#: The due time of a group with no clock, typed so that the groups' columns unite on PostgreSQL.
_NOTHING = cast(null(), DateTime(timezone=True))


def _group(band: int, where: Sequence[ColumnElement], due, order: list, rows: int) -> Select:
    """One group's first ``rows`` in its order, with what orders the groups together."""
    inner = (select(Referral.id.label("id"), literal(band).label("band"), due.label("due"),
                    Referral.received_at.label("received"))
             .where(*where).order_by(*order, Referral.id).limit(rows).subquery())
    return select(inner.c.id, inner.c.band, inner.c.due, inner.c.received)


def urgency_page(where: Sequence[ColumnElement], now: dt.datetime, offset: int, size: int,
                 overdue_rank: Mapping[Rag, int], unrated_rank: int, *, awaited: bool = True, decided: bool = True,
                 closed: bool = False, rags: Sequence[Rag | None] | None = None) -> Select:
    """The ids at ``offset`` to ``offset + size`` of the default order among the rows ``where`` picks.

    ``awaited``, ``decided`` and ``closed`` say which of those kinds of referral ``where`` can pick at all
    (a group that cannot match is left out rather than read through its index for nothing), and ``rags``
    which ratings (None: not rated yet) it can pick, if not every one."""
    rows = offset + size
    due, received = AWAITED_DUE, Referral.received_at
    groups: list[Select] = []
    if awaited:
        for rag in [None, *Rag] if rags is None else rags:
            rated = Referral.rag.is_(None) if rag is None else Referral.rag == rag
            groups.append(_group(unrated_rank if rag is None else overdue_rank.get(rag, unrated_rank),
                                 [*where, AWAITED, rated, due <= now], due, [due, received], rows))
        groups.append(_group(NOT_YET_DUE, [*where, AWAITED, due > now], due, [due, received], rows))
        # Rated but without a due time: no clock (the index holds them with no due time, by receipt).
        groups.append(_group(NO_CLOCK, [*where, AWAITED, due.is_(None)], _NOTHING, [received], rows))
    if decided:
        groups.append(_group(NO_CLOCK, [*where, DECIDED_ONLY], _NOTHING, [received], rows))
    if closed:
        groups.append(_group(NO_CLOCK, [*where, CLOSED_ONLY], _NOTHING, [received], rows))
    if not groups:
        return select(Referral.id).where(false())
    page = union_all(*groups).subquery("urgent")
    return (select(page.c.id).order_by(page.c.band, page.c.due, page.c.received, page.c.id)
            .offset(offset).limit(size))
