"""Moving a case on without a form: send for decision, close, reopen (with a reason).

Send for decision and close ask "are you sure?"; reopen asks why, and will not
go on without a reason (it is kept in the case's history). Each runs through
services/case/casework.py in the background, which checks the lifecycle and
the person's roles whatever the menus show, and calls ``after`` once done.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...security.accounts import SignedIn
from ...services.case import casework
from ...services.case.reader import MAX_REASON
from ...store.database import Database
from ..common import errors
from ..common.reason_prompt import ReasonPrompt
from ..common.background import Operation

REOPEN_EXPLANATION = ("Reopening {reference} takes it back to screened, so it can be re-rated, researched "
                      "and decided again. Say why: the reason is kept in the case's history with your name.")


class ReopenDialog(ReasonPrompt):
    """Why reopen this case? OK stays disabled until there is a reason."""

    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, title=f"Reopen {reference}", explanation=REOPEN_EXPLANATION.format(reference=reference),
                         label="&Reason for reopening:", ok_text="&Reopen case", limit=MAX_REASON,
                         placeholder="For example: new information from the school about the same concern")


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
