"""Withdrawing a disclosure that was returned to the person who made it.

The dialog shows the returned disclosure in plain words (to whom, on what
basis, who returned it and why: gui/steps/disclosure_summary.py) and asks
why it is withdrawn. The discloser, or a supervisor or deputy authoriser of
their agency, may withdraw it; services/case/disclosures.py checks that
again and signs the withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain import access
from ...domain.case_record import DisclosureEntry
from ...security.accounts import SignedIn
from ...services.case.disclosures import withdraw
from ...store.database import Database
from ..common.form_dialog import FormDialog
from ..common.form_widgets import text_box
from ..help import content as help_content
from .disclosure_summary import returned_words


class WithdrawDialog(FormDialog):
    """A returned disclosure, its return reason, and the reason for withdrawing it."""

    help_section = help_content.AUTHORISE

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, entry: DisclosureEntry) -> None:
        super().__init__(parent, db, signed, f"Withdraw disclosure {entry.id}", "&Withdraw")
        self.entry = entry
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("\n\n".join(returned_words(entry)))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("The returned disclosure")
        self.reason = text_box("Reason for withdrawing", 4)
        label = QLabel("&Reason for withdrawing:")
        label.setBuddy(self.reason)
        for widget in (self.summary, label, self.reason):
            layout.addWidget(widget)
        self.reason.textChanged.connect(self.revalidate)
        self.resize(560, 420)
        self.load(lambda: entry.id, lambda _: self.reason.setFocus())

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def problem(self) -> str | None:
        n, limit = len(self.text()), access.OUTCOME_REASON_LIMIT
        if n == 0:
            return "Say why the disclosure is withdrawn."
        return f"Keep the reason to {limit} characters ({n} now)." if n > limit else None

    def save(self) -> None:
        reason, number = self.text(), self.entry.id
        self.run_save(lambda: withdraw(self.db, self.signed, number, reason))


def run_withdrawal(parent: QWidget | None, db: Database, signed: SignedIn, entry: DisclosureEntry) -> bool:
    """Ask why and withdraw ``entry``; True if it was withdrawn."""
    dialog = WithdrawDialog(parent, db, signed, entry)
    dialog.exec()
    return dialog.changed


def withdraw_handler(parent: QWidget, db: Database, signed: SignedIn,
                     after: Callable[[], None]) -> Callable[[DisclosureEntry], None]:
    """What a "Withdraw…" button in the case workspace does: ask, withdraw, then ``after`` (reload)."""
    def run(entry: DisclosureEntry) -> None:
        if run_withdrawal(parent, db, signed, entry):
            after()
    return run
