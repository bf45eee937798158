"""Asking someone why: the one dialog behind every "say why" in the client.

Opening a case the agency is not involved in, reopening a closed case,
refusing or returning a disclosure: each needs a reason that is kept (in the
audit trail or the case's history). The main button stays disabled until a
reason within its limit is typed, a count says how long it may be, Enter on
an empty reason does nothing, and Esc or Cancel means "do not go on".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)


class ReasonPrompt(QDialog):
    """A modal question with one answer: the reason (``reason()``, stripped)."""

    def __init__(self, parent: QWidget | None, *, title: str, explanation: str, label: str, ok_text: str,
                 limit: int, placeholder: str = "", one_line: bool = False, make_help=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.limit = limit
        layout = QVBoxLayout(self)
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        intro.setMinimumWidth(460)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        prompt = QLabel(label)
        if one_line:  # Enter answers, as in any one-line question
            self.reason_edit: QLineEdit | QPlainTextEdit = QLineEdit()
            self.reason_edit.returnPressed.connect(self.accept)
        else:
            self.reason_edit = QPlainTextEdit()
            self.reason_edit.setTabChangesFocus(True)
            self.reason_edit.setFixedHeight(self.reason_edit.fontMetrics().lineSpacing() * 5)
        self.reason_edit.setPlaceholderText(placeholder)
        self.reason_edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        prompt.setBuddy(self.reason_edit)
        self.count = QLabel()
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setDefault(True)
        cancel = QPushButton("Cancel")
        cancel.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        #: The Help button (and F1), when the dialog has a guidance section.
        self.help_button: QPushButton | None = make_help(self) if make_help is not None else None
        if self.help_button is not None:
            buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (intro, prompt, self.reason_edit, self.count, buttons):
            layout.addWidget(widget)
        self.reason_edit.textChanged.connect(self._changed)
        self._changed()
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def reason(self) -> str:
        edit = self.reason_edit
        return (edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()).strip()

    def _changed(self) -> None:
        n = len(self.reason())
        self.count.setText("A reason is required." if n == 0 else
                           f"{n} of at most {self.limit} characters" + (": shorten it." if n > self.limit else "."))
        self.ok_button.setEnabled(0 < n <= self.limit)

    def accept(self) -> None:
        if self.ok_button.isEnabled():  # Enter on an empty or overlong reason must not go on
            super().accept()
