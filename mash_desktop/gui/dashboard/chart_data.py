"""What the dashboard's charts draw, worked out from the gathered figures.

Plain data, no Qt: each bar segment keeps the references it counts, so a
click on a bar can list the cases behind it like a click on a table line.
The three charts are contacts received each day, first decisions on time
and late by RAG rating, and the outcomes of decided contacts by source. A
period that runs on past today (this month, say) is drawn up to today: the
days still to come have no figures yet, and a line falling to zero across
them would read as a hub that had stopped receiving contacts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ...domain.codes import ContactSource, Outcome, Rag
from ...services.performance.figures import PerformanceFigures


#: The timeliness chart's two series.
ON_TIME, LATE = "On time", "Late"


@dataclass(frozen=True)
class Segment:
    """One bar segment: its value and the references behind it."""

    references: tuple[str, ...] = ()

    @property
    def value(self) -> int:
        return len(self.references)


@dataclass(frozen=True)
class Stacked:
    """A stacked bar chart: per series (``names``), one segment per category."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Segment, ...]], ...]
    #: What the categories are, as the category axis is titled.
    categories_title: str = ""

    @property
    def empty(self) -> bool:
        return not any(seg.value for _, segments in self.series for seg in segments)

    @property
    def largest(self) -> int:
        """The tallest stack: the sum over series of one category, at its highest."""
        if not self.categories:
            return 0
        return max(sum(segments[i].value for _, segments in self.series) for i in range(len(self.categories)))


@dataclass(frozen=True)
class Daily:
    """Contacts received on each day of the period."""

    title: str
    days: tuple[tuple[dt.date, int], ...]

    @property
    def empty(self) -> bool:
        return not any(n for _, n in self.days)


def volumes(figures: PerformanceFigures, today: dt.date) -> Daily:
    """Contacts received each day of the period up to ``today`` (every day listed, zero where none)."""
    days = tuple((day, count.value) for day, count in figures.current.by_day if day <= today)
    title = f"Contacts received each day, {figures.period.label}"
    if figures.period.last > today >= figures.period.first:
        title += f" (to {today.day} {today:%B})"
    return Daily(title, days)


def timeliness(figures: PerformanceFigures) -> Stacked:
    """First decisions of the period per rating at decision: on time and late (Blue has no target)."""
    shares = figures.current.on_time
    rated = [r for r in Rag if r in shares]
    on_time = tuple(Segment(shares[r].part.references) for r in rated)
    late = tuple(Segment(_without(shares[r].whole.references, shares[r].part.references)) for r in rated)
    return Stacked(f"Decisions within the RAG timescale, {figures.period.label}",
                   tuple(r.value.title() for r in rated), ((ON_TIME, on_time), (LATE, late)),
                   "RAG rating at decision")


def outcomes_by_source(figures: PerformanceFigures) -> Stacked:
    """Contacts first decided in the period, by source (categories) and current outcome (series)."""
    now = figures.current
    sources = [s for s in ContactSource if s in now.conversion and now.conversion[s].whole.value]
    decided = {s: set(now.conversion[s].whole.references) for s in sources}
    series = []
    for outcome in Outcome:
        counted = set(now.outcomes[outcome].references)
        if not counted:
            continue
        series.append((outcome.label, tuple(Segment(tuple(sorted(counted & decided[s]))) for s in sources)))
    return Stacked(f"Outcomes by source of the contact, {figures.period.label}",
                   tuple(s.label for s in sources), tuple(series), "Source")


def _without(whole: tuple[str, ...], part: tuple[str, ...]) -> tuple[str, ...]:
    """``whole`` less one occurrence of each reference in ``part``, in order."""
    left = Counter(part)
    kept = []
    for reference in whole:
        if left[reference]:
            left[reference] -= 1
        else:
            kept.append(reference)
    return tuple(kept)
