"""The performance report's content as plain data: labelled figures and charts.

services/performance/table.py builds it from the gathered figures; the PDF
(reports/performance.py), its CSV and a dashboard all show the same lines,
so they say the same thing in the same words. Each line keeps the references
behind this period's figure, for a view that lists the cases behind a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Unit = Literal["count", "percent", "hours"]


@dataclass(frozen=True)
class Value:
    """One figure: a count, a percentage of ``base`` cases, or hours over ``base`` decisions."""

    unit: Unit
    number: float | None
    base: int | None = None

    def text(self) -> str:
        """As shown: "12", "75.0% (9 of 12)", "5.2 h"; "–" when there is no figure."""
        if self.number is None:
            return "–"
        if self.unit == "count":
            return f"{self.number:.0f}"
        if self.unit == "percent":
            part = round(self.number * (self.base or 0) / 100)
            return f"{self.number:.1f}% ({part} of {self.base})"
        return f"{self.number:.1f} h"

    def plain(self) -> str:
        """For a spreadsheet: the bare number (1 decimal for % and hours), or empty."""
        if self.number is None:
            return ""
        return f"{self.number:.0f}" if self.unit == "count" else f"{self.number:.1f}"


@dataclass(frozen=True)
class FigureLine:
    """One row: a figure this period and last, and the references behind this period's."""

    label: str
    now: Value
    before: Value
    references: tuple[str, ...] = ()

    @property
    def change(self) -> str:
        """This period less the last: "+3", "-5.0 pts", "+1.5 h"; "–" when either has no figure."""
        if self.now.number is None or self.before.number is None:
            return "–"
        delta = self.now.number - self.before.number
        digits = 0 if self.now.unit == "count" else 1
        text = f"{delta:+.{digits}f}" if round(delta, digits) else f"{0:.{digits}f}"
        return {"count": text, "percent": f"{text} pts", "hours": f"{text} h"}[self.now.unit]


@dataclass(frozen=True)
class Section:
    """A titled group of lines; ``key`` is stable for code, ``note`` defines the figures."""

    key: str
    title: str
    lines: tuple[FigureLine, ...]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A bar (upright or "hbar" lying), or line chart: one value per category per series (None: none)."""

    kind: Literal["bar", "hbar", "line"]
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    unit: str = ""


@dataclass(frozen=True)
class SeatLine:
    agency: str
    seats: int
    in_use: int


@dataclass(frozen=True)
class PerformanceReport:
    """Everything the performance report shows, for one period against the one before."""

    hub: str
    period: str
    previous: str
    first: dt.date
    last: dt.date
    produced_at: dt.datetime
    produced_by: str
    headline: tuple[FigureLine, ...]
    sections: tuple[Section, ...]
    seats: tuple[SeatLine, ...]
    charts: tuple[Chart, ...]
