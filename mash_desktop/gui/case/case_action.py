"""One Case menu item that acts on the case on screen: enabled only when the
reader may take it on that case (its status tip says why not), running its
dialog and reloading the case when something was recorded.

The notices (written confirmation, acknowledgement, school told) are each one
of these, with their own label, key, tip, rule and dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ...domain.case_record import CaseRecord
from ...security.accounts import SignedIn
from ...store.database import Database

#: Why the action is not offered for a case (None: it is).
WhyNot = Callable[[CaseRecord | None, SignedIn], str | None]
#: Runs the action's dialog for a reference; True if something was recorded.
Run = Callable[[QWidget | None, Database, SignedIn, str], bool]


class CaseAction:
    """A QAction for the case on screen, kept enabled or not by ``why_not``."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn, after: Callable[[], None], *,
                 label: str, keys: str, tip: str, why_not: WhyNot, run: Run) -> None:
        self.window, self.db, self.signed, self.after = window, db, signed, after
        self.tip, self._why_not, self._run_dialog = tip, why_not, run
        self.case: CaseRecord | None = None
        self.action = QAction(label, window)
        self.action.setShortcut(QKeySequence(keys))
        self.action.triggered.connect(self._run)
        self.set_case(None)

    def set_case(self, case: CaseRecord | None) -> None:
        self.case = case
        reason = self._why_not(case, self.signed)
        self.action.setEnabled(not reason)
        self.action.setStatusTip(reason or self.tip)

    def _run(self) -> None:
        if self.case is not None and self.action.isEnabled() and \
                self._run_dialog(self.window, self.db, self.signed, self.case.reference):
            self.after()
