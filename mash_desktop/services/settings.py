"""Hub settings: named values the hub's own administrator sets.

Each setting has a default, bounds and a unit. A value read back from the
database is checked against its bounds before it is used: one outside them
(or not a number) is ignored and the default applies, so a tampered row can
never stop a clock or set one years away.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..domain.errors import FieldError
from ..security.audit import record
from ..security.identity import Actor
from ..store.database import Database
from ..store.models import HubSetting
from ..store.types import utcnow
from .admin.agencies import require_hub_admin


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    unit: str
    default: float
    low: float
    high: float
    source: str

    def check(self, value: float) -> float:
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise FieldError(self.name, f"must be between {self.low:g} and {self.high:g} {self.unit}")
        return value


#: Working Together 2023: a decision on next steps within one working day of
#: receipt; one working day is the hub's opening hours (8 by default).
SCREENING_HOURS = Setting("screening_hours", "Screening of a new contact", "working hours", 8, 1, 80,
                          "Working Together 2023: next steps decided within one working day of receipt")
#: Working Together: a referral made by phone is confirmed in writing within 48 hours.
CONFIRMATION_HOURS = Setting("confirmation_hours", "Written confirmation of a phone contact", "hours", 48, 1, 240,
                             "Working Together: a phone referral is confirmed in writing within 48 hours")
#: Acknowledge a contact to its referrer, with the reference, within one working day.
ACKNOWLEDGEMENT_HOURS = Setting("acknowledgement_hours", "Acknowledgement of a contact to its referrer",
                                "working hours", 8, 1, 40,
                                "Acknowledged with its reference within one working day of receipt")
#: Operation Encompass: the key adult is told before the school day starts.
SCHOOL_START_HOUR = Setting("school_start_hour", "Start of the school day (Operation Encompass)", "hour of the day",
                            9, 7, 10, "Operation Encompass: the key adult is told before the next school day starts")
SETTINGS: dict[str, Setting] = {s.name: s for s in (SCREENING_HOURS, CONFIRMATION_HOURS, ACKNOWLEDGEMENT_HOURS,
                                                    SCHOOL_START_HOUR)}


def setting_value(session: Session, setting: Setting) -> float:
    """The hub's value of ``setting``, or its default when unset or out of bounds."""
    stored = session.get(HubSetting, setting.name)
    if stored is None:
        return setting.default
    try:
        return setting.check(float(stored.value))
    except (ValueError, FieldError):
        return setting.default


def hub_settings(db: Database) -> dict[str, float]:
    """Every setting's current value, by name."""
    with db.read() as session:
        return {name: setting_value(session, s) for name, s in SETTINGS.items()}


def set_setting(db: Database, actor: Actor, name: str, value: float, now: dt.datetime | None = None) -> float:
    """Set a hub setting (the hub's own administrators only); return the value stored."""
    setting = SETTINGS.get(name)
    if setting is None:
        raise FieldError("name", f"no hub setting is called {name!r}; there are: {', '.join(SETTINGS)}")
    try:
        value = setting.check(float(value))
    except (TypeError, ValueError):
        raise FieldError(name, "must be a number") from None
    now = now or utcnow()
    with db.write() as session:
        require_hub_admin(session, actor)
        stored = session.get(HubSetting, name)
        before = None if stored is None else stored.value
        if stored is None:
            stored = HubSetting(name=name)
            session.add(stored)
        stored.value = f"{value:g}"
        stored.updated_at = now
        stored.updated_by_id = actor.user_id
        record(session, actor, "hub.setting", "hub_setting", name, detail={"from": before, "to": stored.value})
    return value

