"""Cryptographic primitives, and nothing else.

- Passwords: Argon2id (scrypt where Argon2id is unavailable), parameters
  stored with each user so they can be raised later.
- Symmetric sealing: AES-256-GCM, a fresh random 96-bit nonce per call, with
  associated data binding the ciphertext to where it belongs.
- Public-key sealing: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256),
  HKDF-SHA256, AES-256-GCM; the ``info`` string binds what is sealed to whom.
- Signatures: Ed25519.
Higher layers (vault.py) decide what is sealed with what.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
_HPKE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_RAW = serialization.Encoding.Raw


class DecryptionFailed(Exception):
    """Ciphertext, key or binding do not match: wrong key, moved or damaged data."""


@dataclass(frozen=True)
class KdfParams:
    """Password hashing parameters, stored per user as text.

    The default, Argon2id with 64 MiB, 3 passes, 1 lane, is above the OWASP
    ASVS 5 minimum (19 MiB, 2 passes) and takes about 0.25 s on one core.
    """

    algorithm: str = "argon2id"
    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 1

    def encode(self) -> str:
        if self.algorithm == "scrypt":
            return f"scrypt$n={self.iterations},r=8,p={self.lanes}"
        return f"argon2id$m={self.memory_kib},t={self.iterations},p={self.lanes}"

    @classmethod
    def decode(cls, text: str) -> "KdfParams":
        """Parameters read back from the database, which is not trusted: anything
        malformed, or costlier than a workstation should ever be asked to spend
        (:data:`KDF_LIMITS`), is a ValueError, never a huge allocation."""
        algorithm, _, rest = text.partition("$")
        try:
            values = {k: int(v) for k, v in (p.split("=") for p in rest.split(","))}
            if algorithm == "scrypt":
                made = cls("scrypt", 0, values["n"], values["p"])
            elif algorithm == "argon2id":
                made = cls("argon2id", values["m"], values["t"], values["p"])
            else:
                raise ValueError(f"unknown password hashing algorithm {algorithm!r}")
        except (KeyError, TypeError) as exc:
            raise ValueError("incomplete password hashing parameters") from exc
        made.check()
        return made

    def check(self) -> None:
        """Within :data:`KDF_LIMITS` (a ValueError otherwise)."""
        memory, iterations, lanes = KDF_LIMITS[self.algorithm]
        n = self.iterations
        fits = (1 <= self.lanes <= lanes and 1 <= n <= iterations and 0 <= self.memory_kib <= memory
                and (self.algorithm != "scrypt" or n & (n - 1) == 0)
                and (self.algorithm != "argon2id" or self.memory_kib >= 8 * self.lanes))
        if not fits:
            raise ValueError("password hashing parameters outside what a workstation accepts")


#: algorithm -> (most memory in KiB, most passes (scrypt: largest N), most lanes).
KDF_LIMITS = {"argon2id": (1024 * 1024, 16, 8), "scrypt": (0, 2**20, 8)}


#: scrypt where Argon2id is unavailable: N=2^17, r=8, p=1 (OWASP).
SCRYPT_PARAMS = KdfParams("scrypt", 0, 2**17, 1)
ASVS_MINIMUM = KdfParams("argon2id", 19456, 2, 1)


def default_kdf_params() -> KdfParams:
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # noqa: F401
    except ImportError:
        return SCRYPT_PARAMS
    return KdfParams()


def password_hash(password: str, salt: bytes, params: KdfParams) -> bytes:
    """Stretch a password into 32 bytes; deliberately slow."""
    secret = password.encode("utf-8")
    if params.algorithm == "scrypt":
        return Scrypt(salt=salt, length=KEY_BYTES, n=params.iterations, r=8, p=params.lanes).derive(secret)
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
    except ImportError as exc:
        raise UnsupportedAlgorithm("Argon2id is not available in this build of cryptography") from exc
    return Argon2id(salt=salt, length=KEY_BYTES, iterations=params.iterations, lanes=params.lanes,
                    memory_cost=params.memory_kib).derive(secret)


def hkdf(ikm: bytes, *, salt: bytes | None, info: bytes, length: int = KEY_BYTES) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def random_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def aead_seal(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """Encrypt with AES-256-GCM under a fresh random nonce; return (nonce, ciphertext)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def aead_open(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed("authentication failed") from exc


def wrap(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AEAD-seal into one blob: nonce || ciphertext."""
    nonce, ct = aead_seal(key, plaintext, aad)
    return nonce + ct


def unwrap(key: bytes, blob: bytes, aad: bytes) -> bytes:
    return aead_open(key, blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)


# -- public-key sealing ------------------------------------------------------

@dataclass(frozen=True)
class KeyPair:
    """A user's X25519 (sealing) and Ed25519 (signing) private keys."""

    sealing: X25519PrivateKey
    signing: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> "KeyPair":
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    def private_bytes(self) -> bytes:
        raw = serialization.PrivateFormat.Raw
        none = serialization.NoEncryption()
        return self.sealing.private_bytes(_RAW, raw, none) + self.signing.private_bytes(_RAW, raw, none)

    @classmethod
    def from_private_bytes(cls, data: bytes) -> "KeyPair":
        if len(data) != 64:
            raise DecryptionFailed("private key blob has the wrong length")
        return cls(X25519PrivateKey.from_private_bytes(data[:32]), Ed25519PrivateKey.from_private_bytes(data[32:]))

    @property
    def sealing_public(self) -> bytes:
        return self.sealing.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)

    @property
    def signing_public(self) -> bytes:
        return self.signing.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def seal_to(public_key: bytes, plaintext: bytes, info: bytes) -> bytes:
    """HPKE-seal ``plaintext`` so only the holder of the private key opens it."""
    return _HPKE.encrypt(plaintext, X25519PublicKey.from_public_bytes(public_key), info=info)


def open_sealed(private_key: X25519PrivateKey, blob: bytes, info: bytes) -> bytes:
    try:
        return _HPKE.decrypt(blob, private_key, info=info)
    except Exception as exc:  # the Rust binding raises InvalidTag or ValueError
        raise DecryptionFailed("sealed blob does not open with this key") from exc


def x25519_from_seed(seed: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(hkdf(seed, salt=None, info=b"mash recovery x25519 v1"))


def x25519_public(private_key: X25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


# -- signatures --------------------------------------------------------------

def sign(private_key: Ed25519PrivateKey, message: bytes) -> bytes:
    return private_key.sign(message)


def ed25519_public(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


# -- printable secrets ---------------------------------------------------------

def encode_secret(secret: bytes) -> str:
    """A secret as groups of 4 base32 characters plus a check group, for print."""
    body = base64.b32encode(secret).decode().rstrip("=")
    check = base64.b32encode(hashlib.sha256(secret).digest()[:3]).decode().rstrip("=")[:4]
    text = body + check
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def decode_secret(text: str, length: int = KEY_BYTES) -> bytes:
    """Read back :func:`encode_secret`; raise ValueError on a typing mistake."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).replace("0", "O").replace("1", "I")
    body_len = len(base64.b32encode(bytes(length)).decode().rstrip("="))
    body, check = cleaned[:body_len], cleaned[body_len:]
    try:
        secret = base64.b32decode(body + "=" * (-len(body) % 8))
    except (ValueError, base64.binascii.Error):
        raise ValueError("not a valid key: check for typing mistakes") from None
    expected = base64.b32encode(hashlib.sha256(secret).digest()[:3]).decode().rstrip("=")[:4]
    if len(secret) != length or not hmac.compare_digest(check, expected):
        raise ValueError("not a valid key: check for typing mistakes")
    return secret


def fingerprint(data: bytes) -> bytes:
    return hashlib.sha256(b"mash fingerprint v1" + data).digest()
