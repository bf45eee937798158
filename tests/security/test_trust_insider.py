"""An insider with database write access cannot make a client seal to them.

Each test acts as someone who can write the database (another agency's
role, or the holder of the SQLite file) but holds none of the victim
agency's secrets, and changes the rows a client reads keys from. The client
must refuse, name the record, and record the refusal.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select, update

from mash_desktop.domain.codes import AgencyKind, ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.security import accounts, crypto, trust, vault
from mash_desktop.security.trust import TrustFailure
from mash_desktop.services.case import disclosures
from mash_desktop.services.enrolment import accounts as enrolment
from mash_desktop.services.case import panels
from mash_desktop.services.admin import users
from mash_desktop.store.models import Agency, AuditEvent, DataKey, Disclosure, KeySeal, User

from .. import hub_factory
from ..hub_factory import PASSWORD

REF = "MASH-2026-000001"


@pytest.fixture
def hub(db):
    return hub_factory.build(db, agencies=("CSC", "POL"))


def _refusals(db) -> list[AuditEvent]:
    with db.read() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == "trust.refused")))


def _versions(db, code: str) -> int:
    with db.read() as s:
        agency_id = s.scalar(select(Agency.id).where(Agency.code == code))
        return s.scalar(select(func.count(DataKey.id)).where(DataKey.agency_id == agency_id))


@pytest.mark.parametrize("half", ["both", "sealing"])
def test_a_swapped_recovery_key_and_a_forced_rotation_seal_nothing_to_the_insider(hub, half):
    attacker = vault.RecoveryKey.generate()
    with hub.db.write() as s:
        csc = s.scalar(select(Agency).where(Agency.code == "CSC"))
        swapped = attacker.public if half == "both" else attacker.public[:32] + csc.recovery_public_key[32:]
        s.execute(update(Agency).where(Agency.code == "CSC").values(recovery_public_key=swapped,
                                                                   rotation_needed=True))
    before = _versions(hub.db, "CSC")
    with pytest.raises(TrustFailure, match="CSC"):
        hub.sign_in("csc.officer")
    # An entry enrolled before roots were pinned learns them through the
    # root MAC under the enrolment key, which the swap breaks too.
    unpinned = dataclasses.replace(hub.creds("CSC"), roots=None)
    with pytest.raises(TrustFailure, match="CSC"):
        accounts.sign_in(hub.db, unpinned, "csc.officer", PASSWORD)
    assert _versions(hub.db, "CSC") == before
    with hub.db.read() as s:
        recovery_seals = s.execute(select(DataKey, KeySeal.sealed).join(KeySeal, KeySeal.data_key_id == DataKey.id)
                                   .where(KeySeal.recipient_user_id.is_(None))).all()
        assert recovery_seals
        for key, sealed in recovery_seals:
            with pytest.raises(crypto.DecryptionFailed):
                crypto.open_sealed(attacker.keys.sealing, sealed, vault._seal_info(key, "recovery"))
    assert [e.object_ref for e in _refusals(hub.db)][-2:] == ["CSC", "CSC"]


def test_a_pending_members_key_swapped_before_confirmation_is_refused(hub):
    attacker = crypto.KeyPair.generate()
    with hub.db.write() as s:
        s.execute(update(User).where(User.username == "csc.new").values(
            public_key=attacker.sealing_public, signing_public_key=attacker.signing_public))
    lead = hub.sign_in("csc.lead")
    with pytest.raises(TrustFailure, match="csc.new"):
        users.confirm_member(hub.db, lead, "csc.new")
    with hub.db.read() as s:
        newcomer = s.scalar(select(User).where(User.username == "csc.new"))
        assert newcomer.confirmation_signature is None
        assert s.scalar(select(func.count(KeySeal.id)).where(KeySeal.recipient_user_id == newcomer.id)) == 0
    assert _refusals(hub.db)[-1].object_ref == "csc.new"


def test_a_confirmed_members_key_swapped_later_receives_no_new_key(hub):
    attacker = crypto.KeyPair.generate()
    with hub.db.write() as s:
        s.execute(update(User).where(User.username == "csc.officer").values(public_key=attacker.sealing_public))
        s.execute(update(Agency).where(Agency.code == "CSC").values(rotation_needed=True))
    hub.sign_in("csc.lead")  # rotates the agency key
    with hub.db.read() as s:
        officer = s.scalar(select(User).where(User.username == "csc.officer"))
        newest = s.scalar(select(DataKey).where(DataKey.agency_id == officer.agency_id)
                          .order_by(DataKey.version.desc()).limit(1))
        assert newest.version == 2
        assert s.scalar(select(KeySeal).where(KeySeal.data_key_id == newest.id,
                                              KeySeal.recipient_user_id == officer.id)) is None


def test_a_data_key_version_planted_by_an_insider_is_never_written_with(hub):
    """The insider makes a CSC key version of their own, seals it to the CSC
    officer's public key (which anyone can read) and waits for a panel."""
    officer = hub.sign_in("csc.officer")
    panels.write_panel(hub.db, officer, REF, "before")
    planted = crypto.random_key()
    with hub.db.write() as s:
        csc = s.scalar(select(Agency).where(Agency.code == "CSC"))
        me = s.scalar(select(User).where(User.username == "csc.officer"))
        key = DataKey(scope=vault.AGENCY, agency_id=csc.id, version=99, created_by_id=me.id,
                      public_key=crypto.x25519_public(vault.data_key_keypair(planted)), signature=b"\0" * 64)
        s.add(key)
        s.flush()
        s.add(KeySeal(data_key_id=key.id, recipient_user_id=me.id,
                      sealed=crypto.seal_to(me.public_key, planted, vault._seal_info(key, f"user:{me.id}"))))
    with pytest.raises(TrustFailure, match="data key"):
        panels.write_panel(hub.db, officer, REF, "after")
    assert panels.read_panel(hub.db, officer, REF, "CSC").text == "before"
    assert _refusals(hub.db)[-1].object_type == "data_key"


def test_a_planted_hub_key_never_receives_a_disclosure(hub):
    attacker = crypto.random_key()
    with hub.db.write() as s:
        pol_lead = s.scalar(select(User).where(User.username == "pol.lead"))
        last = s.scalar(select(func.max(DataKey.version)).where(DataKey.scope == vault.HUB))
        s.add(DataKey(scope=vault.HUB, agency_id=None, version=last + 1, created_by_id=pol_lead.id,
                      public_key=crypto.x25519_public(vault.data_key_keypair(attacker)), signature=b"\1" * 64))
    officer = hub.sign_in("csc.officer")
    panels.write_panel(hub.db, officer, REF, "CSC findings")
    request = disclosures.DisclosureRequest(
        to="hub", basis=LawfulBasis.ART6_1E, consent=ConsentPosition.GIVEN, consent_reason=None,
        handling=HandlingCode.C, justification="Needed for the strategy discussion.", text="shared with the hub")
    with pytest.raises(TrustFailure, match="data key"):
        disclosures.disclose(hub.db, officer, REF, request)
    with hub.db.read() as s:
        assert s.scalar(select(func.count(Disclosure.id))) == 0


def test_an_agency_that_makes_itself_the_hub_is_refused_not_promoted(hub):
    with hub.db.write() as s:
        s.execute(update(Agency).where(Agency.code == "POL").values(kind=AgencyKind.HUB))
    with pytest.raises(TrustFailure, match="POL"):
        hub.sign_in("pol.lead")
    # Signed in before the change: still an agency administrator, not the hub's.
    with hub.db.write() as s:
        s.execute(update(Agency).where(Agency.code == "POL").values(kind=AgencyKind.POLICE))
    lead = hub.sign_in("pol.lead")
    with hub.db.write() as s:
        s.execute(update(Agency).where(Agency.code == "POL").values(kind=AgencyKind.HUB))
    with pytest.raises(NotPermitted, match="belongs to CSC"):
        users.unlock_account(hub.db, lead, "csc.officer")


def test_enrolment_learns_the_roots_only_with_the_right_enrolment_key(hub):
    kit = hub.kits["CSC"]
    roots = enrolment.check_enrolment_key(hub.db, hub.creds("CSC"))
    assert roots == kit.roots
    # The insider rewrites the MAC with a key they chose: without the
    # enrolment key (the workstation secret) it cannot match.
    with hub.db.write() as s:
        s.execute(update(Agency).where(Agency.code == "CSC").values(
            recovery_public_key=vault.RecoveryKey.generate().public,
            root_mac=trust.roots_mac(crypto.random_key(), roots.hub, b"\0" * 64)))
    with pytest.raises(TrustFailure, match="enrolment key"):
        enrolment.check_enrolment_key(hub.db, hub.creds("CSC"))


def test_pinned_roots_survive_the_keyring_round_trip():
    from mash_desktop.security.credentials import WorkstationCredentials

    roots = trust.Roots(b"\1" * 32, b"\2" * 64)
    creds = WorkstationCredentials("CSC", "ws-1", b"\3" * 32, "sqlite:///x.db", roots)
    assert WorkstationCredentials.from_json(creds.to_json()).roots == roots
    legacy = WorkstationCredentials("CSC", "ws-1", b"\3" * 32, "sqlite:///x.db")
    assert WorkstationCredentials.from_json(legacy.to_json()).roots is None


def test_fingerprints_are_short_readable_and_differ_by_key():
    a, b = crypto.KeyPair.generate(), crypto.KeyPair.generate()
    fa, fb = trust.fingerprint_text(a.signing_public), trust.fingerprint_text(b.signing_public)
    assert fa != fb and len(fa.split()) == 8 and all(len(g) == 4 for g in fa.split())
