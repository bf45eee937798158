"""The case's Household section and the family network window, as a caseworker uses them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.case.window import SECTIONS
from mash_desktop.gui.common import background
from mash_desktop.gui.common.pdf_preview import PreviewDialog
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.gui.people.household_page import HouseholdPage
from mash_desktop.gui.people.network_window import NetworkWindow
from mash_desktop.services.case import document_copies, drafts
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.gui.steps.reason import ReasonDialog
from mash_desktop.store.models import AuditEvent
from sqlalchemy import select
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE

from ..modal import when_shown

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


@pytest.fixture
def h(doc_hub, qtbot, tmp_path, monkeypatch):
    """The decided example case, and a contact about Ruby's brother Jake naming the same mother."""
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    monkeypatch.setattr(document_copies, "previews_dir", lambda: tmp_path / "previews")
    jake = EXAMPLE["subjects"][0] | {"given_name": "Jake", "date_of_birth": "2019-03-02", "gender": "male"}
    doc_hub.jake = add_referral(doc_hub.db, doc_hub["csc.officer"].actor, {
        k: v for k, v in EXAMPLE.items() if k != "received_at"} | {
        "subjects": [jake], "household": [EXAMPLE["household"][0]],
        "referrer": EXAMPLE["referrer"] | {"agency": None}})
    yield doc_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, (NetworkWindow, PreviewDialog)):
            widget.close()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def _opened(qtbot, h, username: str, reference: str = REF):
    window = case_open.open_case(None, h.db, h[username], reference)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    return window


def test_the_household_section_lists_members_and_opens_a_contact_through_the_one_door(qtbot, h):
    window = _opened(qtbot, h, "csc.officer")
    assert SECTIONS[-1] == "Household"
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    page = window.tabs.currentWidget()
    assert isinstance(page, HouseholdPage)
    cells = [[page.table.item(r, c).text() for c in range(page.table.columnCount())]
             for r in range(page.table.rowCount())]
    by_ref = {(row[0], row[4].split(" ")[0]): row for row in cells}
    assert by_ref[("Ruby Calder", REF)][4] == f"{REF} (this contact)"
    assert by_ref[("Ruby Calder", REF)][6] == "Amber"
    assert by_ref[("Jake Calder", h.jake)][1] == "subject" and by_ref[("Jake Calder", h.jake)][6] == "Not rated"
    assert by_ref[("Kerry Calder", h.jake)][1] == "mother of Ruby Calder; mother of Jake Calder"
    assert "Ruby Calder and Jake Calder" in page.siblings.text()

    jake_row = next(r for r, row in enumerate(cells) if row[4] == h.jake and row[0] == "Jake Calder")
    assert not page.open_button.isEnabled()
    page.table.setCurrentCell(jake_row, 0)
    assert page.open_button.isEnabled()
    reason = "Brother's contact: checking for the same concerns."

    def answer(dialog: ReasonDialog) -> None:  # not involved in Jake's contact: the one door asks why
        qtbot.keyClicks(dialog.reason_edit, reason)
        dialog.accept()

    when_shown(ReasonDialog, answer)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(w.reference == h.jake and not w.is_loading() for w in case_open.open_windows()),
                    timeout=15_000)
    jakes = next(w for w in case_open.open_windows() if w.reference == h.jake)
    assert jakes is not window and jakes.workspace.reason == reason
    with h.db.read() as session:
        views = session.scalars(select(AuditEvent.justification).where(
            AuditEvent.action == "case.view", AuditEvent.object_ref == h.jake)).all()
    assert views == [reason]
    assert page.open_button.text() == "Op&en contact"  # Alt+E does the same as Enter


def test_the_network_window_draws_the_family_and_prints_a_recorded_document(qtbot, h):
    window = _opened(qtbot, h, "pol.officer")
    window.show_section(len(SECTIONS) - 1)
    page = window.tabs.currentWidget()
    assert page.network_button.text() == "Family &network…"  # Alt+N
    page.network_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, NetworkWindow) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=5_000)
    net = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NetworkWindow))
    texts = {item.toolTip() for item in net.scene.items() if hasattr(item, "toolTip") and item.toolTip()}
    for words in ("Ruby Calder", "Kerry Calder", "Jake Calder", "Dean Whitlock", "mother", "siblings", "Referrer",
                  "Allocated worker"):
        assert any(words in t for t in texts), words
    assert REF in net.windowTitle()
    assert net.actions["print"].isEnabled() and net.actions["print"].shortcut().toString() == "Ctrl+P"
    with qtbot.waitSignal(window.documents.preview_opened, timeout=15_000) as shown:
        net.actions["print"].trigger()
    preview = shown.args[0]
    assert preview.produced.kind.value == "family_network"
    preview.close()
    assert net.help_actions["guidance"].shortcut().toString() == "F1"
    net.help_actions["guidance"].trigger()
    helper = net.findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert helper is not None and helper.current.id == "household-network"
    helper.close()
    before = net.view.transform().m11()
    net.actions["zoom_in"].trigger()
    assert net.view.transform().m11() == pytest.approx(before * 1.25)
    assert not net.actions["close"].shortcut().isEmpty()
    net.actions["close"].trigger()
    qtbot.waitUntil(lambda: not net.isVisible(), timeout=2_000)


def test_a_household_that_stopped_growing_says_so(qtbot, h, monkeypatch):
    from mash_desktop.domain.household import CAPPED
    from mash_desktop.services.people import household

    whole = _opened(qtbot, h, "csc.officer")
    whole.tabs.setCurrentIndex(len(SECTIONS) - 1)
    assert not hasattr(whole.tabs.currentWidget(), "capped")  # an ordinary family is followed whole
    whole.close_keeping_draft()
    monkeypatch.setattr(household, "MAX_PEOPLE", 2)
    window = _opened(qtbot, h, "csc.officer")
    window.tabs.setCurrentIndex(len(SECTIONS) - 1)
    page = window.tabs.currentWidget()
    assert page.capped.text() == CAPPED and page.table.rowCount() >= 1
