"""The key hierarchy: user keys wrapped under password and workstation secret,
recovery, confirmation, data key versions and the keychain that opens them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import AgencyKind
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.security import crypto, vault
from mash_desktop.security.crypto import DecryptionFailed, KdfParams, KeyPair
from mash_desktop.security.trust import TrustFailure
from mash_desktop.store.models import Agency, DataKey, KeySeal, User

from tests.security.audit_hub import audit_hub, audit_hub_templates  # noqa: F401

FAST = KdfParams("argon2id", 8, 1, 1)
PASSWORD = "Larch-Close-Kettle-42"


# -- recovery keys and user keys, on rows in memory -------------------------------------

def test_a_recovery_key_reads_back_from_its_printed_text():
    recovery = vault.RecoveryKey.generate()
    again = vault.RecoveryKey.from_text(recovery.text)
    assert again.public == recovery.public and len(recovery.public) == 64
    assert recovery.public[:32] == recovery.keys.sealing_public
    assert recovery.public[32:] == recovery.keys.signing_public
    assert vault.RecoveryKey.generate().public != recovery.public
    with pytest.raises(ValueError):
        vault.RecoveryKey.from_text(recovery.text[:-2] + ("AA" if not recovery.text.endswith("AA") else "BB"))


def test_the_wrapping_key_needs_password_salt_parameters_and_workstation_secret():
    salt, secret = crypto.random_salt(), crypto.random_key()
    key = vault.wrapping_key(PASSWORD, salt, FAST, secret)
    assert vault.wrapping_key(PASSWORD, salt, FAST, secret) == key
    assert vault.wrapping_key(PASSWORD + "!", salt, FAST, secret) != key
    assert vault.wrapping_key(PASSWORD, crypto.random_salt(), FAST, secret) != key
    assert vault.wrapping_key(PASSWORD, salt, KdfParams("argon2id", 16, 1, 1), secret) != key
    assert vault.wrapping_key(PASSWORD, salt, FAST, crypto.random_key()) != key
    assert key != crypto.password_hash(PASSWORD, salt, FAST)  # never the bare password hash


@pytest.fixture
def member():
    """A user of an agency whose recovery key certified them, in memory."""
    recovery = vault.RecoveryKey.generate()
    agency = Agency(code="CSC", name="CSC", kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
                    recovery_public_key=recovery.public)
    user = User(username="csc.officer", display_name="Officer", agency=agency)
    secret = crypto.random_key()
    keys = vault.create_user_keys(user, PASSWORD, secret, FAST, recovery_public=recovery.public,
                                  certifier=recovery.keys.signing, certifier_id=None)
    return user, keys, secret, recovery


def test_new_user_keys_are_published_wrapped_and_certified(member):
    user, keys, secret, recovery = member
    assert (user.public_key, user.signing_public_key) == (keys.sealing_public, keys.signing_public)
    assert KdfParams.decode(user.kdf_params) == FAST and len(user.kdf_salt) == crypto.SALT_BYTES
    assert keys.private_bytes() not in user.wrapped_private_key + user.recovery_sealed_private_key
    from mash_desktop.security import trust
    assert crypto.verify(recovery.keys.signing_public, user.key_certificate, trust.member_message(user, "CSC"))
    assert user.certified_by_id is None


def test_the_password_and_the_workstation_secret_together_unlock_the_keys(member):
    user, keys, secret, _ = member
    assert vault.unlock_user(user, PASSWORD, secret).private_bytes() == keys.private_bytes()
    with pytest.raises(DecryptionFailed):
        vault.unlock_user(user, PASSWORD + "x", secret)
    with pytest.raises(DecryptionFailed):
        vault.unlock_user(user, PASSWORD, crypto.random_key())  # another agency's workstation


def test_a_new_password_rewraps_the_same_keys(member):
    user, keys, secret, _ = member
    old_salt = user.kdf_salt
    vault.set_password(user, keys, "Brand-New-Secret-77", secret, FAST)
    assert user.kdf_salt != old_salt
    assert vault.unlock_user(user, "Brand-New-Secret-77", secret).signing_public == keys.signing_public
    with pytest.raises(DecryptionFailed):
        vault.unlock_user(user, PASSWORD, secret)


@pytest.mark.parametrize("tamper", ["weaker parameters", "other salt", "moved to another user", "no password",
                                    "damaged"])
def test_wrapped_keys_altered_in_the_database_do_not_open(member, tamper):
    user, _, secret, _ = member
    if tamper == "weaker parameters":  # a downgrade gains nothing: the keys were wrapped under the stored ones
        user.kdf_params = KdfParams("argon2id", 8, 1, 1).encode().replace("m=8", "m=16")
    elif tamper == "other salt":
        user.kdf_salt = crypto.random_salt()
    elif tamper == "moved to another user":
        user.username = "csc.lead"
    elif tamper == "no password":
        user.wrapped_private_key = None
    else:
        user.wrapped_private_key = user.wrapped_private_key[:-1] + bytes([user.wrapped_private_key[-1] ^ 1])
    with pytest.raises(DecryptionFailed):
        vault.unlock_user(user, PASSWORD, secret)


def test_the_recovery_key_recovers_the_keys_only_if_it_is_the_agencys(member):
    user, keys, _, recovery = member
    assert vault.recover_user_keys(user, recovery).private_bytes() == keys.private_bytes()
    with pytest.raises(NotPermitted, match="not the recovery key of CSC"):
        vault.recover_user_keys(user, vault.RecoveryKey.generate())
    # An insider who swaps the agency row's recovery key for their own gets
    # nothing: the key typed by the lead no longer matches the row.
    insider = vault.RecoveryKey.generate()
    user.agency.recovery_public_key = insider.public
    with pytest.raises(NotPermitted):
        vault.recover_user_keys(user, recovery)


def test_a_recovery_seal_moved_to_another_user_does_not_open(member):
    user, _, _, recovery = member
    other = User(username="csc.other", display_name="Other", agency=user.agency)
    vault.create_user_keys(other, PASSWORD, crypto.random_key(), FAST, recovery_public=recovery.public,
                           certifier=recovery.keys.signing, certifier_id=None)
    user.recovery_sealed_private_key = other.recovery_sealed_private_key
    with pytest.raises(DecryptionFailed):
        vault.recover_user_keys(user, recovery)


def test_the_confirmation_covers_username_agency_and_both_public_keys(member):
    user, _, _, recovery = member
    message = vault.confirmation_message(user)
    vault.sign_confirmation(user, recovery.keys.signing)
    assert crypto.verify(recovery.keys.signing_public, user.confirmation_signature, message)
    swapped = KeyPair.generate()
    for change in ({"username": "csc.lead"}, {"public_key": swapped.sealing_public},
                   {"signing_public_key": swapped.signing_public}):
        before = {name: getattr(user, name) for name in change}
        for name, value in change.items():
            setattr(user, name, value)
        assert vault.confirmation_message(user) != message
        for name, value in before.items():
            setattr(user, name, value)
    assert vault.confirmation_message(user) == message


# -- data keys and the keychain, in a hub -------------------------------------------------

@pytest.fixture
def hub(audit_hub):
    """CSC and POL, each with a lead, a confirmed officer and a newcomer: a copy of a hub built once."""
    return audit_hub


def _user(s, username: str) -> User:
    return s.scalar(select(User).where(User.username == username))


def test_only_confirmed_active_casework_members_are_verified(hub):
    lead, officer_keys = hub.sign_in("csc.lead"), hub.sign_in("csc.officer").keychain.keys
    with hub.db.write() as s:
        members = {u.username for u in vault.verified_members(s, lead.actor.agency_id, lead.trust)}
        assert members == {"csc.lead", "csc.officer"}  # not the unconfirmed newcomer
        everyone = {u.username for u in vault.verified_members(s, None, lead.trust)}
        assert everyone == members | {"pol.lead", "pol.officer"}  # not hub management, nor the auditor
        assert not vault.is_verified_member(s, _user(s, "hub.admin"), lead.trust)
        officer = _user(s, "csc.officer")
        officer.active = False
        assert not vault.is_verified_member(s, officer, lead.trust)
        officer.active = True
        # A confirmation copied onto another account does not confirm it.
        newcomer = _user(s, "csc.new")
        newcomer.confirmation_signature, newcomer.confirmed_by_id = (officer.confirmation_signature,
                                                                      officer.confirmed_by_id)
        assert not vault.is_verified_member(s, newcomer, lead.trust)
        # Nor does one signed by a member who is not a supervisor.
        vault.sign_confirmation(newcomer, officer_keys.signing)
        newcomer.confirmed_by_id = officer.id
        assert not vault.is_verified_member(s, newcomer, lead.trust)
        s.rollback()


def test_a_new_data_key_version_is_signed_and_sealed_to_members_and_recovery(hub):
    lead = hub.sign_in("csc.lead")
    recovery = vault.RecoveryKey.from_text(hub.kits["CSC"].recovery_key)
    with hub.db.write() as s:
        me, agency = _user(s, "csc.lead"), _user(s, "csc.lead").agency
        before = vault.current_key(s, vault.AGENCY, agency.id)
        members = vault.verified_members(s, agency.id, lead.trust)
        key, key_bytes = vault.new_data_key(s, vault.AGENCY, agency, members, me, lead.keychain.keys.signing,
                                            lead.trust)
        assert key.version == before.version + 1
        assert vault.current_key(s, vault.AGENCY, agency.id).id == key.id
        assert lead.trust.data_key(s, key) is key
        seals = {seal.recipient_user_id: seal for seal in s.scalars(select(KeySeal).where(
            KeySeal.data_key_id == key.id))}
        assert set(seals) == {None} | {m.id for m in members}
        assert key_bytes not in b"".join(seal.sealed for seal in seals.values())
        assert vault.Keychain(me.id, lead.keychain.keys, lead.trust).open(s, key) == key_bytes
        assert lead.keychain.open_recovery(key, seals[None].sealed, recovery) == key_bytes
        with pytest.raises(DecryptionFailed):  # the recovery seal is bound to its version
            lead.keychain.open_recovery(before, seals[None].sealed, recovery)
        # Sealing again to a holder adds nothing.
        vault.seal_key(s, key, key_bytes, me, me, lead.trust)
        s.flush()
        assert s.scalar(select(KeySeal.id).where(KeySeal.data_key_id == key.id,
                                                 KeySeal.recipient_user_id == me.id)) == seals[me.id].id


def test_current_key_is_none_where_there_is_no_key(hub):
    with hub.db.read() as s:
        assert vault.current_key(s, vault.AGENCY, 999_999) is None
        assert vault.current_key(s, vault.HUB, None).scope == vault.HUB


def test_the_keychain_refuses_a_key_not_sealed_to_its_holder(hub):
    newcomer = hub.sign_in("csc.new")
    with hub.db.read() as s:
        key = vault.current_key(s, vault.AGENCY, newcomer.actor.agency_id)
        with pytest.raises(NotPermitted, match="does not hold this key"):
            newcomer.keychain.open(s, key)


def test_a_seal_of_other_bytes_under_a_real_version_is_refused(hub):
    # An insider can seal anything to a member's public key; the keychain
    # opens it but refuses bytes that are not the key the row publishes.
    officer = hub.sign_in("csc.officer")
    with hub.db.write() as s:
        key = vault.current_key(s, vault.AGENCY, officer.actor.agency_id)
        seal = s.scalar(select(KeySeal).where(KeySeal.data_key_id == key.id,
                                              KeySeal.recipient_user_id == officer.actor.user_id))
        seal.sealed = crypto.seal_to(_user(s, "csc.officer").public_key, crypto.random_key(),
                                     f"mash data key v1|agency|{key.agency_id}|v{key.version}|"
                                     f"user:{officer.actor.user_id}".encode())
    fresh = hub.sign_in("csc.officer")
    with hub.db.read() as s:
        key = vault.current_key(s, vault.AGENCY, fresh.actor.agency_id)
        with pytest.raises(TrustFailure, match="not that key"):
            fresh.keychain.open(s, key)


def test_a_seal_moved_from_another_version_does_not_open(hub):
    lead = hub.sign_in("csc.lead")
    with hub.db.write() as s:
        agency = _user(s, "csc.lead").agency
        old = vault.current_key(s, vault.AGENCY, agency.id)
        new, _ = vault.new_data_key(s, vault.AGENCY, agency, vault.verified_members(s, agency.id, lead.trust),
                                    _user(s, "csc.lead"), lead.keychain.keys.signing, lead.trust)
        old_seal = s.scalar(select(KeySeal).where(KeySeal.data_key_id == old.id,
                                                  KeySeal.recipient_user_id == lead.actor.user_id))
        new_seal = s.scalar(select(KeySeal).where(KeySeal.data_key_id == new.id,
                                                  KeySeal.recipient_user_id == lead.actor.user_id))
        new_seal.sealed = old_seal.sealed
    fresh = hub.sign_in("csc.lead")
    with hub.db.read() as s:
        with pytest.raises(DecryptionFailed):
            fresh.keychain.open(s, s.get(DataKey, new.id))


def test_forget_drops_opened_keys(hub):
    officer = hub.sign_in("csc.officer")
    with hub.db.read() as s:
        key = vault.current_key(s, vault.AGENCY, officer.actor.agency_id)
        first = officer.keychain.open(s, key)
    officer.keychain.forget()
    assert officer.keychain._opened == {}
    with hub.db.read() as s:
        assert officer.keychain.open(s, vault.current_key(s, vault.AGENCY, officer.actor.agency_id)) == first
