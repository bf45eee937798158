"""Sealing decisions not to share.

What an agency considered sharing, with whom and why not is AES-256-GCM
ciphertext under that agency's data key, with associated data
``mash no-share v1|<uid>|<reference>|<agency code>|k<data key id>``: copied
to another row, case, agency or key, a record no longer opens. The content
is a JSON object. These strings are stored formats and never change.
"""

from __future__ import annotations

import json

from . import crypto
from .crypto import DecryptionFailed

__all__ = ["DecryptionFailed", "open_record", "record_aad", "seal_record"]


def record_aad(uid: str, reference: str, agency_code: str, data_key_id: int) -> bytes:
    return f"mash no-share v1|{uid}|{reference}|{agency_code}|k{data_key_id}".encode()


def seal_record(key: bytes, uid: str, reference: str, agency_code: str, data_key_id: int, content: dict
                ) -> tuple[bytes, bytes]:
    """Seal a decision's content (a JSON object); return (nonce, ciphertext)."""
    plain = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return crypto.aead_seal(key, plain, record_aad(uid, reference, agency_code, data_key_id))


def open_record(key: bytes, uid: str, reference: str, agency_code: str, data_key_id: int, nonce: bytes,
                ciphertext: bytes) -> dict:
    """The decision's content; :class:`DecryptionFailed` if key, binding or ciphertext is wrong."""
    plain = crypto.aead_open(key, bytes(nonce), bytes(ciphertext), record_aad(uid, reference, agency_code,
                                                                              data_key_id))
    try:
        content = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DecryptionFailed("the opened record is not JSON") from exc
    if not isinstance(content, dict):
        raise DecryptionFailed("the opened record is not an object")
    return content
