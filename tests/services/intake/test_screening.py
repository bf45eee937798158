"""Screening (rating and research together) and the decision, as the dialogs call them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import Outcome, Rag, ResearchStatus, Status
from mash_desktop.domain.errors import Conflict, FieldError, NotFound, NotPermitted
from mash_desktop.services.case import casework
from mash_desktop.services.case.decision import DecisionInput, decision_state, record_decision
from mash_desktop.services.intake.screening import AgencyChoice, screen, screening_state
from mash_desktop.store.models import Decision
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)


def test_a_new_contact_is_rated_and_researched_in_one_go(sup_hub):
    before = screening_state(sup_hub.db, REF)
    assert (before.status, before.rag, before.asked) == (Status.NEW, None, frozenset())
    assert [a.code for a in before.agencies] == ["CSC", "POL"]  # the hub's management is no researcher
    done = screen(sup_hub.db, sup_hub.sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="Bruising seen",
                  research=["pol", " POL "])
    assert (done.rag, done.asked) == (Rag.AMBER, ("POL",))
    after = screening_state(sup_hub.db, REF)
    assert (after.status, after.rag, after.asked) == (Status.RESEARCHING, Rag.AMBER, frozenset({"POL"}))
    # More research later, without re-rating.
    assert screen(sup_hub.db, sup_hub.sign_in("csc.lead"), REF, rag=None, research=["CSC", "POL"]).asked == ("CSC",)


def test_a_refused_research_request_leaves_the_rating_alone(sup_hub):
    lead = sup_hub.sign_in("csc.lead")
    with pytest.raises(NotFound):
        screen(sup_hub.db, lead, REF, rag=Rag.RED, reason="Disclosure by child", research=["XYZ"])
    with pytest.raises(Conflict, match="Rate the case"):
        screen(sup_hub.db, lead, REF, rag=None, research=["POL"])
    with pytest.raises(FieldError, match="choose a rating"):
        screen(sup_hub.db, lead, REF, rag=None, research=[" "])
    with pytest.raises(FieldError, match="reason"):
        screen(sup_hub.db, lead, REF, rag=Rag.RED, reason=" ")
    with pytest.raises(NotPermitted):
        screen(sup_hub.db, sup_hub.sign_in("csc.officer"), REF, rag=Rag.RED, reason="I think so")
    state = screening_state(sup_hub.db, REF)
    assert (state.status, state.rag, state.asked) == (Status.NEW, None, frozenset())


def test_deciding_while_research_is_outstanding_needs_a_reason(sup_hub):
    lead = sup_hub.sign_in("csc.lead")
    screen(sup_hub.db, lead, REF, rag=Rag.AMBER, reason="Bruising", research=["POL", "CSC"])
    casework.run_step(sup_hub.db, sup_hub.sign_in("csc.officer").actor, REF, casework.set_research_status,
                      ResearchStatus.RETURNED)
    state = decision_state(sup_hub.db, REF)
    assert state.status is Status.RESEARCHING
    assert state.outstanding == (AgencyChoice("POL", "POL agency"),)
    decider = sup_hub.sign_in("csc.decision")
    given = DecisionInput(Outcome.EARLY_HELP, 2, "Needs met at level 2", "Family support worker",
                          "Family Support Team")
    with pytest.raises(Conflict, match="outstanding from POL"):
        record_decision(sup_hub.db, decider, REF, given)
    record_decision(sup_hub.db, decider, REF, DecisionInput(**vars(given) | {"override_reason": "Risk cannot wait"}))
    assert decision_state(sup_hub.db, REF).status is Status.DECIDED
    with sup_hub.db.read() as session:
        decision = session.scalar(select(Decision))
    assert (decision.named_service, decision.research_override_reason) == ("Family Support Team",
                                                                            "Risk cannot wait")
