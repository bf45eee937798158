"""The audit trail for auditors: verify the chain, seal its head, export a period.

An export is itself audited (``audit.export``) before the rows are handed
out. Its CSV is safe to open in a spreadsheet: a cell that would start a
formula is prefixed with a single quote.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..domain.codes import Role
from ..domain.errors import FieldError
from ..security.accounts import SignedIn
from ..security.audit import Verdict, record, seal_checkpoint, verify_chain
from ..store.database import Database
from ..store.models import Agency, AuditCheckpoint, AuditEvent, User, Workstation

COLUMNS = ("id", "at_utc", "user", "agency", "workstation", "action", "object_type", "object_id",
           "justification", "detail")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def verify(db: Database) -> Verdict:
    with db.read() as session:
        return verify_chain(session)


def seal(db: Database, auditor: SignedIn) -> AuditCheckpoint:
    """Sign the chain's current head with the auditor's key."""
    auditor.require(Role.AUDITOR)
    with db.write() as session:
        signing_key = session.get(User, auditor.actor.user_id).signing_public_key
        return seal_checkpoint(session, auditor.actor, auditor.keychain.keys.signing, signing_key)


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def export(db: Database, auditor: SignedIn, start: dt.datetime | None, end: dt.datetime | None
           ) -> list[tuple[str, ...]]:
    """The events at or after ``start`` and before ``end`` (UTC), oldest first, as text cells."""
    auditor.require(Role.AUDITOR)
    if start and end and end <= start:
        raise FieldError("--to", "the period ends before it starts")
    station = aliased(Workstation)
    query = (select(AuditEvent, Agency.code, station.name)
             .outerjoin(Agency, Agency.id == AuditEvent.agency_id)
             .outerjoin(station, station.id == AuditEvent.workstation_id)
             .order_by(AuditEvent.id))
    if start is not None:
        query = query.where(AuditEvent.at >= start)
    if end is not None:
        query = query.where(AuditEvent.at < end)
    with db.write() as session:
        rows = [(str(e.id), _utc_text(e.at), e.actor_name, code or "", name or "", e.action, e.object_type,
                 e.object_ref or "", e.justification or "", e.detail or "")
                for e, code, name in session.execute(query)]
        record(session, auditor.actor, "audit.export", "audit_chain",
               detail={"from": _utc_text(start) if start else None, "to": _utc_text(end) if end else None,
                       "events": len(rows)})
    return rows


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (also
    when spaces come before the formula sign, which some spreadsheets skip)."""
    return "'" + cell if cell.lstrip(" \n").startswith(_FORMULA_START) else cell


def write_csv(rows: Iterable[tuple[str, ...]], out: TextIO, line_end: str = "\r\n") -> None:
    """CSV with a header row; ``line_end`` "\n" for a stream that translates line ends itself."""
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
