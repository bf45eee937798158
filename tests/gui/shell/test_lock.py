"""The idle lock: it engages after the interval, and only the right password lifts it."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from mash_desktop.gui.shell.lock import WRONG_PASSWORD, IdleWatcher, LockScreen
from mash_desktop.gui.shell.session import SIGNED_OUT_DISABLED, Session
from mash_desktop.gui.common.shade import LOCKED_TITLE, Shade
from mash_desktop.services.admin import users

from ...hub_factory import PASSWORD

pytestmark = [
    pytest.mark.usefixtures("settled"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)"),
]


@pytest.fixture
def backend():
    """The lock works the same on every database: SQLite is enough here."""
    return "sqlite"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_watcher_goes_idle_only_after_a_quiet_interval(qtbot):
    clock = FakeClock()
    watcher = IdleWatcher(60_000, clock=clock)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    field = QLineEdit()
    qtbot.addWidget(field)
    watcher.start()
    try:
        clock.now += 59
        watcher.check()
        assert fired == [] and watcher.watching
        # A key press anywhere in the application counts as someone being there.
        QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier,
                                                "a"))
        clock.now += 30
        watcher.check()
        assert fired == []
        clock.now += 29
        QApplication.sendEvent(field, QMouseEvent(QEvent.Type.MouseMove, QPointF(3, 3), QPointF(3, 3),
                                                  Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                  Qt.KeyboardModifier.NoModifier))
        clock.now += 59.5
        watcher.check()
        assert fired == []
        clock.now += 1
        watcher.check()
        assert fired == [True] and not watcher.watching
        watcher.check()
        assert fired == [True]  # once, until started again
    finally:
        watcher.stop()


def test_watcher_fires_on_its_own_timer(qtbot):
    watcher = IdleWatcher(50)
    with qtbot.waitSignal(watcher.idle, timeout=5_000):
        watcher.start()
    assert not watcher.watching


def _session(qtbot, close_later, place, hub, *, idle_ms: int = 60_000) -> Session:
    session = Session(place, hub.sign_in("csc.officer"), idle_ms=idle_ms, check_ms=60_000)
    close_later(session.window)
    session.start()
    qtbot.waitExposed(session.window)
    session.window.activateWindow()
    qtbot.waitUntil(lambda: not session.window.loading, timeout=10_000)
    return session


def _unlock(qtbot, screen: LockScreen, password: str) -> None:
    qtbot.keyClicks(screen.password, password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.is_busy, timeout=10_000)


def _gone(window) -> bool:
    return not shiboken6.isValid(window) or not window.isVisible()


def _shades(window) -> list[Shade]:
    return [c for c in window.findChildren(Shade, options=Qt.FindChildOption.FindDirectChildrenOnly) if c.isVisible()]


def _covered(window) -> bool:
    """One visible shade over the whole window, and no title giving anything away."""
    shades = _shades(window)
    return (len(shades) == 1 and shades[0].geometry() == window.rect()
            and window.windowTitle() == LOCKED_TITLE)


def test_idle_lock_engages_and_only_the_right_password_lifts_it(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub)
    window = session.window
    title = window.windowTitle()
    window.search.setFocus()
    qtbot.keyClicks(window.search, "MASH-2026")
    session.watcher.interval_ms = 300  # short from here on, whatever the loading took
    session.watcher.start()
    qtbot.waitUntil(lambda: session.locked, timeout=5_000)

    screen = session.lock_screen
    assert screen is not None and screen.isVisible()
    assert screen.windowModality() == Qt.WindowModality.ApplicationModal
    assert QApplication.activeModalWidget() is screen
    assert "csc.officer" in screen.who.text() and "CSC Officer" in screen.who.text()
    assert _covered(window) and not session.watcher.watching
    window.resize(900, 600)  # the shade follows the window's size
    assert _covered(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.password)

    screen.close()
    qtbot.keyClick(screen.password, Qt.Key.Key_Escape)
    assert screen.isVisible() and session.locked  # no way round it but the password

    _unlock(qtbot, screen, "not-the-password")
    assert session.locked and screen.message.text() == WRONG_PASSWORD and screen.password.text() == ""

    session.watcher.interval_ms = 60_000  # no new lock while the test looks around
    _unlock(qtbot, screen, PASSWORD)
    assert not session.locked and _shades(window) == [] and window.windowTitle() == title
    assert window.search.text() == "MASH-2026"
    assert session.watcher.watching and not session.over
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search)


def test_open_dialogs_are_shaded_too_and_keep_what_was_typed(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub)
    form = QDialog(session.window)
    form.setWindowTitle("New contact")
    field = QLineEdit(form)
    form.setWindowModality(Qt.WindowModality.ApplicationModal)  # as a dialog run with exec()
    form.show()
    qtbot.keyClicks(field, "Ada Lovelace")

    session.lock()
    assert _covered(form) and _covered(session.window)
    assert QApplication.activeModalWidget() is session.lock_screen  # newest, so it takes the input
    session.watcher.interval_ms = 60_000
    _unlock(qtbot, session.lock_screen, PASSWORD)
    assert form.isVisible() and form.windowTitle() == "New contact" and field.text() == "Ada Lovelace"
    assert _shades(form) == []

    session.sign_out()  # a dialog still open is cancelled, not left behind
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Rejected


def test_lock_now_and_sign_out_from_the_lock_screen(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub)
    assert session.window.lock_action.shortcut().toString() == "Ctrl+L"
    session.window.lock_action.trigger()
    assert session.locked
    with qtbot.waitSignal(session.signed_out) as signal:
        qtbot.mouseClick(session.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    assert signal.args == [""] and session.over and session.lock_screen is None
    assert _gone(session.window)


def test_an_account_disabled_while_locked_is_signed_out_at_unlock(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub)
    session.lock()
    users.disable_account(hub.db, hub.sign_in("csc.lead"), "csc.officer")
    with qtbot.waitSignal(session.signed_out, timeout=10_000) as signal:
        _unlock(qtbot, session.lock_screen, PASSWORD)
    assert signal.args == [SIGNED_OUT_DISABLED]
    assert session.lock_screen is None and _gone(session.window)
