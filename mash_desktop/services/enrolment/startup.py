"""Getting a workstation ready for sign-in: credentials, database, agency.

Everything here may be slow (a keyring that asks to be unlocked, a database
across the network, building the demo hub), so the client runs it on a
worker and gets a :class:`Workplace`, or an error it shows in plain words.
mash-admin checks its database with the same :func:`check_schema`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import make_url

from ... import __version__
from ...domain.errors import EnvironmentFault, UserError
from ...security.accounts import Credentials, workstation_agency, workstation_trust
from ...security.credentials import (
    NOT_ENROLLED,
    CredentialStore,
    MemoryKeyring,
    WorkstationCredentials,
    credential_store,
)
from ...security.trust import TrustFailure
from ...store import schema
from ...store.database import ENV_VAR, Database, describe_url
from ..admin.agencies import list_agencies
from ..demo.keys import DEMO_AGENCY, demo_credentials
from ..admin.users import list_users


@dataclass(frozen=True)
class Workplace:
    """Where people sign in: the hub database and this workstation's enrolment."""

    db: Database
    creds: Credentials
    agency_code: str
    agency_name: str
    demo: bool = False
    #: On a demo hub: accounts that can sign in at this workstation.
    demo_usernames: tuple[str, ...] = ()

    @property
    def agency_label(self) -> str:
        if self.agency_name and self.agency_name != self.agency_code:
            return f"{self.agency_name} ({self.agency_code})"
        return self.agency_code


def demo_url() -> str:
    return f"sqlite:///{Path(user_data_dir('mash-desktop', appauthor=False)) / 'demo.db'}"


def check_schema(db: Database) -> None:
    """Refuse, in plain words, a database this version cannot work on."""
    where = describe_url(db.url)
    if not db.has_schema():
        raise EnvironmentFault(
            f"The database at {where} has no hub schema yet: an administrator sets it up with "
            "'mash-admin init' (to try MASH Desktop on synthetic data, start it with --demo)."
        )
    if not schema.is_current(db):
        raise EnvironmentFault(
            f"The database at {where} is at a different schema version from this MASH Desktop "
            f"({__version__}). Ask your administrator to run 'mash-admin init' to upgrade it, "
            "or to update this workstation."
        )


def load_credentials(store: CredentialStore) -> WorkstationCredentials:
    """This workstation's enrolment from the keyring, or a message saying how to enrol."""
    creds = store.load()  # refuses an unsafe keyring, saying what to install
    if creds is None:
        raise EnvironmentFault(NOT_ENROLLED)
    return creds


def hub_url(explicit: str | None, creds: WorkstationCredentials) -> str:
    """``--db``, else ``MASH_DATABASE_URL``, else the address the enrolment holds."""
    return explicit or os.environ.get(ENV_VAR) or creds.database_url


def _agency_name(db: Database, code: str) -> str:
    return next((a.name for a in list_agencies(db) if a.code == code), code)


def open_hub(explicit_url: str | None = None, store: CredentialStore | None = None) -> Workplace:
    """The enrolled workstation's hub, checked to be at this version's schema."""
    creds = load_credentials(store or credential_store())
    db = Database(hub_url(explicit_url, creds))
    try:
        check_schema(db)
        return Workplace(db, creds, creds.agency_code, _agency_name(db, creds.agency_code))
    except BaseException:
        db.dispose()
        raise


def build_demo(db: Database) -> None:
    """Fill ``db`` with the demo hub (services/demo/hub.py needs most of the
    application, so it is imported only when a demo hub is built)."""
    from ..demo.hub import build_demo as build

    build(db)


def _demo_is_current(db: Database) -> bool:
    """False when the demo file was made by an older version (without keys,
    or without the certificates that chain its keys to the hub root)."""
    try:
        with db.read() as session:
            creds = demo_credentials(DEMO_AGENCY, db.url)
            workstation_agency(session, creds)
            workstation_trust(session, creds)
    except (EnvironmentFault, TrustFailure):
        return False
    return True


def _prepare_demo(url: str) -> Database:
    """The demo database at the current schema, filled the first time."""
    db = Database(url)
    if not schema.is_current(db):
        schema.upgrade(db)
    if not list_agencies(db):
        build_demo(db)
    elif not _demo_is_current(db):
        db.dispose()
        path = make_url(url).database
        if db.is_sqlite and path:  # synthetic data only: start it afresh
            for suffix in ("", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
        db = Database(url)
        schema.upgrade(db)
        build_demo(db)
    return db


def open_demo(agency_code: str = DEMO_AGENCY, url: str | None = None) -> Workplace:
    """A demo workstation of ``agency_code``, its credentials in a memory keyring."""
    url = url or demo_url()
    db = _prepare_demo(url)
    try:
        code = agency_code.strip().upper()
        agencies = {a.code: a.name for a in list_agencies(db)}
        if code not in agencies:
            raise UserError(f"There is no demo agency '{agency_code}'. Choose one of: {', '.join(sorted(agencies))}.")
        store = CredentialStore(MemoryKeyring())
        store.save(demo_credentials(code, url))
        creds = load_credentials(store)
        usernames = tuple(u.username for u in list_users(db, code) if u.active)
        return Workplace(db, creds, code, agencies[code], demo=True, demo_usernames=usernames)
    except BaseException:
        db.dispose()
        raise
