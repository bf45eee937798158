"""The workload view: an agency's officers with their open, overdue and rated cases.

One row per officer, sortable by any column; numbers sort as numbers. The
officer who has the case now is marked in words. Overdue counts are red and
bold, and the column says "Overdue", so colour is never the only signal.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ...domain.codes import Rag, Role
from ...services.queue.workload import OfficerLoad
from ..common.rag_chip import rag_icon, rag_word

USERNAME_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE = QColor("#b71c1c")


class Column(enum.IntEnum):
    OFFICER = 0
    ROLE = 1
    OPEN = 2
    OVERDUE = 3
    RED = 4
    AMBER = 5
    GREEN = 6
    BLUE = 7
    NOT_RATED = 8


RAG_COLUMNS = {Column.RED: Rag.RED, Column.AMBER: Rag.AMBER, Column.GREEN: Rag.GREEN, Column.BLUE: Rag.BLUE,
               Column.NOT_RATED: None}
HEADERS = {Column.OFFICER: "Officer", Column.ROLE: "Role", Column.OPEN: "Open cases", Column.OVERDUE: "Overdue",
           **{c: rag_word(r) for c, r in RAG_COLUMNS.items()}}


def _number(value: int, tip: str) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.DisplayRole, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setToolTip(tip)
    return item


def _role(load: OfficerLoad) -> str:
    return "Supervisor" if Role.SUPERVISOR in load.roles and Role.OFFICER not in load.roles else "Officer"


class WorkloadTable(QTableWidget):
    """Officers and their loads; the selected row's username is :meth:`chosen`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(Column), parent)
        for column in Column:
            header = QTableWidgetItem(HEADERS[column])
            rag = RAG_COLUMNS.get(column)
            if rag is not None:
                header.setIcon(rag_icon(rag, 12))
            self.setHorizontalHeaderItem(column, header)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.sortByColumn(Column.OFFICER, Qt.SortOrder.AscendingOrder)
        head = self.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(False)
        self.setAccessibleName("Officers and their workload")

    def show_loads(self, loads: list[OfficerLoad], holder: str | None) -> None:
        """Fill the table, keeping the chosen officer selected if still listed."""
        keep = self.chosen()
        self.setSortingEnabled(False)
        self.setRowCount(len(loads))
        for row, load in enumerate(loads):
            name = QTableWidgetItem(load.name + (" (has the case)" if load.username == holder else ""))
            name.setData(USERNAME_ROLE, load.username)
            name.setToolTip(load.username)
            self.setItem(row, Column.OFFICER, name)
            self.setItem(row, Column.ROLE, QTableWidgetItem(_role(load)))
            self.setItem(row, Column.OPEN, _number(load.open_cases, f"{load.open_cases} open cases"))
            late = _number(load.overdue, f"{load.overdue} overdue for a decision")
            if load.overdue:
                late.setForeground(OVERDUE)
                font = QFont(self.font())
                font.setBold(True)
                late.setFont(font)
            self.setItem(row, Column.OVERDUE, late)
            for column, rag in RAG_COLUMNS.items():
                self.setItem(row, column, _number(load.count(rag), f"{load.count(rag)} {rag_word(rag).lower()}"))
        self.setSortingEnabled(True)
        if keep is not None:
            self.choose(keep)

    def chosen(self) -> str | None:
        rows = self.selectionModel().selectedRows(Column.OFFICER)
        return rows[0].data(USERNAME_ROLE) if rows else None

    def choose(self, username: str) -> bool:
        for row in range(self.rowCount()):
            if self.item(row, Column.OFFICER).data(USERNAME_ROLE) == username:
                self.selectRow(row)
                return True
        return False
