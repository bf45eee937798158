"""The decision dialog: outcome, level, rationale, named service, and outstanding research."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import Outcome, Rag, ResearchStatus, Status, ThresholdLevel
from mash_desktop.gui.steps.decision import DecisionDialog
from mash_desktop.services.case import casework
from mash_desktop.services.case.decision import decision_state
from mash_desktop.services.intake.screening import screen
from mash_desktop.store.models import Decision

from ..dialog_helpers import QUIET, REF, open_dialog, press_ok
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def hub(sup_hub):
    """The case under research by POL and CSC; CSC has returned its research."""
    screen(sup_hub.db, sup_hub.sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="Bruising", research=["POL", "CSC"])
    casework.run_step(sup_hub.db, sup_hub.sign_in("csc.officer").actor, REF, casework.set_research_status,
                      ResearchStatus.RETURNED)
    return sup_hub


def _decision(hub) -> Decision | None:
    with hub.db.read() as session:
        return session.scalar(select(Decision))


def test_outstanding_research_needs_the_override_reason(qtbot, hub):
    dialog = open_dialog(qtbot, DecisionDialog, hub, "csc.decision", REF)
    assert dialog.research_warning.isVisible()
    assert dialog.research_warning.text().startswith("Research is still outstanding from POL (POL agency).")
    assert dialog.override.isVisible() and not dialog.service.isVisible()
    assert dialog.hint.text() == "Choose the outcome."
    dialog.outcome.choose(Outcome.EARLY_HELP)
    assert dialog.service.isVisible()  # early help names its service
    dialog.level.choose(ThresholdLevel.EARLY_HELP)
    qtbot.keyClicks(dialog.rationale, "Needs met at level 2")
    assert dialog.hint.text() == "Name the service for 'Early help (step-down)'."
    qtbot.keyClicks(dialog.service, "Family Support Team")
    assert dialog.hint.text() == "Research is outstanding: give the reason to decide without it."
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.override, "Police have not replied; family asked for help now")
    qtbot.keyClicks(dialog.next_steps, "Family support worker to visit")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible() and dialog.changed
    decision = _decision(hub)
    assert (decision.outcome, decision.threshold_level, decision.named_service) == (
        Outcome.EARLY_HELP, 2, "Family Support Team")
    assert decision.research_override_reason == "Police have not replied; family asked for help now"
    assert decision_state(hub.db, REF).status is Status.DECIDED


def test_the_named_service_is_only_asked_for_where_it_is_needed(qtbot, hub):
    dialog = open_dialog(qtbot, DecisionDialog, hub, "csc.decision", REF)
    dialog.outcome.choose(Outcome.REFER_ON)
    qtbot.keyClicks(dialog.service, "Substance Misuse Service")
    dialog.outcome.choose(Outcome.NO_FURTHER_ACTION)
    assert not dialog.service.isVisible()
    assert dialog.decision().named_service == ""  # a hidden field is not recorded


def test_a_refusal_reloads_the_case_and_keeps_the_input(qtbot, hub):
    casework.run_step(hub.db, hub.sign_in("pol.officer").actor, REF, casework.set_research_status,
                      ResearchStatus.NOTHING_KNOWN)
    dialog = open_dialog(qtbot, DecisionDialog, hub, "csc.decision", REF)
    assert not dialog.research_warning.isVisible() and not dialog.override.isVisible()
    dialog.outcome.choose(Outcome.STRATEGY_S47)
    dialog.level.choose(ThresholdLevel.ACUTE)
    qtbot.keyClicks(dialog.rationale, "Risk of significant harm")
    # Meanwhile CSC's officer takes their research up again: it is outstanding once more.
    casework.run_step(hub.db, hub.sign_in("csc.officer").actor, REF, casework.set_research_status,
                      ResearchStatus.IN_PROGRESS)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and not dialog.changed
    assert dialog.message.text().startswith("Research is still outstanding from CSC")
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.override.isVisible())
    assert dialog.rationale.toPlainText() == "Risk of significant harm"
    assert dialog.outcome.value() is Outcome.STRATEGY_S47 and dialog.level.value() == 4
    assert dialog.hint.text() == "Research is outstanding: give the reason to decide without it."
    qtbot.keyClicks(dialog.override, "Strategy discussion today; CSC will bring its records")
    press_ok(qtbot, dialog)
    assert dialog.changed and _decision(hub).research_override_reason.startswith("Strategy discussion")


def test_only_a_decision_maker_decides_and_only_when_the_case_is_ready(qtbot, sup_hub):
    early = open_dialog(qtbot, DecisionDialog, sup_hub, "csc.decision", REF)
    assert early.hint.text() == "This case cannot be decided now (status: New contact)."
    lead = open_dialog(qtbot, DecisionDialog, sup_hub, "csc.lead", REF)
    assert lead.hint.text() == "Recording a decision needs the role of decision maker."
