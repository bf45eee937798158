"""A disclosure returned to the discloser may be withdrawn, with a signed
reason, by the discloser or a supervisor of the disclosing agency."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import DisclosureOutcome
from mash_desktop.domain.errors import Conflict, FieldError, NotFound, NotPermitted
from mash_desktop.services.case import disclosures
from mash_desktop.services.case.sharing import pending_disclosures
from mash_desktop.services.case.signed_state import outcome_message
from mash_desktop.store.models import AuditEvent, Disclosure
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

from .test_disclosure_outcomes import WHY_NOT, _disclose, _view

WHY_OFF = "Superseded by the strategy meeting's minutes, which CSC already holds."


def _returned(hub) -> int:
    made = _disclose(hub)
    disclosures.return_to_discloser(hub.db, hub.sign_in("pol.lead"), made, WHY_NOT)
    return made


@pytest.mark.parametrize("who", ["pol.officer", "pol.lead"])
def test_the_discloser_or_their_supervisor_withdraws_a_returned_disclosure(sup_hub, who):
    made = _returned(sup_hub)
    disclosures.withdraw(sup_hub.db, sup_hub.sign_in(who), made, f" {WHY_OFF}\n")
    mine = _view(sup_hub, "pol.officer", made)
    assert (mine.outcome, mine.outcome_reason) == (DisclosureOutcome.WITHDRAWN, WHY_OFF)
    assert not mine.pending and not mine.shared and not mine.altered and mine.outcome_at is not None
    theirs = _view(sup_hub, "csc.lead", made)
    assert theirs.text is None and theirs.outcome is DisclosureOutcome.WITHDRAWN and theirs.outcome_reason is None
    assert pending_disclosures(sup_hub.db, sup_hub.sign_in("pol.lead")) == []
    with sup_hub.db.read() as s:
        row = s.get(Disclosure, made)
        assert row.recipient_seal is None and row.outcome == "withdrawn"
        event = s.scalars(select(AuditEvent).where(AuditEvent.object_ref == str(made))
                          .order_by(AuditEvent.id.desc())).first()
    assert event.action == "disclosure.withdraw"
    assert WHY_OFF not in f"{event.detail} {event.justification}"
    with pytest.raises(Conflict, match="already withdrawn"):
        disclosures.withdraw(sup_hub.db, sup_hub.sign_in("pol.lead"), made, WHY_OFF)
    with pytest.raises(Conflict):
        disclosures.authorise(sup_hub.db, sup_hub.sign_in("pol.lead"), made)


def test_only_a_returned_disclosure_is_withdrawn(sup_hub):
    waiting, refused = _disclose(sup_hub), _disclose(sup_hub)
    lead = sup_hub.sign_in("pol.lead")
    disclosures.refuse(sup_hub.db, lead, refused, WHY_NOT)
    for made in (waiting, refused):
        with pytest.raises(Conflict, match="not returned"):
            disclosures.withdraw(sup_hub.db, sup_hub.sign_in("pol.officer"), made, WHY_OFF)
    assert _view(sup_hub, "pol.lead", waiting).pending
    assert _view(sup_hub, "pol.lead", refused).outcome is DisclosureOutcome.REFUSED
    with pytest.raises(NotFound):
        disclosures.withdraw(sup_hub.db, lead, 999_999, WHY_OFF)


def test_other_agencies_and_other_roles_may_not_withdraw(sup_hub):
    made = _returned(sup_hub)
    with pytest.raises(NotPermitted, match="disclosing agency"):
        disclosures.withdraw(sup_hub.db, sup_hub.sign_in("csc.lead"), made, WHY_OFF)
    with pytest.raises(NotPermitted, match="disclosing agency"):
        disclosures.withdraw(sup_hub.db, sup_hub.sign_in("csc.decision"), made, WHY_OFF)
    for reason in ("", "  \n", "x" * (disclosures.access.OUTCOME_REASON_LIMIT + 1)):
        with pytest.raises(FieldError):
            disclosures.withdraw(sup_hub.db, sup_hub.sign_in("pol.officer"), made, reason)
    with pytest.raises(FieldError):
        disclosures.decide(sup_hub.db, sup_hub.sign_in("pol.lead"), made, DisclosureOutcome.WITHDRAWN, WHY_OFF)
    assert _view(sup_hub, "pol.officer", made).outcome is DisclosureOutcome.RETURNED


def test_a_withdrawal_signed_by_someone_else_of_another_agency_is_shown_as_altered(sup_hub):
    made = _returned(sup_hub)
    intruder = sup_hub.sign_in("csc.lead")
    with sup_hub.db.write() as s:
        d = s.get(Disclosure, made)
        d.outcome, d.outcome_reason, d.outcome_by_id = "withdrawn", "Gone.", intruder.actor.user_id
        d.outcome_signature = intruder.keychain.keys.signing.sign(outcome_message(d))
    seen = _view(sup_hub, "pol.officer", made)
    assert seen.altered and seen.outcome is None and seen.outcome_reason is None
