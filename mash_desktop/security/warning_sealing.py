"""Sealing warnings on people.

A warning record is AES-256-GCM ciphertext under a data key (the owning
agency's, or the hub key for a hub-wide worker safety warning), with
associated data ``mash person warning v1|<uid>|<agency code>|k<data key id>``:
copied to another row, agency or key, a record no longer opens. The row
names its person only by a keyed tag, HMAC-SHA256 of the person's id under
a key derived from the same data key (``mash person warning tag v1``), so a
holder of that key finds a person's warnings and nobody else learns whom a
row concerns. These strings are stored formats and never change.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from . import crypto
from .crypto import DecryptionFailed

__all__ = ["DecryptionFailed", "open_record", "person_tag", "record_aad", "seal_record", "tag_key"]


def record_aad(uid: str, agency_code: str, data_key_id: int) -> bytes:
    return f"mash person warning v1|{uid}|{agency_code}|k{data_key_id}".encode()


def tag_key(key: bytes) -> bytes:
    """The key person tags are made with, derived from a data key."""
    return crypto.hkdf(key, salt=None, info=b"mash person warning tag v1")


def person_tag(key: bytes, person_id: int, *, derived: bytes | None = None) -> bytes:
    """The keyed tag that stands for ``person_id`` in rows sealed under ``key``
    (``derived``: its :func:`tag_key`, when the caller makes many tags)."""
    return hmac.new(derived or tag_key(key), str(int(person_id)).encode(), hashlib.sha256).digest()


def seal_record(key: bytes, uid: str, agency_code: str, data_key_id: int, content: dict) -> tuple[bytes, bytes]:
    """Seal a record's content (a JSON object); return (nonce, ciphertext)."""
    plain = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return crypto.aead_seal(key, plain, record_aad(uid, agency_code, data_key_id))


def open_record(key: bytes, uid: str, agency_code: str, data_key_id: int, nonce: bytes, ciphertext: bytes
                ) -> dict:
    """The record's content; :class:`DecryptionFailed` if key, binding or ciphertext is wrong."""
    plain = crypto.aead_open(key, bytes(nonce), bytes(ciphertext), record_aad(uid, agency_code, data_key_id))
    try:
        content = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DecryptionFailed("the opened record is not JSON") from exc
    if not isinstance(content, dict):
        raise DecryptionFailed("the opened record is not an object")
    return content
