"""Acknowledging a contact to the person who made it.

Every contact from a professional or a member of the public who can be
reached (a name and an email address or phone number) is acknowledged with
its reference within one working day of receipt: by default 8 working hours
of the hub's calendar (the hub setting ``acknowledgement_hours``). An
anonymous contact, or one with no way to reach the referrer, expects none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .codes import _Coded
from .timescales import HubCalendar


class AckMethod(_Coded):
    """How the acknowledgement reached the referrer."""

    EMAIL = ("email", "Email")
    LETTER = ("letter", "Letter by post")
    PHONE = ("phone", "Phone call")
    PORTAL = ("portal", "Referral portal message")


def reachable(name: str | None, email: str | None, phone: str | None, anonymous: bool) -> bool:
    """Whether the referrer can be acknowledged at all."""
    return not anonymous and bool(name) and bool(email or phone)


def acknowledgement_due(received: dt.datetime, calendar: HubCalendar, working_hours: float) -> dt.datetime:
    """When the acknowledgement of a contact received at ``received`` is due."""
    return calendar.add_working_hours(received, working_hours)


@dataclass(frozen=True)
class Acknowledgement:
    """A contact's acknowledgement: when due, when sent and how; ``verified``
    is False when the sent time is not the one the signed audit trail holds."""

    due_at: dt.datetime
    sent_at: dt.datetime | None = None
    how: AckMethod | None = None
    verified: bool = True

    def overdue(self, now: dt.datetime) -> bool:
        return self.sent_at is None and now > self.due_at

    def in_time(self) -> bool | None:
        """Sent by the time it was due (None: not sent yet)."""
        return None if self.sent_at is None else self.sent_at <= self.due_at
