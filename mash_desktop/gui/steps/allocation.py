"""Allocation: a supervisor gives a case to one of their agency's officers.

The dialog shows who has the case now and every officer's workload (open
cases, overdue, by RAG). The allocation carries the case's version as the
supervisor saw it: if another supervisor allocated it meanwhile, the service
refuses and says who got it; the dialog shows that, reloads the case and the
workloads, and keeps the supervisor's choice selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain import access
from ...domain.codes import Status
from ...domain.errors import Conflict, MashError
from ...security.accounts import SignedIn
from ...services.case.allocation import CaseAllocation, allocate_case, allocation_state
from ...services.queue.workload import OfficerLoad, agency_workload
from ...store.database import Database
from ..help import content as help_content
from ..common.form_dialog import FormDialog
from ..common.rag_chip import CaseLine
from ..queue.workload import WorkloadTable


AGAIN = "The case and the workloads are shown as they are now; allocate again only to change it."


@dataclass(frozen=True)
class _Loaded:
    case: CaseAllocation
    loads: list[OfficerLoad]


def _load(db: Database, reference: str, agency: str) -> _Loaded:
    return _Loaded(allocation_state(db, reference), agency_workload(db, agency))


class AllocationDialog(FormDialog):
    """Pick an officer from the workload view and give them the case."""

    help_section = help_content.ALLOCATION

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        self.reference = reference.strip().upper()
        super().__init__(parent, db, signed, f"Allocate {self.reference}", "&Allocate")
        self.case_state: CaseAllocation | None = None
        self.case = CaseLine()
        self.table = WorkloadTable()
        label = QLabel(f"&Officers of {signed.actor.agency_code} (open cases, overdue, by RAG):")
        label.setBuddy(self.table)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.case)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        self.table.itemSelectionChanged.connect(self.revalidate)
        self.resize(900, 440)
        self._reload()

    def _reload(self) -> None:
        self.load(partial(_load, self.db, self.reference, self.signed.actor.agency_code or ""), self._show)

    def _show(self, loaded: _Loaded) -> None:
        self.case_state = loaded.case
        holder = loaded.case.current
        self.case.show_case(loaded.case.status, loaded.case.rag,
                            f"Allocated to {holder.describe()}" if holder else "Not allocated yet")
        self.table.show_loads(loaded.loads, holder.username if holder else None)
        self.table.setFocus()

    def problem(self) -> str | None:
        state = self.case_state
        if state is None:
            return None
        if not access.may_act(self.signed.actor.roles, access.Step.ALLOCATE):
            return f"Allocating a case needs the role of {access.role_names(access.Step.ALLOCATE)}."
        if state.status is Status.CLOSED:
            return f"{state.reference} is closed: it cannot be allocated."
        chosen = self.table.chosen()
        if chosen is None:
            return "Choose the officer who will take the case."
        if state.current is not None and chosen == state.current.username:
            return f"The case is already allocated to {state.current.name}."
        return None

    def save(self) -> None:
        chosen, version = self.table.chosen(), self.case_state.version
        self.run_save(partial(allocate_case, self.db, self.signed, self.reference, chosen, version))

    def refused(self, exc: MashError) -> None:
        if isinstance(exc, Conflict):  # someone else changed the case: show it as it is now
            self.show_message(f"{exc.message} {AGAIN}")
            self._reload()


def run_allocation(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Open the allocation dialog on ``reference``; True if the case was allocated."""
    dialog = AllocationDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed
