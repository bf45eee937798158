"""The hub's working calendar: bank holidays plus closure days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.codes import Role
from ..domain.errors import Conflict, FieldError
from ..domain.timescales import HubCalendar
from ..security.audit import record
from ..security.identity import Actor
from ..store.database import Database
from ..store.models import ClosureDay
from .admin.agencies import require_hub_admin


def hub_calendar(session: Session) -> HubCalendar:
    """The calendar timescales run on, with this hub's closure days."""
    days = frozenset(session.scalars(select(ClosureDay.day)))
    return HubCalendar(closures=days)


def add_closure(db: Database, actor: Actor, day: dt.date, reason: str) -> None:
    actor.require(Role.ADMIN)
    reason = reason.strip()
    if not reason:
        raise FieldError("reason", "say why the hub is closed")
    with db.write() as session:
        require_hub_admin(session, actor)
        if session.get(ClosureDay, day) is not None:
            raise Conflict(f"{day.isoformat()} is already a closure day.")
        session.add(ClosureDay(day=day, reason=reason))
        record(session, actor, "calendar.closure_add", "closure_day", day.isoformat())


def list_closures(db: Database) -> list[tuple[dt.date, str]]:
    with db.read() as session:
        return [(c.day, c.reason) for c in session.scalars(select(ClosureDay).order_by(ClosureDay.day))]
