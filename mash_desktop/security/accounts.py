"""Signing in: password check by key unwrap, lockout, audit of every attempt.

A password is right when it unwraps the user's private keys under this
workstation's agency secret; there is no separate password hash to steal.
Ten failures in a row lock the account until an administrator unlocks it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.codes import Role
from ..domain.errors import AccountLocked, EnvironmentFault, NotPermitted
from ..store.database import Database
from ..store.models import Agency, User, Workstation
from ..store.types import utcnow
from . import crypto, trust as trust_mod, vault
from .account_state import account_usable
from .audit import record
from .hub_key import maintain_hub_key
from .identity import Actor

MAX_FAILURES = 10
WRONG = "The username or password is not right."
DISABLED = "This account has been disabled."
ALTERED = ("This account was changed outside the hub (for example unlocked or given roles without an "
           "administrator), so it cannot be used. Tell the hub administrator.")
_DUMMY_SALT = b"\0" * crypto.SALT_BYTES


class Credentials(Protocol):
    """What sign-in needs from the workstation's keyring entry."""

    agency_code: str
    workstation_name: str
    secret: bytes
    #: The trust roots pinned at enrolment (None for an entry made before
    #: roots were pinned: they are then learned through the root MAC).
    roots: trust_mod.Roots | None


@dataclass
class SignedIn:
    """A signed-in user: who they are and the keys they unlocked."""

    actor: Actor
    display_name: str
    keychain: vault.Keychain
    workstation_secret: bytes

    def require(self, *roles: Role) -> None:
        self.actor.require(*roles)

    @property
    def trust(self) -> trust_mod.Trust:
        return self.keychain.trust


def workstation_trust(session: Session, creds: Credentials) -> trust_mod.Trust:
    """The trust of this workstation: its pinned roots, checked against its agency row."""
    roots = getattr(creds, "roots", None) or trust_mod.learn_roots(session, creds.agency_code, creds.secret)
    trust = trust_mod.Trust(roots)
    agency = session.scalar(select(Agency).where(Agency.code == creds.agency_code))
    trust.own_agency_check(agency)
    trust.agency(session, agency)
    return trust


def workstation_agency(session: Session, creds: Credentials) -> tuple[Agency, Workstation | None]:
    agency = session.scalar(select(Agency).where(Agency.code == creds.agency_code))
    if agency is None or agency.workstation_secret_check != crypto.fingerprint(creds.secret):
        raise EnvironmentFault("This workstation's enrolment does not match the hub database. "
                               "Ask an administrator of your agency to enrol it again.")
    station = session.scalar(select(Workstation).where(Workstation.name == creds.workstation_name,
                                                       Workstation.agency_id == agency.id))
    if station is not None and station.retired_at is not None:
        raise EnvironmentFault("This workstation has been withdrawn from the hub.")
    return agency, station


#: Locks the user's row alone (not the agency joined to it) against other
#: writers, without blocking rows that merely refer to it (audit events, key
#: seals): PostgreSQL's FOR NO KEY UPDATE OF users. A plain FOR UPDATE made
#: concurrent sign-ins deadlock with writers holding the audit head.
ROW_LOCK = {"key_share": True, "of": User}


def _fail(db: Database, agency_id: int, station_id: int | None, username: str, user_id: int | None,
          result: str, count_failure: bool, station_key: Ed25519PrivateKey | None = None) -> int:
    """Record a refused attempt (committed even though sign-in fails), signed by the workstation key."""
    with db.write() as session:
        failures = 0
        if user_id is not None and count_failure:
            user = session.get(User, user_id, with_for_update=ROW_LOCK, populate_existing=True)
            user.failed_sign_ins += 1
            failures = user.failed_sign_ins
            if failures >= MAX_FAILURES and user.locked_at is None:
                user.locked_at = utcnow()
                result = "wrong_password_locked"
        actor = Actor(username=username[:64], user_id=user_id, agency_id=agency_id, workstation_id=station_id,
                      station_signer=station_key)
        record(session, actor, "auth.sign_in_refused", "user", username[:64],
               detail={"result": result, "failures": failures})
    return failures


def sign_in(db: Database, creds: Credentials, username: str, password: str) -> SignedIn:
    """Check the password and unlock the user's keys, or refuse and say why."""
    username = username.strip().lower()
    with db.read() as session:
        agency, station = workstation_agency(session, creds)
        user = session.scalar(select(User).where(User.username == username))
        agency_id, station_id = agency.id, station.id if station else None
        station_key = trust_mod.workstation_signing_key(creds.secret)
        with trust_mod.audited(db, Actor(username=username[:64], agency_id=agency_id, workstation_id=station_id,
                                         station_signer=station_key)):
            trust = workstation_trust(session, creds)
    if user is None:
        crypto.password_hash(password, _DUMMY_SALT, crypto.default_kdf_params())  # same time as a real try
        _fail(db, agency_id, station_id, username, None, "unknown_user", False, station_key)
        raise NotPermitted(WRONG)
    if user.locked_at is not None:
        _fail(db, agency_id, station_id, username, user.id, "locked", False, station_key)
        raise AccountLocked("This account is locked after too many failed sign-ins. "
                            "An administrator can unlock it.")
    if user.agency_id != agency_id:
        _fail(db, agency_id, station_id, username, user.id, "other_agency", False, station_key)
        raise NotPermitted(f"This workstation belongs to {agency.code}; sign in at a workstation of your own agency.")
    try:
        keys = vault.unlock_user(user, password, creds.secret)
    except crypto.DecryptionFailed:
        failures = _fail(db, agency_id, station_id, username, user.id, "wrong_password", True, station_key)
        if failures >= MAX_FAILURES:
            raise AccountLocked("Too many failed sign-ins: the account is now locked. "
                                "An administrator can unlock it.") from None
        raise NotPermitted(WRONG) from None
    if not user.active:
        _fail(db, agency_id, station_id, username, user.id, "disabled", False, station_key)
        raise NotPermitted(DISABLED)
    if not _state_holds(db, trust, user.id):
        _fail(db, agency_id, station_id, username, user.id, "account_state_altered", False, station_key)
        raise NotPermitted(ALTERED)
    with db.write() as session:
        fresh = session.get(User, user.id, with_for_update=ROW_LOCK, populate_existing=True)
        fresh.failed_sign_ins = 0
        fresh.last_sign_in_at = utcnow()
        actor = dataclasses.replace(Actor.of(fresh, station_id), signer=keys.signing)
        signed = SignedIn(actor, fresh.display_name, vault.Keychain(fresh.id, keys, trust), creds.secret)
        record(session, signed.actor, "auth.sign_in", "user", username)
        maintain_keys(session, signed)
    return signed


def check_session(db: Database, signed: SignedIn) -> None:
    """Refuse a signed-in session whose account may no longer work.

    A client asks this now and then while someone is signed in, so that an
    account disabled (or locked) elsewhere stops working here too, not only
    at its next sign-in. Raises NotPermitted when the account was disabled or
    removed, AccountLocked when it is locked; returns quietly otherwise.
    """
    with db.read() as session:
        user = session.get(User, signed.actor.user_id)
        if user is None or not user.active:
            raise NotPermitted(DISABLED)
        if user.locked_at is not None:
            raise AccountLocked("This account has been locked. An administrator can unlock it.")
    if not _state_holds(db, signed.trust, signed.actor.user_id):
        raise NotPermitted(ALTERED)


def _state_holds(db: Database, trust: trust_mod.Trust, user_id: int) -> bool:
    """Whether the account is as an administrator signed it, with no lock or disable since."""
    with db.read() as session:
        user = session.get(User, user_id)
        return user is not None and account_usable(session, trust, user)


def maintain_keys(session: Session, signed: SignedIn) -> None:
    """Key housekeeping a member's client does on sign-in.

    Rotates the agency key when a member was removed, and looks after the
    hub key (security/hub_key.py): rotated when a holder left, shared with
    verified members who lack it (e.g. the lead of a new agency).
    """
    me = session.get(User, signed.actor.user_id)
    trust = signed.trust
    if not vault.is_verified_member(session, me, trust):
        return
    agency = me.agency
    if agency.rotation_needed:
        key, _ = vault.new_data_key(session, vault.AGENCY, agency, vault.verified_members(session, agency.id, trust),
                                    me, signed.keychain.keys.signing, trust)
        agency.rotation_needed = False
        record(session, signed.actor, "key.rotate", "agency", agency.code, detail={"version": key.version})
    maintain_hub_key(session, signed, me)

