"""What the administration tabs share: a read-only table keyed by row, action
buttons, and a line saying what was last done.

Each row carries a key (an agency code, a username, a workstation name) so
the selection survives a reload and sorting. Numbers sort as numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...services.intake.referrals import HUB_ZONE

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
Cell = str | int


def plural(count: int, word: str) -> str:
    """"1 seat", "3 seats"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def hub_day(moment: dt.datetime | None) -> str:
    """A moment as a day in hub time ("12 Nov 2024"); empty when there is none."""
    if moment is None:
        return ""
    local = moment.astimezone(HUB_ZONE)
    return f"{local.day} {local:%b %Y}"


def key_table(headers: Sequence[str], accessible_name: str, stretch: int = 1) -> QTableWidget:
    """A sortable, read-only table whose rows are chosen whole, one at a time.

    Rows start sorted by the first column; column ``stretch`` takes the spare width.
    """
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    head = table.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    head.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    head.setStretchLastSection(False)
    table.setAccessibleName(accessible_name)
    return table


def _item(value: Cell) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.DisplayRole, value)
    if isinstance(value, int):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def fill(table: QTableWidget, rows: Sequence[tuple[str, Sequence[Cell]]], dimmed: frozenset[str] = frozenset()
         ) -> None:
    """Show ``rows`` of (key, cells), keeping the chosen key selected; ``dimmed`` keys are greyed."""
    keep = chosen_key(table)
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for row, (key, cells) in enumerate(rows):
        for column, value in enumerate(cells):
            item = _item(value)
            item.setData(KEY_ROLE, key)
            if key in dimmed:
                item.setForeground(table.palette().placeholderText())
            table.setItem(row, column, item)
    table.setSortingEnabled(True)
    if keep is not None:
        choose_key(table, keep)


def chosen_key(table: QTableWidget) -> str | None:
    rows = table.selectionModel().selectedRows(0)
    return rows[0].data(KEY_ROLE) if rows else None


def choose_key(table: QTableWidget, key: str) -> bool:
    for row in range(table.rowCount()):
        if table.item(row, 0).data(KEY_ROLE) == key:
            table.selectRow(row)
            return True
    return False


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """The tab's action buttons in a row, left-aligned."""
    row = QHBoxLayout()
    for button in buttons:
        button.setAutoDefault(False)
        row.addWidget(button)
    row.addStretch(1)
    return row


def action_button(text: str, tip: str, parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    button.setStatusTip(tip)
    return button
