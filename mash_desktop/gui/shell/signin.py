"""The sign-in dialog: who is at the workstation, checked off the GUI thread.

Signing in derives a key from the password (Argon2id, about a quarter of a
second) and reads the database, so it runs through ``background.Operation``
while the dialog shows that it is busy. Refusals are shown in the dialog in
plain words; the password field is emptied after every attempt that fails.
The password is passed to the sign-in service and never logged or kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import MashError
from ...security.accounts import SignedIn, sign_in
from ..common import errors
from ..help import content as help_content
from ..common.background import Operation
from ..common.banner import banner_width, demo_banner, demo_hint
from ..help.window import help_button
from .startup import Workplace

TITLE = "MASH Desktop — Sign in"
FAULT = "Signing in failed because of a fault in the program. Please tell your IT support."
EMPTY = "Enter your username and password."


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def message_label() -> QLabel:
    """Where a refusal is shown: plain text, wrapped, in a red that reads on white."""
    label = QLabel()
    label.setObjectName("signInMessage")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("#signInMessage { color: #b00020; }")
    label.setVisible(False)
    return label


def busy_bar() -> QProgressBar:
    """A bar that moves while the password is checked, with no percentage."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(bar.fontMetrics().height() // 2 + 4)
    bar.setAccessibleName("Checking the password")
    bar.setVisible(False)
    return bar


def fit_height(window: QWidget) -> None:
    """Grow ``window`` to the height its wrapped texts need at its width.

    Qt sizes a window from its labels' plain size hints, which are too short
    for wrapped text: without this a long message would be cut off.
    """
    layout = window.layout()
    layout.invalidate()  # a changed text is otherwise noticed only later,
    layout.activate()  # and nested layouts keep their old heights until this
    needed = layout.totalHeightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName("Password")
    return field


class SignInDialog(QDialog):
    """Username and password for this workstation's agency; Quit leaves."""

    #: Emitted with the ``SignedIn`` user once the password was right.
    signed_in = Signal(object)

    def __init__(self, place: Workplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self._busy = False
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)

        self.username = QLineEdit()
        self.username.setAccessibleName("Username")
        self.password = password_field()
        self.username_label = QLabel("&Username:")
        self.username_label.setBuddy(self.username)
        self.password_label = QLabel("&Password:")
        self.password_label.setBuddy(self.password)
        form = QFormLayout()
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)

        self.agency_label = QLabel(f"Workstation of {place.agency_label}")
        self.agency_label.setTextFormat(Qt.TextFormat.PlainText)
        self.agency_label.setWordWrap(True)
        self.message = message_label()
        self.busy = busy_bar()
        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setDefault(True)
        self.quit_button = QPushButton("&Quit")
        # Enter must never quit, even when Quit had the focus for a moment.
        self.quit_button.setAutoDefault(False)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.help_button = help_button(self, help_content.SIGN_IN)
        self.buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        self.demo_banner = demo_banner()
        self.demo_banner.setVisible(place.demo)
        if place.demo:  # wide enough for the banner on one line, so no guessing its height
            self.demo_banner.setWordWrap(False)
            self.setMinimumWidth(max(self.minimumWidth(), banner_width(self.demo_banner)))
        self.demo_hint = demo_hint(place.demo_usernames)
        self.demo_hint.setVisible(place.demo)

        body = QVBoxLayout()
        body.setContentsMargins(18, 14, 18, 14)
        body.setSpacing(10)
        body.addWidget(heading("Sign in"))
        body.addWidget(self.agency_label)
        body.addLayout(form)
        body.addWidget(self.demo_hint)
        body.addWidget(self.message)
        body.addWidget(self.busy)
        body.addWidget(self.buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.demo_banner)
        outer.addLayout(body)

        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.sign_in_button)
        QWidget.setTabOrder(self.sign_in_button, self.quit_button)
        QWidget.setTabOrder(self.quit_button, self.help_button)
        self.username.setFocus()

    @property
    def is_busy(self) -> bool:
        return self._busy

    def show_message(self, text: str) -> None:
        """Show ``text`` in the dialog (a refusal, or why the last session ended)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        fit_height(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_height(self)

    def submit(self) -> None:
        """Check the username and password in the background."""
        if self._busy:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.show_message(EMPTY)
            (self.password if username else self.username).setFocus()
            return
        self._set_busy(True)
        self.show_message("")
        db, creds = self.place.db, self.place.creds
        Operation(self, lambda: sign_in(db, creds, username, password)) \
            .success(self._succeeded).failure(self._failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (self.username, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
        self.sign_in_button.setDefault(True)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _succeeded(self, signed: SignedIn) -> None:
        self._set_busy(False)
        self.password.clear()
        self.signed_in.emit(signed)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.password.clear()
        if isinstance(exc, MashError):
            self.show_message(exc.message)
        else:
            self.show_message(FAULT)
            errors.show_error(self, exc)
        self.password.setFocus()
