"""The case workspace's steps: every action on the case, from its own Case menu.

The same steps as the queue's Case menu, with the same shortcuts
(actions.STEP_KEYS) and the same dialogs; each is enabled by the person's
roles and the case's status (actions.step_open), and the services refuse
whatever those do not allow. After a step the workspace reloads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from ...domain.access import Step
from ...domain.codes import Status
from ...security.accounts import SignedIn
from ...store.database import Database
from ..steps import transitions
from ..steps.allocation import run_allocation
from ..steps.authorise import run_authorisation
from ..steps.decision import run_decision
from ..steps.disclosure import run_disclosure
from ..steps.screening import run_screening
from .actions import STEP_KEYS, step_open, why_not

#: (step, label, what it does, runs a dialog returning "changed" or a step calling back when done)
STEPS = (
    (Step.SCREEN, "Sc&reen, re-rate or request research…", "Set or change the RAG rating and ask agencies "
     "to research", run_screening),
    (Step.ALLOCATE, "&Allocate…", "Give the case to an officer", run_allocation),
    (Step.DISCLOSE, "&Disclose…", "Share findings from your agency's panel", run_disclosure),
    (Step.AUTHORISE, "Au&thorise disclosures…", "Authorise this case's disclosures your agency made without "
     "consent", run_authorisation),
    (Step.SUBMIT_FOR_DECISION, "Send &for decision…", "Send the case to a decision maker",
     transitions.send_for_decision),
    (Step.DECIDE, "Dec&ide…", "Record the hub's decision", run_decision),
    (Step.CLOSE, "&Close case…", "Close the decided case once the referrer has had feedback",
     transitions.close_case),
    (Step.REOPEN, "Re&open case…", "Reopen the decided or closed case, giving the reason", transitions.reopen_case),
)

#: Steps that run in the background and call back when done (the rest are dialogs).
_CALLING_BACK = (Step.SUBMIT_FOR_DECISION, Step.CLOSE, Step.REOPEN)


class CaseSteps:
    """The step actions of one case window; ``set_case`` enables them for the loaded case."""

    def __init__(self, window: QMainWindow, db: Database, signed: SignedIn, after: Callable[[], None]) -> None:
        self.window, self.db, self.signed, self.after = window, db, signed, after
        self.reference: str | None = None
        self.status: Status | None = None
        self.actions: dict[Step, QAction] = {}
        self.tips: dict[Step, str] = {}
        for step, label, tip, run in STEPS:
            action = QAction(label, window)
            action.setShortcut(QKeySequence(STEP_KEYS[step]))
            action.triggered.connect(lambda _=False, s=step, r=run: self._run(s, r))
            action.setEnabled(False)
            self.actions[step], self.tips[step] = action, tip
        self.set_case(None, None)

    def set_case(self, reference: str | None, status: Status | None) -> None:
        """The case on screen (None while loading: nothing is enabled)."""
        self.reference, self.status = reference, status
        held = self.signed.actor.roles
        for step, action in self.actions.items():
            action.setEnabled(reference is not None and step_open(step, status, held))
            action.setStatusTip(why_not(step, status, held) or self.tips[step])

    def _run(self, step: Step, run) -> None:
        reference = self.reference
        if reference is None or not self.actions[step].isEnabled():
            return
        if step in _CALLING_BACK:
            run(self.window, self.db, self.signed, reference, self.after)
        elif run(self.window, self.db, self.signed, reference):
            self.after()
