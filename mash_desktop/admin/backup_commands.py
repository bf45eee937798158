"""mash-admin backup and restore: the embedded SQLite hub database, checked both ways.

No ``--as``: on SQLite the person who owns the database file may copy and
replace it in any case, so the owner of the file (checked) runs these. A
PostgreSQL hub is refused with a pointer to pg_dump and pg_restore. Both run
at an enrolled workstation: its keyring holds the keys that check the audit
chain's signatures and sign the restore event.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..services.admin import backup as backup_service
from ..store.database import Database
from . import signin


def register(sub) -> None:
    """Add ``backup`` and ``restore`` to mash-admin's subcommands."""
    save = sub.add_parser(
        "backup", help="copy the embedded SQLite hub database to FILE, checked (PostgreSQL: use pg_dump)",
        description="An online, consistent copy (clients may keep working), checked for integrity, schema "
                    "revision and an intact audit chain, then written whole, readable by you only. Run it as "
                    "the owner of the database file.")
    save.add_argument("file", metavar="FILE", help="the backup file to write (replaced whole if it exists)")
    save.set_defaults(run=backup)
    back = sub.add_parser(
        "restore", help="replace the embedded SQLite hub database with a checked backup (PostgreSQL: "
                        "use pg_restore)",
        description="FILE is checked first (integrity, schema revision, audit chain) and refused if it is not a "
                    "sound MASH hub database of this version. The current database is kept beside it as "
                    "NAME.before-restore-TIMESTAMP, then replaced in one transaction. Run it as the owner of "
                    "the database file.")
    back.add_argument("file", metavar="FILE", help="a backup made by 'mash-admin backup'")
    back.set_defaults(run=restore)


def _database(args: argparse.Namespace) -> Database:
    return Database(args.db)


def backup(args: argparse.Namespace) -> None:
    db = _database(args)
    try:
        checked = backup_service.backup(db, Path(args.file), creds=signin.credential_store().load())
    finally:
        db.dispose()
    print(f"Backed up to {checked.path}: {checked.size:,} bytes, schema revision {checked.revision}, "
          f"audit chain intact ({checked.events} events).")


def restore(args: argparse.Namespace) -> None:
    db = _database(args)
    try:
        done = backup_service.restore(db, Path(args.file), creds=signin.credential_store().load())
    finally:
        db.dispose()
    kept = f" The database as it was is kept at {done.side_copy}." if done.side_copy else ""
    print(f"Restored {done.checked.path} from {args.file}: schema revision {done.checked.revision}, audit chain "
          f"intact ({done.checked.events} events).{kept}")
