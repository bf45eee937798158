"""One person's session at the workstation, from sign-in to sign-out.

A session owns the main window, the idle lock and a check, every minute and
whenever the lock is lifted, that the account still may work: an account
disabled (or locked) at another workstation is signed out here too, with a
message saying so. The check runs in the background like all database work.

Locking shades every window of the application (dialogs included, so a form
half filled in stays as it is) and shows the lock screen over them. Signing
out closes the case windows, keeping unsaved panel text as encrypted drafts,
cancels any dialog still open, and closes the main window.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ...domain.errors import AccountLocked, MashError, Refused
from ...security.accounts import DISABLED, SignedIn, check_session
from ..case import opening as case_open
from ..common import errors
from ..common.background import Operation
from .lock import IdleWatcher, LockScreen
from .main_window import MainWindow
from ..common.shade import Shade, windows_to_shade
from .startup import Workplace

CHECK_MS = 60_000
SIGNED_OUT_DISABLED = "Your account has been disabled; you have been signed out."
SIGNED_OUT_LOCKED = "Your account has been locked; you have been signed out. An administrator can unlock it."


def signed_out_message(exc: MashError) -> str:
    """Why a session was ended, for the person who was signed in."""
    if isinstance(exc, AccountLocked):
        return SIGNED_OUT_LOCKED
    if exc.message == DISABLED:
        return SIGNED_OUT_DISABLED
    return f"{exc.message} You have been signed out."


def _cancel_dialogs() -> None:
    """Cancel the dialogs left open; one that will not close yet is left alone."""
    tried: list[QWidget] = []
    while (dialog := QApplication.activeModalWidget()) is not None and dialog not in tried:
        tried.append(dialog)
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()


class Session(QObject):
    """The main window of a signed-in user, its idle lock and account checks."""

    #: The session is over: "" when the person signed out, else why it was ended.
    signed_out = Signal(str)
    #: The person closed the window: the application should quit.
    quit_requested = Signal()

    def __init__(self, place: Workplace, signed: SignedIn, *, idle_ms: int, check_ms: int = CHECK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.signed = signed
        self._over = False
        self._checking = False
        self.lock_screen: LockScreen | None = None
        self._shades: list[Shade] = []
        self._focus: QWidget | None = None
        self.window = MainWindow(place.db, signed=signed, demo=place.demo)
        self.window.lock_requested.connect(self.lock)
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.closed.connect(self._window_closed)
        self.watcher = IdleWatcher(idle_ms, self)
        self.watcher.idle.connect(self.lock)
        self._checker = QTimer(self)
        self._checker.setInterval(check_ms)
        self._checker.timeout.connect(self.check_account)

    @property
    def over(self) -> bool:
        return self._over

    @property
    def locked(self) -> bool:
        return self.lock_screen is not None

    def start(self) -> None:
        self.window.show()
        self.window.refresh()
        self.watcher.start()
        self._checker.start()

    # --- the lock ----------------------------------------------------------------

    def lock(self) -> None:
        """Shade every window and ask the same person for their password again."""
        if self._over or self.lock_screen is not None:
            return
        self.watcher.stop()
        self.signed.keychain.forget()  # data keys are opened again when next needed
        self._focus = QApplication.focusWidget()
        self._shades = [Shade(window) for window in windows_to_shade()]
        screen = self.lock_screen = LockScreen(self.place, self.signed, self.window)
        screen.unlocked.connect(self._unlocked)
        screen.sign_out_requested.connect(self.sign_out)
        screen.refused.connect(self._refused)
        screen.show()
        screen.raise_()
        screen.activateWindow()

    def _unlocked(self, fresh: SignedIn) -> None:
        fresh.keychain.forget()  # the check was the point: every window keeps using self.signed
        if self._over:
            return
        self._lift()
        self.watcher.start()
        self.check_account()

    def _lift(self) -> None:
        """Take the lock screen and the shades away; give the focus back."""
        screen, self.lock_screen = self.lock_screen, None
        if screen is not None:
            screen.finish()
            screen.deleteLater()
        for shade in self._shades:
            if shiboken6.isValid(shade):
                shade.lift()
        self._shades = []
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.window().activateWindow()
            focus.setFocus()

    # --- the account check -------------------------------------------------------

    def check_account(self) -> None:
        """Ask the database, in the background, whether the account still may work."""
        if self._over or self._checking:
            return
        self._checking = True
        db, signed = self.place.db, self.signed
        Operation(self.window, lambda: check_session(db, signed)) \
            .success(self._checked).failure(self._check_failed).run()

    def _checked(self, _result: object) -> None:
        self._checking = False

    def _check_failed(self, exc: Exception) -> None:
        self._checking = False
        if self._over:
            return
        if isinstance(exc, Refused):
            self._refused(exc)
        elif isinstance(exc, MashError):  # out of reach for now: the next check tries again
            self.window.statusBar().showMessage(f"Your account could not be checked: {exc.message}", 30_000)
        else:
            errors.show_error(self.window, exc)

    # --- ending ------------------------------------------------------------------

    def _refused(self, exc: MashError) -> None:
        self.end(signed_out_message(exc))

    def sign_out(self) -> None:
        self.end("")

    def end(self, reason: str) -> None:
        """Close the session's windows and forget the keys; ``signed_out`` says why."""
        if self._over:
            return
        self._stop()
        self._lift()
        case_open.close_all()  # unsaved panel text is kept as encrypted drafts
        _cancel_dialogs()
        self.window.close()
        if QApplication.activeModalWidget() is None:  # a dialog still running needs its parent
            self.window.deleteLater()
        self.signed_out.emit(reason)

    def _window_closed(self) -> None:
        if self._over:  # closed by end()
            return
        self._stop()
        case_open.close_all()  # quitting: unsaved panel text is kept as encrypted drafts
        self.quit_requested.emit()

    def _stop(self) -> None:
        self._over = True
        self.watcher.stop()
        self._checker.stop()
        self.signed.keychain.forget()
