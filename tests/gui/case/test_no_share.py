"""Recording a decision not to share from the Case menu, by keyboard, and
seeing it on the case workspace's Disclosures section."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.case.no_share import KEYS, NoShareDialog, why_not
from mash_desktop.gui.common import background
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.services.case import drafts, no_share, panels, reader

from ..dialog_helpers import REF, alt, open_dialog, press_ok
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)
from ..widget_text import all_text
from ..modal import when_shown

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]
CONSIDERED = "The address history from our 2019 assessment"
WHY_NOT = "POL already hold it from their own records"


@pytest.fixture
def hub(sup_hub, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    yield sup_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def _type(qtbot, dialog, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_recorded_by_keyboard_with_whom_what_and_why(qtbot, hub):
    panels.write_panel(hub.db, hub.sign_in("csc.lead"), REF, "Known to CSC since 2019.")
    dialog = open_dialog(qtbot, NoShareDialog, hub, "csc.lead", REF)
    assert not dialog.ok_button.isEnabled() and "Choose with whom" in dialog.hint.text()
    alt(qtbot, dialog, Qt.Key.Key_W)
    assert QApplication.focusWidget() is dialog.with_whom
    dialog.with_whom.choose("POL")
    alt(qtbot, dialog, Qt.Key.Key_C)
    _type(qtbot, dialog, CONSIDERED)
    assert "why it is not shared" in dialog.hint.text()
    alt(qtbot, dialog, Qt.Key.Key_N)
    _type(qtbot, dialog, WHY_NOT)
    assert dialog.hint.text() == ""
    press_ok(qtbot, dialog)
    assert dialog.changed and dialog.decision_id is not None
    [entry] = no_share.list_decisions(hub.db, hub.sign_in("csc.deputy"), REF)
    assert (entry.to, entry.considered, entry.why_not, entry.decided_by) == ("POL", CONSIDERED, WHY_NOT,
                                                                            "CSC Lead")


def test_without_a_panel_it_says_to_write_one_and_help_opens_its_section(qtbot, hub):
    dialog = open_dialog(qtbot, NoShareDialog, hub, "csc.lead", REF)
    dialog.with_whom.choose("hub")
    dialog.considered.setPlainText(CONSIDERED)
    dialog.why.setPlainText(WHY_NOT)
    assert not dialog.ok_button.isEnabled() and "write it first" in dialog.hint.text()
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_F1)
    helper = dialog.findChild(HelpWindow)
    assert helper is not None and helper.isVisible() and helper.current.id == "no-share"
    helper.close()
    assert dialog.help_button.text() == "&Help"
    dialog.reject()


def test_the_workspace_offers_it_and_shows_the_agencys_decisions(qtbot, hub):
    lead = hub.sign_in("csc.lead")
    panels.write_panel(hub.db, lead, REF, "Known to CSC since 2019.")
    no_share.decline(hub.db, lead, REF, "hub", CONSIDERED, WHY_NOT)
    window = case_open.open_case(None, hub.db, lead, REF)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    action = window.no_share.action
    assert action.isEnabled() and action.shortcut() == QKeySequence(KEYS)
    assert action in window.menuBar().actions()[0].menu().actions()
    text = all_text(window)
    assert "Decisions not to share (1, seen by your agency only)" in text
    assert CONSIDERED in text and WHY_NOT in text and "The whole hub" in text

    def cancel(dialog: NoShareDialog) -> None:
        qtbot.waitUntil(lambda: dialog.is_loaded)
        assert dialog.reference == REF
        dialog.reject()

    when_shown(NoShareDialog, cancel)
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not any(isinstance(w, NoShareDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))


def test_a_decision_maker_is_told_it_is_not_theirs(hub):
    signed = hub.sign_in("csc.decision")
    case = reader.open_case(hub.db, signed, REF, reader.WORKSPACE, "Checking the menu")
    assert why_not(case, signed) == "For officer or supervisor only"
    assert why_not(case, hub.sign_in("csc.lead")) == "" and why_not(None, hub.sign_in("csc.lead"))
