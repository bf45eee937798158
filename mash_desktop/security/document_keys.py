"""Agency document signing: an Ed25519 key derived from the agency data key.

Each version of an agency's data key yields one document signing key
through HKDF, so every confirmed member of the agency can sign for it
without another secret to hand out, and a rotation (a member removed) also
retires the signing key. The public half is published on the data key row;
checking a document needs only that and the file.

A signature covers the document's identity, who produced it for whom, its
content fingerprint and the SHA-256 of the exact file, so neither a changed
byte nor an edited or moved record goes unnoticed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import crypto

_INFO = b"mash agency document signing ed25519 v1"


def signing_key(data_key: bytes) -> Ed25519PrivateKey:
    """The agency's document signing key for one data key version."""
    return Ed25519PrivateKey.from_private_bytes(crypto.hkdf(data_key, salt=None, info=_INFO))


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class SignedFacts:
    """What a document signature vouches for."""

    token: str
    kind: str
    reference: str
    agency_code: str
    key_version: int
    produced_at: dt.datetime
    producer: str  # username
    recipient: str
    pages: int
    content_fingerprint: bytes
    file_sha256: bytes

    def message(self) -> bytes:
        when = self.produced_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
        fields = ["mash document v1", self.token, self.kind, self.reference, self.agency_code,
                  f"v{self.key_version}", when, self.producer, self.recipient, str(self.pages),
                  self.content_fingerprint.hex(), self.file_sha256.hex()]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(key: Ed25519PrivateKey, facts: SignedFacts) -> bytes:
    return crypto.sign(key, facts.message())


def verify(public_key: bytes, signature: bytes, facts: SignedFacts) -> bool:
    return crypto.verify(public_key, signature, facts.message())
