"""The audit trail for auditors: verify the chain, seal its head, export a period.

Verifying checks every signature with keys that chain to the roots pinned
by the workstation (a signed-in user's trust, or the workstation's own
enrolment), and with a witness file (services/audit/witness.py) also that
the chain still holds every checkpoint sealed at this workstation. Sealing
appends the checkpoint to the witness file.

An export is itself audited (``audit.export``) before the rows are handed
out. Its CSV is safe to open in a spreadsheet: a cell that would start a
formula is prefixed with a single quote.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from sqlalchemy import ColumnElement, Select, String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ...domain.codes import Role
from ...domain.csv_cells import neutralise
from ...domain.errors import FieldError
from ...security import crypto
from ...security.accounts import Credentials, SignedIn, workstation_trust
from ...security.audit import record, seal_checkpoint
from ...security.audit_verify import Verdict, verify_chain
from ...security.trust import Trust
from ...store.database import Database
from ...store.models import Agency, AuditCheckpoint, AuditEvent, Workstation
from . import s62
from . import witness as audit_witness

COLUMNS = ("id", "at_utc", "user", "agency", "workstation", "action", "object_type", "object_id",
           "justification", "detail", "s62_operation")


def station_trust(db: Database, creds: Credentials) -> Trust:
    """The trust of an enrolled workstation, for verifying without anyone signed in."""
    with db.read() as session:
        return workstation_trust(session, creds)


def verify(db: Database, trust: Trust, witness: list[audit_witness.Entry] | None = None) -> Verdict:
    """Verify the chain through ``trust``; with ``witness``, also against those witnessed checkpoints."""
    with db.read() as session:
        if not db.is_sqlite:
            # One snapshot for the whole walk, so events appended meanwhile are not taken for rows
            # added behind the head's back (SQLite's read transaction is one snapshot already).
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        verdict = verify_chain(session, trust)
        if not verdict.ok or witness is None:
            return verdict
        count = audit_witness.witnessed(trust, witness)
        if not count:
            return dataclasses.replace(verdict, ok=False, problem="the witness file holds no checkpoint of this hub")
        found = audit_witness.check(session, trust, witness)
    if found is not None:
        return dataclasses.replace(verdict, ok=False, first_bad_event=found[0], problem=found[1])
    return dataclasses.replace(verdict, witnessed=count)


def seal(db: Database, auditor: SignedIn, witness: Path | None = None) -> AuditCheckpoint:
    """Sign the chain's current head with the auditor's key; add it to the witness file
    (``witness``, by default the one in this user's data folder)."""
    auditor.require(Role.AUDITOR)
    signing = auditor.keychain.keys.signing
    with db.write() as session:
        checkpoint = seal_checkpoint(session, auditor.actor, signing, crypto.ed25519_public(signing))
    audit_witness.append(witness or audit_witness.default_path(), audit_witness.Entry(
        checkpoint.event_id, bytes(checkpoint.head_hash), _utc_text(checkpoint.at), auditor.actor.username,
        audit_witness.hub_mark(auditor.trust)))
    return checkpoint


#: The time shown for a row written by hand with something that is not a time.
UNREADABLE_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _time(value: object) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return UNREADABLE_TIME
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


def event_rows(session: Session, query: Callable[[ColumnElement], Select]) -> list[tuple]:
    """The rows of ``query(AuditEvent.at)`` (the time second), as tuples.

    A row someone wrote into the table by hand may hold a time that cannot be
    read (SQLite keeps text); then the rows are read again with the time as
    text, and such a time shown as :data:`UNREADABLE_TIME`, so the trail can
    still be searched and exported (``verify`` names the row).
    """
    try:
        return [tuple(row) for row in session.execute(query(AuditEvent.at))]
    except (TypeError, ValueError):
        return [(row[0], _time(row[1]), *row[2:])
                for row in session.execute(query(type_coerce(AuditEvent.at, String)))]


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def export(db: Database, auditor: SignedIn, start: dt.datetime | None, end: dt.datetime | None
           ) -> list[tuple[str, ...]]:
    """The events at or after ``start`` and before ``end`` (UTC), oldest first, as text cells."""
    auditor.require(Role.AUDITOR)
    if start and end and end <= start:
        raise FieldError("--to", "the period ends before it starts")
    station = aliased(Workstation)

    def query(time) -> Select:
        chosen = (select(AuditEvent.id, time, AuditEvent.actor_name, Agency.code, station.name, AuditEvent.action,
                         AuditEvent.object_type, AuditEvent.object_ref, AuditEvent.justification, AuditEvent.detail)
                  .outerjoin(Agency, Agency.id == AuditEvent.agency_id)
                  .outerjoin(station, station.id == AuditEvent.workstation_id)
                  .order_by(AuditEvent.id))
        if start is not None:
            chosen = chosen.where(AuditEvent.at >= start)
        return chosen if end is None else chosen.where(AuditEvent.at < end)

    with db.write() as session:
        rows = [(str(event_id), _utc_text(at), *(cell or "" for cell in rest), s62.operation(rest[3], rest[7]))
                for event_id, at, *rest in event_rows(session, query)]
        record(session, auditor.actor, "audit.export", "audit_chain",
               detail={"from": _utc_text(start) if start else None, "to": _utc_text(end) if end else None,
                       "events": len(rows)})
    return rows


def write_csv(rows: Iterable[tuple[str, ...]], out: TextIO, line_end: str = "\r\n") -> None:
    """CSV with a header row; ``line_end`` "\n" for a stream that translates line ends itself."""
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
