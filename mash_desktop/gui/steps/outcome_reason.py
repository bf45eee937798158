"""The reason a supervisor gives for refusing a disclosure or returning it to
the person who made it: required, bounded, and shown to the disclosing agency."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from ...domain import access
from ...domain.codes import DisclosureOutcome
from ..common.reason_prompt import ReasonPrompt

_WHAT = {
    DisclosureOutcome.REFUSED: ("Refuse disclosure", "&Refuse",
                                "Refusing is final: the disclosure is never shared. Say why; the person who "
                                "made it and their agency's supervisors will see it."),
    DisclosureOutcome.RETURNED: ("Return disclosure", "&Return",
                                 "It goes back to the person who made it, unshared; they may make a new one. "
                                 "Say what needs to change; they will see it."),
}


class OutcomeReasonDialog(ReasonPrompt):
    """Ask for the reason; the main button stays disabled until one is typed."""

    def __init__(self, parent: QWidget | None, outcome: DisclosureOutcome, about: str) -> None:
        title, button, explain = _WHAT[outcome]
        super().__init__(parent, title=title, explanation=f"{about}\n\n{explain}", label="Rea&son:",
                         ok_text=button, limit=access.OUTCOME_REASON_LIMIT)
        self.resize(520, 300)


def ask_reason(parent: QWidget | None, outcome: DisclosureOutcome, about: str) -> str | None:
    """The reason typed, or None when the supervisor cancelled."""
    dialog = OutcomeReasonDialog(parent, outcome, about)
    return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
