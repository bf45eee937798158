"""The pages of the enrolment wizard (see :mod:`.wizard`).

1. where the hub's database is, 2. a check of the keyring and the connection,
3. an administrator of the agency signs in with the agency's enrolment key,
4. the workstation is recorded and its credentials go into the keyring.
Slow steps run through ``background.Operation``; a page waiting for one is
not complete, so Next stays greyed out. A result that comes back after the
person has moved on (a newer run started) is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ...domain.errors import MashError
from ..common import errors
from ..common.background import Operation
from ..shell.signin import busy_bar, message_label, password_field

FAULT = "The check stopped because of a fault in the program. Please tell your IT support."


def text_label(text: str = "") -> QLabel:
    """Plain, wrapped text: names and addresses never turn into markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def hint_label(text: str) -> QLabel:
    """A quieter line of explanation under a choice: dark grey, still easy to read."""
    label = text_label(text)
    label.setObjectName("enrolmentHint")
    label.setStyleSheet("#enrolmentHint { color: #4a4a4a; }")
    return label


class WorkPage(QWizardPage):
    """A page that runs one background step and shows its progress and outcome."""

    def __init__(self) -> None:
        super().__init__()
        self._run = 0
        self._busy = False
        self.status = text_label()
        self.busy = busy_bar()
        self.message = message_label()
        self.retry = QPushButton("&Try again")
        self.retry.setVisible(False)
        self.retry.clicked.connect(self.start)

    def work_layout(self) -> QVBoxLayout:
        layout = QVBoxLayout()
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.retry)
        row.addStretch(1)
        layout.addLayout(row)
        return layout

    @property
    def is_busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        """Run the page's step again (also what Try again does)."""

    def run_step(self, waiting: str, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``fn`` in the background; ``done(result)`` unless a newer run began."""
        self._run += 1
        run = self._run
        self._set_busy(True)
        self.status.setText(waiting)
        self.message.setVisible(False)
        self.retry.setVisible(False)

        def succeeded(result: Any) -> None:
            if run == self._run:
                self._set_busy(False)
                done(result)

        def failed(exc: Exception) -> None:
            if run == self._run:
                self._set_busy(False)
                self.show_failure(exc)

        Operation(self, fn).success(succeeded).failure(failed).run()

    def abandon(self) -> None:
        """Forget a run still going (the person went back)."""
        self._run += 1
        self._set_busy(False)

    def show_failure(self, exc: Exception) -> None:
        self.status.setText("")
        self.message.setText(exc.message if isinstance(exc, MashError) else FAULT)
        self.message.setVisible(True)
        self.retry.setVisible(True)
        self.completeChanged.emit()
        if not isinstance(exc, MashError):
            errors.show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.completeChanged.emit()


class AddressPage(QWizardPage):
    """Page 1: the hub's central PostgreSQL database, or the embedded one."""

    def __init__(self, intro: str, embedded_path: str) -> None:
        super().__init__()
        self.setTitle("Where is the hub's database?")
        self.central = QRadioButton("The hub's &central database (PostgreSQL)")
        self.address = QLineEdit()
        self.address.setPlaceholderText("postgresql://USER@HOST/DATABASE")
        self.address.setAccessibleName("Database address")
        self.password = password_field()
        self.password.setAccessibleName("Database password")
        self.password.setPlaceholderText("if the database user has one")
        self.embedded = QRadioButton("The &embedded database on this computer")
        self.message = message_label()

        form = QFormLayout()
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow("&Address:", self.address)
        form.addRow("Pass&word:", self.password)
        layout = QVBoxLayout(self)
        self.intro = text_label(intro)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addWidget(self.central)
        layout.addLayout(form)
        central_hint = hint_label("Each agency has its own database user; the hub's database administrator gives "
                                  "you its address and password. They are kept in the system keyring only.")
        central_hint.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(central_hint)
        layout.addSpacing(6)
        layout.addWidget(self.embedded)
        embedded_hint = hint_label(f"For a hub of one workstation, training or demonstrations.\n{embedded_path}")
        embedded_hint.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(embedded_hint)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.central.setChecked(True)
        for signal in (self.central.toggled, self.address.textChanged):
            signal.connect(self._changed)
        self._changed()

    def _changed(self, *_: object) -> None:
        for widget in (self.address, self.password):
            widget.setEnabled(self.central.isChecked())
        self.message.setVisible(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.embedded.isChecked() or bool(self.address.text().strip())

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)


class AdminPage(QWizardPage):
    """Page 3: the agency, the workstation's name, an administrator and the enrolment key."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("An administrator of the agency enrols this workstation")
        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency")
        self.workstation = QLineEdit()
        self.workstation.setAccessibleName("Workstation name")
        self.username = QLineEdit()
        self.username.setAccessibleName("Administrator's username")
        self.password = password_field()
        self.password.setAccessibleName("Administrator's password")
        self.key = QLineEdit()
        self.key.setAccessibleName("Enrolment key")
        self.key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # readable while typed, hidden after
        self.key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-…")
        # Wide enough for a whole key: 14 groups of four characters.
        self.key.setMinimumWidth(self.key.fontMetrics().horizontalAdvance("XXXX-" * 14) + 12)
        self.busy = busy_bar()
        self.busy.setAccessibleName("Checking the enrolment key and password")
        self.message = message_label()

        form = QFormLayout()
        form.addRow("A&gency:", self.agency)
        form.addRow("&Workstation name:", self.workstation)
        form.addRow("&Username:", self.username)
        form.addRow("&Password:", self.password)
        form.addRow("Enrolment &key:", self.key)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(
            "Sign in as an administrator of the agency this workstation serves and type the agency's "
            "enrolment key, printed when the agency was added to the hub."))
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)
        for field in (self.workstation, self.username, self.password, self.key):
            field.textChanged.connect(self._changed)

    def _changed(self, *_: object) -> None:
        self.completeChanged.emit()

    def fields(self) -> list[QWidget]:
        return [self.agency, self.workstation, self.username, self.password, self.key]

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return (not self.busy.isVisible() and self.agency.count() > 0
                and all(f.text().strip() for f in (self.workstation, self.username, self.password, self.key)))

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in self.fields():
            widget.setEnabled(not busy)
        self.completeChanged.emit()

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
