"""The key hierarchy: user key pairs, agency and hub data keys, recovery.

- A user's private keys are wrapped (AES-256-GCM) under a key derived from
  their password (Argon2id) combined through HKDF with their agency's
  workstation secret, and also sealed to the agency's recovery key so the
  agency lead can reset a password without ever seeing the keys.
- An agency has a random 256-bit data key per version; each version is sealed
  (HPKE) to every confirmed member and to the agency's recovery key. The hub
  key works the same way for what is disclosed to the whole hub.
- A member may receive keys only with a confirmation signed by a confirmed
  supervisor of their agency, or, for the agency lead, by the agency's
  recovery key; keys are only ever sealed to users whose confirmation verifies.
- Every public key used here is first checked through security/trust.py:
  members' keys against their key certificates, recovery keys and data keys
  against signatures chaining to the workstation's pinned roots.
Nothing here commits: callers pass an open write session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.access import CASEWORK_ROLES, Step, may_act
from ..domain.errors import NotPermitted
from ..store.models import Agency, DataKey, KeySeal, User
from . import crypto, document_keys, trust as trust_mod
from .crypto import DecryptionFailed, KdfParams, KeyPair
from .trust import Trust

AGENCY, HUB = "agency", "hub"
# CASEWORK_ROLES (domain/access.py), imported above, stays importable from here:
# the roles whose holders read panels and disclosures and hold keys.


# -- recovery keys -------------------------------------------------------------

@dataclass(frozen=True)
class RecoveryKey:
    """An agency's recovery key, derived from a printable 32-byte seed."""

    seed: bytes

    @classmethod
    def generate(cls) -> "RecoveryKey":
        return cls(crypto.random_key())

    @classmethod
    def from_text(cls, text: str) -> "RecoveryKey":
        return cls(crypto.decode_secret(text))

    @property
    def text(self) -> str:
        return crypto.encode_secret(self.seed)

    @property
    def keys(self) -> KeyPair:
        return KeyPair(crypto.x25519_from_seed(self.seed),
                       crypto.Ed25519PrivateKey.from_private_bytes(
                           crypto.hkdf(self.seed, salt=None, info=b"mash recovery ed25519 v1")))

    @property
    def public(self) -> bytes:
        """What the agency row stores: X25519 public || Ed25519 public."""
        k = self.keys
        return k.sealing_public + k.signing_public


# -- user keys -----------------------------------------------------------------

def _private_aad(user: User) -> bytes:
    return f"mash user private keys v1|{user.username}".encode()


def wrapping_key(password: str, salt: bytes, params: KdfParams, workstation_secret: bytes) -> bytes:
    stretched = crypto.password_hash(password, salt, params)
    return crypto.hkdf(stretched, salt=workstation_secret, info=b"mash user key wrap v1")


def set_password(user: User, keys: KeyPair, password: str, workstation_secret: bytes,
                 params: KdfParams | None = None) -> None:
    """(Re)wrap the user's private keys under a new password."""
    params = params or crypto.default_kdf_params()
    salt = crypto.random_salt()
    kek = wrapping_key(password, salt, params, workstation_secret)
    user.kdf_params, user.kdf_salt = params.encode(), salt
    user.wrapped_private_key = crypto.wrap(kek, keys.private_bytes(), _private_aad(user))


def create_user_keys(user: User, password: str, workstation_secret: bytes, params: KdfParams | None,
                     *, recovery_public: bytes, certifier: crypto.Ed25519PrivateKey,
                     certifier_id: int | None) -> KeyPair:
    """Give a new user key pairs, wrapped, sealed to the (verified) recovery
    key and certified at once by whoever makes the account."""
    keys = KeyPair.generate()
    user.public_key, user.signing_public_key = keys.sealing_public, keys.signing_public
    set_password(user, keys, password, workstation_secret, params)
    user.recovery_sealed_private_key = crypto.seal_to(recovery_public[:32], keys.private_bytes(),
                                                      _private_aad(user))
    trust_mod.certify_member(user, user.agency.code, certifier, certifier_id)
    return keys


def unlock_user(user: User, password: str, workstation_secret: bytes) -> KeyPair:
    """Unwrap the user's keys; DecryptionFailed means a wrong password or secret."""
    if not (user.wrapped_private_key and user.kdf_salt and user.kdf_params):
        raise DecryptionFailed("the account has no password set")
    try:
        params = KdfParams.decode(user.kdf_params)
    except ValueError as exc:  # the row was written outside the hub: never spend what it asks
        raise DecryptionFailed(f"the account's password settings are not valid: {exc}") from None
    kek = wrapping_key(password, user.kdf_salt, params, workstation_secret)
    return KeyPair.from_private_bytes(crypto.unwrap(kek, user.wrapped_private_key, _private_aad(user)))


def recover_user_keys(user: User, recovery: RecoveryKey) -> KeyPair:
    # Compared with the key the lead typed, so a swapped row is refused here.
    if recovery.public != user.agency.recovery_public_key:
        raise NotPermitted(f"That is not the recovery key of {user.agency.code}.")
    return KeyPair.from_private_bytes(
        crypto.open_sealed(recovery.keys.sealing, user.recovery_sealed_private_key, _private_aad(user)))


# -- confirmation ----------------------------------------------------------------

def confirmation_message(user: User) -> bytes:
    return (f"mash confirm member v1|{user.username}|{user.agency.code}|".encode()
            + (user.public_key or b"") + (user.signing_public_key or b""))


def sign_confirmation(user: User, confirmer_signing: crypto.Ed25519PrivateKey) -> None:
    user.confirmation_signature = crypto.sign(confirmer_signing, confirmation_message(user))


def is_verified_member(session: Session, user: User, trust: Trust, _seen: frozenset[int] = frozenset()) -> bool:
    """Whether ``user`` may hold keys: active, casework role, keys certified,
    confirmation verified through a chain ending at the agency's root."""
    if not (user.active and user.roles & CASEWORK_ROLES and user.confirmation_signature and user.public_key):
        return False
    if not trust.verifies(session, user):
        return False
    message = confirmation_message(user)
    if user.confirmed_by_id is None:  # the agency lead, confirmed by the recovery key
        return crypto.verify(trust.recovery_signing_key(session, user.agency), user.confirmation_signature,
                             message)
    confirmer = session.get(User, user.confirmed_by_id)
    return (confirmer is not None and confirmer.id not in _seen and confirmer.agency_id == user.agency_id
            and may_act(confirmer.roles, Step.CONFIRM_MEMBER) and trust.verifies(session, confirmer)
            and crypto.verify(confirmer.signing_public_key, user.confirmation_signature, message)
            and is_verified_member(session, confirmer, trust, _seen | {user.id}))


# -- data keys -------------------------------------------------------------------

def _seal_info(key: DataKey, recipient: str) -> bytes:
    return f"mash data key v1|{key.scope}|{key.agency_id or 0}|v{key.version}|{recipient}".encode()


def data_key_keypair(key_bytes: bytes) -> crypto.X25519PrivateKey:
    """The X25519 key pair that belongs to a data key (anyone may seal to it)."""
    return crypto.X25519PrivateKey.from_private_bytes(
        crypto.hkdf(key_bytes, salt=None, info=b"mash data key x25519 v1"))


def seal_key(session: Session, key: DataKey, key_bytes: bytes, user: User, by: User | None,
             trust: Trust) -> None:
    """Seal a data key to a member whose keys verify, unless already sealed."""
    exists = session.scalar(select(KeySeal.id).where(KeySeal.data_key_id == key.id,
                                                     KeySeal.recipient_user_id == user.id))
    if exists is None:
        public = trust.user_sealing_key(session, user)
        session.add(KeySeal(data_key_id=key.id, recipient_user_id=user.id, created_by_id=by.id if by else None,
                            sealed=crypto.seal_to(public, key_bytes, _seal_info(key, f"user:{user.id}"))))


def new_data_key(session: Session, scope: str, agency: Agency | None, recipients: list[User],
                 by: User, signer: crypto.Ed25519PrivateKey, trust: Trust,
                 recovery_public: bytes | None = None) -> tuple[DataKey, bytes]:
    """Create the next version of an agency's (or the hub's) data key.

    ``by`` signs its public halves with ``signer``. An agency key is also
    sealed to the agency's recovery key: ``recovery_public`` when the caller
    holds it (a new agency), otherwise the row's, verified through ``trust``.
    """
    agency_id = agency.id if agency else None
    last = session.scalar(select(func.max(DataKey.version)).where(
        DataKey.scope == scope, DataKey.agency_id.is_(agency_id) if agency_id is None
        else DataKey.agency_id == agency_id)) or 0
    key_bytes = crypto.random_key()
    key = DataKey(scope=scope, agency_id=agency_id, version=last + 1, created_by_id=by.id,
                  public_key=crypto.x25519_public(data_key_keypair(key_bytes)),
                  signing_public_key=document_keys.public_bytes(document_keys.signing_key(key_bytes))
                  if agency is not None else None)
    trust_mod.certify_data_key(key, agency.code if agency else None, signer)
    session.add(key)
    session.flush()
    if agency is not None:
        sealing = (recovery_public[:32] if recovery_public is not None
                   else trust.recovery_sealing_key(session, agency))
        session.add(KeySeal(data_key_id=key.id, recipient_user_id=None, created_by_id=by.id,
                            sealed=crypto.seal_to(sealing, key_bytes, _seal_info(key, "recovery"))))
    for user in recipients:
        seal_key(session, key, key_bytes, user, by, trust)
    return key, key_bytes


def current_key(session: Session, scope: str, agency_id: int | None) -> DataKey | None:
    query = select(DataKey).where(DataKey.scope == scope).order_by(DataKey.version.desc()).limit(1)
    query = query.where(DataKey.agency_id.is_(None) if agency_id is None else DataKey.agency_id == agency_id)
    return session.scalar(query)


def verified_members(session: Session, agency_id: int | None, trust: Trust) -> list[User]:
    """Verified members of one agency, or of every agency (for the hub key).

    A member whose keys or confirmation do not verify is left out: nothing
    is ever sealed to them.
    """
    query = select(User).where(User.active.is_(True), User.confirmation_signature.is_not(None))
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    return [u for u in session.scalars(query) if is_verified_member(session, u, trust)]


@dataclass
class Keychain:
    """A signed-in user's unwrapped keys, the roots they trust and the data
    keys opened so far."""

    user_id: int
    keys: KeyPair
    trust: Trust
    _opened: dict[int, bytes] = field(default_factory=dict)

    def open(self, session: Session, key: DataKey) -> bytes:
        """The data key's bytes, if it was sealed to this user."""
        if key.id not in self._opened:
            seal = session.scalar(select(KeySeal).where(KeySeal.data_key_id == key.id,
                                                        KeySeal.recipient_user_id == self.user_id))
            if seal is None:
                raise NotPermitted("Your account does not hold this key: ask a supervisor of your "
                                   "agency to confirm you.")
            # A key is used only if its row chains to a root and the sealed
            # bytes are that key: a seal of some other key, or a version
            # signed by nobody we trust, is refused before anything is
            # encrypted with it.
            self.trust.data_key(session, key)
            key_bytes = crypto.open_sealed(self.keys.sealing, seal.sealed, _seal_info(key, f"user:{self.user_id}"))
            if crypto.x25519_public(data_key_keypair(key_bytes)) != key.public_key:
                raise trust_mod.TrustFailure("data key", f"{key.scope} v{key.version}",
                                             "was sealed to you with bytes that are not that key")
            self._opened[key.id] = key_bytes
        return self._opened[key.id]

    def open_recovery(self, key: DataKey, sealed: bytes, recovery: RecoveryKey) -> bytes:
        return crypto.open_sealed(recovery.keys.sealing, sealed, _seal_info(key, "recovery"))

    def forget(self) -> None:
        self._opened.clear()
        self.trust.forget()
