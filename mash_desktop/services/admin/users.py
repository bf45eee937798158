"""Hub staff accounts: creating and listing them.

Passwords and keys are set up by security/; this module keeps the record of
who belongs to which agency with which roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import Role
from ...domain.errors import Conflict, FieldError, NotFound, NotPermitted
from ...security import trust, vault
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.crypto import KdfParams
from ...security.identity import Actor
from ...security.passwords import check_password
from ...store.database import Database
from ...store.models import Agency, DataKey, KeySeal, User, UserRole
from ...store.types import utcnow
from ...security.account_state import sign_account
from . import agreements

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    agency: str
    roles: tuple[Role, ...]
    active: bool
    locked: bool = False
    confirmed: bool = False


def info(user: User) -> UserInfo:
    return UserInfo(user.username, user.display_name, user.agency.code,
                    tuple(sorted(user.roles, key=lambda r: r.value)), user.active,
                    user.locked_at is not None, user.confirmation_signature is not None)


def _deputy_needs_casework(roles: frozenset[Role]) -> None:
    """A deputy authoriser opens what was disclosed, so holds the agency's keys: a casework role too."""
    if Role.DEPUTY_AUTHORISER in roles and not roles & access.CASEWORK_ROLES:
        raise FieldError("role", f"a {Role.DEPUTY_AUTHORISER.label.lower()} also needs a casework role "
                                 f"({access.role_names(access.Step.OPEN_CASE)})")


def create_user(session: Session, actor: Actor, username: str, display_name: str, agency: Agency,
                roles: Iterable[Role], *, trust: trust.Trust | None = None) -> User:
    """A new account of ``agency``, signed by ``actor``.

    A partner is given a signed account (one that can sign in) only with a
    current information-sharing agreement, verified through ``trust``
    (services/admin/agreements.py). The local administrator's accounts are
    unsigned, and nobody signs in with an unsigned account.
    """
    actor.require(Role.ADMIN)
    if actor.signer is not None:
        agreements.require_current(session, trust, agency, "be given new users")
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise FieldError("username", "use 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter")
    role_set = frozenset(roles)
    if not role_set:
        raise FieldError("role", "give the user at least one role")
    _deputy_needs_casework(role_set)
    if not display_name.strip():
        raise FieldError("display_name", "a user needs a name")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"User {username} already exists.")
    user = User(username=username, display_name=display_name.strip(), agency=agency,
                role_rows=[UserRole(role=r) for r in sorted(role_set, key=lambda r: r.value)])
    session.add(user)
    session.flush()
    record(session, actor, "user.add", "user", username,
           detail={"agency": agency.code, "roles": sorted(r.value for r in role_set)})
    sign_account(session, user, actor.signer, actor.user_id)
    return user


def user_by_username(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"No user called '{username}'.")
    return user


def list_users(db: Database, agency_code: str | None = None) -> list[UserInfo]:
    with db.read() as session:
        query = select(User).join(Agency, Agency.id == User.agency_id).order_by(Agency.code, User.username)
        if agency_code:
            query = query.where(Agency.code == agency_code.strip().upper())
        return [info(u) for u in session.scalars(query)]


# -- accounts with keys (signed-in callers) ------------------------------------

def _same_agency(session: Session, caller: SignedIn, username: str) -> User:
    user = user_by_username(session, username)
    if user.agency_id != caller.actor.agency_id:
        raise NotPermitted(f"{user.username} belongs to {user.agency.code}; only that agency can do this.")
    return user


def add_account(db: Database, admin: SignedIn, username: str, display_name: str, roles: Iterable[Role],
                password: str, params: KdfParams | None = None) -> UserInfo:
    """An admin adds a user to their own agency (whose secret their workstation holds).

    The new user can sign in at once but reads nothing until a supervisor of
    the agency confirms them.
    """
    admin.require(Role.ADMIN)
    check_password(password, username)
    with db.write() as session:
        agency = session.get(Agency, admin.actor.agency_id)
        with trust.audited(db, admin.actor):
            recovery_public = admin.trust.recovery_sealing_key(session, agency)
            admin.trust.user(session, session.get(User, admin.actor.user_id))
        user = create_user(session, admin.actor, username, display_name, agency, roles, trust=admin.trust)
        vault.create_user_keys(user, password, admin.workstation_secret, params, recovery_public=recovery_public,
                               certifier=admin.keychain.keys.signing, certifier_id=admin.actor.user_id)
        return info(user)


def confirm_member(db: Database, supervisor: SignedIn, username: str) -> int:
    """A supervisor vouches for a new member of their agency and shares the keys.

    Signs the member's public keys and seals every agency key version (and
    the hub key) the supervisor holds to the member. Returns how many keys
    were shared.
    """
    supervisor.require(*access.roles_for(access.Step.CONFIRM_MEMBER))
    with trust.audited(db, supervisor.actor), db.write() as session:
        me = session.get(User, supervisor.actor.user_id)
        if not vault.is_verified_member(session, me, supervisor.trust):
            raise NotPermitted("You must be a confirmed member yourself to confirm others.")
        user = _same_agency(session, supervisor, username)
        if not user.active:
            raise NotPermitted(f"{user.username} is disabled.")
        if not user.roles & access.CASEWORK_ROLES:
            raise NotPermitted(f"{user.username} holds no casework role: administrators and auditors "
                               "never receive agency keys.")
        # The keys being vouched for must be the ones certified when the
        # account was made: a key swapped in the row since is refused here.
        supervisor.trust.user(session, user)
        user.confirmed_by_id, user.confirmed_at = me.id, utcnow()
        vault.sign_confirmation(user, supervisor.keychain.keys.signing)
        shared = 0
        keys = session.scalars(select(DataKey).where(
            (DataKey.agency_id == me.agency_id) | (DataKey.scope == vault.HUB)))
        for key in keys:
            try:
                key_bytes = supervisor.keychain.open(session, key)
            except NotPermitted:
                continue
            vault.seal_key(session, key, key_bytes, user, me, supervisor.trust)
            shared += 1
        record(session, supervisor.actor, "user.confirm", "user", user.username, detail={"keys": shared})
        return shared


def unlock_account(db: Database, admin: SignedIn, username: str) -> None:
    admin.require(Role.ADMIN)
    with db.write() as session:
        user = user_by_username(session, username)
        _admin_scope(session, admin, user)
        user.locked_at, user.failed_sign_ins = None, 0
        record(session, admin.actor, "user.unlock", "user", user.username)
        sign_account(session, user, admin.keychain.keys.signing, admin.actor.user_id)


def disable_account(db: Database, admin: SignedIn, username: str) -> None:
    """Remove a member: they can no longer sign in, and their agency's key
    rotates (at the next member's sign-in or write) so they cannot read
    anything written afterwards."""
    admin.require(Role.ADMIN)
    with db.write() as session:
        user = user_by_username(session, username)
        _admin_scope(session, admin, user)
        if user.id == admin.actor.user_id:
            raise NotPermitted("You cannot disable your own account.")
        user.active, user.disabled_at = False, utcnow()
        user.agency.rotation_needed = True
        record(session, admin.actor, "user.disable", "user", user.username)
        sign_account(session, user, admin.keychain.keys.signing, admin.actor.user_id)


def change_roles(db: Database, admin: SignedIn, username: str, roles: Iterable[Role]) -> UserInfo:
    """Give a member of the administrator's own agency other roles.

    Taking away every casework role takes away the agency's keys: the
    member's sealed copies are deleted, their confirmation is withdrawn (they
    need a supervisor's confirmation again before reading anything), and the
    agency's key rotates so nothing written afterwards is readable with what
    they may have kept; the hub key rotates too, because they held it
    (security/hub_key.py). Giving casework roles to someone without them needs
    that confirmation too.
    """
    admin.require(Role.ADMIN)
    wanted = frozenset(roles)
    if not wanted:
        raise FieldError("role", "give the user at least one role")
    _deputy_needs_casework(wanted)
    with db.write() as session:
        user = user_by_username(session, username)
        _admin_scope(session, admin, user)
        before = user.roles
        if wanted == before:
            raise Conflict(f"{user.username} already holds exactly these roles.")
        if user.id == admin.actor.user_id and Role.ADMIN not in wanted:
            raise NotPermitted("You cannot take the administrator role from yourself.")
        if user.id == admin.actor.user_id:  # an account's state is signed by someone other than its holder
            raise NotPermitted("Ask another administrator to change your own roles.")
        user.role_rows = [UserRole(role=r) for r in sorted(wanted, key=lambda r: r.value)]
        lost_keys = bool(before & access.CASEWORK_ROLES) and not wanted & access.CASEWORK_ROLES
        if lost_keys:
            agency_keys = select(DataKey.id).where(DataKey.scope == vault.AGENCY)
            session.execute(delete(KeySeal).where(KeySeal.recipient_user_id == user.id,
                                                  KeySeal.data_key_id.in_(agency_keys)))
            user.confirmed_at = user.confirmed_by_id = user.confirmation_signature = None
            user.agency.rotation_needed = True
        session.flush()
        record(session, admin.actor, "user.roles", "user", user.username,
               detail={"from": sorted(r.value for r in before), "to": sorted(r.value for r in wanted),
                       "keys_withdrawn": lost_keys})
        sign_account(session, user, admin.keychain.keys.signing, admin.actor.user_id)
        return info(user)


def read_recovery_key(text: str) -> vault.RecoveryKey:
    """An agency's recovery key as typed or pasted; :class:`FieldError` on a typing mistake."""
    try:
        return vault.RecoveryKey.from_text(text)
    except ValueError as exc:
        raise FieldError("recovery key", str(exc)) from None


def reset_password(db: Database, lead: SignedIn, username: str, new_password: str,
                   recovery: vault.RecoveryKey) -> None:
    """Give a user a new password using the agency's recovery key.

    The user's own keys are recovered from their recovery seal and wrapped
    again under the new password: nothing is ever shown, and every key the
    user held stays theirs.
    """
    lead.require(*access.roles_for(access.Step.KEEP_STAFF))
    check_password(new_password, username, "new password")
    with db.write() as session:
        user = _same_agency(session, lead, username)
        keys = vault.recover_user_keys(user, recovery)
        vault.set_password(user, keys, new_password, lead.workstation_secret)
        user.locked_at, user.failed_sign_ins = None, 0
        record(session, lead.actor, "user.password_reset", "user", user.username)
        sign_account(session, user, recovery.keys.signing, None)  # the agency's own root


def _admin_scope(session: Session, admin: SignedIn, user: User) -> None:
    """An administrator acts on their own agency's staff only, the hub's included.

    An agency's accounts are its own rows: on PostgreSQL no other agency's
    role, the hub's included, may write them, and the client keeps the same
    rule on every database. (The hub disables a partner's staff only by
    retiring the partner.)
    """
    if user.agency_id != admin.actor.agency_id:
        raise NotPermitted(f"{user.username} belongs to {user.agency.code}: only an administrator of "
                           f"{user.agency.code} can change their account.")
