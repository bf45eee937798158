"""The strategy discussion dialog, worked from the keyboard, and how the case
workspace, its header and the queue's Case menu show discussions."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QMessageBox, QPushButton

from mash_desktop.domain.strategy import SAME_DAY_LABEL, S47Decision
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.common import background
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.gui.strategy.dialog import StrategyDialog
from mash_desktop.services.case import drafts
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.strategy.discussions import (
    ActionInput, AttendeeInput, DiscussionInput, record_discussion,
)
from tests.hub_factory import EXAMPLE

from ..dialog_helpers import REF, alt, open_dialog, press_ok
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)
from ..widget_text import all_text

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


@pytest.fixture
def hub(sup_hub, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    yield sup_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def _type(qtbot, dialog, mnemonic, text):
    alt(qtbot, dialog, mnemonic)
    qtbot.keyClicks(dialog.focusWidget(), text)


def test_recorded_from_the_keyboard_with_attendees_decision_and_actions(qtbot, hub):
    dialog = open_dialog(qtbot, StrategyDialog, hub, "csc.decision", REF)
    assert dialog.hint.text() == "Add who was invited (Add attendee)."
    _type(qtbot, dialog, Qt.Key.Key_N, "Sam Social")
    dialog.attendees.agency.choose("CSC")
    _type(qtbot, dialog, Qt.Key.Key_O, "Team manager")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.attendees.table.rowCount() == 1 and dialog.attendees.name.hasFocus()
    assert dialog.missing.isVisible() and "police or health" in dialog.missing.text()
    _type(qtbot, dialog, Qt.Key.Key_N, "Pat Police")
    dialog.attendees.agency.choose("POL")
    _type(qtbot, dialog, Qt.Key.Key_O, "DS")
    alt(qtbot, dialog, Qt.Key.Key_A)  # a button's mnemonic clicks it a moment later
    qtbot.waitUntil(lambda: dialog.attendees.table.rowCount() == 2)
    assert dialog.missing.text() == "No health attendee: procedures require health to be invited."
    _type(qtbot, dialog, Qt.Key.Key_S, "Police hold a report of an injury.")
    dialog.decision.choose(S47Decision.START_S47)
    assert dialog.icpc.isVisible() and "15 working days" in dialog.icpc.text()
    _type(qtbot, dialog, Qt.Key.Key_D, "Reasonable cause to suspect significant harm.")
    _type(qtbot, dialog, Qt.Key.Key_T, "Joint visit")
    dialog.actions.owner.choose(("member", "csc.officer"))
    alt(qtbot, dialog, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: dialog.actions.table.rowCount() == 1)
    assert dialog.problem() is None
    press_ok(qtbot, dialog)
    assert dialog.changed
    (found,) = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, "check").strategy_discussions
    assert [a.name for a in found.attendees] == ["Sam Social", "Pat Police"]
    assert found.decision is S47Decision.START_S47 and found.icpc_due_on is not None
    assert [(a.text, a.owner) for a in found.actions] == [("Joint visit", "CSC Officer")]


def test_an_officer_is_told_who_may_record_and_help_opens_its_section(qtbot, hub):
    dialog = open_dialog(qtbot, StrategyDialog, hub, "csc.officer", REF)
    assert "needs the role of supervisor or decision maker" in dialog.message.text() or \
        "supervisor or decision maker" in dialog.hint.text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
    helper = dialog.findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert helper is not None and helper.current.id == "strategy-discussion"
    helper.close()
    assert dialog.help_button.text() == "&Help"


def _held(hub, reference=REF, *, due=dt.date(2026, 11, 24)):
    record_discussion(hub.db, hub.sign_in("csc.decision").actor, reference, DiscussionInput(
        dt.datetime(2026, 11, 23, 10, tzinfo=dt.timezone.utc),
        (AttendeeInput("Sam Social", "Team manager", "CSC"), AttendeeInput("Pat Police", "DS", "POL")),
        "Police hold a report.", S47Decision.START_S47, "Reasonable cause.",
        (ActionInput("Joint visit", due, owner_username="csc.officer"),)))


def test_the_workspace_shows_the_discussion_and_its_overdue_action_marked_done(qtbot, hub, monkeypatch):
    _held(hub)
    window = case_open.open_case(None, hub.db, hub.sign_in("csc.lead"), REF)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    header = window.findChild(QLabel, "strategyState")
    assert "ICPC due by" in header.text() and "1 strategy action open, 1 overdue" in header.text()
    box = window.findChild(QGroupBox, "strategyDiscussion")
    text = all_text(box)
    assert "Start s47 enquiries" in text and "Overdue: was due 24 November 2026" in text
    assert "No health attendee" in text
    assert window.strategy.action.isEnabled()  # a supervisor convenes, and marks any action done
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    button = next(b for b in box.findChildren(QPushButton) if b.text() == "Mark done")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (l := window.findChild(QLabel, "strategyState")) is not None
                    and "open" not in l.text(), timeout=15_000)
    assert "Done " in all_text(window.findChild(QGroupBox, "strategyDiscussion"))


def test_the_header_flags_a_same_day_discussion_for_an_injury(qtbot, hub):
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None},
                         "concerns": EXAMPLE["concerns"] | {"categories": ["physical"]}}
    reference = add_referral(hub.db, hub.sign_in("csc.officer").actor, payload)
    window = case_open.open_case(None, hub.db, hub.sign_in("csc.lead"), reference)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    assert window.findChild(QLabel, "strategyState").text().startswith(SAME_DAY_LABEL)
    assert window.strategy.action.isEnabled() and window.strategy.action.shortcut().toString() == "Ctrl+Shift+G"


def test_the_icpc_is_recorded_from_the_decision_page_and_the_decision_dialog_sees_the_outcome(qtbot, hub,
                                                                                                monkeypatch):
    from mash_desktop.gui.steps.decision import DecisionDialog
    from mash_desktop.gui.strategy import icpc
    _held(hub)
    window = case_open.open_case(None, hub.db, hub.sign_in("csc.lead"), REF)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    box = window.findChild(QGroupBox, "strategyDiscussion")
    assert "not yet recorded as held" in all_text(box)
    seen = []
    monkeypatch.setattr(icpc, "IcpcDialog", lambda parent, db, signed, entry: seen.append(entry) or _Done())
    button = next(b for b in box.findChildren(QPushButton) if b.text() == "Record ICPC held…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].icpc_due_on == dt.date(2026, 12, 14)
    dialog = open_dialog(qtbot, DecisionDialog, hub, "csc.lead", REF)  # a new contact opens for a supervisor
    qtbot.waitUntil(lambda: dialog.brief.case is not None, timeout=10_000)
    assert "Start s47 enquiries" in all_text(dialog.brief)


class _Done:
    changed = False

    def exec(self) -> int:
        return 0
