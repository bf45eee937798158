"""security/sealing.py: how panels, disclosures and drafts are sealed, and to what.

The associated-data strings are stored formats: every panel, disclosure and
draft ever written opens only with them. The literals below (and the
ciphertexts made with the bare primitives from those literals) pin them, so a
change to the format fails here rather than silently locking out old data.
"""

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mash_desktop.security import crypto, sealing
from mash_desktop.security.crypto import KeyPair
from mash_desktop.security.sealing import DecryptionFailed

REF = "MASH-2026-000001"
OTHER_REF = "MASH-2026-000002"
KEY = bytes(range(32))
NONCE = bytes(range(100, 112))
#: A user's key pair from fixed private bytes, so derived draft keys are known.
KEYS = KeyPair.from_private_bytes(bytes(range(64)))


def _flip(data: bytes, at: int = -1) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


def _public(private: X25519PrivateKey) -> bytes:
    return crypto.x25519_public(private)


# -- the formats, as literals ----------------------------------------------------

def test_panel_associated_data_is_the_stored_format():
    assert sealing.panel_aad(REF, "POL", 3) == b"mash panel v1|MASH-2026-000001|POL|v3"


def test_disclosure_associated_data_is_the_stored_format():
    assert sealing.disclosure_aad(REF, "POL", "hub") == b"mash disclosure v1|MASH-2026-000001|POL|hub"
    assert sealing.disclosure_aad(REF, "POL", "CSC") == b"mash disclosure v1|MASH-2026-000001|POL|CSC"
    assert (sealing.disclosure_key_info(REF, "POL", "hub", sealing.SENDER)
            == b"mash disclosure key v1|MASH-2026-000001|POL|hub|sender")
    assert (sealing.disclosure_key_info(REF, "POL", "CSC", sealing.RECIPIENT)
            == b"mash disclosure key v1|MASH-2026-000001|POL|CSC|recipient")


def test_draft_associated_data_is_the_stored_format():
    assert sealing.draft_aad("pol.officer", REF) == b"mash local draft v1|pol.officer|MASH-2026-000001"


def test_a_content_key_is_sealed_only_to_a_sender_or_a_recipient():
    with pytest.raises(ValueError):
        sealing.disclosure_key_info(REF, "POL", "hub", "auditor")


# -- what is already stored still opens ------------------------------------------

#: Made with AESGCM(KEY).encrypt(NONCE, text, b"mash panel v1|MASH-2026-000001|POL|v3").
STORED_PANEL = bytes.fromhex("0375b11117c922f11e123084b3060fc762f0363bb24cb230eff1840ac9f38c66"
                             "be52d608338f152d1dd220097cc5570e")
#: Made with AESGCM(KEY).encrypt(NONCE, text, b"mash disclosure v1|MASH-2026-000001|POL|hub").
STORED_DISCLOSURE = bytes.fromhex("187aac12178c24be56032cc8bb451c942dae6364e809d311c8bfda2198d7cc27"
                                  "fad9911737b38fd36e9fb4089ef72598c5")
#: NONCE || AESGCM(HKDF(KEYS, "mash local draft key v1|pol.officer")).encrypt(NONCE, payload,
#: b"mash local draft v1|pol.officer|MASH-2026-000001").
STORED_DRAFT = bytes.fromhex("6465666768696a6b6c6d6e6f31b8c4be6947fcb4981611d7d1d220695eed12d0"
                             "647249267a64fe32e676a76081e5b5eb916b6d445beda3b425b300db2955d917"
                             "5997d2f4996166549ad11eca8bd40914e72585037a7aed82a065fb07b2dc11")
DRAFT_PAYLOAD = b'{"text": "half a finding", "saved_at": "2026-03-02T09:15:00+00:00"}'


def test_a_panel_sealed_before_this_module_still_opens():
    assert (sealing.open_panel(KEY, REF, "POL", 3, NONCE, STORED_PANEL)
            == "Known to police: 2019 ABH (B2P).")


def test_a_disclosure_sealed_before_this_module_still_opens():
    assert (sealing.open_disclosure(KEY, REF, "POL", "hub", NONCE, STORED_DISCLOSURE)
            == "Partner has a violence conviction")


def test_a_draft_kept_before_this_module_still_opens_under_the_same_names():
    assert sealing.open_draft(KEYS, "pol.officer", REF, STORED_DRAFT) == DRAFT_PAYLOAD
    # Draft files are found again by these names: they must not change either.
    assert sealing.draft_name(KEYS, "case|MASH-2026-000001") == "40b4a9a6d23c8fc3f36d67f641de70ae"
    assert sealing.draft_name(KEYS, "user|pol.officer") == "bd50c16012a7375c20db84fb2246b40d"


def test_what_is_sealed_now_opens_with_the_bare_primitive_and_the_literal_binding():
    nonce, ciphertext = sealing.seal_panel(KEY, REF, "POL", 3, "Nothing known.")
    assert AESGCM(KEY).decrypt(nonce, ciphertext, b"mash panel v1|MASH-2026-000001|POL|v3") == b"Nothing known."
    sealed = sealing.seal_disclosure(REF, "POL", "CSC", "Shared.")
    assert (AESGCM(sealed.content_key).decrypt(sealed.nonce, sealed.ciphertext,
                                               b"mash disclosure v1|MASH-2026-000001|POL|CSC") == b"Shared.")


# -- panels ----------------------------------------------------------------------

def test_panel_round_trip():
    sealed = sealing.seal_panel(KEY, REF, "POL", 1, "Intelligence: partner’s 2019 ABH conviction.")
    assert len(sealed.nonce) == 12 and b"ABH" not in sealed.ciphertext
    assert (sealing.open_panel(KEY, REF, "POL", 1, sealed.nonce, sealed.ciphertext)
            == "Intelligence: partner’s 2019 ABH conviction.")


def test_panel_sealing_uses_a_fresh_nonce_each_time():
    first, second = (sealing.seal_panel(KEY, REF, "POL", 1, "Same text.") for _ in range(2))
    assert first.nonce != second.nonce and first.ciphertext != second.ciphertext


@pytest.mark.parametrize("reference, agency, version", [
    (OTHER_REF, "POL", 1),  # copied to another case
    (REF, "CSC", 1),        # copied to another agency
    (REF, "POL", 2),        # claimed under another key version
], ids=["reference", "agency", "version"])
def test_a_panel_does_not_open_bound_to_anything_else(reference, agency, version):
    nonce, ciphertext = sealing.seal_panel(KEY, REF, "POL", 1, "Sealed to POL on case 1.")
    with pytest.raises(DecryptionFailed):
        sealing.open_panel(KEY, reference, agency, version, nonce, ciphertext)


def test_a_panel_is_not_a_disclosure():
    # The same key and names, but another kind of record: the bindings differ.
    nonce, ciphertext = sealing.seal_panel(KEY, REF, "POL", 1, "A panel.")
    with pytest.raises(DecryptionFailed):
        sealing.open_disclosure(KEY, REF, "POL", "v1", nonce, ciphertext)


def test_a_panel_does_not_open_under_another_key_or_tampered():
    nonce, ciphertext = sealing.seal_panel(KEY, REF, "POL", 1, "Sealed.")
    with pytest.raises(DecryptionFailed):
        sealing.open_panel(crypto.random_key(), REF, "POL", 1, nonce, ciphertext)
    for damaged in (_flip(ciphertext, 0), _flip(ciphertext), ciphertext[:-1]):
        with pytest.raises(DecryptionFailed):
            sealing.open_panel(KEY, REF, "POL", 1, nonce, damaged)
    with pytest.raises(DecryptionFailed):
        sealing.open_panel(KEY, REF, "POL", 1, _flip(nonce), ciphertext)


def test_an_authentic_panel_that_is_not_text_does_not_open():
    nonce, ciphertext = crypto.aead_seal(KEY, b"\xff\xfe not UTF-8", sealing.panel_aad(REF, "POL", 1))
    with pytest.raises(DecryptionFailed):
        sealing.open_panel(KEY, REF, "POL", 1, nonce, ciphertext)


# -- disclosures -----------------------------------------------------------------

def test_disclosure_round_trip_through_sender_and_recipient_seals():
    sender, recipient = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    sealed = sealing.seal_disclosure(REF, "POL", "hub", "Partner has a violence conviction.")
    to_sender = sealing.seal_disclosure_key(_public(sender), sealed.content_key, REF, "POL", "hub", sealing.SENDER)
    to_recipient = sealing.seal_disclosure_key(_public(recipient), sealed.content_key, REF, "POL", "hub",
                                               sealing.RECIPIENT)
    for private, seal, role in ((sender, to_sender, sealing.SENDER), (recipient, to_recipient, sealing.RECIPIENT)):
        key = sealing.open_disclosure_key(private, seal, REF, "POL", "hub", role)
        assert key == sealed.content_key
        assert (sealing.open_disclosure(key, REF, "POL", "hub", sealed.nonce, sealed.ciphertext)
                == "Partner has a violence conviction.")


def test_every_disclosure_gets_its_own_content_key():
    first, second = (sealing.seal_disclosure(REF, "POL", "hub", "Same text.") for _ in range(2))
    assert first.content_key != second.content_key and len(first.content_key) == 32


@pytest.mark.parametrize("reference, from_code, to", [
    (OTHER_REF, "POL", "hub"), (REF, "CSC", "hub"), (REF, "POL", "CSC"),
], ids=["reference", "from", "to"])
def test_a_disclosure_does_not_open_bound_to_anything_else(reference, from_code, to):
    sealed = sealing.seal_disclosure(REF, "POL", "hub", "For the hub.")
    with pytest.raises(DecryptionFailed):
        sealing.open_disclosure(sealed.content_key, reference, from_code, to, sealed.nonce, sealed.ciphertext)


def test_a_disclosure_does_not_open_tampered():
    sealed = sealing.seal_disclosure(REF, "POL", "hub", "For the hub.")
    with pytest.raises(DecryptionFailed):
        sealing.open_disclosure(sealed.content_key, REF, "POL", "hub", sealed.nonce, _flip(sealed.ciphertext))


@pytest.mark.parametrize("reference, from_code, to, role", [
    (OTHER_REF, "POL", "hub", sealing.SENDER), (REF, "CSC", "hub", sealing.SENDER),
    (REF, "POL", "CSC", sealing.SENDER), (REF, "POL", "hub", sealing.RECIPIENT),
], ids=["reference", "from", "to", "role"])
def test_a_content_key_seal_does_not_open_bound_to_anything_else(reference, from_code, to, role):
    private = X25519PrivateKey.generate()
    seal = sealing.seal_disclosure_key(_public(private), KEY, REF, "POL", "hub", sealing.SENDER)
    with pytest.raises(DecryptionFailed):
        sealing.open_disclosure_key(private, seal, reference, from_code, to, role)


def test_a_content_key_seal_opens_only_with_its_private_key_and_untampered():
    private = X25519PrivateKey.generate()
    seal = sealing.seal_disclosure_key(_public(private), KEY, REF, "POL", "hub", sealing.RECIPIENT)
    with pytest.raises(DecryptionFailed):
        sealing.open_disclosure_key(X25519PrivateKey.generate(), seal, REF, "POL", "hub", sealing.RECIPIENT)
    with pytest.raises(DecryptionFailed):
        sealing.open_disclosure_key(private, _flip(seal), REF, "POL", "hub", sealing.RECIPIENT)


# -- drafts ----------------------------------------------------------------------

def test_draft_round_trip():
    payload = json.dumps({"text": "Half a finding", "saved_at": dt.datetime(2026, 3, 2).isoformat()}).encode()
    blob = sealing.seal_draft(KEYS, "pol.officer", REF, payload)
    assert b"finding" not in blob
    assert sealing.open_draft(KEYS, "pol.officer", REF, blob) == payload


@pytest.mark.parametrize("username, reference", [("pol.other", REF), ("pol.officer", OTHER_REF)],
                         ids=["user", "reference"])
def test_a_draft_does_not_open_for_another_user_or_case(username, reference):
    blob = sealing.seal_draft(KEYS, "pol.officer", REF, b"draft")
    with pytest.raises(DecryptionFailed):
        sealing.open_draft(KEYS, username, reference, blob)


def test_a_draft_does_not_open_with_other_keys_or_tampered():
    blob = sealing.seal_draft(KEYS, "pol.officer", REF, b"draft")
    with pytest.raises(DecryptionFailed):
        sealing.open_draft(KeyPair.generate(), "pol.officer", REF, blob)
    for damaged in (_flip(blob, 0), _flip(blob), blob[:5]):
        with pytest.raises(DecryptionFailed):
            sealing.open_draft(KEYS, "pol.officer", REF, damaged)


def test_draft_names_depend_on_the_keys_and_say_nothing():
    name = sealing.draft_name(KEYS, f"case|{REF}")
    assert REF not in name and len(name) == 32
    assert sealing.draft_name(KeyPair.generate(), f"case|{REF}") != name
    assert sealing.draft_name(KEYS, f"case|{OTHER_REF}") != name


# -- the services leave it to this module ----------------------------------------

SERVICES = Path(sealing.__file__).parents[1] / "services" / "case"
#: What building associated data or calling a cipher needs.
PRIMITIVES = ("cryptography", "hashlib", "hmac", "mash_desktop.security.crypto")


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = ("", "mash_desktop.services.case", "mash_desktop.services", "mash_desktop")[node.level]
            base = ".".join(part for part in (package, node.module) if part)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("name", ["panels.py", "disclosures.py", "drafts.py"])
def test_the_sealing_services_call_no_crypto_primitive(name: str):
    source = (SERVICES / name).read_text(encoding="utf-8")
    imported = _imported(SERVICES / name)
    assert "mash_desktop.security.sealing" in imported
    assert not {n for n in imported for p in PRIMITIVES if n == p or n.startswith(p + ".")}
    for fragment in ("mash panel v", "mash disclosure", "mash local draft", "AESGCM", "aead_", ".encrypt(",
                     ".decrypt("):
        assert fragment not in source, f"services/case/{name} seals by itself: {fragment!r}"
