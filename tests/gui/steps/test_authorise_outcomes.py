"""The authorise dialog's Refuse… and Return… buttons, their reason prompt,
and what the discloser then sees in the case workspace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from mash_desktop.domain import access
from mash_desktop.domain.codes import ConsentPosition, DisclosureOutcome, HandlingCode, LawfulBasis
from mash_desktop.gui.case.sections import disclosures_page
from mash_desktop.gui.steps import outcome_reason
from mash_desktop.gui.steps.authorise import AuthoriseDialog
from mash_desktop.gui.steps.outcome_reason import OutcomeReasonDialog
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.case.reader import WORKSPACE, open_case

from ..dialog_helpers import QUIET, REF, alt, open_dialog
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]

CALLOUTS = "Two domestic callouts at 14 Larch Close in May; no charges."
WHY = "Say which callout: CSC needs the date, not the whole log."


@pytest.fixture
def backend():
    return "sqlite"


def _pending(hub, by: str = "pol.officer") -> int:
    signed = hub.sign_in(by)
    panels.write_panel(hub.db, signed, REF, CALLOUTS)
    return disclosures.disclose(hub.db, signed, REF, disclosures.DisclosureRequest(
        "CSC", LawfulBasis.ART6_1E, ConsentPosition.REFUSED, "Mother refused", HandlingCode.C,
        "Needed to assess risk", CALLOUTS))


@pytest.mark.parametrize("outcome", [DisclosureOutcome.REFUSED, DisclosureOutcome.RETURNED])
def test_a_supervisor_refuses_or_returns_with_a_reason_the_discloser_sees(qtbot, sup_hub, monkeypatch, outcome):
    asked = []
    monkeypatch.setattr(outcome_reason, "ask_reason", lambda _parent, o, about: asked.append((o, about)) or WHY)
    _pending(sup_hub)
    lead = open_dialog(qtbot, AuthoriseDialog, sup_hub, "pol.lead", REF)
    assert lead.refuse_button.isEnabled() and lead.return_button.isEnabled()
    button = lead.refuse_button if outcome is DisclosureOutcome.REFUSED else lead.return_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lead.is_busy and lead.table.rowCount() == 0)
    assert [o for o, _ in asked] == [outcome] and asked[0][1].startswith(f"POL Officer's disclosure on {REF} to ")
    assert lead.done_note.text().endswith("it is not shared, and they can see why.")
    assert not lead.refuse_button.isEnabled()
    case = open_case(sup_hub.db, sup_hub.sign_in("pol.officer"), REF, WORKSPACE, "test")
    [seen] = case.not_shared
    assert (seen.outcome, seen.outcome_reason, seen.outcome_by) == (outcome, WHY, "POL Lead")
    page = disclosures_page(case)
    qtbot.addWidget(page)
    [table] = [t for t in page.findChildren(QTableWidget) if t.accessibleName() == "refused or returned disclosures"]
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[2] == outcome.label and row[3] == "POL Lead" and row[5] == WHY


def test_cancelling_the_prompt_changes_nothing_and_the_discloser_cannot_decide(qtbot, sup_hub, monkeypatch):
    monkeypatch.setattr(outcome_reason, "ask_reason", lambda *_: None)
    _pending(sup_hub, by="pol.lead")
    own = open_dialog(qtbot, AuthoriseDialog, sup_hub, "pol.lead", REF)
    assert not own.refuse_button.isEnabled() and not own.return_button.isEnabled()
    _pending(sup_hub)
    lead = open_dialog(qtbot, AuthoriseDialog, sup_hub, "pol.lead", REF)
    lead.table.selectRow(1)
    alt(qtbot, lead, Qt.Key.Key_F)  # Re&fuse…
    assert not lead.is_busy and lead.table.rowCount() == 2 and not lead.changed


def test_the_reason_prompt_needs_a_reason_within_the_limit(qtbot):
    dialog = OutcomeReasonDialog(None, DisclosureOutcome.REFUSED, "POL Officer's disclosure on MASH-2026-000001 to CSC.")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled() and dialog.count.text() == "A reason is required."
    dialog.reason_edit.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("x" * (access.OUTCOME_REASON_LIMIT + 1))
    assert not dialog.ok_button.isEnabled() and dialog.count.text().endswith("shorten it.")
    dialog.reason_edit.setPlainText(f"  {WHY}\n")
    assert dialog.ok_button.isEnabled() and dialog.reason() == WHY
    assert "final" in dialog.findChildren(type(dialog.count))[0].text()
