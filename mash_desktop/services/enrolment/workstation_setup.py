"""Enrolling a workstation step by step, as the client's enrolment wizard does it.

Each step may be slow (a keyring that asks to be unlocked, a database across
the network, a password key derivation), so the wizard runs them on a worker
through ``background.Operation``; ``mash-admin workstation enrol`` runs them
all at once through :func:`enrol`. The agency's enrolment key is checked by
:func:`services.enrolment.check_enrolment_key`, the administrator signs in
with it, :func:`services.enrolment.enrol_workstation` records the
workstation, and only then do the credentials go into the keyring.

Failures are the application's own errors, in words an administrator at the
workstation can act on; passwords and keys never appear in them.
"""

from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from ... import __version__
from ...domain.codes import Role
from ...domain.errors import EnvironmentFault, FieldError, NotPermitted, UserError
from ...security import crypto
from ...security.accounts import SignedIn, sign_in
from ...security.credentials import CredentialStore, WorkstationCredentials
from . import accounts as enrolment
from ...store import pg_roles, schema
from ...store.database import Database, default_sqlite_path, describe_url, resolve_url
from ...store.models import Agency

UNREACHABLE_ADVICE = ("Check the address, that this computer is connected to the hub's network and that the "
                      "database server is running. Your IT support can test the connection.")
REFUSED_ADVICE = "Check the database user name and password with the hub's database administrator."
NO_ACCOUNTS = ("The hub at {where} has no agency ready for workstations yet. The hub administrator creates the "
               "first accounts with 'mash-admin init --admin USERNAME' and each agency with "
               "'mash-admin agency add … --lead USERNAME'.")


@dataclass(frozen=True)
class HubCheck:
    """A database that answered and is ready for workstations."""

    #: The address to keep, password included: never shown (see ``where``).
    url: str = field(repr=False)
    #: (code, name) of each agency that has keys, so its workstations can enrol.
    agencies: tuple[tuple[str, str], ...] = ()
    keyring: str = ""

    @property
    def where(self) -> str:
        return describe_url(self.url)


@dataclass(frozen=True)
class Verified:
    """The administrator signed in with the agency's enrolment key."""

    creds: WorkstationCredentials
    admin: SignedIn = field(repr=False)
    agency_name: str = ""


def embedded_url() -> str:
    """The embedded database of this computer, by its absolute path."""
    return f"sqlite:///{default_sqlite_path()}"


def is_embedded(url: str) -> bool:
    """Whether ``url`` is this computer's embedded database."""
    return resolve_url(url) == embedded_url()


def address_to_show(url: str) -> str | None:
    """An address given or enrolled before, to show and edit: its password left out.

    None when it is no database address at all.
    """
    try:
        return make_url(resolve_url(url))._replace(password=None).render_as_string(hide_password=False)
    except ArgumentError:
        return None


def database_address(text: str, password: str = "") -> str:
    """The URL of a central database typed by a person, with its password set.

    A password typed in its own field is put into the URL; one already in the
    URL is kept unless a new one is typed. Only PostgreSQL and SQLite are
    accepted.
    """
    text = text.strip()
    if not text:
        raise FieldError("database address", "enter the address of the hub's database")
    if "://" not in text:
        text = f"postgresql://{text}"  # "user@dbhost/mash" is what people write
    try:
        url = make_url(resolve_url(text))
    except ArgumentError:
        raise UserError(f"'{text}' is not a database address. It looks like "
                        "postgresql://USER@HOST/DATABASE.") from None
    backend = url.get_backend_name()
    if backend not in ("postgresql", "sqlite"):
        raise UserError(f"'{backend}' databases are not supported: the hub uses PostgreSQL.")
    if backend == "postgresql" and not (url.host or url.query.get("host")):  # ?host=A&host=B: a primary and standby
        raise FieldError("database address", "name the database server, as in postgresql://USER@HOST/DATABASE")
    if password:
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


def lasting_url(db: Database) -> str:
    """The address to keep in the keyring: an SQLite file by its absolute path."""
    url = make_url(db.url)
    if db.is_sqlite and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).expanduser().resolve()))
    return url.render_as_string(hide_password=False)


def open_database(url: str) -> Database:
    """A :class:`Database` for ``url``; a folder that cannot be made is a plain fault."""
    try:
        return Database(url)
    except OSError:
        raise EnvironmentFault(f"The database file at {describe_url(url)} cannot be opened or created here. "
                               "Check the folder exists and that you may write to it.") from None


def _plain(exc: DBAPIError | EnvironmentFault, where: str) -> EnvironmentFault:
    """A database failure in words the administrator can act on."""
    if isinstance(exc, EnvironmentFault):
        if "cannot be reached" in exc.message:
            return EnvironmentFault(f"{exc.message} {UNREACHABLE_ADVICE}")
        if "refused this workstation's credentials" in exc.message:
            return EnvironmentFault(f"The hub database at {where} refused the user name or password. {REFUSED_ADVICE}")
        return exc
    first = (str(exc.orig).strip().splitlines() or ["no reason given"])[0]
    if "does not exist" in first and "database" in first:
        return EnvironmentFault(f"The server answered, but it has no database of that name ({where}). "
                                "Check the last part of the address.")
    return EnvironmentFault(f"The hub database at {where} could not be used: {first}")


def check_hub(url: str, store: CredentialStore) -> HubCheck:
    """Check that the keyring can keep the credentials and the database is ready.

    The keyring comes first: without a safe place for the credentials there
    is no point in going on, and the message says what to install.
    """
    store.load()  # refuses a missing, plain-text or switched-off keyring, saying what to install
    keyring_name = type(store.backend).__name__
    db = open_database(url)
    where = describe_url(db.url)
    try:
        if not db.has_schema():
            raise EnvironmentFault(f"The database at {where} has no hub in it yet. The hub administrator sets it up "
                                   "with 'mash-admin init'; check that this is the right address.")
        if not schema.is_current(db):
            raise EnvironmentFault(f"The hub database at {where} is at a different version from this MASH Desktop "
                                   f"({__version__}). Ask the hub administrator to run 'mash-admin init' to "
                                   "upgrade it, or to update this workstation.")
        with db.read() as session:
            rows = session.execute(select(Agency.code, Agency.name)
                                   .where(Agency.workstation_secret_check.is_not(None), Agency.active)
                                   .order_by(Agency.code)).all()
    except (DBAPIError, EnvironmentFault) as exc:
        raise _plain(exc, where) from None
    finally:
        db.dispose()
    if not rows:
        raise EnvironmentFault(NO_ACCOUNTS.format(where=where))
    return HubCheck(lasting_url(db), tuple((code, name) for code, name in rows), keyring_name)


def verify(check: HubCheck, agency_code: str, workstation: str, username: str, password: str,
           key_text: str) -> Verified:
    """Check the enrolment key and sign the administrator in with it.

    Nothing is recorded yet except the sign-in attempt in the audit trail.
    """
    workstation = workstation.strip()
    if not workstation:
        raise FieldError("workstation name", "a workstation needs a name")
    if not username.strip() or not password:
        raise FieldError("administrator", "enter the administrator's username and password")
    try:
        secret = crypto.decode_secret(key_text)
    except ValueError:
        raise UserError("That enrolment key is not valid: check it for typing mistakes. It has 14 groups of "
                        "four letters and digits.") from None
    creds = WorkstationCredentials(agency_code, workstation, secret, check.url)
    db = open_database(check.url)
    try:
        pg_roles.require_agency_role(db, agency_code)  # never the owner's address, nor another agency's
        creds = dataclasses.replace(creds, roots=enrolment.check_enrolment_key(db, creds))  # pinned
        admin = sign_in(db, creds, username, password)
        try:
            if Role.ADMIN not in admin.actor.roles:
                raise NotPermitted(f"Only an administrator of {agency_code} can enrol its workstations, and "
                                   f"{admin.actor.username} is not one.")
        except BaseException:
            admin.keychain.forget()
            raise
    except DBAPIError as exc:
        raise _plain(exc, check.where) from None
    finally:
        db.dispose()
    name = dict(check.agencies).get(agency_code, agency_code)
    return Verified(creds, admin, name)


def complete(verified: Verified, store: CredentialStore) -> WorkstationCredentials:
    """Record the workstation in the hub and keep its credentials in the keyring.

    The keyring is checked again first, so nothing is recorded for a
    workstation that could not keep its credentials. The administrator's
    keychain is forgotten whether this succeeds or not.
    """
    try:
        store.load()
        db = open_database(verified.creds.database_url)
        try:
            enrolment.enrol_workstation(db, verified.admin, verified.creds.workstation_name)
        except DBAPIError as exc:
            raise _plain(exc, describe_url(db.url)) from None
        finally:
            db.dispose()
        store.save(verified.creds)
    finally:
        verified.admin.keychain.forget()
    return verified.creds


def enrol(store: CredentialStore, url: str | None, agency_code: str, workstation: str, username: str,
          password: str, key_text: str) -> WorkstationCredentials:
    """Enrol this workstation in one go, as ``mash-admin workstation enrol`` does.

    The same steps as the wizard's, with the same checks: the keyring and
    the database first, then the agency's own database role, the enrolment
    key (whose roots are pinned), an administrator of the agency signed in
    with it. The keyring entry is written only once all of them passed and
    the workstation is recorded; whatever happens, the administrator's
    keychain is forgotten. ``url`` None is the embedded database.
    """
    check = check_hub(url or embedded_url(), store)
    return complete(verify(check, agency_code, workstation, username, password, key_text), store)


def forget(store: CredentialStore) -> bool:
    """Delete this workstation's credentials from the keyring; False if there were none."""
    return store.delete()
