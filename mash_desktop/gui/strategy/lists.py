"""The attendee and action lists of the strategy discussion dialog.

Each list has a row of fields to fill in and an Add button (Enter in a field
adds too), a table of what was added, and a Remove button for the selected
row; every part is reachable by its mnemonic or Tab.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDateEdit, QGridLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QWidget,
)

from ...domain.codes import AgencyKind
from ...domain.zone import HUB_ZONE
from ...reports.wording import day
from ...services.strategy.discussions import ActionInput, AttendeeInput
from ...services.strategy.form import StrategyForm
from ..common.form_widgets import ChoiceBox, choice_box

OUTSIDE = "Outside the hub"


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(table.fontMetrics().height() * 5)
    table.setMaximumHeight(table.fontMetrics().height() * 9)
    return table


def _labelled(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label


class _List(QWidget):
    changed = Signal()

    def __init__(self, table: QTableWidget, add_text: str, remove_text: str) -> None:
        super().__init__()
        self.table = table
        self.add_button = QPushButton(add_text)
        self.add_button.setAutoDefault(False)
        self.remove_button = QPushButton(remove_text)
        self.remove_button.setAutoDefault(False)
        self.remove_button.setEnabled(False)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        table.itemSelectionChanged.connect(lambda: self.remove_button.setEnabled(bool(table.selectedItems())))
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.items: list = []

    def _row(self, cells: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
            del self.items[row]
        self.changed.emit()

    def _add(self) -> None:
        raise NotImplementedError


class AttendeeList(_List):
    """Who was invited: name, agency, role, and whether they took part."""

    def __init__(self) -> None:
        super().__init__(_table(["Name", "Agency", "Role", "Took part"], "Attendees"), "&Add attendee",
                         "Re&move attendee")
        self.name = QLineEdit()
        self.name.setAccessibleName("Attendee's name")
        self.agency = choice_box("Attendee's agency", "Choose the agency…", [])
        self.role = QLineEdit()
        self.role.setAccessibleName("Attendee's role")
        self.role.setPlaceholderText("e.g. Detective sergeant, named nurse")
        self.present = QCheckBox("Too&k part (untick: invited, sent apologies)")
        self.present.setChecked(True)
        self.kinds: dict[str | None, AgencyKind | None] = {None: None}
        for column, (text, field) in enumerate((("Atte&ndee", self.name), ("A&gency", self.agency),
                                                ("R&ole", self.role))):
            self.grid.addWidget(_labelled(text, field), 0, column)
            self.grid.addWidget(field, 1, column)
        self.grid.addWidget(self.present, 2, 0, 1, 2)
        self.grid.addWidget(self.add_button, 2, 2)
        self.grid.addWidget(self.table, 3, 0, 1, 3)
        self.grid.addWidget(self.remove_button, 4, 2)
        for edit in (self.name, self.role):
            edit.returnPressed.connect(self._add)
            edit.textChanged.connect(self._can_add)
        self.agency.currentIndexChanged.connect(self._can_add)
        self._can_add()

    def set_agencies(self, form: StrategyForm) -> None:
        for a in form.agencies:
            self.agency.add(f"{a.name} ({a.kind.label})", a.code)
            self.kinds[a.code] = a.kind
        self.agency.add(OUTSIDE, "")

    def _can_add(self) -> None:
        self.add_button.setEnabled(bool(self.name.text().strip() and self.role.text().strip())
                                   and self.agency.currentIndex() >= 0)

    def _add(self) -> None:
        if not self.add_button.isEnabled():
            return
        code = self.agency.value() or None
        given = AttendeeInput(self.name.text().strip(), self.role.text().strip(), code, self.present.isChecked())
        self.items.append(given)
        self._row([given.name, self.agency.currentText(), given.role, "Yes" if given.present else "Apologies"])
        self.name.clear()
        self.role.clear()
        self.present.setChecked(True)
        self.name.setFocus()
        self.changed.emit()

    def attendee_kinds(self) -> list[AgencyKind | None]:
        return [self.kinds.get(a.agency) for a in self.items]


class ActionList(_List):
    """What was agreed: the action, who owns it (a member or an agency), and when it is due."""

    def __init__(self) -> None:
        super().__init__(_table(["Action", "Owner", "Due"], "Actions"), "Add a&ction", "Remove act&ion")
        self.text = QLineEdit()
        self.text.setAccessibleName("Action")
        self.text.setPlaceholderText("e.g. Child protection medical today")
        self.owner: ChoiceBox = choice_box("Who owns the action", "Choose who owns it…", [])
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.due.setAccessibleName("Date the action is due")
        today = dt.datetime.now(HUB_ZONE).date()
        self.due.setDate(QDate(today.year, today.month, today.day))
        for column, (text, field) in enumerate((("Ac&tion", self.text), ("Owned b&y", self.owner),
                                                ("D&ue", self.due))):
            self.grid.addWidget(_labelled(text, field), 0, column)
            self.grid.addWidget(field, 1, column)
        self.grid.addWidget(self.add_button, 2, 2)
        self.grid.addWidget(self.table, 3, 0, 1, 3)
        self.grid.addWidget(self.remove_button, 4, 2)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.due.setMinimumWidth(self.due.sizeHint().width() + 8)
        self.text.returnPressed.connect(self._add)
        self.text.textChanged.connect(self._can_add)
        self.owner.currentIndexChanged.connect(self._can_add)
        self._can_add()

    def set_owners(self, form: StrategyForm) -> None:
        for a in form.agencies:
            self.owner.add(a.name, ("agency", a.code))
        for m in form.members:
            self.owner.add(f"{m.name} ({m.agency})", ("member", m.username))

    def _can_add(self) -> None:
        self.add_button.setEnabled(bool(self.text.text().strip()) and self.owner.currentIndex() >= 0)

    def due_on(self) -> dt.date:
        shown = self.due.date()
        return dt.date(shown.year(), shown.month(), shown.day())

    def _add(self) -> None:
        if not self.add_button.isEnabled():
            return
        kind, key = self.owner.value()
        given = ActionInput(self.text.text().strip(), self.due_on(),
                            owner_username=key if kind == "member" else None,
                            owner_agency=key if kind == "agency" else None)
        self.items.append(given)
        self._row([given.text, self.owner.currentText(), day(given.due_on)])
        self.text.clear()
        self.text.setFocus()
        self.changed.emit()
