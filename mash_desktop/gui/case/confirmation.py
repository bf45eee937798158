"""Written confirmation of a phone contact: what the workspace says of it, and
the dialog that records when it came.

A phone contact is confirmed in writing within the hub's set time. The
workspace says when that is due, when it came, or that it is overdue (in
words, not colour alone); the Case menus of the queue and the workspace
offer "Record written confirmation…" (Ctrl+Shift+N), which asks when it
came (hub time, now by default) and records it through
services/intake/confirmation.py, which checks the roles and the case again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QWidget

from ...domain import access
from ...domain.case_record import CaseRecord
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.intake.confirmation import confirmation_times, record_confirmation
from ...store.database import Database
from ..common.form_dialog import FormDialog
from ..intake.received import FUTURE, ReceivedAt
from .case_action import CaseAction
from .widgets import text_label

LABEL = "Record written confir&mation…"
KEYS = "Ctrl+Shift+N"
TIP = "Record when the written confirmation of this phone contact came in"


def confirmation_text(case: CaseRecord, now: dt.datetime) -> str | None:
    """"Written confirmation due …", "… received …" or "… overdue …"; None for a contact not made by phone."""
    due, came = case.confirmation_due_at, case.confirmation_received_at
    if due is None:
        return None
    if came is not None:
        altered = "" if case.confirmation_verified else " (altered outside the hub: do not rely on it)"
        return f"Written confirmation received {local(came)}{altered}"
    if case.confirmation_overdue(now):
        return f"Written confirmation overdue: it was due {local(due)}"
    return f"Written confirmation due {local(due)}"


def why_not(case: CaseRecord | None, signed: SignedIn) -> str:
    """Why the action is greyed out for this case ('' if it is not)."""
    if not access.may_act(signed.actor.roles, access.Step.ADD_CONTACT):
        return f"For {access.role_names(access.Step.ADD_CONTACT)} only"
    if case is None:
        return "Open the case first"
    if case.confirmation_due_at is None:
        return "Not a phone contact: no written confirmation is expected"
    if case.confirmation_received_at is not None:
        return "The written confirmation is already recorded"
    return ""


class ConfirmationDialog(FormDialog):
    """When did the written confirmation come? Hub time, not in the future."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        super().__init__(parent, db, signed, f"Written confirmation of {reference}", "&Record")
        self.reference = reference
        self.when = ReceivedAt()
        self.when.label.setText("&Came in")
        self.when.edit.setAccessibleName("Date and time the written confirmation came in (UK time)")
        self.when.now.setAccessibleName("Set the time it came in to now")
        form = QFormLayout(self.body)
        form.addRow(text_label("The referrer confirmed this phone contact in writing. Say when it came in: "
                               "the case then shows it as received."))
        self.due_label = text_label("", muted=True, empty="")
        form.addRow(self.due_label)
        form.addRow(self.when.label, self.when)
        self.when.changed.connect(self.revalidate)
        self.due: dt.datetime | None = None
        self.received: dt.datetime | None = None
        self.load(lambda: confirmation_times(db, signed, reference), self._times_loaded)

    def _times_loaded(self, times: tuple[dt.datetime | None, dt.datetime | None]) -> None:
        self.due, self.received = times
        if self.due is not None and self.received is None:
            self.due_label.setText(f"It was due {local(self.due)}.")
        self.when.edit.setFocus()

    def problem(self) -> str | None:
        if self.due is None:
            return "This contact did not come in by phone: no written confirmation is expected."
        if self.received is not None:
            return f"Its written confirmation was already recorded as received {local(self.received)}."
        return f"The time it came in {FUTURE}." if self.when.in_future() else None

    def save(self) -> None:
        moment = self.when.moment()
        self.run_save(lambda: record_confirmation(self.db, self.signed, self.reference, moment))


def run_confirmation(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Ask when the confirmation came and record it; True if it was recorded."""
    dialog = ConfirmationDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed


class ConfirmationAction(CaseAction):
    """The workspace's "Record written confirmation…", enabled for the case on screen."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn, after: Callable[[], None]) -> None:
        super().__init__(window, db, signed, after, label=LABEL, keys=KEYS, tip=TIP, why_not=why_not,
                         run=run_confirmation)
