"""A supervisor may refuse a disclosure waiting for authorisation, or return
it to the discloser, with a signed reason the disclosing agency sees."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from mash_desktop.domain.codes import ConsentPosition, DisclosureOutcome, HandlingCode, LawfulBasis, Role
from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.services.admin import users
from mash_desktop.services.case.sharing import pending_disclosures, sharing_state
from mash_desktop.services.case.signed_state import outcome_message
from mash_desktop.store.models import AuditEvent, Disclosure, User
from mash_desktop.store.types import utcnow
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

FINDINGS = "Two domestic callouts at the address in May; no charges."
WHY_NOT = "The partner's history is already known to CSC; this adds nothing proportionate."


def _disclose(hub, by: str = "pol.officer", to: str = "CSC") -> int:
    signed = hub.sign_in(by)
    panels.write_panel(hub.db, signed, REF, FINDINGS)
    return disclosures.disclose(hub.db, signed, REF, DisclosureRequest(
        to=to, basis=LawfulBasis.DPA_PART3_S35_SCH8_4, consent=ConsentPosition.REFUSED,
        consent_reason="Asking would alert the partner.", handling=HandlingCode.C,
        justification="Needed to assess risk.", text=FINDINGS))


def _view(hub, username: str, disclosure_id: int):
    signed = hub.sign_in(username)
    with hub.db.write() as s:
        referral = disclosures.referral_by_reference(s, REF)
        return next((v for v in disclosures.disclosures_for(s, signed, referral) if v.id == disclosure_id), None)


def _user_id(hub, username: str) -> int:
    with hub.db.read() as s:
        return s.scalar(select(User.id).where(User.username == username))


@pytest.mark.parametrize("outcome", [DisclosureOutcome.REFUSED, DisclosureOutcome.RETURNED])
def test_a_supervisor_decides_with_a_reason_the_discloser_sees(sup_hub, outcome):
    made = _disclose(sup_hub)
    lead = sup_hub.sign_in("pol.lead")
    disclosures.decide(sup_hub.db, lead, made, outcome, f"  {WHY_NOT}\n")
    assert pending_disclosures(sup_hub.db, lead) == []
    mine = _view(sup_hub, "pol.officer", made)
    assert (mine.outcome, mine.outcome_reason, mine.outcome_by) == (outcome, WHY_NOT, "POL Lead")
    assert mine.outcome_at is not None and not mine.pending and not mine.altered and not mine.shared
    theirs = _view(sup_hub, "csc.lead", made)
    assert theirs.text is None and theirs.outcome is outcome and theirs.outcome_reason is None
    with sup_hub.db.read() as s:
        row = s.get(Disclosure, made)
        assert row.recipient_seal is None and row.authorised_by_id is None
        event = s.scalars(select(AuditEvent).where(AuditEvent.object_ref == str(made))
                          .order_by(AuditEvent.id.desc())).first()
    assert event.action == f"disclosure.{'refuse' if outcome is DisclosureOutcome.REFUSED else 'return'}"
    assert WHY_NOT not in (event.detail or "") and WHY_NOT not in (event.justification or "")
    # Final: neither authorised nor decided again.
    with pytest.raises(Conflict):
        disclosures.authorise(sup_hub.db, lead, made)
    with pytest.raises(Conflict):
        disclosures.refuse(sup_hub.db, lead, made, WHY_NOT)


def test_the_discloser_and_other_agencies_may_not_decide(sup_hub):
    own = _disclose(sup_hub, by="pol.lead")
    with pytest.raises(NotPermitted, match="other than the person"):
        disclosures.refuse(sup_hub.db, sup_hub.sign_in("pol.lead"), own, WHY_NOT)
    with pytest.raises(NotPermitted):
        disclosures.return_to_discloser(sup_hub.db, sup_hub.sign_in("pol.officer"), own, WHY_NOT)
    with pytest.raises(NotPermitted, match="disclosing agency"):
        disclosures.refuse(sup_hub.db, sup_hub.sign_in("csc.lead"), own, WHY_NOT)
    assert _view(sup_hub, "pol.lead", own).pending


def test_a_reason_is_required_and_bounded(sup_hub):
    made = _disclose(sup_hub)
    lead = sup_hub.sign_in("pol.lead")
    for reason in ("", "   \n", "x" * (disclosures.access.OUTCOME_REASON_LIMIT + 1)):
        with pytest.raises(FieldError):
            disclosures.refuse(sup_hub.db, lead, made, reason)
    assert _view(sup_hub, "pol.lead", made).pending
    disclosures.refuse(sup_hub.db, lead, made, "x" * disclosures.access.OUTCOME_REASON_LIMIT)


def test_an_outcome_written_by_hand_is_shown_as_altered_and_the_disclosure_still_waits(sup_hub):
    made = _disclose(sup_hub)
    officer = sup_hub.sign_in("pol.officer")
    with sup_hub.db.write() as s:  # what the officer's agency role can write, signed with the officer's own key
        d = s.get(Disclosure, made)
        d.outcome, d.outcome_reason = "refused", "No."
        d.outcome_by_id, d.outcome_at = _user_id(sup_hub, "pol.lead"), utcnow()
        d.outcome_signature = officer.keychain.keys.signing.sign(outcome_message(d))
    seen = _view(sup_hub, "pol.officer", made)
    assert seen.altered and seen.pending and seen.outcome is None and seen.outcome_reason is None
    lead = sup_hub.sign_in("pol.lead")
    assert [p.view.id for p in pending_disclosures(sup_hub.db, lead)] == [made]
    disclosures.authorise(sup_hub.db, lead, made)  # a real decision replaces it
    seen = _view(sup_hub, "csc.lead", made)
    assert seen.text == FINDINGS and not seen.altered and seen.outcome is None


def test_a_refusal_cannot_be_turned_into_an_authorisation_or_back(sup_hub):
    refused, authorised = _disclose(sup_hub), _disclose(sup_hub)
    lead = sup_hub.sign_in("pol.lead")
    disclosures.refuse(sup_hub.db, lead, refused, WHY_NOT)
    disclosures.authorise(sup_hub.db, lead, authorised)
    with sup_hub.db.read() as s:
        a = s.get(Disclosure, authorised)
        copied = {c: getattr(a, c) for c in ("authorised_by_id", "authorised_at", "authorisation_signature",
                                             "recipient_key_id", "recipient_seal")}
        r = s.get(Disclosure, refused)
        outcome = {c: getattr(r, c) for c in ("outcome", "outcome_reason", "outcome_by_id", "outcome_at",
                                              "outcome_signature")}
    with sup_hub.db.write() as s:
        s.execute(update(Disclosure).where(Disclosure.id == refused).values(
            outcome=None, outcome_reason=None, outcome_by_id=None, outcome_at=None, outcome_signature=None, **copied))
        s.execute(update(Disclosure).where(Disclosure.id == authorised).values(**outcome))
    now_refused = _view(sup_hub, "csc.lead", refused)
    assert now_refused.text is None and now_refused.authorised_by is None and now_refused.altered
    # The copied outcome names another disclosure: it does not verify, and the real authorisation stands.
    now_authorised = _view(sup_hub, "pol.officer", authorised)
    assert now_authorised.outcome is None and now_authorised.authorised_by == "POL Lead"


def test_an_appointed_deputy_decides_and_is_named_to_the_discloser(sup_hub):
    admin = sup_hub.sign_in("pol.lead")  # the agency's lead administers its staff
    with pytest.raises(FieldError, match="casework role"):
        users.change_roles(sup_hub.db, admin, "pol.officer", [Role.DEPUTY_AUTHORISER])
    assert sharing_state(sup_hub.db, admin, REF).authorisers == ()  # nobody but the lead may authorise
    users.change_roles(sup_hub.db, admin, "pol.officer", [Role.OFFICER, Role.DEPUTY_AUTHORISER])
    assert sharing_state(sup_hub.db, admin, REF).authorisers == ("POL Officer",)
    assert sharing_state(sup_hub.db, sup_hub.sign_in("pol.officer"), REF).authorisers == ("POL Lead",)
    made = _disclose(sup_hub, by="pol.lead")
    deputy = sup_hub.sign_in("pol.officer")
    assert [p.view.id for p in pending_disclosures(sup_hub.db, deputy)] == [made]
    disclosures.return_to_discloser(sup_hub.db, deputy, made, WHY_NOT)
    seen = _view(sup_hub, "pol.lead", made)
    assert (seen.outcome, seen.outcome_by, seen.altered) == (DisclosureOutcome.RETURNED, "POL Officer", False)
