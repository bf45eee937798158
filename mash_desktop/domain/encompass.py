"""Operation Encompass: a police notification of a domestic-abuse incident
that a child was present at, or that a household member reported.

The notification is a contact of its own (source: police) with its own
clock: the key adult at the child's school is told before the start of the
next school day. A school day here is a weekday that is not a bank holiday
of the hub's nation (school term dates are not known to the hub, so a
notification in the holidays is still due at the next weekday's start). The
clock runs through nights, weekends and bank holidays: a notification on a
Friday night is due at school start on Monday, or on Tuesday when Monday is
a bank holiday.

A contact arrives as Encompass with ``"encompass": {"incident_at": ...}`` in
its JSON (docs/referral-json.md); :func:`read_notice` checks that part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ._fields import Obj, Problems
from .codes import ContactSource
from .errors import FieldError
from .timescales import HubCalendar, bank_holidays

#: The key of the contact's JSON that marks it Encompass, and its fields.
KEY = "encompass"
_KEYS = ("incident_at",)
#: When schools open unless the hub sets otherwise (setting ``school_start_hour``).
SCHOOL_START_HOUR = 9.0
NOT_POLICE = "An Operation Encompass notification comes from the police: set the source to Police."


@dataclass(frozen=True)
class Notice:
    """What the police notification says beyond an ordinary contact."""

    incident_at: dt.datetime  # UTC


def read_notice(payload: object, source: ContactSource | None, received_at: dt.datetime) -> Notice | None:
    """The Encompass part of a contact's JSON, or None when it is not one;
    a :class:`FieldError` when it is wrong or the source is not the police."""
    if not isinstance(payload, dict) or payload.get(KEY) in (None, False):
        return None
    problems = Problems()
    part = Obj.of(payload.get(KEY), KEY, problems, _KEYS)
    incident = part.moment("incident_at") if part is not None else None
    if part is not None and incident is None and part.ok("incident_at"):
        part.fail("incident_at", "required: when the incident happened")
    if problems.errors:
        raise problems.errors[0]
    assert incident is not None
    if source is not ContactSource.POLICE:
        raise FieldError("source", NOT_POLICE)
    if incident > received_at + dt.timedelta(minutes=5):
        raise FieldError(f"{KEY}.incident_at", "is after the police notification was received")
    return Notice(incident)


def is_school_day(day: dt.date, calendar: HubCalendar) -> bool:
    """A weekday that is not a bank holiday (hub closure days do not close schools)."""
    return day.weekday() < 5 and day not in bank_holidays(calendar.nation, day.year)


def school_start(hour: float) -> dt.time:
    minutes = round(hour * 60)
    return dt.time(minutes // 60, minutes % 60)


def encompass_due(notified_at: dt.datetime, calendar: HubCalendar,
                  start_hour: float = SCHOOL_START_HOUR) -> dt.datetime:
    """When the school's key adult must have been told: the start of the
    first school day that begins after ``notified_at`` (UTC)."""
    if notified_at.tzinfo is None:
        raise ValueError("notified_at must carry a timezone")
    zone = ZoneInfo(calendar.timezone)
    opens = school_start(start_hour)
    day = notified_at.astimezone(zone).date()
    for _ in range(30):
        if is_school_day(day, calendar):
            start = dt.datetime.combine(day, opens, tzinfo=zone).astimezone(dt.timezone.utc)
            if start > notified_at:
                return start
        day += dt.timedelta(days=1)
    raise ValueError("no school day in the next thirty days")


@dataclass(frozen=True)
class EncompassState:
    """An Encompass contact's clock: the incident, when the school is due to
    be told and when it was; ``verified`` is False when the informed time is
    not the one the signed audit trail holds."""

    incident_at: dt.datetime
    due_at: dt.datetime
    informed_at: dt.datetime | None = None
    school: str | None = None
    verified: bool = True

    def overdue(self, now: dt.datetime) -> bool:
        return self.informed_at is None and now > self.due_at

    def in_time(self) -> bool | None:
        return None if self.informed_at is None else self.informed_at <= self.due_at
