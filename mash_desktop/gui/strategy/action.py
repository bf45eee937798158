"""The Case menus' "Strategy discussion…", and the Decision page's "Mark done" and "Record ICPC held…".

Offered in the queue's Case menu and the case workspace's (Ctrl+Shift+G) to
whoever may convene a strategy discussion (domain/access.py); greyed out,
with the reason as its status tip, for anyone else and on a closed case. The
services check the roles again whatever the menu shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain import access
from ...domain.case_record import CaseRecord
from ...domain.codes import Status
from ...domain.strategy import ActionEntry, DiscussionEntry
from ...security.accounts import SignedIn
from ...services.strategy.discussions import complete_action
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from .dialog import run_strategy
from .icpc import run_icpc

LABEL = "Strate&gy discussion…"
KEYS = "Ctrl+Shift+G"
TIP = "Record a strategy discussion on this case: who took part, what was shared, the s47 decision, actions"


def why_not(status: Status | None, signed: SignedIn) -> str:
    """Why the action is greyed out ('' if it is not; status None: not known yet)."""
    if not access.may_act(signed.actor.roles, access.Step.STRATEGY):
        return f"For {access.role_names(access.Step.STRATEGY)} only"
    if status is Status.CLOSED:
        return "Not while the case is closed"
    return ""


class StrategyMenuAction:
    """The workspace's "Strategy discussion…", enabled for the case on screen."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn, after: Callable[[], None]) -> None:
        self.window, self.db, self.signed, self.after = window, db, signed, after
        self.case: CaseRecord | None = None
        self.action = QAction(LABEL, window)
        self.action.setShortcut(QKeySequence(KEYS))
        self.action.triggered.connect(self._run)
        self.set_case(None)

    def set_case(self, case: CaseRecord | None) -> None:
        self.case = case
        reason = "Open the case first" if case is None else why_not(case.status, self.signed)
        self.action.setEnabled(not reason)
        self.action.setStatusTip(reason or TIP)

    def _run(self) -> None:
        if self.case is not None and self.action.isEnabled() and \
                run_strategy(self.window, self.db, self.signed, self.case.reference):
            self.after()


def may_mark_done(signed: SignedIn) -> bool:
    """Whether "Mark done" buttons are offered at all (the service decides for each action)."""
    return access.may_act(signed.actor.roles, access.Step.STRATEGY_ACTION)


def done_handler(parent: QWidget, db: Database, signed: SignedIn,
                 after: Callable[[], None]) -> Callable[[ActionEntry | DiscussionEntry], None] | None:
    """What the Decision page's buttons do, then ``after`` (reload): "Mark done" on an
    action asks and marks it done; "Record ICPC held…" on a discussion asks the day."""
    if not may_mark_done(signed):
        return None

    def run(entry: ActionEntry | DiscussionEntry) -> None:
        if isinstance(entry, DiscussionEntry):
            if run_icpc(parent, db, signed, entry):
                after()
            return
        asked = QMessageBox.question(parent, "MASH Desktop — Strategy action",
                                     f"Mark this action done?\n\n{entry.text}\nOwner: {entry.owner}")
        if asked != QMessageBox.StandardButton.Yes:
            return
        Operation(parent, lambda: complete_action(db, signed.actor, entry.id)) \
            .success(lambda _ref: after()).failure(lambda exc: errors.show_error(parent, exc)).run()
    return run
