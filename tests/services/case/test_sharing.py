"""What the disclosure and authorisation dialogs are given to show."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.services.case.sharing import pending_disclosures, sharing_state
from mash_desktop.store.models import AuditEvent
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

FINDINGS = "Two domestic callouts at the address in May; no charges."


def _disclose(hub, consent: ConsentPosition, to: str = "hub") -> int:
    reason = None if consent is ConsentPosition.GIVEN else "Asking would alert the partner."
    request = DisclosureRequest(to=to, basis=LawfulBasis.DPA_PART3_S35_SCH8_4, consent=consent,
                                consent_reason=reason, handling=HandlingCode.C,
                                justification="Needed to assess risk.", text=FINDINGS)
    return disclosures.disclose(hub.db, hub.sign_in("pol.officer"), REF, request)


def test_the_discloser_sees_their_own_panel_and_the_other_agencies(sup_hub):
    officer = sup_hub.sign_in("pol.officer")
    assert sharing_state(sup_hub.db, officer, REF).panel.state == "empty"
    panels.write_panel(sup_hub.db, officer, REF, FINDINGS)
    state = sharing_state(sup_hub.db, officer, REF.lower())
    assert (state.reference, state.panel.text) == (REF, FINDINGS)
    assert [a.code for a in state.recipients] == ["CSC"]  # not POL itself, not the hub's management


def test_pending_disclosures_wait_for_a_supervisor_of_the_disclosing_agency(sup_hub):
    panels.write_panel(sup_hub.db, sup_hub.sign_in("pol.officer"), REF, FINDINGS)
    _disclose(sup_hub, ConsentPosition.GIVEN)
    waiting = _disclose(sup_hub, ConsentPosition.REFUSED, to="CSC")
    lead = sup_hub.sign_in("pol.lead")
    [pending] = pending_disclosures(sup_hub.db, lead)
    assert (pending.reference, pending.view.id, pending.view.to, pending.mine) == (REF, waiting, "CSC", False)
    assert pending.view.text == FINDINGS and pending.view.consent_reason == "Asking would alert the partner."
    assert [p.view.id for p in pending_disclosures(sup_hub.db, lead, REF.lower())] == [waiting]
    assert pending_disclosures(sup_hub.db, sup_hub.sign_in("csc.lead")) == []  # not CSC's to authorise
    with pytest.raises(NotPermitted):
        pending_disclosures(sup_hub.db, sup_hub.sign_in("pol.officer"))
    with sup_hub.db.read() as session:
        reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "disclosure.read",
                                                         AuditEvent.actor_name == "pol.lead")).all()
    assert len(reads) == 2 and FINDINGS not in (reads[0].detail or "")
    disclosures.authorise(sup_hub.db, lead, waiting)
    assert pending_disclosures(sup_hub.db, lead) == []
