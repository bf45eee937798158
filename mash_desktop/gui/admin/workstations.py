"""The Workstations tab: the workstations enrolled to the administrator's agency
(every agency's for the hub's administrators), and withdrawing one.

A withdrawn workstation stays listed, greyed, with the day it was withdrawn.
Enrolling is done at the workstation itself (Session menu or the enrolment
wizard), since it needs the agency's enrolment key there.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from ...security.accounts import SignedIn
from ...services.admin.staff import WorkstationRow, list_workstations, withdraw_workstation
from ...store.database import Database
from ..common import errors
from .tables import action_button, button_row, chosen_key, fill, hub_day, key_table
from ..common.background import Operation
from ..common.form_widgets import note_label

HEADERS = ("Workstation", "Agency", "Enrolled", "Enrolled by", "Status")
WITHDRAW = ("Withdraw the workstation {name} ({agency})?\n\n"
            "Nobody can sign in there until an administrator of {agency} enrols it again with the agency's "
            "enrolment key.")


def _status(row: WorkstationRow) -> str:
    if row.withdrawn_at:
        return f"Withdrawn {hub_day(row.withdrawn_at)}"
    return "Active (this workstation)" if row.here else "Active"


class WorkstationsTab(QWidget):
    """Enrolled workstations and the Withdraw… action."""

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.rows: dict[str, WorkstationRow] = {}
        self.table = key_table(HEADERS, "Workstations", stretch=4)
        self.withdraw_button = action_button("&Withdraw…", "Stop anyone signing in at the chosen workstation")
        self.done_note = note_label("done", "workstationsDone")
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(self.withdraw_button))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.done_note)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.table.itemSelectionChanged.connect(self._update)
        self._update()

    def reload(self) -> None:
        Operation(self, partial(list_workstations, self.db, self.signed)).success(self._show) \
            .failure(lambda exc: errors.show_error(self, exc)).run()

    def _show(self, rows: list[WorkstationRow]) -> None:
        self.rows = {r.name: r for r in rows}
        fill(self.table, [(r.name, (r.name, r.agency, hub_day(r.enrolled_at), r.enrolled_by or "",
                                    _status(r)))
                          for r in rows], frozenset(r.name for r in rows if r.withdrawn_at))
        self._update()

    def chosen(self) -> WorkstationRow | None:
        name = chosen_key(self.table)
        return self.rows.get(name) if name else None

    def _update(self) -> None:
        row = self.chosen()
        self.withdraw_button.setEnabled(row is not None and row.withdrawn_at is None and not row.here)

    def withdraw(self) -> None:
        row = self.chosen()
        if row is None:
            return
        text = WITHDRAW.format(name=row.name, agency=row.agency)
        if QMessageBox.question(self, "Withdraw a workstation", text) != QMessageBox.StandardButton.Yes:
            return
        db, signed = self.db, self.signed
        Operation(self, lambda: withdraw_workstation(db, signed, row.name)).success(
            lambda _none: self._withdrawn(row.name)).run()

    def _withdrawn(self, name: str) -> None:
        self.done_note.setText(f"Withdrew {name}; nobody can sign in there until it is enrolled again.")
        self.done_note.setVisible(True)
        self.reload()
