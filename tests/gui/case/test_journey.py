"""One case through the real windows: intake, duplicate warning, triage, research by two
agencies, their panels, two disclosures, the decision and closing; the case window of
CSC's officer never shows POL's panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mash_desktop.domain.codes import (ConsentPosition, HandlingCode, LawfulBasis, Outcome, Rag, ResearchStatus,
                                       Status, StatutoryGateway, ThresholdLevel)
from mash_desktop.gui.common import background
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.steps.authorise import AuthoriseDialog
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.steps.decision import DecisionDialog
from mash_desktop.gui.steps.disclosure import CONFIRM, DisclosureDialog
from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.gui.case.panel_editor import RESEARCH_CHOICES
from mash_desktop.gui.steps.screening import ScreeningDialog
from mash_desktop.services.case import casework, drafts, panels
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.case.decision import decision_state
from mash_desktop.services.intake.screening import screening_state
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

from ..dialog_helpers import click, open_dialog, press_ok, select_text
from ..intake_helpers import fill_referrer, fill_subject, fill_the_rest, ready
from ..widget_text import all_text

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

NEW_REF = "MASH-2026-000002"
CSC_PANEL = "CSC-JOURNEY-PANEL: known to early help in 2024; case closed after six months."
SHARED_WITH_CONSENT = "POL-SHARED-CONSENT: two domestic callouts at 14 Larch Close in May."
SHARED_AUTHORISED = "POL-SHARED-AUTHORISED: the partner was arrested for assault in 2023."
POL_SECRET = "POL-SECRET-INTEL: graded B2 intelligence about a visitor, not for sharing."
POL_PANEL = f"{SHARED_WITH_CONSENT}\n{SHARED_AUTHORISED}\n{POL_SECRET}"
RETURNED = next(i for i, (_, status) in enumerate(RESEARCH_CHOICES) if status is ResearchStatus.RETURNED)


@pytest.fixture
def hub(sup_hub, qtbot, tmp_path, monkeypatch, settled):
    """CSC and POL with their officers and supervisors; drafts kept in this test's folder."""
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    yield sup_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def _opened(qtbot, hub, username: str, reference: str = NEW_REF) -> CaseWindow:
    window = case_open.open_case(None, hub.db, hub.sign_in(username), reference)
    assert window is not None
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    return window


def _reloaded(qtbot, window: CaseWindow) -> CaseWindow:
    window.reload()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    return window


def _write_panel(qtbot, window: CaseWindow, text: str) -> None:
    window.show_section(4)
    editor = window.panels
    assert window.tabs.currentWidget() is editor
    assert not editor.editor.isReadOnly() and editor.research.isVisibleTo(editor)
    editor.editor.setPlainText(text)
    editor.research.setCurrentIndex(RETURNED)
    assert editor.is_dirty()
    with qtbot.waitSignal(editor.saved, timeout=15_000):
        window.save_action.trigger()
    assert not editor.is_dirty()


def _disclose(qtbot, hub, text: str, consent: ConsentPosition, reason: str = "") -> DisclosureDialog:
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", NEW_REF)
    form = dialog.form
    assert form.panel.toPlainText() == POL_PANEL and form.panel.isReadOnly()
    select_text(form.panel, text)
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    assert form.shared.toPlainText() == text
    form.to.choose("hub")
    form.basis.choose(LawfulBasis.DPA_PART3_S35_SCH8_4)
    form.gateway.choose(StatutoryGateway.CDA1998_S115)
    form.consent.choose(consent)
    if reason:
        qtbot.keyClicks(form.consent_reason, reason)
    if consent is ConsentPosition.GIVEN:
        qtbot.keyClicks(form.consent_from, "Mother")
        qtbot.keyClicks(form.consent_covering, "Mother and Ruby")
    form.handling.choose(HandlingCode.C)
    qtbot.keyClicks(form.justification, "Needed to assess the risk to Ruby")
    press_ok(qtbot, dialog)  # Next: the summary
    assert dialog.on_summary and dialog.ok_button.text() == CONFIRM
    press_ok(qtbot, dialog)  # Confirm and share
    assert not dialog.isVisible() and dialog.changed and dialog.disclosure_id is not None
    return dialog


def _never_shows_pol_panel(text: str) -> None:
    assert POL_PANEL not in text
    assert "POL-SECRET-INTEL" not in text and "graded B2" not in text


def test_one_case_from_intake_to_closed(qtbot, hub):
    # Intake by CSC's officer: a near match of Ruby Calder is offered and linked.
    intake = IntakeDialog(None, hub.db, hub.sign_in("csc.officer"))
    qtbot.addWidget(intake)
    intake.show()
    fill_referrer(qtbot, intake)
    fill_subject(qtbot, intake, "Rubi", "Calder", "14/06/2017", "ng59qt")
    fill_the_rest(qtbot, intake)
    ready(qtbot, intake)
    click(qtbot, intake.submit)
    qtbot.waitUntil(lambda: intake.pages.currentIndex() == 1, timeout=10_000)
    [card] = intake.matches.groups[0].cards
    words = [label.text() for label in card.findChildren(type(intake.needed))]
    assert any(t.startswith("Ruby Calder, born 14 Jun 2017") for t in words)
    assert any(t.startswith(f"Open: {REF}") for t in words)
    click(qtbot, card.link)
    qtbot.waitUntil(lambda: intake.reference is not None, timeout=10_000)
    assert intake.reference == NEW_REF
    intake.close()

    # Triage by CSC's lead: amber, research from POL and CSC.
    screening = open_dialog(qtbot, ScreeningDialog, hub, "csc.lead", NEW_REF)
    click(qtbot, screening.rag_buttons[Rag.AMBER])
    qtbot.keyClicks(screening.reason, "Neglect reported by school; police known to the address")
    click(qtbot, screening.agency_boxes["POL"])
    click(qtbot, screening.agency_boxes["CSC"])
    press_ok(qtbot, screening)
    assert screening.changed
    state = screening_state(hub.db, NEW_REF)
    assert (state.status, state.rag, state.asked) == (Status.RESEARCHING, Rag.AMBER, frozenset({"POL", "CSC"}))

    # Each agency's officer writes its own panel in the case window and returns the research.
    csc = _opened(qtbot, hub, "csc.officer")
    assert NEW_REF in csc.windowTitle()
    _write_panel(qtbot, csc, CSC_PANEL)
    pol = _opened(qtbot, hub, "pol.officer")
    _write_panel(qtbot, pol, POL_PANEL)
    assert CSC_PANEL not in all_text(pol)
    assert panels.read_panel(hub.db, hub.sign_in("pol.officer"), NEW_REF, "POL").text == POL_PANEL
    _never_shows_pol_panel(all_text(_reloaded(qtbot, csc)))
    assert csc.panels.text() == CSC_PANEL

    # POL's officer discloses: one part with consent, readable at once ...
    consented = _disclose(qtbot, hub, SHARED_WITH_CONSENT, ConsentPosition.GIVEN)
    text = all_text(_reloaded(qtbot, csc))
    assert SHARED_WITH_CONSENT in text
    _never_shows_pol_panel(text)
    # ... and one without, which waits for a POL supervisor's authorisation.
    refused = _disclose(qtbot, hub, SHARED_AUTHORISED, ConsentPosition.REFUSED,
              "Mother refused; asking again would alert the partner")
    text = all_text(_reloaded(qtbot, csc))
    assert SHARED_AUTHORISED not in text and consented.changed and refused.changed
    _never_shows_pol_panel(text)
    lead = open_dialog(qtbot, AuthoriseDialog, hub, "pol.lead", NEW_REF)
    assert lead.table.rowCount() == 1 and lead.text.toPlainText() == SHARED_AUTHORISED
    press_ok(qtbot, lead)
    assert lead.changed and lead.done_note.text().startswith("Authorised: POL Officer's disclosure")
    qtbot.waitUntil(lambda: not lead.is_busy and lead.table.rowCount() == 0)
    lead.close()
    seen = open_case(hub.db, hub.sign_in("csc.officer"), NEW_REF, WORKSPACE, "test").disclosures
    assert sorted((d.text, d.pending) for d in seen) == [(SHARED_AUTHORISED, False),
                                                              (SHARED_WITH_CONSENT, False)]

    # CSC's decision maker decides; no research is outstanding.
    decision = open_dialog(qtbot, DecisionDialog, hub, "csc.decision", NEW_REF)
    assert not decision.research_warning.isVisible() and not decision.override.isVisible()
    decision.outcome.choose(Outcome.EARLY_HELP)
    decision.level.choose(ThresholdLevel.EARLY_HELP)
    qtbot.keyClicks(decision.rationale, "Needs met at level 2 with family support")
    qtbot.keyClicks(decision.service, "Family Support Team")
    qtbot.keyClicks(decision.next_steps, "Family support worker to visit")
    press_ok(qtbot, decision)
    assert not decision.isVisible() and decision.changed
    assert decision_state(hub.db, NEW_REF).status is Status.DECIDED

    # No window closes a case: the service step does, as CSC's lead.
    casework.run_step(hub.db, hub.sign_in("csc.lead").actor, NEW_REF, casework.close)
    assert decision_state(hub.db, NEW_REF).status is Status.CLOSED

    # The closed case, as CSC's officer sees it: both disclosures, never POL's panel.
    text = all_text(_reloaded(qtbot, csc))
    assert SHARED_AUTHORISED in text and SHARED_WITH_CONSENT in text
    assert CSC_PANEL in text and "Family Support Team" in text
    _never_shows_pol_panel(text)
