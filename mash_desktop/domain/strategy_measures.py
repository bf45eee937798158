"""Performance figures of strategy discussions held in a period.

How many were held; how many started s47 enquiries; of those whose initial
child protection conference (ICPC) is due by now or was held, how many held
it within 15 working days (by its due date); and how many are past due with
no ICPC recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .metric_types import Count, Share


@dataclass(frozen=True)
class StrategyRow:
    """One discussion: its case, whether it started s47 enquiries, its ICPC due and held dates."""

    reference: str
    discussion: int
    s47: bool
    icpc_due_on: dt.date | None
    icpc_held_on: dt.date | None


@dataclass(frozen=True)
class StrategyMeasures:
    held: Count = Count()
    s47: Count = Count()
    icpc_in_time: Share = Share()
    icpc_overdue: Count = Count()


def measure_strategy(rows: Iterable[StrategyRow], today: dt.date) -> StrategyMeasures:
    rows = sorted(rows, key=lambda r: (r.reference, r.discussion))
    tag = [r.reference for r in rows]  # a case with two discussions counts twice
    s47 = [(t, r) for t, r in zip(tag, rows) if r.s47 and r.icpc_due_on is not None]
    measured = [(t, r) for t, r in s47 if r.icpc_held_on is not None or today > r.icpc_due_on]
    in_time = tuple(t for t, r in measured if r.icpc_held_on is not None and r.icpc_held_on <= r.icpc_due_on)
    overdue = tuple(t for t, r in s47 if r.icpc_held_on is None and today > r.icpc_due_on)
    return StrategyMeasures(Count(tuple(tag)), Count(tuple(t for t, _ in s47)),
                            Share(Count(in_time), Count(tuple(t for t, _ in measured))), Count(overdue))
