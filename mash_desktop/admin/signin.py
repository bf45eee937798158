"""Who runs a mash-admin command: a signed-in person, or (before the hub has
accounts) the machine's database administrator.

``--as USERNAME`` signs that person in at this workstation: its keyring
entry gives the agency's workstation secret (and the database address), the
password is the first line of standard input. Once the hub has accounts,
commands that change data need ``--as``.
"""

from __future__ import annotations

import argparse
import os

from sqlalchemy import select

from ..domain.codes import Role
from ..domain.errors import EnvironmentFault, NotPermitted, UserError
from ..security import credentials
from ..security.accounts import SignedIn, sign_in
from ..security.crypto import KdfParams, fingerprint
from ..security.identity import LOCAL_ADMIN, Actor, local_admin
from ..security.trust import workstation_signing_key
from ..services.enrolment import has_accounts
from ..store import schema
from ..store.database import ENV_VAR, Database, describe_url
from ..store.models import Agency
from .inputs import read_line

#: Password hashing parameters for new passwords; None means the default.
#: Only the test suite sets cheaper ones.
KDF_PARAMS: KdfParams | None = None

KEYRING_SERVICE_VAR = "MASH_KEYRING_SERVICE"
NOT_ENROLLED = ("This workstation is not enrolled; run 'mash-admin workstation enrol --agency CODE --as ADMIN' "
                "(or 'mash-admin init --admin USERNAME' on a new hub).")


def credential_store() -> credentials.CredentialStore:
    """The keyring entry of this workstation (the one place it is made)."""
    return credentials.CredentialStore(service=os.environ.get(KEYRING_SERVICE_VAR, credentials.SERVICE))


def add_as(parser: argparse.ArgumentParser, who: str, *, required: bool = True) -> None:
    """Add ``--as USERNAME`` to a command; ``who`` says which role it needs."""
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", required=required,
                        help=f"sign in as this user ({who}); the password is the first line of stdin")


def open_database(url: str | None, *, need_schema: bool = True) -> Database:
    db = Database(url)
    if need_schema and not schema.is_current(db):
        raise EnvironmentFault(
            f"The database at {describe_url(db.url)} is not set up for this version. Run 'mash-admin init'."
        )
    return db


def database_url(args: argparse.Namespace, creds: credentials.WorkstationCredentials | None) -> str | None:
    """``--db``, else $MASH_DATABASE_URL, else the enrolled database, else None (the embedded default)."""
    return args.db or os.environ.get(ENV_VAR) or (creds.database_url if creds else None)


def enrolment() -> credentials.WorkstationCredentials:
    creds = credential_store().load()
    if creds is None:
        raise EnvironmentFault(NOT_ENROLLED)
    return creds


def station_admin(db: Database, creds: credentials.WorkstationCredentials) -> Actor:
    """The local administrator at this enrolled workstation: what it records (a refused
    key, say) is signed with the agency's workstation key, so the audit chain still verifies."""
    with db.read() as session:
        agency_id = session.scalar(select(Agency.id).where(Agency.code == creds.agency_code,
                                                           Agency.workstation_secret_check == fingerprint(creds.secret)))
    return LOCAL_ADMIN if agency_id is None else local_admin(agency_id, workstation_signing_key(creds.secret))


def signed_in(args: argparse.Namespace, *roles: Role) -> tuple[Database, SignedIn]:
    """Sign in the user of ``--as`` with the password on stdin line 1.

    With ``roles``, refuse at once unless the user holds one of them.
    """
    creds = enrolment()
    password = read_line(f"the password of {args.as_user}", 1)
    db = open_database(database_url(args, creds))
    signed = sign_in(db, creds, args.as_user, password)
    if roles:
        signed.require(*roles)
    return db, signed


def refuse_once_accounts_exist(db: Database, command: str, who: str) -> None:
    if has_accounts(db):
        raise NotPermitted(f"This hub has accounts now: run '{command}' with --as USERNAME ({who}), "
                           "the password on the first line of stdin.")


def acting(args: argparse.Namespace, command: str, *roles: Role) -> tuple[Database, Actor]:
    """The database and the actor of a command that may run before accounts exist.

    With ``--as`` the user signs in and must hold one of ``roles``; without
    it the command acts as the local administrator, only while the hub has
    no accounts.
    """
    if getattr(args, "as_user", None):
        db, signed = signed_in(args, *roles)
        return db, signed.actor
    db = open_database(args.db)
    who = "role: " + " or ".join(r.label.lower() for r in roles)
    refuse_once_accounts_exist(db, command, who)
    return db, LOCAL_ADMIN


def needs_as(args: argparse.Namespace, option: str) -> None:
    if not getattr(args, "as_user", None):
        raise UserError(f"{option} needs --as USERNAME: a signed-in administrator.")
