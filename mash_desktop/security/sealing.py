"""Sealing case text: agency panels, disclosures and local drafts.

This module alone decides how case text is sealed and what it is bound to.
Services hand it keys, names and text; they never call a cipher or build
associated data themselves.

- **Panels**: AES-256-GCM under the agency's data key, with associated data
  ``mash panel v1|<reference>|<agency code>|v<key version>``: copied to another
  case, agency or key version, a panel no longer opens.
- **Disclosures**: AES-256-GCM under a fresh content key per disclosure, with
  associated data ``mash disclosure v1|<reference>|<from code>|<to>`` (``to``
  is ``hub`` or an agency code). The content key is HPKE-sealed to the
  sender's and the recipient's data keys with ``info``
  ``mash disclosure key v1|<reference>|<from code>|<to>|<sender|recipient>``.
- **Drafts**: AES-256-GCM (``nonce || ciphertext``) under a key derived by
  HKDF from the user's own private keys (``mash local draft key
  v1|<username>``), with associated data ``mash local draft v1|<username>|
  <reference>``; draft file and folder names are HMAC-SHA256 under another
  derived key (``mash local draft names v1``).

The strings above are stored formats: every panel, disclosure and draft ever
written depends on them, so they never change (tests/security/test_sealing.py
pins them). A new format gets a new version label, and this module keeps
opening the old one.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import NamedTuple

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from . import crypto
from .crypto import DecryptionFailed, KeyPair

__all__ = [
    "DecryptionFailed", "RECIPIENT", "SENDER", "Sealed", "SealedDisclosure",
    "draft_aad", "draft_name", "disclosure_aad", "disclosure_key_info", "open_disclosure", "open_disclosure_key",
    "open_draft", "open_panel", "panel_aad", "seal_disclosure", "seal_disclosure_key", "seal_draft", "seal_panel",
]

#: Whom a disclosure's content key is sealed to.
SENDER, RECIPIENT = "sender", "recipient"


class Sealed(NamedTuple):
    """Sealed text as stored: the nonce and the ciphertext (with its tag)."""

    nonce: bytes
    ciphertext: bytes


class SealedDisclosure(NamedTuple):
    """A freshly sealed disclosure: its content key (to seal on), nonce and ciphertext."""

    content_key: bytes
    nonce: bytes
    ciphertext: bytes


def _text(plain: bytes) -> str:
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecryptionFailed("the opened text is not UTF-8") from exc


# -- panels ----------------------------------------------------------------------

def panel_aad(reference: str, agency_code: str, version: int) -> bytes:
    """What a panel is bound to: the case, the agency and the agency key version."""
    return f"mash panel v1|{reference}|{agency_code}|v{version}".encode()


def seal_panel(key: bytes, reference: str, agency_code: str, version: int, text: str) -> Sealed:
    """Seal an agency's panel text under version ``version`` of its data key ``key``."""
    return Sealed(*crypto.aead_seal(key, text.encode("utf-8"), panel_aad(reference, agency_code, version)))


def open_panel(key: bytes, reference: str, agency_code: str, version: int, nonce: bytes, ciphertext: bytes
               ) -> str:
    """The panel text; :class:`DecryptionFailed` if the key, the binding or the ciphertext is wrong."""
    return _text(crypto.aead_open(key, nonce, ciphertext, panel_aad(reference, agency_code, version)))


# -- disclosures -----------------------------------------------------------------

def disclosure_aad(reference: str, from_code: str, to: str) -> bytes:
    """What disclosed text is bound to: the case, the disclosing agency and the recipient."""
    return f"mash disclosure v1|{reference}|{from_code}|{to}".encode()


def disclosure_key_info(reference: str, from_code: str, to: str, role: str) -> bytes:
    """What a sealed content key is bound to: the disclosure and whether it is the sender's or recipient's."""
    if role not in (SENDER, RECIPIENT):
        raise ValueError(f"a disclosure key is sealed to the {SENDER} or the {RECIPIENT}, not {role!r}")
    return f"mash disclosure key v1|{reference}|{from_code}|{to}|{role}".encode()


def seal_disclosure(reference: str, from_code: str, to: str, text: str) -> SealedDisclosure:
    """Seal disclosed text under a fresh content key (returned, to be sealed on with :func:`seal_disclosure_key`)."""
    content_key = crypto.random_key()
    nonce, ciphertext = crypto.aead_seal(content_key, text.encode("utf-8"), disclosure_aad(reference, from_code, to))
    return SealedDisclosure(content_key, nonce, ciphertext)


def open_disclosure(content_key: bytes, reference: str, from_code: str, to: str, nonce: bytes, ciphertext: bytes
                    ) -> str:
    """The disclosed text; :class:`DecryptionFailed` if key, binding or ciphertext is wrong."""
    return _text(crypto.aead_open(content_key, nonce, ciphertext, disclosure_aad(reference, from_code, to)))


def seal_disclosure_key(public_key: bytes, content_key: bytes, reference: str, from_code: str, to: str,
                        role: str) -> bytes:
    """Seal a disclosure's content key to a data key's public half, for its sender or recipient."""
    return crypto.seal_to(public_key, content_key, disclosure_key_info(reference, from_code, to, role))


def open_disclosure_key(private_key: X25519PrivateKey, seal: bytes, reference: str, from_code: str, to: str,
                        role: str) -> bytes:
    """The content key from its seal; :class:`DecryptionFailed` if it is not sealed to this key for this."""
    return crypto.open_sealed(private_key, seal, disclosure_key_info(reference, from_code, to, role))


# -- drafts ----------------------------------------------------------------------

def _draft_key(keys: KeyPair, username: str) -> bytes:
    return crypto.hkdf(keys.private_bytes(), salt=None, info=f"mash local draft key v1|{username}".encode())


def draft_aad(username: str, reference: str) -> bytes:
    """What a draft is bound to: its user and its case."""
    return f"mash local draft v1|{username}|{reference}".encode()


def seal_draft(keys: KeyPair, username: str, reference: str, plain: bytes) -> bytes:
    """Seal a draft under a key only ``keys``' holder derives; return ``nonce || ciphertext``."""
    return crypto.wrap(_draft_key(keys, username), plain, draft_aad(username, reference))


def open_draft(keys: KeyPair, username: str, reference: str, blob: bytes) -> bytes:
    """A draft's contents; :class:`DecryptionFailed` if the keys, the binding or the blob is wrong."""
    return crypto.unwrap(_draft_key(keys, username), blob, draft_aad(username, reference))


def draft_name(keys: KeyPair, label: str) -> str:
    """A keyed hash for a draft's file or folder name: stable for ``keys``, but says nothing."""
    key = crypto.hkdf(keys.private_bytes(), salt=None, info=b"mash local draft names v1")
    return hmac.new(key, label.encode(), hashlib.sha256).hexdigest()[:32]
