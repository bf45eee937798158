"""The cryptographic primitives: round trips, wrong keys, tampering, and
fresh random 96-bit nonces that never repeat."""

import pytest
from sqlalchemy import select

from mash_desktop.security import crypto, sealing
from mash_desktop.security.crypto import DecryptionFailed, KdfParams, KeyPair
from mash_desktop.services.case import panels
from mash_desktop.store.models import Panel

from .. import hub_factory

REF = "MASH-2026-000001"


@pytest.mark.slow
def test_no_nonce_repeats_across_100000_panel_encryptions_under_one_key():
    # The encryption step of write_panel, 100,000 times under one agency key.
    key = crypto.random_key()
    aad = sealing.panel_aad(REF, "POL", 1)
    seen = set()
    for i in range(100_000):
        nonce, ciphertext = crypto.aead_seal(key, b"finding %d" % i, aad)
        assert len(nonce) == 12
        seen.add(nonce)
    assert len(seen) == 100_000
    # The last one still opens, so the nonces are the ones actually used.
    assert crypto.aead_open(key, nonce, ciphertext, aad) == b"finding 99999"


@pytest.fixture
def hub(db):
    return hub_factory.build(db)


@pytest.mark.slow
def test_rewriting_a_panel_stores_a_new_nonce_every_time(hub):
    officer = hub.sign_in("pol.officer")
    nonces = []
    for i in range(150):
        panels.write_panel(hub.db, officer, REF, f"Research update {i}.")
        with hub.db.read() as s:
            nonces.append(s.scalar(select(Panel.nonce)))
    assert len(set(nonces)) == len(nonces) == 150
    assert panels.read_panel(hub.db, officer, REF, "POL").text == "Research update 149."


# -- password hashing -------------------------------------------------------------

#: The cheapest parameters each algorithm accepts: the contracts, not the cost.
FAST_ARGON = KdfParams("argon2id", 8, 1, 1)
FAST_SCRYPT = KdfParams("scrypt", 0, 2**4, 1)


@pytest.mark.parametrize("params", [KdfParams(), crypto.ASVS_MINIMUM, crypto.SCRYPT_PARAMS, FAST_ARGON])
def test_kdf_parameters_survive_their_text_form(params):
    text = params.encode()
    assert KdfParams.decode(text) == params
    assert len(text) <= 200  # users.kdf_params


@pytest.mark.parametrize("text", ["bcrypt$r=12", "argon2id$m=lots,t=3,p=1", "argon2id", "plain"])
def test_kdf_parameters_the_client_cannot_read_are_refused(text):
    with pytest.raises(ValueError):
        KdfParams.decode(text)


def test_the_kdf_parameters_meet_their_published_minimums():
    assert KdfParams().memory_kib >= crypto.ASVS_MINIMUM.memory_kib == 19456
    assert KdfParams().iterations >= crypto.ASVS_MINIMUM.iterations == 2
    assert crypto.SCRYPT_PARAMS.iterations >= 2**17  # OWASP: N=2^17, r=8, p=1


@pytest.mark.parametrize("params", [FAST_ARGON, FAST_SCRYPT])
def test_password_hash_depends_on_password_salt_and_parameters(params):
    salt = crypto.random_salt()
    one = crypto.password_hash("Larch-Close-Kettle-42", salt, params)
    assert len(one) == crypto.KEY_BYTES
    assert crypto.password_hash("Larch-Close-Kettle-42", salt, params) == one
    assert crypto.password_hash("Larch-Close-Kettle-43", salt, params) != one
    assert crypto.password_hash("Larch-Close-Kettle-42", crypto.random_salt(), params) != one
    stronger = KdfParams(params.algorithm, params.memory_kib, params.iterations * 2, params.lanes)
    assert crypto.password_hash("Larch-Close-Kettle-42", salt, stronger) != one


def test_salts_and_keys_are_fresh_and_full_length():
    assert len({crypto.random_salt() for _ in range(100)}) == 100
    assert {len(crypto.random_salt())} == {crypto.SALT_BYTES}
    assert len({crypto.random_key() for _ in range(100)}) == 100
    assert {len(crypto.random_key())} == {crypto.KEY_BYTES}


def test_hkdf_separates_purposes():
    ikm = crypto.random_key()
    a = crypto.hkdf(ikm, salt=None, info=b"purpose a")
    assert a == crypto.hkdf(ikm, salt=None, info=b"purpose a")
    assert a != crypto.hkdf(ikm, salt=None, info=b"purpose b")
    assert a != crypto.hkdf(ikm, salt=b"workstation", info=b"purpose a")
    assert len(crypto.hkdf(ikm, salt=None, info=b"x", length=64)) == 64


# -- symmetric sealing --------------------------------------------------------------

def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


def test_aead_opens_only_with_its_key_nonce_and_binding():
    key, aad = crypto.random_key(), b"panel|MASH-2026-000001|POL|v1"
    nonce, ct = crypto.aead_seal(key, b"a finding", aad)
    assert b"a finding" not in ct
    assert crypto.aead_open(key, nonce, ct, aad) == b"a finding"
    for bad in [(crypto.random_key(), nonce, ct, aad),  # wrong key
                (key, nonce, ct, b"panel|MASH-2026-000002|POL|v1"),  # moved to another case
                (key, _flip(nonce, 0), ct, aad),
                (key, nonce, _flip(ct, 0), aad),
                (key, nonce, _flip(ct, len(ct) - 1), aad),  # the tag
                (key, nonce, ct[:-1], aad),
                (key, nonce[:8], ct, aad),  # a malformed nonce from the database
                (key, nonce, b"", aad)]:
        with pytest.raises(DecryptionFailed):
            crypto.aead_open(*bad)


def test_wrap_is_one_blob_that_opens_only_unchanged():
    key, aad = crypto.random_key(), b"user private keys"
    blob = crypto.wrap(key, b"secret bytes", aad)
    assert crypto.unwrap(key, blob, aad) == b"secret bytes"
    assert crypto.wrap(key, b"secret bytes", aad) != blob  # a fresh nonce each time
    for bad_key, bad_blob, bad_aad in [(crypto.random_key(), blob, aad), (key, _flip(blob, 20), aad),
                                       (key, blob, b"another user"), (key, blob[:10], aad), (key, b"", aad)]:
        with pytest.raises(DecryptionFailed):
            crypto.unwrap(bad_key, bad_blob, bad_aad)


# -- key pairs and public-key sealing --------------------------------------------------

def test_a_key_pair_survives_its_private_bytes():
    keys = KeyPair.generate()
    raw = keys.private_bytes()
    assert len(raw) == 64
    again = KeyPair.from_private_bytes(raw)
    assert (again.sealing_public, again.signing_public) == (keys.sealing_public, keys.signing_public)
    assert keys.sealing_public != KeyPair.generate().sealing_public
    for wrong in (raw[:63], raw + b"\0", b""):
        with pytest.raises(DecryptionFailed):
            KeyPair.from_private_bytes(wrong)


def test_sealed_to_a_key_opens_only_with_it_and_its_binding():
    alice, mallory = KeyPair.generate(), KeyPair.generate()
    info = b"mash data key v1|agency|1|v1|user:7"
    blob = crypto.seal_to(alice.sealing_public, b"the data key", info)
    assert crypto.open_sealed(alice.sealing, blob, info) == b"the data key"
    assert crypto.seal_to(alice.sealing_public, b"the data key", info) != blob  # fresh ephemeral key
    for key, bad_blob, bad_info in [(mallory.sealing, blob, info),
                                    (alice.sealing, blob, b"mash data key v1|agency|1|v1|user:8"),
                                    (alice.sealing, _flip(blob, 0), info),  # the encapsulated key
                                    (alice.sealing, _flip(blob, len(blob) - 1), info),
                                    (alice.sealing, blob[:31], info),
                                    (alice.sealing, b"", info)]:
        with pytest.raises(DecryptionFailed):
            crypto.open_sealed(key, bad_blob, bad_info)


def test_a_recovery_seed_always_gives_the_same_sealing_key():
    seed = crypto.random_key()
    key = crypto.x25519_from_seed(seed)
    assert crypto.x25519_public(key) == crypto.x25519_public(crypto.x25519_from_seed(seed))
    assert crypto.x25519_public(key) != crypto.x25519_public(crypto.x25519_from_seed(crypto.random_key()))
    blob = crypto.seal_to(crypto.x25519_public(key), b"x", b"info")
    assert crypto.open_sealed(crypto.x25519_from_seed(seed), blob, b"info") == b"x"


# -- signatures -------------------------------------------------------------------------

def test_a_signature_verifies_only_for_its_message_and_key():
    keys, other = KeyPair.generate(), KeyPair.generate()
    signature = crypto.sign(keys.signing, b"event hash")
    assert crypto.ed25519_public(keys.signing) == keys.signing_public
    assert crypto.verify(keys.signing_public, signature, b"event hash")
    assert not crypto.verify(keys.signing_public, signature, b"event hash.")
    assert not crypto.verify(other.signing_public, signature, b"event hash")
    assert not crypto.verify(keys.signing_public, _flip(signature, 5), b"event hash")


@pytest.mark.parametrize("public,signature", [(b"", b"x" * 64), (b"k" * 31, b"x" * 64), (None, b"x" * 64),
                                              ("KEY" * 11, b"x" * 64), (b"k" * 32, b""), (b"k" * 32, None)])
def test_malformed_keys_and_signatures_from_the_database_just_fail(public, signature):
    assert crypto.verify(public, signature, b"message") is False


# -- printable secrets -----------------------------------------------------------------

def test_a_printed_secret_reads_back_also_as_typed_by_a_person():
    secret = crypto.random_key()
    text = crypto.encode_secret(secret)
    assert all(len(group) <= 4 for group in text.split("-"))
    assert crypto.decode_secret(text) == secret
    typed = text.lower().replace("-", " ").replace("O", "0").replace("o", "0").replace("i", "1")
    assert crypto.decode_secret(typed) == secret


def test_a_typing_mistake_in_a_printed_secret_is_caught():
    secret = bytes(range(32))
    text = crypto.encode_secret(secret)
    first = text[0]
    mistyped = ("B" if first != "B" else "C") + text[1:]
    for bad in (mistyped, text[:-1], text + "A", text[5:], "", "!!!!-????"):
        with pytest.raises(ValueError, match="typing mistakes"):
            crypto.decode_secret(bad)
    with pytest.raises(ValueError):
        crypto.decode_secret(crypto.encode_secret(bytes(16)))  # the wrong length of secret


def test_fingerprints_are_fixed_length_and_differ_by_input():
    assert len(crypto.fingerprint(b"a")) == 32
    assert crypto.fingerprint(b"a") == crypto.fingerprint(b"a") != crypto.fingerprint(b"b")


@pytest.mark.parametrize("params", [KdfParams(), crypto.ASVS_MINIMUM, crypto.SCRYPT_PARAMS])
def test_hashing_parameters_the_hub_writes_read_back(params):
    assert KdfParams.decode(params.encode()) == params


@pytest.mark.parametrize("text", [
    "argon2id$m=1,t=1",  # a field left out
    "argon2id$m=4194304,t=3,p=1",  # 4 GiB: a hostile row asking a workstation to exhaust its memory
    "argon2id$m=65536,t=100000,p=1",  # passes enough to hang a sign-in
    "argon2id$m=65536,t=3,p=0",
    "argon2id$m=4,t=3,p=1",  # below what Argon2id accepts
    "scrypt$n=100000,r=8,p=1",  # not a power of two
    "scrypt$n=4194304,r=8,p=1",  # 4 GiB of scrypt
    "argon2id$m=x,t=3,p=1",
    "bcrypt$cost=12",
])
def test_hashing_parameters_from_a_hostile_row_are_refused_before_any_work(text):
    with pytest.raises(ValueError):
        KdfParams.decode(text)


def test_an_account_whose_row_asks_for_too_much_memory_fails_to_unlock_like_a_wrong_password():
    from types import SimpleNamespace

    from mash_desktop.security import vault

    user = SimpleNamespace(wrapped_private_key=b"x" * 60, kdf_salt=b"s" * 16, kdf_params="argon2id$m=8388608,t=1,p=1")
    with pytest.raises(crypto.DecryptionFailed, match="password settings are not valid"):
        vault.unlock_user(user, "Any-Password-1234", b"w" * 32)
