"""Shared case state, decisions and disclosures carry their author's signature;
what an insider writes by hand is shown as altered, or not shown at all."""

import pytest
from sqlalchemy import insert, select, update

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Outcome, Rag, Role, Status
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.consultations import records as consultations
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.intake import screening
from mash_desktop.services.case import sharing, signed_state
from mash_desktop.services.admin import users
from mash_desktop.services.case.allocation import allocate_case, allocation_state
from mash_desktop.services.case.decision import DecisionInput, record_decision
from mash_desktop.services.demo.hub import DEMO_PASSWORD, demo_credentials
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.services.queue.query import fetch_rows
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.database import Database
from mash_desktop.store.models import Decision, Disclosure, Referral, User
from mash_desktop.store.types import utcnow

from ... import hub_factory
from ...hub_factory import PASSWORD

REF = "MASH-2026-000001"
SECRET = "Intelligence: partner has a 2019 conviction (grade B2P)."
WHY = "Checking the case record"


@pytest.fixture
def hub(db):
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    lead = hub.sign_in("csc.lead")
    users.add_account(db, lead, "csc.dm", "CSC Decider", [Role.DECISION_MAKER], PASSWORD)
    users.confirm_member(db, lead, "csc.dm")
    screening.screen(db, lead, REF, rag=Rag.AMBER, reason="Known history", research=["POL"])
    return hub


def _insider(db, statement) -> None:
    with db.write() as s:
        s.execute(statement)


def _user_id(db, username) -> int:
    with db.read() as s:
        return s.scalar(select(User.id).where(User.username == username))


def _queue_row(hub, signed):
    with hub.db.read() as s:
        rid = s.scalar(select(Referral.id).where(Referral.reference == REF))
    return fetch_rows(hub.db, [rid], signed.trust)[rid]


def test_every_step_through_the_hub_verifies(hub):
    lead = hub.sign_in("csc.lead")
    allocate_case(hub.db, lead, REF, "csc.officer", allocation_state(hub.db, REF).version)
    record_decision(hub.db, hub.sign_in("csc.dm"), REF, DecisionInput(
        Outcome.CHILD_IN_NEED_S17, 3, "Needs assessment", override_reason="Police research not needed"))
    space = open_case(hub.db, lead, REF, WORKSPACE, WHY)
    assert space.status is Status.DECIDED
    assert space.state_verified and space.decisions[-1].verified
    assert _queue_row(hub, hub.sign_in("pol.officer")).state_verified is True
    with hub.db.read() as s:
        referral = s.scalar(select(Referral).where(Referral.reference == REF))
        assert referral.state_signed_by_id == _user_id(hub.db, "csc.dm")


@pytest.mark.parametrize("change", [
    {"rag": Rag.RED},
    {"status": Status.CLOSED, "closed_at": utcnow()},
    {"allocated_to_id": None, "decision_due_at": utcnow()},
])
def test_a_case_changed_by_hand_is_marked_in_workspace_and_queue(hub, change):
    lead = hub.sign_in("csc.lead")
    assert open_case(hub.db, lead, REF, WORKSPACE, WHY).state_verified
    _insider(hub.db, update(Referral).where(Referral.reference == REF).values(**change))
    assert not open_case(hub.db, lead, REF, WORKSPACE, WHY).state_verified
    assert _queue_row(hub, lead).state_verified is False


def test_an_earlier_signed_state_put_back_does_not_hold(hub):
    lead = hub.sign_in("csc.lead")
    with hub.db.read() as s:
        referral = s.scalar(select(Referral).where(Referral.reference == REF))
        earlier = {"rag": referral.rag, "decision_due_at": referral.decision_due_at,
                   "state_signature": referral.state_signature, "state_signed_by_id": referral.state_signed_by_id}
    screening.screen(hub.db, lead, REF, rag=Rag.RED, reason="New information")
    assert open_case(hub.db, lead, REF, WORKSPACE, WHY).state_verified
    _insider(hub.db, update(Referral).where(Referral.reference == REF).values(**earlier))
    assert not open_case(hub.db, lead, REF, WORKSPACE, WHY).state_verified
    assert _queue_row(hub, lead).state_verified is False


def test_a_decision_inserted_in_another_users_name_is_marked(hub):
    with hub.db.read() as s:
        rid = s.scalar(select(Referral.id).where(Referral.reference == REF))
    _insider(hub.db, insert(Decision).values(
        referral_id=rid, outcome=Outcome.NO_FURTHER_ACTION, threshold_level=1, rationale="Nothing to see",
        decided_by_id=_user_id(hub.db, "csc.dm"), decided_at=utcnow()))
    space = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY)
    assert [d.verified for d in space.decisions] == [False]
    assert any("altered outside the hub" in e.what for e in space.chronology if e.what.startswith("Decision"))


def _no_consent_disclosure(hub):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, pol, REF, SECRET)
    made = disclosures.disclose(hub.db, pol, REF, DisclosureRequest(
        "hub", LawfulBasis.DPA_PART3_S35_SCH8_4, ConsentPosition.REFUSED, "Mother refused", HandlingCode.C,
        "Risk outweighs refusal", SECRET))
    return pol, made


def _as_recipient(hub, username, disclosure_id):
    signed = hub.sign_in(username)
    with hub.db.write() as s:
        referral = disclosures.referral_by_reference(s, REF)
        return next(v for v in disclosures.disclosures_for(s, signed, referral) if v.id == disclosure_id)


def _self_authorise(hub, pol, disclosure_id, authoriser: str, signature: bytes | None = None) -> None:
    """What the officer can do with their own agency's rows and public keys alone."""
    with hub.db.write() as s:
        d = s.get(Disclosure, disclosure_id)
        referral = s.get(Referral, d.referral_id)
        content_key = disclosures._content_key(s, pol, d, referral, as_sender=True)
        disclosures._seal_for_recipient(s, pol.trust, d, referral, s.get(User, pol.actor.user_id).agency, None,
                                        content_key)
        d.authorised_by_id, d.authorised_at = _user_id(hub.db, authoriser), utcnow()
        d.authorisation_signature = signature


def test_an_officer_cannot_authorise_their_own_disclosure_by_hand(hub):
    pol, made = _no_consent_disclosure(hub)
    _self_authorise(hub, pol, made, "pol.lead")
    seen = _as_recipient(hub, "csc.officer", made)
    assert seen.text is None and seen.pending and seen.altered and seen.authorised_by is None
    space = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY)
    assert [p.id for p in space.pending] == [made]
    assert not space.shared


def test_an_authorisation_signed_by_the_officer_or_copied_does_not_open_it(hub):
    pol, made = _no_consent_disclosure(hub)
    with hub.db.write() as s:
        d = s.get(Disclosure, made)
        d.authorised_by_id, d.authorised_at = _user_id(hub.db, "pol.lead"), utcnow()
        own_signature = pol.keychain.keys.signing.sign(signed_state.authorisation_message(d))
    _self_authorise(hub, pol, made, "pol.lead", own_signature)
    assert _as_recipient(hub, "csc.officer", made).text is None
    # A real authorisation of another disclosure, copied over, names other bytes.
    _, other = _no_consent_disclosure(hub)
    disclosures.authorise(hub.db, hub.sign_in("pol.lead"), other)
    assert _as_recipient(hub, "csc.officer", other).text == SECRET
    with hub.db.read() as s:
        real = s.get(Disclosure, other)
        copied = {"authorised_by_id": real.authorised_by_id, "authorised_at": real.authorised_at,
                  "authorisation_signature": real.authorisation_signature}
    _insider(hub.db, update(Disclosure).where(Disclosure.id == made).values(**copied))
    assert _as_recipient(hub, "csc.officer", made).text is None


def test_a_supervisors_authorisation_opens_it(hub):
    _, made = _no_consent_disclosure(hub)
    assert _as_recipient(hub, "csc.officer", made).text is None
    disclosures.authorise(hub.db, hub.sign_in("pol.lead"), made)
    seen = _as_recipient(hub, "csc.officer", made)
    assert seen.text == SECRET and not seen.pending and not seen.altered and seen.authorised_by == "POL Lead"


def test_a_disclosure_rewritten_by_hand_is_not_read_as_fact(hub):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, pol, REF, SECRET)
    made = disclosures.disclose(hub.db, pol, REF, DisclosureRequest(
        "CSC", LawfulBasis.ART6_1E, ConsentPosition.GIVEN, None, HandlingCode.P, "Needed for s47", SECRET))
    assert _as_recipient(hub, "csc.officer", made).text == SECRET
    _insider(hub.db, update(Disclosure).where(Disclosure.id == made).values(justification="Something else"))
    seen = _as_recipient(hub, "csc.officer", made)
    assert seen.altered and seen.text is None


def test_a_supervisor_can_still_authorise_one_authorised_by_hand(hub):
    pol, made = _no_consent_disclosure(hub)
    _self_authorise(hub, pol, made, "pol.lead")
    lead = hub.sign_in("pol.lead")
    # It stays on the supervisors' list of disclosures awaiting authorisation.
    assert [p.view.id for p in sharing.pending_disclosures(hub.db, lead)] == [made]
    disclosures.authorise(hub.db, lead, made)
    assert _as_recipient(hub, "csc.officer", made).text == SECRET
    with pytest.raises(disclosures.Conflict, match="no authorisation now"):
        disclosures.authorise(hub.db, lead, made)
    assert sharing.pending_disclosures(hub.db, lead) == []


def test_every_case_decision_and_disclosure_of_the_demo_hub_verifies(demo_db_url):
    """The demo goes through every service that changes a case: each signs."""
    db = Database(demo_db_url)
    try:
        signed = sign_in(db, demo_credentials("CSC", "demo"), "csc.supervisor", DEMO_PASSWORD)
        with db.read() as s:
            referrals = list(s.scalars(select(Referral)))
            ids = [r.id for r in referrals]
            references = {r.id: r.reference for r in referrals}
            decisions = [signed_state.decision_verified(s, signed.trust, d, references[d.referral_id])
                         for d in s.scalars(select(Decision))]
            made = [signed_state.disclosure_verified(s, signed.trust, d, references[d.referral_id])
                    for d in s.scalars(select(Disclosure))]
        rows = fetch_rows(db, ids, signed.trust)
        assert len(rows) == len(ids) > 0 and all(r.state_verified for r in rows.values())
        assert decisions and all(decisions)
        assert all(made)
    finally:
        db.dispose()


def test_a_contact_made_from_a_consultation_is_signed(hub):
    officer = hub.sign_in("csc.officer")
    call = {"received_at": None, "caller": {"name": "Harriet Okonjo", "role": "DSL", "organisation": "School",
                                            "agency": None, "phone": "0115 496 0732", "email": None},
            "question": "Is this a referral?", "advice": "Yes, make one."}
    cid = consultations.record_consultation(hub.db, officer.actor, call)
    payload = hub_factory.EXAMPLE | {"referrer": hub_factory.EXAMPLE["referrer"] | {"agency": None}}
    reference = consultations.convert_to_contact(hub.db, officer.actor, cid, payload)
    case = open_case(hub.db, officer, reference, WORKSPACE, WHY)
    assert case.state_verified
