"""Backing up and restoring the embedded SQLite hub database.

A backup is an online copy made with SQLite's backup API, in one step under
one read transaction, so it is consistent while clients keep writing. The
copy is checked before it is put in place: SQLite's integrity check, the
schema revision this version of MASH Desktop uses, and the audit chain. It
is written beside the target, synced and renamed over it, readable by its
owner only.

A restore checks the file in the same way on a private copy (the file itself
is never changed), keeps the current database beside it as
``NAME.before-restore-YYYYMMDDTHHMMSSZ`` and then copies the backup into the
live database with the backup API: one write transaction, so clients still
connected see the old hub or the restored one, never a mixture, and a crash
half-way leaves the old one. The restore is recorded in the restored audit
trail.

Only the owner of the database file may do either: they can read and replace
the file anyway. Both run at an enrolled workstation: the audit chain's
signatures are checked with the keys its enrolment trusts, and the restore
event is signed with its workstation key. PostgreSQL hubs are backed up with
PostgreSQL's own tools.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from sqlalchemy import select

from ...domain.errors import EnvironmentFault, NotPermitted, Refused, UserError
from ...security.accounts import Credentials
from ...security.audit import record
from ...security.identity import local_admin
from ...security.trust import TrustFailure, workstation_signing_key
from ...store import schema
from ...store.database import Database
from ...store.models import Agency
from ..audit import trail as audit_trail
from .. import files

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_COPY = ".before-restore-"
NOT_ENROLLED_TO_CHECK = ("Backing up or restoring checks the audit trail's signatures with the hub's keys held by "
                         "an enrolled workstation: run it at a workstation of the hub.")
ON_POSTGRESQL = ("This hub runs on PostgreSQL: back it up with pg_dump -Fc and restore with pg_restore "
                 "(see the README's Guide for hub administrators, 'Backups').")


@dataclass(frozen=True)
class Checked:
    """A database file that passed every check."""

    path: Path
    revision: str
    events: int
    size: int


@dataclass(frozen=True)
class Restored:
    checked: Checked
    side_copy: Path | None  # the database as it was, or None if there was none


def database_file(db: Database) -> Path:
    """The SQLite file of ``db``; refused on PostgreSQL or for a database in memory."""
    if not db.is_sqlite:
        raise Refused(ON_POSTGRESQL)
    name = make_url(db.url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise UserError("Name the hub database file with --db sqlite:///FILE to back it up or restore it.")
    return Path(name).expanduser().resolve()


def _require_owner(path: Path, doing: str) -> None:
    try:
        owner = path.stat().st_uid
    except FileNotFoundError:
        return
    if hasattr(os, "geteuid") and owner != os.geteuid():
        raise NotPermitted(f"Only the owner of {path} may {doing} it.")


def _fault(doing: str, exc: Exception) -> EnvironmentFault:
    return EnvironmentFault(f"Could not {doing}: {exc}.")


def _staged_path(beside: Path) -> Path:
    """A new, empty, owner-only temporary file in the folder of ``beside``."""
    if not beside.parent.is_dir():
        raise UserError(f"There is no folder {beside.parent} to write {beside.name} into.")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{beside.name}.", suffix=".part", dir=beside.parent)
    except OSError as exc:
        raise _fault(f"write into {beside.parent}", exc) from None
    os.close(fd)
    return Path(name)


def _discard(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


@contextmanager
def _raw(db: Database) -> Iterator[sqlite3.Connection]:
    """The DB-API connection under ``db``'s engine (with its busy timeout)."""
    with db.engine.connect() as conn:
        yield conn.connection.driver_connection


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy a whole database into the file ``target`` in one step (one read transaction)."""
    out = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(out)
    finally:
        out.close()


def _require_sqlite(path: Path, name: str) -> None:
    with open(path, "rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise Refused(f"{name} is not a MASH hub database (not an SQLite database file).")


def _enrolled(creds: Credentials | None) -> Credentials:
    if creds is None:
        raise UserError(NOT_ENROLLED_TO_CHECK)
    return creds


def _verify(db: Database, name: str, creds: Credentials):
    with db.read() as session:
        known = session.scalar(select(Agency.id).where(Agency.code == creds.agency_code)) is not None
    if not known:
        raise Refused(f"{name} is not a database of this workstation's hub (it has no agency {creds.agency_code}).")
    try:
        return audit_trail.verify(db, audit_trail.station_trust(db, creds))
    except TrustFailure as exc:
        raise Refused(f"{name} failed the audit check: {exc}") from None


def check(path: Path, name: str | None = None, *, creds: Credentials | None) -> Checked:
    """Refuse ``path`` unless it is a sound MASH hub database of this version.

    ``name`` is how messages call the file (default: its name); ``creds``
    the enrolment whose trust checks the audit chain. Opens the file with a
    Database (which sets WAL mode): give it a copy.
    """
    name = name or path.name
    creds = _enrolled(creds)
    _require_sqlite(path, name)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        has_schema = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                  "('alembic_version', 'audit_head', 'referrals')").fetchone()[0] == 3
    except sqlite3.DatabaseError as exc:
        raise Refused(f"{name} is damaged and cannot be used ({exc}).") from None
    finally:
        conn.close()
    if problems != ["ok"]:
        raise Refused(f"{name} is damaged and cannot be used (integrity check: {problems[0]}).")
    if not has_schema:
        raise Refused(f"{name} is not a MASH hub database (it has no hub schema).")
    db = Database(f"sqlite:///{path}")
    try:
        revision, head = schema.current_revision(db), schema.head_revision()
        if revision != head:
            raise Refused(f"{name} has schema revision {revision}; this version of MASH Desktop needs "
                          f"{head}.")
        verdict = _verify(db, name, creds)
    finally:
        db.dispose()
    if not verdict.ok:
        raise Refused(f"{name} failed the audit check: {verdict}")
    return Checked(path, revision, verdict.events, path.stat().st_size)


def backup(db: Database, target: Path, *, creds: Credentials | None) -> Checked:
    """Copy the live database to ``target`` consistently, check the copy, then put it in place."""
    live = database_file(db)
    creds = _enrolled(creds)
    _require_owner(live, "back up")
    target = target.expanduser().absolute()
    if not live.is_file():
        raise UserError(f"There is no hub database at {live} to back up.")
    if target.exists() and target.resolve() == live:
        raise UserError("The backup cannot replace the hub database itself: name another file.")
    if target.is_dir():
        raise UserError(f"{target} is a folder: name the backup file.")
    staged = _staged_path(target)
    try:
        try:
            with _raw(db) as source:
                _copy(source, staged)
        except sqlite3.Error as exc:
            raise _fault(f"copy {live.name}", exc) from None
        checked = check(staged, f"The copy of {live.name}", creds=creds)
        _make_self_contained(staged)
        files.commit(staged, target)
    finally:
        _discard(staged)
    return Checked(target, checked.revision, checked.events, target.stat().st_size)


def _make_self_contained(path: Path) -> None:
    """Leave ``path`` as one synced file (rollback journal mode, no -wal beside it)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def restore(db: Database, source: Path, now: dt.datetime | None = None, *, creds: Credentials | None) -> Restored:
    """Replace the live database with the checked backup ``source``; keep the old one beside it."""
    live = database_file(db)
    creds = _enrolled(creds)
    _require_owner(live, "restore")
    source = source.expanduser().absolute()
    if not source.is_file():
        raise UserError(f"There is no file {source} to restore from.")
    if live.exists() and source.resolve() == live:
        raise UserError("That file is the hub database itself: name a backup file.")
    _require_sqlite(source, source.name)
    staged = _staged_path(live)
    try:
        try:
            with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_conn:
                _copy(backup_conn, staged)
        except sqlite3.DatabaseError as exc:
            raise Refused(f"{source.name} is not a MASH hub database or is damaged ({exc}).") from None
        checked = check(staged, source.name, creds=creds)
        side = _keep_side_copy(db, live, now or dt.datetime.now(dt.timezone.utc))
        try:
            with closing(sqlite3.connect(staged, isolation_level=None)) as restored, _raw(db) as target:
                restored.backup(target)
        except sqlite3.Error as exc:
            raise _fault(f"restore {live.name} (it is unchanged; the copy is at {side})", exc) from None
    finally:
        _discard(staged)
    with db.write() as session:
        agency_id = session.scalar(select(Agency.id).where(Agency.code == creds.agency_code))
        record(session, local_admin(agency_id, workstation_signing_key(creds.secret)), "db.restore", "database",
               live.name,
               detail={"from": source.name, "events": checked.events, "side_copy": side.name if side else None})
    return Restored(Checked(live, checked.revision, checked.events, checked.size), side)


def _keep_side_copy(db: Database, live: Path, now: dt.datetime) -> Path | None:
    if not live.is_file() or live.stat().st_size == 0:
        return None
    side = live.with_name(f"{live.name}{SIDE_COPY}{now.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}")
    if side.exists():
        raise Refused(f"{side.name} exists already: wait a second and restore again.")
    staged = _staged_path(side)
    try:
        with _raw(db) as source:
            _copy(source, staged)
        _make_self_contained(staged)
        files.commit(staged, side)
    except sqlite3.Error as exc:
        raise _fault(f"keep a copy of {live.name} before restoring", exc) from None
    finally:
        _discard(staged)
    return side
