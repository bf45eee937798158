"""Asking why someone opens a case their agency is not involved in.

The reason goes into the audit trail with the look (DPA 2018 s62: a
consultation log carries its justification), so the dialog says so, and it
does not accept an empty reason. Esc or Cancel means "do not open".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services.case.reader import MAX_REASON
from ..help import content as help_content
from ..case.widgets import text_label
from ..help.window import help_button

EXPLANATION = ("{reference} is not allocated to you or your agency, and your agency has not been asked to "
               "research it. You can still open it, but you must say why. Your reason is recorded in the "
               "audit trail, with your name and the time, and may be reviewed by the hub's auditors.")


class ReasonDialog(QDialog):
    """A modal question: why do you need to open this case?"""

    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Reason for opening {reference}")
        self.setModal(True)
        layout = QVBoxLayout(self)
        explanation = text_label(EXPLANATION.format(reference=reference))
        explanation.setMinimumWidth(460)
        layout.addWidget(explanation)

        prompt = QLabel("&Reason for opening this case:")
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setPlaceholderText("For example: strategy meeting tomorrow about a sibling")
        prompt.setBuddy(self.reason_edit)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button.setText("&Open case")
        self.open_button.setEnabled(False)
        self.help_button = help_button(self, help_content.OPENING_REASON)
        self.buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._changed)
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _changed(self, text: str) -> None:
        self.open_button.setEnabled(bool(text.strip()))

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if self.reason():  # Enter in an empty box must not open the case
            super().accept()

