"""Acknowledging a contact to its referrer: what the workspace says of it, and
the dialog that records it.

A referrer who can be reached is acknowledged with the reference within one
working day. The case header says when that is due, when it was sent and
how, or that it is overdue (in words, not colour alone); the Case menus of
the queue and the workspace offer "Record acknowledgement…" (Ctrl+Shift+J),
which asks how and when it was sent and records it through
services/intake/acknowledgement.py, which checks the roles and the case again.
The letter itself is on the workspace's Documents menu.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from ...domain import access
from ...domain.acknowledgement import Acknowledgement, AckMethod
from ...domain.case_record import CaseRecord
from ...reports.notice_wording import acknowledgement_text
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.intake.acknowledgement import acknowledgement, record_acknowledgement
from ...store.database import Database
from ..common.form_dialog import FormDialog
from ..help import content as help_content
from ..intake.received import FUTURE, ReceivedAt
from .case_action import CaseAction
from .widgets import text_label

LABEL = "Record acknowledg&ement…"
KEYS = "Ctrl+Shift+J"
TIP = "Record when and how the referrer was sent the acknowledgement with the reference"
__all__ = ["acknowledgement_text", "run_acknowledgement", "AcknowledgementAction"]


def why_not(case: CaseRecord | None, signed: SignedIn) -> str:
    """Why the action is greyed out for this case ('' if it is not)."""
    if not access.may_act(signed.actor.roles, access.Step.ACKNOWLEDGE):
        return f"For {access.role_names(access.Step.ACKNOWLEDGE)} only"
    if case is None:
        return "Open the case first"
    if case.acknowledgement is None:
        return "Anonymous, or no way to reach the referrer: no acknowledgement is expected"
    if case.acknowledgement.sent_at is not None:
        return "The acknowledgement is already recorded"
    return ""


class AcknowledgementDialog(FormDialog):
    """How and when was the referrer acknowledged? Hub time, not in the future."""

    help_section = help_content.NOTICES

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        super().__init__(parent, db, signed, f"Acknowledgement of {reference}", "&Record")
        self.reference = reference
        self.how = QComboBox()
        for method in AckMethod:
            self.how.addItem(method.label, method)
        self.how.setAccessibleName("How the acknowledgement was sent")
        how_label = QLabel("&How")
        how_label.setBuddy(self.how)
        self.when = ReceivedAt()
        self.when.label.setText("&Sent")
        self.when.edit.setAccessibleName("Date and time the acknowledgement was sent (UK time)")
        self.when.now.setAccessibleName("Set the time it was sent to now")
        form = QFormLayout(self.body)
        form.addRow(text_label("The referrer was sent the reference and told what happens next (the "
                               "acknowledgement letter is on the case's Documents menu). Say how and when."))
        self.due_label = text_label("", muted=True, empty="")
        form.addRow(self.due_label)
        form.addRow(how_label, self.how)
        form.addRow(self.when.label, self.when)
        self.when.changed.connect(self.revalidate)
        self.state: Acknowledgement | None = None
        self.load(lambda: acknowledgement(db, signed, reference), self._loaded_state)

    def _loaded_state(self, state: Acknowledgement | None) -> None:
        self.state = state
        if state is not None and state.sent_at is None:
            self.due_label.setText(f"It is due {local(state.due_at)}.")
        self.how.setFocus()

    def problem(self) -> str | None:
        if self.state is None:
            return "No acknowledgement is expected: the contact is anonymous or the referrer cannot be reached."
        if self.state.sent_at is not None:
            return f"The acknowledgement was already recorded as sent {local(self.state.sent_at)}."
        return f"The time it was sent {FUTURE}." if self.when.in_future() else None

    def save(self) -> None:
        moment, how = self.when.moment(), self.how.currentData()
        self.run_save(lambda: record_acknowledgement(self.db, self.signed, self.reference, how, moment))


def run_acknowledgement(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Ask how and when the acknowledgement was sent and record it; True if it was recorded."""
    dialog = AcknowledgementDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed


class AcknowledgementAction(CaseAction):
    """The workspace's "Record acknowledgement…", enabled for the case on screen."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn, after: Callable[[], None]) -> None:
        super().__init__(window, db, signed, after, label=LABEL, keys=KEYS, tip=TIP, why_not=why_not,
                         run=run_acknowledgement)
