"""Moving a case on without a form: send for decision, close, reopen (with a reason).

Send for decision and close ask "are you sure?"; reopen asks why, and will not
go on without a reason (it is kept in the case's history). Each runs through
services/case/casework.py in the background, which checks the lifecycle and
the person's roles whatever the menus show, and calls ``after`` once done.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget

from ...security.accounts import SignedIn
from ...services.case import casework
from ...services.case.reader import MAX_REASON
from ...store.database import Database
from ..case.widgets import text_label
from ..common import errors
from ..common.background import Operation

REOPEN_EXPLANATION = ("Reopening {reference} takes it back to screened, so it can be re-rated, researched "
                      "and decided again. Say why: the reason is kept in the case's history with your name.")


class ReopenDialog(QDialog):
    """Why reopen this case? OK stays disabled until there is a reason."""

    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Reopen {reference}")
        self.setModal(True)
        layout = QVBoxLayout(self)
        explanation = text_label(REOPEN_EXPLANATION.format(reference=reference))
        explanation.setMinimumWidth(460)
        layout.addWidget(explanation)
        prompt = QLabel("&Reason for reopening:")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText("For example: new information from the school about the same concern")
        self.reason_edit.setFixedHeight(90)
        prompt.setBuddy(self.reason_edit)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Reopen case")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._changed)
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _changed(self) -> None:
        text = self.reason_edit.toPlainText()
        if len(text) > MAX_REASON:
            self.reason_edit.setPlainText(text[:MAX_REASON])
        self.ok_button.setEnabled(bool(self.reason()))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def accept(self) -> None:
        if self.reason():
            super().accept()


def _run(parent: QWidget, db: Database, signed: SignedIn, reference: str, after: Callable[[], None],
         step, *args) -> None:
    actor = signed.actor
    Operation(parent, lambda: casework.run_step(db, actor, reference, step, *args)) \
        .success(lambda _: after()).failure(lambda exc: errors.show_error(parent, exc)).run()


def _confirmed(parent: QWidget, title: str, question: str) -> bool:
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes


def send_for_decision(parent: QWidget, db: Database, signed: SignedIn, reference: str,
                      after: Callable[[], None]) -> None:
    if _confirmed(parent, "Send for decision",
                  f"Send {reference} to a decision maker? Research still outstanding can be returned "
                  "meanwhile; deciding without it needs the decision maker's reason."):
        _run(parent, db, signed, reference, after, casework.submit_for_decision)


def close_case(parent: QWidget, db: Database, signed: SignedIn, reference: str, after: Callable[[], None]) -> None:
    if _confirmed(parent, "Close case",
                  f"Close {reference}? Do this once the decision is made and the referrer has had feedback; "
                  "a supervisor or decision maker can reopen it with a reason."):
        _run(parent, db, signed, reference, after, casework.close)


def reopen_case(parent: QWidget, db: Database, signed: SignedIn, reference: str, after: Callable[[], None]) -> None:
    dialog = ReopenDialog(reference, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            _run(parent, db, signed, reference, after, casework.reopen, dialog.reason())
    finally:
        dialog.deleteLater()
