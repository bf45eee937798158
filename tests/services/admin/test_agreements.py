"""The agreements register and its rule: no current agreement, no new user and no disclosure."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select, update

from mash_desktop.domain.agreements import AgreementTerms, Standing
from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Role
from mash_desktop.domain.errors import FieldError, NotPermitted
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import agreements, users
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.store.agreement_models import SharingAgreement
from mash_desktop.store.models import Agency, AuditEvent, Disclosure, User
from tests import hub_factory
from tests.hub_factory import PASSWORD

REF = "MASH-2026-000001"  # the referral of tests/hub_factory.py


@pytest.fixture
def hub(db):
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    users.add_account(db, hub.sign_in("hub.admin"), "hub.ig", "Ines Governance", [Role.IG_OFFICER], PASSWORD,
                      ASVS_MINIMUM)
    return hub


def _terms(reference: str = "ISA-CSC-2", days: int = 400) -> AgreementTerms:
    today = agreements.hub_today()
    return AgreementTerms(today - dt.timedelta(days=3), today + dt.timedelta(days=days),
                          "Children's safeguarding information", reference)


def _forget(db, code: str) -> None:
    """As on a hub upgraded from before the register: no agreement recorded for ``code``."""
    with db.write() as s:
        agency_id = s.scalar(select(Agency.id).where(Agency.code == code))
        s.execute(delete(SharingAgreement).where(SharingAgreement.agency_id == agency_id))


def _by_code(found) -> dict:
    return {p.code: p for p in found}


def test_a_partner_joins_with_its_agreement_and_a_review_is_a_new_version(hub):
    ig = hub.sign_in("hub.ig")
    csc = _by_code(agreements.register(hub.db, ig))["CSC"]
    assert (csc.standing, csc.words, csc.latest.version, csc.latest.reference) == (
        Standing.CURRENT, "Current", 1, "ISA-CSC-1")
    assert csc.latest.recorded_by == "Hub Admin" and csc.latest.verified
    assert agreements.record_agreement(hub.db, ig, "csc", _terms()) == 2
    partner, versions = agreements.history(hub.db, ig, "CSC")
    assert partner.latest.reference == "ISA-CSC-2" and partner.latest.recorded_by == "Ines Governance"
    assert [(v.version, v.reference, v.verified) for v in versions] == [(2, "ISA-CSC-2", True), (1, "ISA-CSC-1", True)]
    with hub.db.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "agreement.record")).all()
        assert [e.object_ref for e in events] == ["CSC", "POL", "CSC"]
        assert all("Children" not in (e.detail or "") for e in events)  # codes and dates only


def test_review_soon_and_past_review_in_words(hub):
    ig = hub.sign_in("hub.ig")
    due = _by_code(agreements.register(hub.db, ig))["POL"].latest.review_due
    soon = _by_code(agreements.register(hub.db, ig, today=due - dt.timedelta(days=12)))["POL"]
    assert (soon.standing, soon.words, soon.in_force) == (Standing.REVIEW_SOON, "Review due in 12 days", True)
    past = _by_code(agreements.notices(hub.db, ig, today=due + dt.timedelta(days=1)))["POL"]
    assert (past.standing, past.words, past.in_force) == (Standing.PAST_REVIEW, "Past review", False)
    assert agreements.notices(hub.db, ig) == []


def test_without_a_current_agreement_a_partner_is_given_no_new_users(hub, monkeypatch):
    lead, ig = hub.sign_in("csc.lead"), hub.sign_in("hub.ig")
    _forget(hub.db, "CSC")
    assert _by_code(agreements.notices(hub.db, ig))["CSC"].words == "None"
    with pytest.raises(NotPermitted, match=r"^CSC cannot be given new users: no information-sharing agreement "
                                           r"is recorded\."):
        users.add_account(hub.db, lead, "csc.extra", "Extra", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)
    assert "csc.extra" not in {u.username for u in users.list_users(hub.db)}
    agreements.record_agreement(hub.db, ig, "CSC", _terms())
    users.add_account(hub.db, lead, "csc.extra", "Extra", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)
    # Past its review date, it is no longer current.
    due = agreements.history(hub.db, ig, "CSC")[0].latest.review_due
    monkeypatch.setattr(agreements, "hub_today", lambda: due + dt.timedelta(days=1))
    with pytest.raises(NotPermitted, match="CSC cannot be given new users: its information-sharing agreement is "
                                           "past its review date"):
        users.add_account(hub.db, lead, "csc.more", "More", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)
    # The hub's own agency needs none.
    users.add_account(hub.db, hub.sign_in("hub.admin"), "hub.auditor", "Aud", [Role.AUDITOR], PASSWORD,
                      ASVS_MINIMUM)


def test_an_altered_agreement_never_counts(hub):
    lead, ig = hub.sign_in("csc.lead"), hub.sign_in("hub.ig")
    far = agreements.hub_today() + dt.timedelta(days=1500)
    with hub.db.write() as s:  # a hand-made change: a later review date
        s.execute(update(SharingAgreement).where(SharingAgreement.document_reference == "ISA-CSC-1")
                  .values(review_due=far))
    csc = _by_code(agreements.register(hub.db, ig))["CSC"]
    assert (csc.standing, csc.words, csc.latest.verified) == (Standing.ALTERED, "Altered", False)
    with pytest.raises(NotPermitted, match="CSC cannot be given new users: its information-sharing agreement "
                                           "record was altered outside the hub"):
        users.add_account(hub.db, lead, "csc.extra", "Extra", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)
    # A row in the name of a partner's member does not verify either, whatever it says.
    with hub.db.write() as s:
        row = s.scalar(select(SharingAgreement).where(SharingAgreement.document_reference == "ISA-CSC-1"))
        partner_lead = s.scalar(select(User.id).where(User.username == "csc.lead"))
        s.add(SharingAgreement(agency_id=row.agency_id, version=2, signed_on=row.signed_on, review_due=far,
                               scope="x", document_reference="FORGED", recorded_by_id=partner_lead,
                               signature=b"\0" * 64))
    assert _by_code(agreements.register(hub.db, ig))["CSC"].standing == Standing.ALTERED
    # A review recorded by the officer is current again.
    agreements.record_agreement(hub.db, ig, "CSC", _terms())
    users.add_account(hub.db, lead, "csc.extra", "Extra", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)


def test_only_the_information_governance_officer_records_and_never_for_the_hub(hub):
    ig = hub.sign_in("hub.ig")
    for who in ("csc.lead", "hub.admin", "pol.officer"):
        with pytest.raises(NotPermitted):
            agreements.record_agreement(hub.db, hub.sign_in(who), "CSC", _terms())
    with pytest.raises(NotPermitted, match="needs no information-sharing agreement"):
        agreements.record_agreement(hub.db, ig, "HUB", _terms())
    with pytest.raises(FieldError, match="^review due: "):
        agreements.record_agreement(hub.db, ig, "CSC", _terms(days=-1))
    with pytest.raises(NotPermitted):
        agreements.register(hub.db, hub.sign_in("pol.officer"))
    assert agreements.history(hub.db, ig, "CSC")[1][0].version == 1


def _disclose(hub, officer, to: str = "hub", consent: ConsentPosition = ConsentPosition.GIVEN) -> int:
    request = DisclosureRequest(to=to, basis=LawfulBasis.ART6_1E, consent=consent,
                                consent_reason=None if consent is ConsentPosition.GIVEN else "Telling the family "
                                "would put the child at risk.", handling=HandlingCode.C,
                                justification="Needed to assess the risk to the child.",
                                text="Known to children's social care in 2019.")
    return disclosures.disclose(hub.db, officer, REF, request)


def test_without_a_current_agreement_a_partner_makes_no_disclosures(hub):
    officer = hub.sign_in("csc.officer")
    panels.write_panel(hub.db, officer, REF, "Known to children's social care in 2019.")
    _forget(hub.db, "CSC")
    with pytest.raises(NotPermitted, match=r"^CSC cannot make disclosures: no information-sharing agreement is "
                                           r"recorded\. Ask the hub's information governance officer"):
        _disclose(hub, officer)
    with hub.db.read() as s:
        assert s.scalar(select(func.count(Disclosure.id))) == 0
    agreements.record_agreement(hub.db, hub.sign_in("hub.ig"), "CSC", _terms())
    assert _disclose(hub, officer) > 0


def test_a_partner_without_a_current_agreement_receives_no_disclosures(hub):
    officer = hub.sign_in("csc.officer")
    panels.write_panel(hub.db, officer, REF, "Known to children's social care in 2019.")
    _forget(hub.db, "POL")
    with pytest.raises(NotPermitted, match=r"^POL cannot receive disclosures: no information-sharing agreement is "
                                           r"recorded\. Ask the hub's information governance officer"):
        _disclose(hub, officer, to="POL")
    with hub.db.read() as s:
        assert s.scalar(select(func.count(Disclosure.id))) == 0
    agreements.record_agreement(hub.db, hub.sign_in("hub.ig"), "POL", _terms("ISA-POL-2"))
    waiting = _disclose(hub, officer, to="POL", consent=ConsentPosition.NOT_SOUGHT)  # waits for authorisation
    _forget(hub.db, "POL")  # ... and the agreement lapses meanwhile
    lead = hub.sign_in("csc.lead")
    with pytest.raises(NotPermitted, match=r"^POL cannot receive disclosures"):
        disclosures.authorise(hub.db, lead, waiting)
    with hub.db.read() as s:
        assert s.get(Disclosure, waiting).recipient_seal is None  # nothing was sealed to POL
    agreements.record_agreement(hub.db, hub.sign_in("hub.ig"), "POL", _terms("ISA-POL-3"))
    disclosures.authorise(hub.db, lead, waiting)
    with hub.db.read() as s:
        assert s.get(Disclosure, waiting).recipient_seal is not None
