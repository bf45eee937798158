"""Signed account state: an account is as an administrator made it, or refused.

An account's username, agency, active, locked and roles are signed by an
administrator of its agency (by hub management when it adds a partner's
lead, and by the agency's recovery key for the hub's first administrator and
for a password reset); never by its holder. Verification asks that the
signer be a member of the same agency or of hub management whose key chains
to the pinned roots (see :func:`_may_sign` for why not their roles). A confirmation is signed on its own (``confirmation_signature``,
checked by security/vault.py through its chain), so it is left out here and
a supervisor confirming someone does not re-sign the account.

The signature is stored after an 8-byte *epoch*: the number of the latest
audit event about the account's state when it was signed. A lock or disable
recorded later makes the epoch stale, so an older signature put back by hand
does not open the account. A lock needs no signature (it only takes away).

Also the primitives services/case/signed_state.py shares: canonical messages and
cached verification. Signers' keys are trusted only through
:class:`~mash_desktop.security.trust.Trust`.
"""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..domain.codes import Role
from ..store.models import AuditEvent, User
from . import crypto
from .trust import HUB_CODE, Trust, TrustFailure

#: Audit actions that change an account's state (the epoch counts them).
ACCOUNT_ACTIONS = ("user.add", "user.unlock", "user.lock", "user.disable", "user.enable", "user.roles",
                   "user.password_reset")
EPOCH_BYTES = 8
_verified: dict[tuple[bytes, bytes, bytes], bool] = {}


def message(*fields: object) -> bytes:
    """A canonical message: a compact JSON list, bytes as hex."""
    return json.dumps([f.hex() if isinstance(f, bytes) else f for f in fields],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def verify_cached(public: bytes, signature: bytes | None, signed: bytes) -> bool:
    """Ed25519 verification, remembered by exact bytes (a changed row is checked again)."""
    if not signature:
        return False
    key = (bytes(public), bytes(signature), signed)
    if key not in _verified:
        if len(_verified) > 50_000:
            _verified.clear()
        _verified[key] = crypto.verify(bytes(public), bytes(signature), signed)
    return _verified[key]


def held_user(session: Session, user_id: int | None) -> User | None:
    """A user, held for the session's life (a page of rows names the same few signers)."""
    if user_id is None:
        return None
    held = session.info.setdefault("signed_state_users", {})
    if user_id not in held:
        held[user_id] = session.get(User, user_id)
    return held[user_id]


def signed_by(session: Session, trust: Trust, user_id: int | None, signature: bytes | None,
              signed: bytes) -> User | None:
    """The member ``user_id`` if ``signature`` over ``signed`` is theirs, made
    with a key that chains to the pinned roots; None otherwise."""
    user = held_user(session, user_id)
    if user is None or not signature:
        return None
    try:
        public = trust.user_signing_key(session, user)
    except TrustFailure:
        return None
    return user if verify_cached(public, bytes(signature), signed) else None


# -- accounts -------------------------------------------------------------------

def account_epoch(session: Session, username: str) -> int:
    """The number of the latest audit event that changed or restricted the account."""
    locked = and_(AuditEvent.action == "auth.sign_in_refused", AuditEvent.detail.like('%locked"%'))
    return session.scalar(select(func.max(AuditEvent.id)).where(
        AuditEvent.object_type == "user", AuditEvent.object_ref == username[:64],
        or_(AuditEvent.action.in_(ACCOUNT_ACTIONS), locked))) or 0


def account_message(user: User, epoch: int, signer_id: int | None, active: bool | None = None,
                    locked: bool | None = None) -> bytes:
    return message("mash account state v1", user.username, user.agency.code,
                   bool(user.active) if active is None else active,
                   user.locked_at is not None if locked is None else locked,
                   sorted(r.value for r in user.roles), epoch, signer_id)


def sign_account(session: Session, user: User, signer: Ed25519PrivateKey | None, signer_id: int | None) -> None:
    """Sign the account's state after its audit event is recorded (nothing without a signer)."""
    if signer is None:
        return
    session.flush()
    epoch = account_epoch(session, user.username)
    signature = crypto.sign(signer, account_message(user, epoch, signer_id))
    user.state_signature = epoch.to_bytes(EPOCH_BYTES, "big") + signature
    user.state_signed_by_id = signer_id


def _may_sign(user: User, signer: User) -> bool:
    """Whether ``signer`` may have signed ``user``'s account: a member of the
    same agency (or of hub management), never its holder.

    The services let only administrators sign, but the signer's role is not
    asked for here: administrators sign each other's accounts, and a
    signature must stay good after its signer stops being one. What this
    stops is anyone without a key of the agency (another agency's insider,
    or a hand-made UPDATE) opening an account.
    """
    if signer.id == user.id:
        return False
    return signer.agency_id == user.agency_id or signer.agency.code == HUB_CODE


def account_roles(session: Session, trust: Trust, user: User, *, fresh: bool = False) -> frozenset[Role] | None:
    """The account's roles once its state signature verifies (None otherwise).

    ``fresh`` asks that the signature covers the account exactly as it is and
    that nothing changed or restricted it after it was signed, as signing in
    does. Without it (a signer's or authoriser's roles), the roles they were
    signed with count even if they were locked or disabled since, so what
    they signed before stays good.
    """
    if fresh:
        return _account_roles(session, trust, user, True)
    held = session.info.setdefault("signed_state_roles", {})  # a signer's, for the session's life
    key = (user.id, id(trust))
    if key not in held:
        held[key] = _account_roles(session, trust, user, False)
    return held[key]


def _account_roles(session: Session, trust: Trust, user: User, fresh: bool) -> frozenset[Role] | None:
    blob = bytes(user.state_signature or b"")
    if len(blob) <= EPOCH_BYTES:
        return None
    epoch = int.from_bytes(blob[:EPOCH_BYTES], "big")
    if fresh and epoch != account_epoch(session, user.username):
        return None
    try:
        if user.state_signed_by_id is None:
            public = trust.recovery_signing_key(session, user.agency)
        else:
            signer = held_user(session, user.state_signed_by_id)
            if signer is None or not _may_sign(user, signer):
                return None
            public = trust.user_signing_key(session, signer)
    except TrustFailure:
        return None
    now = (bool(user.active), user.locked_at is not None)
    states = [now] if fresh else [now, *((a, lock) for a in (True, False) for lock in (False, True))]
    signature, signer_id = blob[EPOCH_BYTES:], user.state_signed_by_id
    if not any(verify_cached(public, signature, account_message(user, epoch, signer_id, *state)) for state in states):
        return None
    return user.roles


def account_usable(session: Session, trust: Trust, user: User) -> bool:
    """Whether signing in may trust this account's active, unlocked state and roles."""
    return account_roles(session, trust, user, fresh=True) is not None
