"""Performance figures of the notices a contact is due: the acknowledgement to
its referrer (within one working day) and, for an Operation Encompass
notification, telling the school's key adult before the next school day.

A notice counts once its time is up or it was done: one still within its
time and not yet done is neither on time nor late. One done by its due time
is on time; one not done and past due is overdue now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .metric_types import Count, Share


@dataclass(frozen=True)
class NoticeRow:
    """One contact's notice: its reference, when it was due and when it was done (None: not yet)."""

    reference: str
    due_at: dt.datetime
    done_at: dt.datetime | None


@dataclass(frozen=True)
class NoticeMeasures:
    """The notices of contacts received in one period."""

    acknowledged: Share = Share()
    acknowledgements_overdue: Count = Count()
    encompass: Share = Share()
    encompass_overdue: Count = Count()


def timeliness(rows: Iterable[NoticeRow], now: dt.datetime) -> tuple[Share, Count]:
    """(done in time out of those due by now or done, those overdue now), by reference."""
    rows = sorted(rows, key=lambda r: r.reference)
    measured = [r for r in rows if r.done_at is not None or now > r.due_at]
    in_time = tuple(r.reference for r in measured if r.done_at is not None and r.done_at <= r.due_at)
    overdue = tuple(r.reference for r in rows if r.done_at is None and now > r.due_at)
    return Share(Count(in_time), Count(tuple(r.reference for r in measured))), Count(overdue)


def measure_notices(acknowledgements: Iterable[NoticeRow], encompass: Iterable[NoticeRow],
                    now: dt.datetime) -> NoticeMeasures:
    acknowledged, late = timeliness(acknowledgements, now)
    told, untold = timeliness(encompass, now)
    return NoticeMeasures(acknowledged, late, told, untold)
