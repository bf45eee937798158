"""The audit trail as an auditor searches it: filtered, newest first, a page at a time.

A trail holds tens of thousands of events, so it is read in pages by event
number (``before``: the pages never shift when new events arrive) and the
database does the filtering: by user, by case, by action and by period.
A case filter finds what was done to the referral itself, to its panels
(``MASH-…/POL``) and to anything whose detail names it (disclosures,
documents, converted consultations).

Only auditors may search, count or export (the services refuse anyone
else, whatever the screens show). The events hold no panel text; what is
shown of them is the justification given and a one-line summary of the
detail.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from ...domain.codes import Role
from ...domain.errors import FieldError, UserError
from ...security.accounts import SignedIn
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency, AuditEvent, Workstation
from . import trail as audit_trail
from .. import files
from ..intake.referrals import HUB_ZONE

#: Events read together when the viewer needs more of the trail.
PAGE = 200
#: A summary longer than this is cut with an ellipsis (the full text is kept beside it).
SUMMARY_MAX = 160


@dataclass(frozen=True)
class AuditFilter:
    """Which events to show; an empty field does not narrow anything.

    ``action`` is one action (``case.view``) or, ending in a dot, a whole
    family (``case.``). ``start`` is included, ``end`` is not (UTC-aware).
    """

    username: str | None = None
    reference: str | None = None
    action: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def check(self) -> None:
        """Refuse a period that ends before it starts."""
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise FieldError("To", "the period ends before it starts")


@dataclass(frozen=True)
class AuditRow:
    """One event as the viewer shows it."""

    id: int
    at: dt.datetime  # UTC
    user: str
    agency: str | None
    workstation: str | None
    action: str
    object_type: str
    object_ref: str | None
    justification: str | None
    detail: str | None  # the stored JSON

    @property
    def target(self) -> str:
        """What the event was about: "referral MASH-2026-000001"."""
        return f"{self.object_type} {self.object_ref}" if self.object_ref else self.object_type

    @property
    def summary(self) -> str:
        return detail_summary(self.justification, self.detail)


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    more: bool  # older events matching the filter remain


def period_of_days(first: dt.date | None, last: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The UTC bounds of whole hub-local days, ``last`` included."""
    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0), tzinfo=HUB_ZONE)

    return (midnight(first) if first else None,
            midnight(last + dt.timedelta(days=1)) if last else None)


def _words(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value) or "none"
    return str(value)


def detail_summary(justification: str | None, detail: str | None, limit: int = SUMMARY_MAX) -> str:
    """One line: the reason given, then each detail as "key: value"."""
    parts = [f"Reason: {' '.join(justification.split())}"] if justification else []
    if detail:
        try:
            values = json.loads(detail)
        except ValueError:
            values = detail
        if isinstance(values, dict):
            parts += [f"{key.replace('_', ' ')}: {_words(value)}" for key, value in values.items()]
        else:
            parts.append(" ".join(str(values).split()))
    text = " · ".join(parts)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _filtered(query: Select, where: AuditFilter) -> Select:
    username = (where.username or "").strip().lower()
    reference = (where.reference or "").strip().upper()
    action = (where.action or "").strip()
    if username:
        query = query.where(AuditEvent.actor_name == username)
    if reference:
        query = query.where(or_(AuditEvent.object_ref == reference,
                                AuditEvent.object_ref.startswith(reference + "/", autoescape=True),
                                AuditEvent.detail.contains(f'"{reference}"', autoescape=True)))
    if action.endswith("."):
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    elif action:
        query = query.where(AuditEvent.action == action)
    if where.start is not None:
        query = query.where(AuditEvent.at >= where.start)
    if where.end is not None:
        query = query.where(AuditEvent.at < where.end)
    return query


def find_events(db: Database, auditor: Actor, where: AuditFilter = AuditFilter(), *,
                before: int | None = None, limit: int = PAGE) -> AuditPage:
    """Up to ``limit`` matching events numbered below ``before``, newest first."""
    auditor.require(Role.AUDITOR)
    where.check()
    station = aliased(Workstation)

    def query(time) -> Select:
        chosen = (select(AuditEvent.id, time, AuditEvent.actor_name, Agency.code, station.name,
                         AuditEvent.action, AuditEvent.object_type, AuditEvent.object_ref,
                         AuditEvent.justification, AuditEvent.detail)
                  .outerjoin(Agency, Agency.id == AuditEvent.agency_id)
                  .outerjoin(station, station.id == AuditEvent.workstation_id)
                  .order_by(AuditEvent.id.desc()).limit(limit + 1))
        return _filtered(chosen if before is None else chosen.where(AuditEvent.id < before), where)

    with db.read() as session:
        found = [AuditRow(*row) for row in audit_trail.event_rows(session, query)]
    return AuditPage(tuple(found[:limit]), len(found) > limit)


def count_events(db: Database, auditor: Actor, where: AuditFilter = AuditFilter()) -> int:
    """How many events match ``where``."""
    auditor.require(Role.AUDITOR)
    where.check()
    with db.read() as session:
        return session.scalar(_filtered(select(func.count()).select_from(AuditEvent), where)) or 0


def action_names(db: Database, auditor: Actor) -> list[str]:
    """Every action the trail holds, in alphabetical order."""
    auditor.require(Role.AUDITOR)
    with db.read() as session:
        return sorted(session.scalars(select(AuditEvent.action).distinct()))


def write_export(db: Database, auditor: SignedIn, start: dt.datetime | None, end: dt.datetime | None,
                 out: TextIO, line_end: str = "\r\n") -> int:
    """Write the DPA 2018 s62 log of a period to ``out`` as CSV; return how many events.

    The export is audited (``audit.export``). ``line_end`` "\n" is for a
    stream that translates line ends itself (standard output).
    """
    auditor.require(Role.AUDITOR)
    AuditFilter(start=start, end=end).check()
    rows = audit_trail.export(db, auditor, start, end)
    audit_trail.write_csv(rows, out, line_end)
    return len(rows)


def export_to_file(db: Database, auditor: SignedIn, start: dt.datetime | None, end: dt.datetime | None,
                   path: Path) -> int:
    """Write the DPA 2018 s62 log of a period to ``path`` as CSV; return how many events.

    The export is audited (``audit.export``) and the file replaced whole,
    readable by its owner only (services/files.py).
    """
    auditor.require(Role.AUDITOR)
    AuditFilter(start=start, end=end).check()
    if not path.parent.is_dir():
        raise UserError(f"There is no folder {path.parent} to write {path.name} into.")
    text = io.StringIO(newline="")
    count = write_export(db, auditor, start, end, text)
    files.write_atomically(path, text.getvalue().encode("utf-8"))
    return count
