"""Strategy discussions: what one records and the rules around it.

Working Together to Safeguard Children (2023, chapter 3): a strategy
discussion is held whenever there is reasonable cause to suspect a child is
suffering, or likely to suffer, significant harm. It involves children's
social care, the police and health at least, with others as needed, and
decides whether to start enquiries under section 47 of the Children Act
1989. Where it does, the initial child protection conference (ICPC) is held
within 15 working days of the strategy discussion.

Nothing here reads the database: the service passes in the hub calendar and
the facts, and the case workspace, the queue and the minutes show the views
below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .codes import AgencyKind, ConcernCategory, _Coded
from .timescales import HubCalendar

#: Working days from the strategy discussion that started s47 enquiries to
#: the initial child protection conference.
ICPC_WORKING_DAYS = 15
#: Agencies every strategy discussion involves besides children's social care.
REQUIRED_KINDS = (AgencyKind.POLICE, AgencyKind.HEALTH)
#: Concerns for which the discussion is expected the same working day: an
#: injury, or (recent) sexual abuse, where evidence and medical examination
#: cannot wait.
SAME_DAY_CONCERNS = frozenset({ConcernCategory.PHYSICAL, ConcernCategory.SEXUAL})
#: What the case and the queue say where the discussion is expected today.
SAME_DAY_LABEL = "Strategy discussion today"
#: Most characters in what was shared, and in the reasons.
TEXT_LIMIT = 20000
#: Most characters of one action.
ACTION_LIMIT = 1000
#: Most attendees and actions one discussion records.
MAX_ATTENDEES = 40
MAX_ACTIONS = 40


class S47Decision(_Coded):
    START_S47 = ("start_s47", "Start s47 enquiries")
    CONTINUE_S17 = ("continue_s17", "No s47: continue as child in need (s17)")
    NO_FURTHER_ACTION = ("no_further_action", "No further action")


def same_day_expected(concerns: Iterable[ConcernCategory]) -> bool:
    """Whether the case's concerns call for a strategy discussion the same working day."""
    return bool(SAME_DAY_CONCERNS & frozenset(concerns))


def icpc_due(held_on: dt.date, calendar: HubCalendar) -> dt.date:
    """The last day for the initial child protection conference: the 15th
    working day after the strategy discussion (weekends, bank holidays and
    the hub's closure days do not count)."""
    day, counted = held_on, 0
    while counted < ICPC_WORKING_DAYS:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def missing_kinds(present: Iterable[AgencyKind | None]) -> tuple[AgencyKind, ...]:
    """The agencies procedures require that no attendee comes from."""
    kinds = frozenset(present)
    return tuple(k for k in REQUIRED_KINDS if k not in kinds)


def missing_caption(missing: Iterable[AgencyKind]) -> str:
    """What a discussion says when police or health were not invited ("" when both were)."""
    names = [k.label.lower() for k in missing]
    if not names:
        return ""
    return f"No {' or '.join(names)} attendee: procedures require {' and '.join(names)} to be invited."


@dataclass(frozen=True)
class AttendeeEntry:
    name: str
    agency: str | None  # agency code; None: from outside the hub's partners
    agency_name: str
    role: str
    kind: AgencyKind | None = None  # the agency's kind, for who procedures require
    present: bool = True  # False: invited, sent apologies


@dataclass(frozen=True)
class ActionEntry:
    id: int
    text: str
    owner: str  # a member's name or an agency's name
    due_on: dt.date
    done_at: dt.datetime | None = None
    done_by: str | None = None
    verified: bool = True

    def overdue(self, today: dt.date) -> bool:
        return self.done_at is None and self.due_on < today


@dataclass(frozen=True)
class DiscussionEntry:
    """One strategy discussion as a reader of the case sees it."""

    id: int
    convened_at: dt.datetime
    convened_by: str
    attendees: tuple[AttendeeEntry, ...]
    shared: str
    decision: S47Decision
    reasons: str
    icpc_due_on: dt.date | None
    actions: tuple[ActionEntry, ...]
    #: The record carries a valid signature of who recorded it (False: altered outside the hub).
    verified: bool = True
    #: When the initial child protection conference was held (None: not recorded), and whether
    #: that carries a valid signature of who recorded it.
    icpc_held_on: dt.date | None = None
    icpc_verified: bool = True

    @property
    def missing(self) -> tuple[AgencyKind, ...]:
        """Police or health, where nobody of that kind of agency was invited."""
        return missing_kinds(a.kind for a in self.attendees)

    @property
    def icpc_in_time(self) -> bool | None:
        """Whether the ICPC was held by its due date (None: none due, or not held yet)."""
        if self.icpc_due_on is None or self.icpc_held_on is None:
            return None
        return self.icpc_held_on <= self.icpc_due_on

    def open_actions(self) -> tuple[ActionEntry, ...]:
        return tuple(a for a in self.actions if a.done_at is None)
