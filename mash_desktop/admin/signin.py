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

from ..domain.codes import Role
from ..domain.errors import EnvironmentFault, NotPermitted, UserError
from ..security import credentials
from ..security.accounts import SignedIn, sign_in
from ..security.credentials import NOT_ENROLLED, credential_store  # noqa: F401 - the commands use them here
from ..security.crypto import KdfParams
from ..security.identity import LOCAL_ADMIN, Actor
from ..services.enrolment.accounts import has_accounts, station_admin  # noqa: F401 - station_admin: as above
from ..services.enrolment.startup import check_schema
from ..store.database import ENV_VAR, Database
from .inputs import read_line

#: Password hashing parameters for new passwords; None means the default.
#: Only the test suite sets cheaper ones.
KDF_PARAMS: KdfParams | None = None


def add_as(parser: argparse.ArgumentParser, who: str, *, required: bool = True) -> None:
    """Add ``--as USERNAME`` to a command; ``who`` says which role it needs."""
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", required=required,
                        help=f"sign in as this user ({who}); the password is the first line of stdin")


def open_database(url: str | None, *, need_schema: bool = True) -> Database:
    db = Database(url)
    if need_schema:
        check_schema(db)
    return db


def database_url(args: argparse.Namespace, creds: credentials.WorkstationCredentials | None) -> str | None:
    """``--db``, else $MASH_DATABASE_URL, else the enrolled database, else None (the embedded default)."""
    return args.db or os.environ.get(ENV_VAR) or (creds.database_url if creds else None)


def enrolment() -> credentials.WorkstationCredentials:
    creds = credential_store().load()
    if creds is None:
        raise EnvironmentFault(NOT_ENROLLED)
    return creds


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
