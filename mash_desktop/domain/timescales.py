"""When a MASH decision and partner research fall due, by RAG rating.

Red runs on the clock, day and night. Amber and Green run only in the hub's
working hours: local wall-clock opening times on working days that are
neither bank holidays of the hub's nation nor closure days. All arithmetic
is done on UTC instants, so clock changes never stretch or shrink a day:
a working day is always its local opening hours, and a Red target is always
exactly its number of elapsed hours. Every result is an aware UTC datetime.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .codes import Rag

UTC = timezone.utc

#: Nations whose bank holidays the hub can follow (England and Wales share).
NATIONS: tuple[str, ...] = ("ENG", "WLS", "SCT", "NIR")

# A calendar with no working day at all in this many days is refused rather
# than searched forever.
_MAX_IDLE_DAYS = 366 * 2


@functools.lru_cache(maxsize=64)
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    """The bank holidays of one UK nation in one year, cached.

    Looked up once per (nation, year) because every deadline walks day by
    day and would otherwise rebuild the holiday table on each step.
    """
    import holidays  # its tables load in ~50 ms: only once a deadline is first worked out, not at start-up

    return frozenset(holidays.UK(subdiv=nation, years=year).keys())


def preload_bank_holidays(today: date) -> None:
    """Load every nation's bank holidays for this year and next into the cache.

    The holiday tables' first load takes a tenth of a second or more. The
    client calls this on a worker while the sign-in window waits for a
    password, so the first deadline worked out (a new referral's, a rating's)
    does not wait for it.
    """
    for nation in NATIONS:
        for year in (today.year, today.year + 1):
            bank_holidays(nation, year)


def _require_aware(value: datetime, name: str) -> datetime:
    """Return ``value`` in UTC, refusing a datetime without a timezone."""
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must carry a timezone (got naive {value.isoformat()})")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class HubCalendar:
    """The hub's working week, opening hours, bank holidays and closures.

    Working-hour targets (Amber, Green) only count time inside these hours,
    so the calendar is what turns "24 working hours" into a real instant.
    """

    timezone: str = "Europe/London"
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    working_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday=0
    nation: str = "ENG"
    closures: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {self.timezone!r}") from exc
        if self.nation not in NATIONS:
            raise ValueError(f"nation must be one of {', '.join(NATIONS)}, not {self.nation!r}")
        if not self.opens < self.closes:
            raise ValueError("the hub must open before it closes on the same day")
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("opening times are local wall-clock times without a timezone")
        if not self.working_days or not set(self.working_days) <= set(range(7)):
            raise ValueError("working days must be a non-empty set of weekdays 0 (Monday) to 6")
        # Accept any iterable for the set fields but store frozensets, so the
        # calendar stays hashable and immutable.
        object.__setattr__(self, "working_days", frozenset(self.working_days))
        object.__setattr__(self, "closures", frozenset(self.closures))

    @property
    def zone(self) -> ZoneInfo:
        """The hub's timezone as a tzinfo, for local wall-clock arithmetic."""
        return ZoneInfo(self.timezone)

    def is_working_day(self, d: date) -> bool:
        """Whether the hub is open at all on local date ``d``.

        A working weekday that is not a bank holiday of the hub's nation and
        not a closure day set by an administrator.
        """
        return (
            d.weekday() in self.working_days
            and d not in self.closures
            and d not in bank_holidays(self.nation, d.year)
        )

    def opening_hours(self, d: date) -> tuple[datetime, datetime] | None:
        """The UTC instants the hub opens and closes on local date ``d``.

        None on a day the hub is shut. Built from local wall-clock times, so
        the span is the local opening hours whatever the UTC offset that day.
        """
        if not self.is_working_day(d):
            return None
        zone = self.zone
        start = datetime.combine(d, self.opens, tzinfo=zone).astimezone(UTC)
        end = datetime.combine(d, self.closes, tzinfo=zone).astimezone(UTC)
        return start, end

    def _local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The UTC instant ``hours`` working hours after ``start``.

        Out of hours the clock starts at the next opening. A target that is
        met exactly at closing time is due at closing time, not at the next
        opening. Zero hours gives the moment the clock starts.
        """
        cursor = _require_aware(start, "start")
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = timedelta(hours=hours)
        day = self._local_date(cursor)
        idle = 0
        while True:
            window = self.opening_hours(day)
            if window is not None:
                idle = 0
                opens, closes = window
                begin = max(cursor, opens)
                if begin < closes:
                    available = closes - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            else:
                idle += 1
                if idle > _MAX_IDLE_DAYS:
                    raise ValueError("the hub calendar has no working day in two years")
            day += timedelta(days=1)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """How much working time lies between two instants.

        Zero when ``end`` is not after ``start``. The inverse of
        :meth:`add_working_hours`, used to show how much of a target is used.
        """
        first = _require_aware(start, "start")
        last = _require_aware(end, "end")
        total = timedelta(0)
        if last <= first:
            return total
        day = self._local_date(first)
        final = self._local_date(last)
        while day <= final:
            window = self.opening_hours(day)
            if window is not None:
                begin, finish = max(first, window[0]), min(last, window[1])
                if begin < finish:
                    total += finish - begin
            day += timedelta(days=1)
        return total


@dataclass(frozen=True)
class Timescale:
    """The targets for one RAG rating, in hours.

    ``decision_hours`` is the time for the MASH decision, ``research_hours``
    the time partner agencies have to return research; None means no target.
    ``clock_hours`` makes them plain elapsed hours that run out of hours.
    """

    decision_hours: float | None
    research_hours: float | None
    clock_hours: bool = False


#: The standard MASH timescales. Pass a different mapping as ``timescales``
#: to apply an administrator's local targets instead.
TIMESCALES: Mapping[Rag, Timescale] = MappingProxyType(
    {
        Rag.RED: Timescale(decision_hours=4, research_hours=2, clock_hours=True),
        Rag.AMBER: Timescale(decision_hours=24, research_hours=6),
        Rag.GREEN: Timescale(decision_hours=72, research_hours=24),
        Rag.BLUE: Timescale(decision_hours=None, research_hours=None),
    }
)


def _due(
    hours: float | None, clock: bool, start: datetime, calendar: HubCalendar
) -> datetime | None:
    began = _require_aware(start, "start")
    if hours is None:
        return None
    if clock:
        return began + timedelta(hours=hours)
    return calendar.add_working_hours(began, hours)


def decision_due(
    rag: Rag,
    received: datetime,
    calendar: HubCalendar,
    *,
    timescales: Mapping[Rag, Timescale] = TIMESCALES,
) -> datetime | None:
    """When the MASH decision on a contact rated ``rag`` is due, in UTC.

    Counted from when the contact was received. None when the rating has no
    target (Blue, or a rating missing from ``timescales``).
    """
    scale = timescales.get(rag)
    hours = scale.decision_hours if scale else None
    return _due(hours, bool(scale and scale.clock_hours), received, calendar)


def research_due(
    rag: Rag,
    requested: datetime,
    calendar: HubCalendar,
    *,
    timescales: Mapping[Rag, Timescale] = TIMESCALES,
) -> datetime | None:
    """When partner agencies must return research for a case rated ``rag``.

    Counted from when the supervisor asked for it; in UTC. None when the
    rating has no research target.
    """
    scale = timescales.get(rag)
    hours = scale.research_hours if scale else None
    return _due(hours, bool(scale and scale.clock_hours), requested, calendar)


def screening_due(received: datetime, calendar: HubCalendar, working_hours: float) -> datetime:
    """When a contact not yet rated must have been screened: ``working_hours``
    of the hub's working time after receipt (one working day by default)."""
    return calendar.add_working_hours(received, working_hours)


def confirmation_due(received: datetime, hours: float) -> datetime:
    """When written confirmation of a phone contact is due: plain hours after receipt."""
    return _require_aware(received, "received") + timedelta(hours=hours)


def is_overdue(due: datetime | None, now: datetime) -> bool:
    """Whether a target due at ``due`` has been missed at ``now``.

    A case is overdue only once ``now`` is strictly after the due instant;
    a case with no target (None) is never overdue.
    """
    current = _require_aware(now, "now")
    if due is None:
        return False
    return current > _require_aware(due, "due")
