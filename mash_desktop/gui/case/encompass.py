"""Operation Encompass in the workspace: the clock, and the dialog that
records the school's key adult was told.

The case header says when the key adult is due to be told (before the next
school day starts), when they were, or that it is overdue, in words. The
Case menus of the queue and the workspace offer "Record school told…"
(Ctrl+Shift+O), recorded through services/intake/encompass.py, which checks
the roles and the case again. The notification for the school is on the
workspace's Documents menu.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QWidget

from ...domain import access
from ...domain.case_record import CaseRecord
from ...domain.encompass import EncompassState
from ...reports.notice_wording import encompass_text
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.intake.encompass import encompass_state, record_informed
from ...store.database import Database
from ..common.form_dialog import FormDialog
from ..help import content as help_content
from ..intake.received import FUTURE, ReceivedAt
from .case_action import CaseAction
from .widgets import text_label

LABEL = "Record sc&hool told…"
KEYS = "Ctrl+Shift+O"
TIP = "Record when the key adult at the child's school was told of this Operation Encompass notification"
__all__ = ["encompass_text", "run_informed", "InformedAction"]


def why_not(case: CaseRecord | None, signed: SignedIn) -> str:
    """Why the action is greyed out for this case ('' if it is not)."""
    if not access.may_act(signed.actor.roles, access.Step.INFORM_SCHOOL):
        return f"For {access.role_names(access.Step.INFORM_SCHOOL)} only"
    if case is None:
        return "Open the case first"
    if case.encompass is None:
        return "Not an Operation Encompass notification"
    if case.encompass.informed_at is not None:
        return "The school is already recorded as told"
    return ""


class InformedDialog(FormDialog):
    """When was the school's key adult told? Hub time, not in the future."""

    help_section = help_content.NOTICES

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        super().__init__(parent, db, signed, f"Operation Encompass: {reference}", "&Record")
        self.reference = reference
        self.when = ReceivedAt()
        self.when.label.setText("&Told")
        self.when.edit.setAccessibleName("Date and time the key adult was told (UK time)")
        self.when.now.setAccessibleName("Set the time they were told to now")
        form = QFormLayout(self.body)
        form.addRow(text_label("The key adult at the child's school was told of the incident (the notification "
                               "for the school is on the case's Documents menu). Say when."))
        self.due_label = text_label("", muted=True, empty="")
        form.addRow(self.due_label)
        form.addRow(self.when.label, self.when)
        self.when.changed.connect(self.revalidate)
        self.state: EncompassState | None = None
        self.load(lambda: encompass_state(db, signed, reference), self._loaded_state)

    def _loaded_state(self, state: EncompassState | None) -> None:
        self.state = state
        if state is not None and state.informed_at is None:
            school = state.school or "No school is recorded for the child"
            self.due_label.setText(f"{school}: to be told by {local(state.due_at)}.")
        self.when.edit.setFocus()

    def problem(self) -> str | None:
        if self.state is None:
            return "This contact is not an Operation Encompass notification."
        if self.state.informed_at is not None:
            return f"The school was already recorded as told {local(self.state.informed_at)}."
        if self.state.school is None:
            return "No school is recorded for the child: add it to the child's record first."
        return f"The time they were told {FUTURE}." if self.when.in_future() else None

    def save(self) -> None:
        moment = self.when.moment()
        self.run_save(lambda: record_informed(self.db, self.signed, self.reference, moment))


def run_informed(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Ask when the school was told and record it; True if it was recorded."""
    dialog = InformedDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed


class InformedAction(CaseAction):
    """The workspace's "Record school told…", enabled for the case on screen."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn, after: Callable[[], None]) -> None:
        super().__init__(window, db, signed, after, label=LABEL, keys=KEYS, tip=TIP, why_not=why_not,
                         run=run_informed)
