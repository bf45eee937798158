"""Trust in public keys read from the database: the pinned roots, the
certificates of agencies, members and data keys, and recording refusals.

The insider attacks on whole sign-ins and seals are in test_trust_insider.py;
here each check is taken on its own, the rows changed in a session that is
rolled back.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import NotPermitted, Refused
from mash_desktop.security import crypto, trust, vault
from mash_desktop.security.trust import Roots, Trust, TrustFailure
from mash_desktop.store.models import Agency, AuditEvent, DataKey, User

from tests.security.audit_hub import audit_hub, audit_hub_templates  # noqa: F401


def _roots() -> Roots:
    return Roots(crypto.random_key(), crypto.random_key() + crypto.random_key())


def test_roots_survive_their_text_form_and_refuse_anything_else():
    roots = _roots()
    assert Roots.from_text(roots.to_text()) == roots
    for bad in ('{"format": 2, "hub": "", "agency": ""}', "[]", '{"format": 1, "hub": "!!", "agency": "AA=="}'):
        with pytest.raises(ValueError):
            Roots.from_text(bad)
    with pytest.raises(ValueError, match="malformed"):
        Roots(b"\0" * 31, b"\0" * 64)
    with pytest.raises(ValueError, match="malformed"):
        Roots(b"\0" * 32, b"\0" * 32)  # an agency root is both halves of the recovery key


def test_the_roots_mac_binds_the_enrolment_key_and_both_roots():
    secret, roots = crypto.random_key(), _roots()
    mac = trust.roots_mac(secret, roots.hub, roots.agency)
    assert mac == trust.roots_mac(secret, roots.hub, roots.agency)
    assert mac != trust.roots_mac(crypto.random_key(), roots.hub, roots.agency)
    assert mac != trust.roots_mac(secret, crypto.random_key(), roots.agency)
    assert mac != trust.roots_mac(secret, roots.hub, _roots().agency)


def test_the_workstation_key_follows_from_the_secret_alone():
    secret = crypto.random_key()
    key = trust.workstation_signing_key(secret)
    assert crypto.ed25519_public(key) == crypto.ed25519_public(trust.workstation_signing_key(secret))
    assert crypto.ed25519_public(key) != crypto.ed25519_public(trust.workstation_signing_key(crypto.random_key()))


def test_a_trust_failure_is_a_refusal_naming_the_record():
    failure = TrustFailure("data key", "agency CSC v2", "is not signed by a member")
    assert isinstance(failure, Refused)
    assert (failure.object_type, failure.object_ref, failure.problem) == ("data key", "agency CSC v2",
                                                                         "is not signed by a member")
    assert "data key record agency CSC v2 is not signed by a member" in str(failure)


@pytest.fixture
def hub(audit_hub):
    """CSC and POL, each with a lead, a confirmed officer and a newcomer: a copy of a hub built once."""
    return audit_hub


def _fresh(hub, code: str = "CSC") -> Trust:
    """A workstation's trust with nothing yet remembered."""
    return Trust(hub.creds(code).roots)


def _agency(s, code: str) -> Agency:
    return s.scalar(select(Agency).where(Agency.code == code))


def _user(s, username: str) -> User:
    return s.scalar(select(User).where(User.username == username))


def test_learning_the_roots_of_an_unknown_agency_is_refused(hub):
    with hub.db.read() as s:
        assert trust.learn_roots(s, "CSC", hub.creds("CSC").secret) == hub.creds("CSC").roots
        with pytest.raises(TrustFailure, match="has no keys to trust"):
            trust.learn_roots(s, "NOPE", hub.creds("CSC").secret)


def test_agencies_users_and_data_keys_of_a_working_hub_verify(hub):
    with hub.db.read() as s:
        checks = _fresh(hub)
        for agency in s.scalars(select(Agency)):
            assert checks.agency(s, agency) is agency
        for user in s.scalars(select(User)):
            assert checks.verifies(s, user), user.username
        for key in s.scalars(select(DataKey)):
            assert checks.data_key(s, key) is key
        checks.own_agency_check(_agency(s, "CSC"))
        with pytest.raises(TrustFailure, match="differs from the one this workstation pinned"):
            checks.own_agency_check(_agency(s, "POL"))
        assert not checks.verifies(s, None)


@pytest.mark.parametrize("change,problem", [
    (lambda s: setattr(_agency(s, "POL"), "certificate", None), "has no certificate"),
    (lambda s: setattr(_agency(s, "POL"), "name", "renamed"), None),  # the name is not a key: still trusted
    (lambda s: setattr(_agency(s, "POL"), "workstation_signing_key", crypto.random_key()), "does not match"),
    (lambda s: setattr(_agency(s, "POL"), "certified_by_id", None), "not certified by a hub administrator"),
    (lambda s: setattr(_agency(s, "POL"), "certified_by_id", _user(s, "csc.lead").id), "outside hub management"),
    (lambda s: setattr(_agency(s, "POL"), "certified_by_id", 999_999), "outside hub management"),
    (lambda s: setattr(_agency(s, "HUB"), "certified_by_id", _user(s, "hub.admin").id), "hub root"),
])
def test_an_altered_agency_row_is_refused(hub, change, problem):
    with hub.db.write() as s:
        change(s)
        s.flush()
        agency = _agency(s, "HUB") if "hub root" == problem else _agency(s, "POL")
        if problem is None:
            _fresh(hub).agency(s, agency)
        else:
            with pytest.raises(TrustFailure, match=problem):
                _fresh(hub).agency(s, agency)
        s.rollback()


@pytest.mark.parametrize("change,problem", [
    (lambda s: setattr(_user(s, "csc.officer"), "key_certificate", None), "has no key certificate"),
    (lambda s: setattr(_user(s, "csc.officer"), "certified_by_id", _user(s, "csc.officer").id), "outside their"),
    (lambda s: setattr(_user(s, "csc.officer"), "certified_by_id", _user(s, "pol.lead").id), "outside their"),
    (lambda s: setattr(_user(s, "csc.officer"), "certified_by_id", 999_999), "outside their"),
    (lambda s: setattr(_user(s, "csc.officer"), "certified_by_id", None), "do not match"),  # not the lead
    (lambda s: setattr(_user(s, "csc.officer"), "username", "csc.boss"), "do not match"),
])
def test_an_altered_member_row_is_refused(hub, change, problem):
    with hub.db.write() as s:
        change(s)
        s.flush()
        officer = s.scalar(select(User).where(User.display_name == "CSC Officer"))
        with pytest.raises(TrustFailure, match=problem):
            _fresh(hub).user(s, officer)
        s.rollback()


def test_a_certificate_chain_that_loops_is_refused(hub):
    with hub.db.write() as s:
        officer, newcomer = _user(s, "csc.officer"), _user(s, "csc.new")
        officer.certified_by_id, newcomer.certified_by_id = newcomer.id, officer.id
        s.flush()
        with pytest.raises(TrustFailure):
            _fresh(hub).user(s, officer)
        s.rollback()


def test_a_row_changed_after_it_verified_is_checked_again(hub):
    checks = _fresh(hub)
    with hub.db.write() as s:
        officer = _user(s, "csc.officer")
        assert checks.user_sealing_key(s, officer) == officer.public_key
        officer.public_key = crypto.KeyPair.generate().sealing_public
        with pytest.raises(TrustFailure, match="do not match their key certificate"):
            checks.user_sealing_key(s, officer)
        s.rollback()


@pytest.mark.parametrize("change,problem", [
    (lambda s, key: setattr(key, "signature", None), "not signed by a member"),
    (lambda s, key: setattr(key, "created_by_id", None), "not signed by a member"),
    (lambda s, key: setattr(key, "created_by_id", _user(s, "pol.lead").id), "outside the agency"),
    (lambda s, key: setattr(key, "version", key.version + 5), "do not match its signature"),
    (lambda s, key: setattr(key, "public_key", crypto.random_key()), "do not match its signature"),
])
def test_an_altered_agency_data_key_is_refused(hub, change, problem):
    with hub.db.write() as s:
        key = vault.current_key(s, vault.AGENCY, _agency(s, "CSC").id)
        change(s, key)
        s.flush()
        with pytest.raises(TrustFailure, match=problem):
            _fresh(hub).data_key(s, key)
        s.rollback()


def test_a_hub_key_signed_by_hub_management_is_refused(hub):
    with hub.db.write() as s:
        key = vault.current_key(s, vault.HUB, None)
        key.created_by_id = _user(s, "hub.admin").id
        s.flush()
        with pytest.raises(TrustFailure, match="hub management, which holds no hub key"):
            _fresh(hub).data_key(s, key)
        s.rollback()


def test_a_refusal_is_recorded_even_though_the_work_is_rolled_back(hub):
    actor = dataclasses.replace(hub.sign_in("csc.officer").actor, signer=None,
                                station_signer=trust.workstation_signing_key(hub.creds("CSC").secret))
    with pytest.raises(TrustFailure):
        with trust.audited(hub.db, actor):
            raise TrustFailure("data key", "agency CSC v9" + "x" * 80, "is not signed by a member")
    with pytest.raises(NotPermitted):  # anything else passes through unrecorded
        with trust.audited(hub.db, actor):
            raise NotPermitted("no")
    with hub.db.read() as s:
        refusals = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "trust.refused")))
    assert [(e.object_type, e.object_ref, e.signer) for e in refusals] == [
        ("data_key", ("agency CSC v9" + "x" * 80)[:64], "station")]
    assert "is not signed by a member" in refusals[0].detail
