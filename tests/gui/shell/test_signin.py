"""The sign-in dialog, driven from the keyboard as a person would."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from mash_desktop.domain.errors import AccountLocked
from mash_desktop.gui.common.banner import DEMO_BANNER
from mash_desktop.gui.shell.signin import EMPTY, SignInDialog
from mash_desktop.gui.shell.startup import Workplace
from mash_desktop.security import accounts
from mash_desktop.services.demo import hub as demo
from mash_desktop.store.database import Database

from ... import hub_factory
from ...hub_factory import PASSWORD

pytestmark = [
    pytest.mark.usefixtures("settled"),
    # The offscreen platform says this whenever a top-level window is shown.
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)"),
]


@pytest.fixture
def backend():
    """The dialog does the same on every database: SQLite is enough here."""
    return "sqlite"


def _dialog(qtbot, place: Workplace) -> SignInDialog:
    dialog = SignInDialog(place)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def _attempt(qtbot, dialog: SignInDialog, username: str | None, password: str) -> None:
    """Type the password (and username) and press Enter; wait for the answer."""
    if username is not None:
        dialog.username.setText("")
        qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.is_busy and dialog.busy.isVisible() and not dialog.sign_in_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)


def test_the_right_password_signs_in(qtbot, place):
    dialog = _dialog(qtbot, place)
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert "CSC agency (CSC)" in dialog.agency_label.text()
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        _attempt(qtbot, dialog, "CSC.Officer ", PASSWORD)
    signed = signal.args[0]
    assert isinstance(signed, accounts.SignedIn) and signed.actor.username == "csc.officer"
    assert not dialog.isVisible() and dialog.password.text() == ""


def test_a_wrong_password_is_said_inline_and_the_field_cleared(qtbot, place):
    dialog = _dialog(qtbot, place)
    signed: list[object] = []
    dialog.signed_in.connect(signed.append)
    _attempt(qtbot, dialog, "csc.officer", "not-the-password")
    assert dialog.message.isVisible() and dialog.message.text() == accounts.WRONG
    assert dialog.password.text() == "" and dialog.username.text() == "csc.officer"
    assert dialog.isVisible() and signed == []
    # Enter signs in again: the Sign in button is still the default, never Quit.
    assert dialog.sign_in_button.isDefault() and not dialog.quit_button.autoDefault()
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        _attempt(qtbot, dialog, None, PASSWORD)


def test_ten_failures_lock_the_account(qtbot, place):
    dialog = _dialog(qtbot, place)
    for n in range(accounts.MAX_FAILURES):
        _attempt(qtbot, dialog, None if n else "csc.officer", f"wrong-{n}")
        assert dialog.password.text() == ""
    assert "now locked" in dialog.message.text() and "administrator can unlock" in dialog.message.text()
    _attempt(qtbot, dialog, None, PASSWORD)  # even the right password now
    assert dialog.message.text().startswith("This account is locked")
    with pytest.raises(AccountLocked):
        accounts.sign_in(place.db, place.creds, "csc.officer", PASSWORD)


def test_a_workstation_enrolled_elsewhere_is_told_so(qtbot, hub, place):
    other = hub_factory.Creds("CSC", "ws-csc", hub.kits["HUB"].workstation_secret)
    # As a demo workstation, whose hint makes the dialog taller, after a short message.
    names = ("csc.decision", "csc.officer", "csc.officer2", "csc.supervisor")
    dialog = _dialog(qtbot, dataclasses.replace(place, creds=other, demo=True, demo_usernames=names))
    dialog.show_message(accounts.WRONG)
    qtbot.wait(50)
    _attempt(qtbot, dialog, "csc.officer", PASSWORD)
    assert "enrolment does not match" in dialog.message.text()
    assert "enrol it again" in dialog.message.text()
    # A long message wraps onto more lines and the dialog grows to show every line of every text.
    assert dialog.message.heightForWidth(dialog.message.width()) > dialog.message.fontMetrics().height()
    for label in (dialog.agency_label, dialog.demo_hint, dialog.message):
        assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_an_unreachable_database_is_told_so(qtbot, place):
    db = Database("postgresql://hub:pw@127.0.0.1:9/mash")  # nothing listens on port 9
    try:
        dialog = _dialog(qtbot, dataclasses.replace(place, db=db))
        _attempt(qtbot, dialog, "csc.officer", PASSWORD)
        assert "cannot be reached" in dialog.message.text() and "pw" not in dialog.message.text()
        assert dialog.password.text() == ""
    finally:
        db.dispose()


def test_empty_fields_ask_for_both_without_trying(qtbot, place):
    dialog = _dialog(qtbot, place)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.message.text() == EMPTY and not dialog.is_busy


def test_keyboard_order_and_labels(qtbot, place):
    dialog = _dialog(qtbot, place)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.username)
    order = [dialog.username]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [dialog.username, dialog.password, dialog.sign_in_button, dialog.quit_button]
    assert dialog.username_label.buddy() is dialog.username
    assert dialog.password_label.buddy() is dialog.password
    assert dialog.username_label.text() == "&Username:" and dialog.password_label.text() == "&Password:"


def test_quit_and_escape_reject(qtbot, place):
    dialog = _dialog(qtbot, place)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    again = _dialog(qtbot, place)
    with qtbot.waitSignal(again.rejected):
        qtbot.keyClick(again.username, Qt.Key.Key_Escape)


def test_no_demo_banner_at_a_real_workstation(qtbot, place):
    dialog = _dialog(qtbot, place)
    assert not dialog.demo_banner.isVisible() and not dialog.demo_hint.isVisible()


def test_demo_workstation_shows_banner_and_hint_and_signs_in(qtbot, demo_db):
    place = Workplace(demo_db, demo.demo_credentials("CSC", demo_db.url), "CSC", "Children's Social Care",
                      demo=True, demo_usernames=("csc.officer", "csc.supervisor"))
    dialog = _dialog(qtbot, place)
    assert dialog.demo_banner.isVisible() and dialog.demo_banner.text() == DEMO_BANNER
    hint = dialog.demo_hint.text()
    assert dialog.demo_hint.isVisible() and demo.DEMO_PASSWORD in hint and "csc.supervisor" in hint
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        _attempt(qtbot, dialog, "csc.supervisor", demo.DEMO_PASSWORD)
    assert signal.args[0].actor.agency_code == "CSC"
