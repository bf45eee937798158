"""The idle lock: after some minutes without input the client asks for the password again.

:class:`IdleWatcher` sees every keyboard and mouse event of the application
through one event filter and says when none came for the whole interval.
:class:`LockScreen` then stands over the application's windows (each covered
by a shade, see shade.py), names who is signed in and takes their password
again, checked by the sign-in service in the background. Only that person
can carry on; anyone else signs out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import EnvironmentFault, MashError, NotPermitted
from ...security.accounts import WRONG, SignedIn, sign_in
from ..common import errors
from ..help import content as help_content
from ..common.background import Operation
from ..common.banner import banner_width, demo_banner
from ..help.window import help_button
from ..common.shade import LOCKED_TITLE
from .signin import FAULT, busy_bar, fit_height, heading, message_label, password_field
from .startup import Workplace

#: Events that mean someone is at the keyboard or mouse.
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.InputMethod,
})
WRONG_PASSWORD = "That password is not right."


class IdleWatcher(QObject):
    """Emits ``idle`` once no input reached the application for ``interval_ms``.

    Each input event only notes the time, so a moving mouse costs next to
    nothing; one timer wakes when the interval could have run out and looks.
    """

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.interval_ms = max(1, int(interval_ms))
        self._clock = clock
        self._last = clock()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        self._watching = False

    @property
    def watching(self) -> bool:
        return self._watching

    def start(self) -> None:
        """Start counting from now."""
        app = QApplication.instance()
        if not self._watching and app is not None:
            app.installEventFilter(self)
        self._watching = True
        self._last = self._clock()
        self._timer.start(self.interval_ms)

    def stop(self) -> None:
        app = QApplication.instance()
        if self._watching and app is not None:
            app.removeEventFilter(self)
        self._watching = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in INPUT_EVENTS:
            self._last = self._clock()
        return False

    def check(self) -> None:
        """Emit ``idle`` (and stop) if the interval ran out; else look again later."""
        if not self._watching:
            return
        left_ms = self.interval_ms - int((self._clock() - self._last) * 1000)
        if left_ms > 0:
            self._timer.start(left_ms)
            return
        self.stop()
        self.idle.emit()


class LockScreen(QDialog):
    """Stands over the shaded windows until their user enters the password again.

    Application-modal and shown last, so it takes the keyboard and mouse even
    when another dialog was open; it cannot be closed or escaped, only left
    by unlocking or signing out.
    """

    #: The password was right: carries the fresh ``SignedIn``.
    unlocked = Signal(object)
    #: The person chose to sign out (someone else wants the workstation).
    sign_out_requested = Signal()
    #: The account may no longer work here (disabled, locked): carries the error.
    refused = Signal(object)

    def __init__(self, place: Workplace, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint
                         | Qt.WindowType.WindowTitleHint)
        self.place = place
        self.username = signed.actor.username
        self._busy = False
        self._finished = False
        self.setWindowTitle(LOCKED_TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.demo_banner = demo_banner()
        self.demo_banner.setVisible(place.demo)
        self.demo_banner.setWordWrap(False)
        # A fixed width lets the wrapped labels work out their height.
        width = self.fontMetrics().horizontalAdvance("M") * 36
        self.setFixedWidth(max(width, banner_width(self.demo_banner)) if place.demo else width)

        who = QLabel(f"Signed in as {signed.display_name} ({self.username}) of {place.agency_label}.")
        explain = QLabel("Enter your password to carry on where you left off. "
                         "Someone else? Sign out first, then sign in as yourself.")
        for label in (who, explain):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.who = who
        self.password = password_field()
        password_label = QLabel("&Password:")
        password_label.setBuddy(self.password)
        self.message = message_label()
        self.busy = busy_bar()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.sign_out_button = QPushButton("Sign &out")
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.clicked.connect(self.sign_out_requested)

        row = QHBoxLayout()
        row.addWidget(password_label)
        row.addWidget(self.password, 1)
        self.help_button = help_button(self, help_content.SIGN_IN)
        buttons = QHBoxLayout()
        buttons.addWidget(self.help_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_out_button)
        buttons.addWidget(self.unlock_button)
        inner = QVBoxLayout()
        inner.setContentsMargins(24, 18, 24, 18)
        inner.setSpacing(10)
        inner.addWidget(heading("MASH Desktop is locked"))
        inner.addWidget(who)
        inner.addWidget(explain)
        inner.addLayout(row)
        inner.addWidget(self.message)
        inner.addWidget(self.busy)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.demo_banner)
        outer.addLayout(inner)
        QWidget.setTabOrder(self.password, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.sign_out_button)
        QWidget.setTabOrder(self.sign_out_button, self.help_button)
        self.password.setFocus()

    def finish(self) -> None:
        """Close for good (unlocked or signed out); until then it cannot be closed."""
        self._finished = True
        self.close()

    def reject(self) -> None:  # Escape: nothing to cancel here
        if self._finished:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_height(self)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        """Check the password of the signed-in user in the background."""
        password = self.password.text()
        if self._busy or not password:
            return
        self._set_busy(True)
        self.message.setVisible(False)
        db, creds, username = self.place.db, self.place.creds, self.username
        Operation(self, lambda: sign_in(db, creds, username, password)) \
            .success(self._succeeded).failure(self._failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.password.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def _succeeded(self, signed: SignedIn) -> None:
        self._set_busy(False)
        self.password.clear()
        self.unlocked.emit(signed)

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, NotPermitted) and exc.message == WRONG:
            self._say(WRONG_PASSWORD)
        elif isinstance(exc, EnvironmentFault):  # e.g. the database is out of reach: try again
            self._say(exc.message)
        elif isinstance(exc, MashError):  # disabled or locked meanwhile: the session is over
            self.refused.emit(exc)
        else:
            self._say(FAULT)
            errors.show_error(self, exc)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        fit_height(self)
