"""The audit trail as a Qt table model that reads a page at a time, in the background.

The model holds the events read so far, newest first. When the view
scrolls to the end, Qt asks ``canFetchMore``/``fetchMore`` and the next
page (older events, services/audit/query.py) is read on a worker through
``background.Operation``; the rows are added when it comes back. A new
filter starts again from the newest event, and answers to an older filter
that arrive late are dropped. The number of matching events is counted
separately, so the window can say "200 of 48,113 shown" at once.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QObject, Qt, Signal

from ...services.audit.query import AuditFilter, AuditPage, AuditRow
from ...services.intake.referrals import HUB_ZONE
from ..common.background import Operation

#: Reads a page of events older than the given event number (None: from the newest).
Pager = Callable[[AuditFilter, int | None], AuditPage]
#: Counts the events a filter matches.
Counter = Callable[[AuditFilter], int]
#: The event number of a row.
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
NO_VALUE = "—"

Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    EVENT = 0
    TIME = 1
    USER = 2
    AGENCY = 3
    ACTION = 4
    TARGET = 5
    DETAIL = 6

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {Column.EVENT: "Event", Column.TIME: "Time (hub)", Column.USER: "User", Column.AGENCY: "Agency",
           Column.ACTION: "Action", Column.TARGET: "Target", Column.DETAIL: "Detail"}


def local_time(moment: dt.datetime) -> str:
    """A moment in hub local time, to the second: "12 Nov 2024, 10:30:05 GMT"."""
    local = moment.astimezone(HUB_ZONE)
    return f"{local.day} {local:%b %Y, %H:%M:%S %Z}"


def _cell(row: AuditRow, column: Column) -> str:
    if column is Column.EVENT:
        return str(row.id)
    if column is Column.TIME:
        return local_time(row.at)
    if column is Column.USER:
        return row.user
    if column is Column.AGENCY:
        return row.agency or NO_VALUE
    if column is Column.ACTION:
        return row.action
    if column is Column.TARGET:
        return row.target
    return row.summary


def _tip(row: AuditRow, column: Column) -> str | None:
    if column is Column.TIME:
        return f"{row.at.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M:%S} UTC"
    if column is Column.USER and row.workstation:
        return f"{row.user} at workstation {row.workstation}"
    if column is Column.DETAIL:
        whole = [f"Reason given: {row.justification}"] if row.justification else []
        return "\n".join(whole + ([row.detail] if row.detail else [])) or None
    return None


class AuditModel(QAbstractTableModel):
    """Events of the current filter, newest first, read a page at a time."""

    #: A page arrived and its rows are shown.
    page_loaded = Signal()
    #: The number of matching events is known.
    counted = Signal(int)
    #: Reading or counting failed; the exception says why.
    failed = Signal(object)

    def __init__(self, parent: QObject | None, pager: Pager, counter: Counter) -> None:
        super().__init__(parent)
        self._pager, self._counter = pager, counter
        self._rows: list[AuditRow] = []
        self._filter = AuditFilter()
        self._more = False
        self._loading = False
        self._generation = 0
        self.total: int | None = None
        #: The newest event shown when the list starts below the newest (None: from the newest).
        self.first_event: int | None = None

    @property
    def filter(self) -> AuditFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def set_filter(self, where: AuditFilter, before: int | None = None) -> None:
        """Show the events ``where`` picks, from the newest (or from just below event ``before``)."""
        self._generation += 1
        self.beginResetModel()
        self._rows, self._filter, self._more, self.total = [], where, False, None
        self.first_event = before - 1 if before is not None else None
        self.endResetModel()
        generation = self._generation
        Operation(self, lambda: self._counter(where)).success(
            lambda total: self._counted(generation, total)).failure(lambda exc: self._failed(generation, exc)).run()
        self._read(before)

    def _read(self, before: int | None) -> None:
        self._loading = True
        generation, where, pager = self._generation, self._filter, self._pager
        Operation(self, lambda: pager(where, before)).success(
            lambda page: self._arrived(generation, page)).failure(lambda exc: self._failed(generation, exc)).run()

    def _arrived(self, generation: int, page: AuditPage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = page.more
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.page_loaded.emit()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.counted.emit(total)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._loading, self._more = False, False
        self.failed.emit(exc)

    # --- Qt's model interface ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt's name
        if self.canFetchMore(parent):
            self._read(self._rows[-1].id if self._rows else None)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(Column):
            return Column(section).title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tip(row, column)
        if role == EVENT_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.EVENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
