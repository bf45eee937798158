"""The queue window's Case menu: open the selected case and act on it.

Each action opens the dialog of one step of the hub's process for the
referral selected in the queue. Actions are shown to everyone and enabled by
role and selection, so a person sees what exists and why it is not for
them (the status tip says so); the services refuse whatever the roles do
not allow, whatever the menu shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTableView

from ...domain.access import Step
from ...domain.codes import Status
from ...security.accounts import SignedIn
from ...store.database import Database
from . import acknowledgement, confirmation, encompass, no_share, opening as case_open
from .actions import STEP_KEYS, step_open, why_not
from ..steps.allocation import run_allocation
from ..steps.authorise import run_authorisation
from ..steps import transitions
from ..steps.consultation import record_consultation
from ..consultations.window import show_consultations
from ..steps.decision import run_decision
from ..steps.disclosure import run_disclosure
from ..intake.dialog import new_contact
from ..steps.screening import run_screening
from ..strategy import action as strategy_action
from ..strategy.dialog import run_strategy

#: (label, shortcut, step, needs a selected case, what it does); who may take
#: each step is domain/access.py's ``STEP_ROLES``, as the services enforce it,
#: and from which status domain/lifecycle.py's (see actions.py).
K = STEP_KEYS
ACTIONS = (
    ("&Open case", "Return", Step.OPEN_CASE, True, "Open the selected case's workspace"),
    ("&New contact…", "Ctrl+N", Step.ADD_CONTACT, False, "Take in a new contact"),
    ("Record a &consultation…", "Ctrl+Shift+C", Step.CONSULT, False,
     "Record a professional's request for advice and the advice given"),
    ("Cons&ultations…", "", Step.CONSULT, False, "Search the consultations, read one, make one into a contact"),
    ("&Screen…", K[Step.SCREEN], Step.SCREEN, True, "Set or change the RAG rating and request research"),
    ("&Allocate…", K[Step.ALLOCATE], Step.ALLOCATE, True, "Give the selected case to an officer"),
    ("&Disclose…", K[Step.DISCLOSE], Step.DISCLOSE, True,
     "Share findings from your agency's panel"),
    (no_share.LABEL, no_share.KEYS, Step.DECLINE_SHARE, True, no_share.TIP),
    ("Au&thorise disclosures…", K[Step.AUTHORISE], Step.AUTHORISE, False,
     "Authorise disclosures your agency made without consent"),
    ("Send &for decision…", K[Step.SUBMIT_FOR_DECISION], Step.SUBMIT_FOR_DECISION, True,
     "Send the selected case to a decision maker"),
    ("Dec&ide…", K[Step.DECIDE], Step.DECIDE, True, "Record the hub's decision on the selected case"),
    ("C&lose case…", K[Step.CLOSE], Step.CLOSE, True,
     "Close a decided case once the referrer has had feedback"),
    ("&Reopen case…", K[Step.REOPEN], Step.REOPEN, True,
     "Reopen a decided or closed case, giving the reason"),
    (confirmation.LABEL, confirmation.KEYS, Step.ADD_CONTACT, True, confirmation.TIP),
    (acknowledgement.LABEL, acknowledgement.KEYS, Step.ACKNOWLEDGE, True, acknowledgement.TIP),
    (encompass.LABEL, encompass.KEYS, Step.INFORM_SCHOOL, True, encompass.TIP),
    (strategy_action.LABEL, strategy_action.KEYS, Step.STRATEGY, True, strategy_action.TIP),
)


class CaseMenu:
    """Builds the menu on ``window`` and keeps its actions' enabled state."""

    def __init__(self, window: QMainWindow, db: Database, signed: SignedIn, table: QTableView,
                 reference_at: Callable[[int], str], after_change: Callable[[], None],
                 status_at: Callable[[int], Status | None] = lambda _row: None) -> None:
        self.window, self.db, self.signed, self.table = window, db, signed, table
        self.reference_at, self.after_change, self.status_at = reference_at, after_change, status_at
        runs = (self._open, self._new_contact, self._consultation,
                lambda: show_consultations(self.window, self.db, self.signed), self._per_case(run_screening),
                self._per_case(run_allocation), self._per_case(run_disclosure),
                self._per_case(no_share.run_no_share), self._authorise,
                self._then(transitions.send_for_decision), self._per_case(run_decision),
                self._then(transitions.close_case), self._then(transitions.reopen_case),
                self._per_case(confirmation.run_confirmation), self._per_case(acknowledgement.run_acknowledgement),
                self._per_case(encompass.run_informed), self._per_case(run_strategy))
        bar = window.menuBar()
        menu = QMenu("&Case", window)
        existing = bar.actions()  # Case goes before the last menu (Session)
        bar.insertMenu(existing[-1], menu) if existing else bar.addMenu(menu)
        self.actions: list[tuple[QAction, Step, bool]] = []
        self.tips: dict[QAction, str] = {}
        for (label, keys, step, per_case, tip), run in zip(ACTIONS, runs, strict=True):
            action = QAction(label, window)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setStatusTip(tip)
            action.triggered.connect(run)
            menu.addAction(action)
            self.tips[action] = tip
            self.actions.append((action, step, per_case))
        self.open_action = self.actions[0][0]
        # Return opens the case only from the table, not from the search box.
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        table.addAction(self.open_action)
        table.doubleClicked.connect(lambda _index: self._open())
        table.selectionModel().selectionChanged.connect(lambda *_: self.update())
        self.update()

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.reference_at(rows[0].row()) if rows else None

    def selected_status(self) -> Status | None:
        rows = self.table.selectionModel().selectedRows()
        return self.status_at(rows[0].row()) if rows else None

    def update(self) -> None:
        has_case = self.selected() is not None
        status = self.selected_status() if has_case else None
        held = self.signed.actor.roles
        for action, step, per_case in self.actions:
            allowed = step_open(step, status if per_case else None, held)
            action.setEnabled(allowed and (has_case or not per_case))
            action.setStatusTip(why_not(step, status if per_case else None, held) or self.tips[action])

    def _open(self) -> None:
        reference = self.selected()
        if reference and self.open_action.isEnabled():
            case_open.open_case(self.window, self.db, self.signed, reference)

    def _new_contact(self) -> None:
        if new_contact(self.window, self.db, self.signed):
            self.after_change()

    def _consultation(self) -> None:
        record_consultation(self.window, self.db, self.signed)

    def _authorise(self) -> None:
        if run_authorisation(self.window, self.db, self.signed, None):
            self.after_change()

    def _then(self, run) -> Callable[[], None]:
        """A step that runs in the background and reloads the queue when done."""
        def go() -> None:
            reference = self.selected()
            if reference:
                run(self.window, self.db, self.signed, reference, self.after_change)
        return go

    def _per_case(self, run) -> Callable[[], None]:
        def go() -> None:
            reference = self.selected()
            if reference and run(self.window, self.db, self.signed, reference):
                self.after_change()
        return go
