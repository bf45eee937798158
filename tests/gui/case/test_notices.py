"""The case workspace shows the acknowledgement and Operation Encompass clocks
in words, records both from the Case menu by keyboard, and greys out the
documents and actions that do not apply."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from mash_desktop.domain.codes import DocumentKind
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.case.acknowledgement import AcknowledgementDialog
from mash_desktop.gui.case.encompass import InformedDialog
from mash_desktop.gui.common import background
from mash_desktop.services.case import drafts
from tests.services.intake.notice_contacts import UTC, contact, notification
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

from ..widget_text import all_text
from ..modal import when_shown

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def hub(sup_hub, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    yield sup_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def _opened(qtbot, hub, reference: str, username: str = "csc.lead"):
    window = case_open.open_case(None, hub.db, hub.sign_in(username), reference)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    return window


def _state(window, name: str) -> str | None:
    label = window.findChild(QLabel, name)
    return None if label is None else label.text()


def test_the_acknowledgement_is_due_then_recorded_from_the_case_menu(qtbot, hub):
    now = dt.datetime.now(UTC).replace(microsecond=0)
    window = _opened(qtbot, hub, contact(hub, now - dt.timedelta(minutes=5)))
    assert _state(window, "acknowledgementState").startswith("Acknowledgement due ")
    assert "Acknowledged:" in all_text(window)
    action = window.acknowledgement.action
    assert action.isEnabled() and action.shortcut() == QKeySequence("Ctrl+Shift+J") and "&" in action.text()
    assert action in window.menuBar().actions()[0].menu().actions()
    assert window.documents.actions[DocumentKind.ACKNOWLEDGEMENT_LETTER].isEnabled()
    assert not window.documents.actions[DocumentKind.ENCOMPASS_NOTICE].isEnabled()
    assert not window.informed.action.isEnabled() and "Not an Operation Encompass" in window.informed.action.statusTip()

    def record(dialog: AcknowledgementDialog) -> None:
        qtbot.waitUntil(lambda: dialog.is_loaded and dialog.ok_button.isEnabled())
        assert "It is due" in dialog.due_label.text()
        dialog.how.setCurrentIndex(dialog.how.findText("Phone call"))
        qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)

    when_shown(AcknowledgementDialog, record)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_J, SHIFT)
    qtbot.waitUntil(lambda: not window.is_loading() and (_state(window, "acknowledgementState") or "")
                    .startswith("Acknowledgement sent by phone call "), timeout=15_000)
    assert not window.acknowledgement.action.isEnabled() and "already recorded" in window.acknowledgement.action.statusTip()


def test_an_overdue_acknowledgement_and_an_encompass_clock_say_so_in_words(qtbot, hub):
    friday_night = dt.datetime(2026, 11, 20, 23, 40, tzinfo=UTC)
    window = _opened(qtbot, hub, notification(hub, friday_night))
    assert _state(window, "acknowledgementState") == \
        "Acknowledgement overdue: it was due 23 Nov 2026, 17:00 GMT"
    assert _state(window, "encompassState") == \
        "Operation Encompass overdue: Hillside Primary was to be told by 23 Nov 2026, 09:00 GMT"
    assert "bold" in window.findChild(QLabel, "encompassState").styleSheet()
    assert window.documents.actions[DocumentKind.ENCOMPASS_NOTICE].isEnabled()

    def record(dialog: InformedDialog) -> None:
        qtbot.waitUntil(lambda: dialog.is_loaded and dialog.ok_button.isEnabled())
        assert "Hillside Primary: to be told by 23 Nov 2026, 09:00 GMT" in dialog.due_label.text()
        qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)

    when_shown(InformedDialog, record)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, SHIFT)
    qtbot.waitUntil(lambda: not window.is_loading() and (_state(window, "encompassState") or "")
                    .startswith("Operation Encompass: Hillside Primary told "), timeout=15_000)
    assert "after the school day began 23 Nov 2026, 09:00 GMT" in _state(window, "encompassState")


def test_the_queue_menus_dialogs_refuse_what_does_not_apply(qtbot, hub):
    anonymous = contact(hub, dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC), source="anonymous",
                        referrer={"member_of_public": True})
    for dialog, words in ((AcknowledgementDialog(None, hub.db, hub.sign_in("csc.officer"), anonymous),
                           "No acknowledgement is expected"),
                          (InformedDialog(None, hub.db, hub.sign_in("csc.officer"), REF),
                           "not an Operation Encompass notification")):
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda d=dialog: d.is_loaded)
        assert not dialog.ok_button.isEnabled() and words in dialog.hint.text()
