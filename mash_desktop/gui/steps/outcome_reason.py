"""The reason a supervisor gives for refusing a disclosure or returning it to
the person who made it: required, bounded, and shown to the disclosing agency."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain import access
from ...domain.codes import DisclosureOutcome
from ..common.form_widgets import text_box

_WHAT = {
    DisclosureOutcome.REFUSED: ("Refuse disclosure", "&Refuse",
                                "Refusing is final: the disclosure is never shared. Say why; the person who "
                                "made it and their agency's supervisors will see it."),
    DisclosureOutcome.RETURNED: ("Return disclosure", "&Return",
                                 "It goes back to the person who made it, unshared; they may make a new one. "
                                 "Say what needs to change; they will see it."),
}


class ReasonDialog(QDialog):
    """Ask for the reason; the main button stays disabled until one is typed."""

    def __init__(self, parent: QWidget | None, outcome: DisclosureOutcome, about: str) -> None:
        super().__init__(parent)
        title, button, explain = _WHAT[outcome]
        self.setWindowTitle(title)
        intro = QLabel(f"{about}\n\n{explain}")
        intro.setWordWrap(True)
        self.reason = text_box("Reason", 4)
        label = QLabel("Rea&son:")
        label.setBuddy(self.reason)
        self.count = QLabel()
        self.ok_button = QPushButton(button)
        self.ok_button.setDefault(True)
        cancel = QPushButton("Cancel")
        cancel.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, label, self.reason, self.count, buttons):
            layout.addWidget(widget)
        self.reason.textChanged.connect(self._changed)
        self._changed()
        self.resize(520, 300)
        self.reason.setFocus()

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _changed(self) -> None:
        n, limit = len(self.text()), access.OUTCOME_REASON_LIMIT
        self.count.setText("A reason is required." if n == 0 else
                           f"{n} of at most {limit} characters" + (": shorten it." if n > limit else "."))
        self.ok_button.setEnabled(0 < n <= limit)

    def _accept(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()


def ask_reason(parent: QWidget | None, outcome: DisclosureOutcome, about: str) -> str | None:
    """The reason typed, or None when the supervisor cancelled."""
    dialog = ReasonDialog(parent, outcome, about)
    return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
