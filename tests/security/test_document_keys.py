"""Agency document signing: one key per data key version; a signature covers every fact."""

import dataclasses
import datetime as dt
import hashlib

import pytest

from mash_desktop.security import crypto, document_keys
from mash_desktop.security.document_keys import SignedFacts

FACTS = SignedFacts(
    token="7H2K-9QXD", kind="information sharing record", reference="MASH-2026-000001", agency_code="POL",
    key_version=3, produced_at=dt.datetime(2026, 3, 2, 14, 5, 6, 123456, tzinfo=dt.timezone.utc),
    producer="pol.officer", recipient="CSC duty team", pages=4,
    content_fingerprint=hashlib.sha256(b"content").digest(), file_sha256=hashlib.sha256(b"file").digest())


def test_each_data_key_version_has_its_own_fixed_signing_key():
    data_key = crypto.random_key()
    key = document_keys.signing_key(data_key)
    assert document_keys.public_bytes(key) == document_keys.public_bytes(document_keys.signing_key(data_key))
    assert len(document_keys.public_bytes(key)) == 32
    rotated = document_keys.signing_key(crypto.random_key())
    assert document_keys.public_bytes(rotated) != document_keys.public_bytes(key)
    # Not the data key's sealing key pair: one secret, separate purposes.
    assert document_keys.public_bytes(key) != crypto.hkdf(data_key, salt=None, info=b"mash data key x25519 v1")


def test_a_signature_verifies_with_the_published_half():
    key = document_keys.signing_key(crypto.random_key())
    signature = document_keys.sign(key, FACTS)
    assert document_keys.verify(document_keys.public_bytes(key), signature, FACTS)


@pytest.mark.parametrize("change", [
    {"token": "7H2K-9QXE"}, {"kind": "decision record"}, {"reference": "MASH-2026-000002"},
    {"agency_code": "CSC"}, {"key_version": 2}, {"produced_at": FACTS.produced_at + dt.timedelta(microseconds=1)},
    {"producer": "pol.lead"}, {"recipient": "CSC duty team "}, {"pages": 5},
    {"content_fingerprint": hashlib.sha256(b"content!").digest()},
    {"file_sha256": hashlib.sha256(b"file!").digest()},
])
def test_any_changed_fact_fails_verification(change):
    key = document_keys.signing_key(crypto.random_key())
    signature = document_keys.sign(key, FACTS)
    assert not document_keys.verify(document_keys.public_bytes(key), signature, dataclasses.replace(FACTS, **change))


def test_a_forged_or_foreign_signature_is_refused():
    key = document_keys.signing_key(crypto.random_key())
    public = document_keys.public_bytes(key)
    other_agency = document_keys.signing_key(crypto.random_key())
    assert not document_keys.verify(public, document_keys.sign(other_agency, FACTS), FACTS)
    forged = bytearray(document_keys.sign(key, FACTS))
    forged[0] ^= 1
    assert not document_keys.verify(public, bytes(forged), FACTS)
    for junk in (b"", b"\0" * 64, b"x" * 10):
        assert not document_keys.verify(public, junk, FACTS)
    assert not document_keys.verify(b"\0" * 31, document_keys.sign(key, FACTS), FACTS)


def test_the_same_moment_in_another_time_zone_is_the_same_fact():
    key = document_keys.signing_key(crypto.random_key())
    signature = document_keys.sign(key, FACTS)
    local = FACTS.produced_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert document_keys.verify(document_keys.public_bytes(key), signature,
                                dataclasses.replace(FACTS, produced_at=local))


def test_fields_cannot_be_shifted_into_one_another():
    # Moving a character from one text field to the next keeps the concatenation
    # but must not keep the signature: the message is a list, not a string.
    key = document_keys.signing_key(crypto.random_key())
    signature = document_keys.sign(key, FACTS)
    shifted = dataclasses.replace(FACTS, producer="pol.officerC", recipient="SC duty team")
    assert FACTS.message() != shifted.message()
    assert not document_keys.verify(document_keys.public_bytes(key), signature, shifted)
