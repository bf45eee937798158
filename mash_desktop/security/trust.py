"""Trust in public keys read from a database nobody trusts.

Every public key a client seals to or verifies with must verify through
signatures ending at a root the database cannot change:

- **Roots.** The hub root is the signing half of the hub's recovery key
  (made by ``mash-admin init``, kept offline); an agency root is its
  recovery key (both halves). An enrolling workstation learns both from the
  database and accepts them only if ``agencies.root_mac``, an HMAC under the
  agency's workstation secret (the enrolment key, which travels out of band),
  matches; it then pins them in its keyring.
- **Agencies.** Each agency row's identity and public keys (code, kind,
  recovery key, workstation signing key) are signed: the hub's by the hub
  root itself, every other agency's by a hub administrator whose own key
  chains to the hub root.
- **Members.** Each account's public keys are signed when the account is
  made: by the agency's recovery key (the lead; ``certified_by_id`` empty),
  by a member of the same agency, or by a hub administrator.
- **Data keys.** Each version's public halves are signed by the member who
  made it, a member of that agency (any verified member for the hub key).

A check that fails raises :class:`TrustFailure`, naming the record; callers
wrap writes in :func:`audited` so the refusal is recorded in the audit trail
even though the operation's own transaction is rolled back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from ..domain.errors import Refused
from ..store.models import Agency, DataKey, User
from . import crypto

HUB_CODE = "HUB"
_ROOTS_FORMAT = 1


class TrustFailure(Refused):
    """A key or signature read from the database did not verify."""

    def __init__(self, object_type: str, object_ref: str, problem: str) -> None:
        super().__init__(
            f"Stopped: the hub database's {object_type} record {object_ref} {problem}. It may have been "
            "altered outside the hub, so nothing was sealed to it or signed with it. Tell the hub administrator.")
        self.object_type = object_type
        self.object_ref = object_ref
        self.problem = problem


# -- the pinned roots -----------------------------------------------------------

@dataclass(frozen=True)
class Roots:
    """What a workstation pins: the hub root and its own agency's root."""

    hub: bytes     # Ed25519 public key (32 bytes)
    agency: bytes  # the agency's recovery public key: X25519 || Ed25519 (64 bytes)

    def __post_init__(self) -> None:
        if len(self.hub) != 32 or len(self.agency) != 64:
            raise ValueError("malformed trust roots")

    def to_text(self) -> str:
        return json.dumps({"format": _ROOTS_FORMAT, "hub": base64.b64encode(self.hub).decode(),
                           "agency": base64.b64encode(self.agency).decode()}, sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> "Roots":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != _ROOTS_FORMAT:
            raise ValueError("unknown roots format")
        return cls(base64.b64decode(data["hub"], validate=True), base64.b64decode(data["agency"], validate=True))


def roots_mac(secret: bytes, hub_root: bytes, agency_root: bytes) -> bytes:
    """The MAC that lets an enrolling workstation trust the roots it reads."""
    return hmac.new(secret, b"mash roots v1|" + hub_root + agency_root, hashlib.sha256).digest()


def learn_roots(session: Session, agency_code: str, secret: bytes) -> Roots:
    """The roots for an agency's workstation, checked against its enrolment key."""
    from sqlalchemy import select

    agency = session.scalar(select(Agency).where(Agency.code == agency_code))
    hub = session.scalar(select(Agency).where(Agency.code == HUB_CODE))
    if agency is None or hub is None or not hub.recovery_public_key or not agency.recovery_public_key:
        raise TrustFailure("agency", agency_code, "has no keys to trust")
    hub_root = hub.recovery_public_key[32:64]
    if not agency.root_mac or not hmac.compare_digest(
            agency.root_mac, roots_mac(secret, hub_root, agency.recovery_public_key)):
        raise TrustFailure("agency", agency_code,
                           "does not carry roots that match its enrolment key (root MAC)")
    return Roots(hub_root, bytes(agency.recovery_public_key))


def fingerprint_text(public_key: bytes) -> str:
    """A short fingerprint a person can read aloud and compare: 8 groups of 4."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


# -- what gets signed -----------------------------------------------------------

def _message(*fields: object) -> bytes:
    return json.dumps([f.hex() if isinstance(f, bytes) else f for f in fields],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def agency_message(agency: Agency) -> bytes:
    return _message("mash agency v1", agency.code, agency.kind.value, agency.recovery_public_key or b"",
                    agency.workstation_signing_key or b"")


def member_message(user: User, agency_code: str) -> bytes:
    return _message("mash member key v1", user.username, agency_code, user.public_key or b"",
                    user.signing_public_key or b"")


def data_key_message(key: DataKey, agency_code: str | None) -> bytes:
    return _message("mash data key v1", key.scope, agency_code or "", key.version, key.public_key,
                    key.signing_public_key or b"")


def workstation_signing_key(secret: bytes) -> Ed25519PrivateKey:
    """The agency's workstation key: signs events before anyone signs in."""
    return Ed25519PrivateKey.from_private_bytes(crypto.hkdf(secret, salt=None, info=b"mash workstation signing v1"))


def certify_agency(agency: Agency, secret: bytes, signer: Ed25519PrivateKey, signer_id: int | None,
                   hub_root: bytes) -> None:
    """Give a new agency its workstation key, certificate and root MAC."""
    agency.workstation_signing_key = crypto.ed25519_public(workstation_signing_key(secret))
    agency.certificate = crypto.sign(signer, agency_message(agency))
    agency.certified_by_id = signer_id
    agency.root_mac = roots_mac(secret, hub_root, agency.recovery_public_key)


def certify_member(user: User, agency_code: str, signer: Ed25519PrivateKey, signer_id: int | None) -> None:
    user.key_certificate = crypto.sign(signer, member_message(user, agency_code))
    user.certified_by_id = signer_id


def certify_data_key(key: DataKey, agency_code: str | None, signer: Ed25519PrivateKey) -> None:
    key.signature = crypto.sign(signer, data_key_message(key, agency_code))


# -- checking -------------------------------------------------------------------

@dataclass
class Trust:
    """Verifies records against the pinned roots, remembering what passed.

    The cache holds the exact public bytes that verified, so a row changed
    after it was checked is checked again.
    """

    roots: Roots
    _agencies: dict[int, bytes] = field(default_factory=dict)
    _users: dict[int, bytes] = field(default_factory=dict)
    _keys: dict[int, bytes] = field(default_factory=dict)

    # agencies
    def agency(self, session: Session, agency: Agency, _depth: int = 0) -> Agency:
        """Return ``agency`` once its certificate chains to the hub root."""
        message = agency_message(agency)
        if self._agencies.get(agency.id) == message:
            return agency
        ref = agency.code
        if not agency.recovery_public_key or not agency.certificate or not agency.workstation_signing_key:
            raise TrustFailure("agency", ref, "has no certificate")
        if agency.code == HUB_CODE:
            if agency.recovery_public_key[32:64] != self.roots.hub or agency.certified_by_id is not None:
                raise TrustFailure("agency", ref, "does not carry the hub root this workstation pinned")
            signer = self.roots.hub
        else:
            if agency.certified_by_id is None:
                raise TrustFailure("agency", ref, "is not certified by a hub administrator")
            certifier = session.get(User, agency.certified_by_id)
            if certifier is None or certifier.agency.code != HUB_CODE:
                raise TrustFailure("agency", ref, "is certified by someone outside hub management")
            signer = self.user_signing_key(session, certifier, _depth + 1)
        if not crypto.verify(signer, agency.certificate, message):
            raise TrustFailure("agency", ref, "has a certificate that does not match its keys")
        self._agencies[agency.id] = message
        return agency

    def own_agency_check(self, agency: Agency) -> None:
        """Refuse unless ``agency`` carries exactly the pinned agency root."""
        if bytes(agency.recovery_public_key or b"") != self.roots.agency:
            raise TrustFailure("agency", agency.code,
                               "has a recovery key that differs from the one this workstation pinned at enrolment")

    def recovery_sealing_key(self, session: Session, agency: Agency) -> bytes:
        """The X25519 half of an agency's recovery key, verified."""
        self.agency(session, agency)
        return bytes(agency.recovery_public_key[:32])

    def recovery_signing_key(self, session: Session, agency: Agency) -> bytes:
        self.agency(session, agency)
        return bytes(agency.recovery_public_key[32:64])

    def workstation_key(self, session: Session, agency: Agency) -> bytes:
        self.agency(session, agency)
        return bytes(agency.workstation_signing_key)

    # members
    def user(self, session: Session, user: User, _depth: int = 0) -> User:
        """Return ``user`` once their key certificate chains to a root."""
        if _depth > 32:
            raise TrustFailure("user", user.username, "has a certificate chain that loops")
        message = member_message(user, user.agency.code)
        if self._users.get(user.id) == message:
            return user
        ref = user.username
        if not user.key_certificate or not user.public_key or not user.signing_public_key:
            raise TrustFailure("user", ref, "has no key certificate")
        agency = self.agency(session, user.agency, _depth + 1)
        if user.certified_by_id is None:
            signer = bytes(agency.recovery_public_key[32:64])
        else:
            certifier = session.get(User, user.certified_by_id)
            if certifier is None or certifier.id == user.id or (
                    certifier.agency_id != user.agency_id and certifier.agency.code != HUB_CODE):
                raise TrustFailure("user", ref, "is certified by someone outside their agency")
            signer = self.user_signing_key(session, certifier, _depth + 1)
        if not crypto.verify(signer, user.key_certificate, message):
            raise TrustFailure("user", ref, "has public keys that do not match their key certificate")
        self._users[user.id] = message
        return user

    def user_signing_key(self, session: Session, user: User, _depth: int = 0) -> bytes:
        return bytes(self.user(session, user, _depth).signing_public_key)

    def user_sealing_key(self, session: Session, user: User) -> bytes:
        return bytes(self.user(session, user).public_key)

    def verifies(self, session: Session, user: User | None) -> bool:
        """Whether ``user``'s keys chain to a root (no exception)."""
        if user is None:
            return False
        try:
            self.user(session, user)
        except TrustFailure:
            return False
        return True

    # data keys
    def data_key(self, session: Session, key: DataKey) -> DataKey:
        """Return ``key`` once its public halves are signed by a verified member."""
        agency = session.get(Agency, key.agency_id) if key.agency_id is not None else None
        message = data_key_message(key, agency.code if agency else None)
        if self._keys.get(key.id) == message:
            return key
        ref = f"{key.scope} {agency.code if agency else 'HUB'} v{key.version}"
        creator = session.get(User, key.created_by_id) if key.created_by_id is not None else None
        if creator is None or not key.signature:
            raise TrustFailure("data key", ref, "is not signed by a member")
        if agency is not None and creator.agency_id != agency.id:
            raise TrustFailure("data key", ref, "is signed by someone outside the agency")
        if agency is None and creator.agency.code == HUB_CODE:
            raise TrustFailure("data key", ref, "is signed by hub management, which holds no hub key")
        if not crypto.verify(self.user_signing_key(session, creator), key.signature, message):
            raise TrustFailure("data key", ref, "has public keys that do not match its signature")
        self._keys[key.id] = message
        return key

    def forget(self) -> None:
        self._agencies.clear()
        self._users.clear()
        self._keys.clear()


@contextmanager
def audited(db, actor) -> Iterator[None]:
    """Record a :class:`TrustFailure` in its own transaction, then re-raise."""
    try:
        yield
    except TrustFailure as exc:
        from .audit import record

        try:
            with db.write() as session:
                record(session, actor, "trust.refused", exc.object_type.replace(" ", "_"), exc.object_ref[:64],
                       detail={"problem": exc.problem})
        except Exception:  # noqa: BLE001 - the refusal itself must still reach the person
            pass
        raise
