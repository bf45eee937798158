"""The consultations list as a Qt table model, read a page at a time in the background.

The database searches, filters and orders (services/consultations/search.py);
the model keeps what it has read, newest first, and reads the next page when
the view scrolls to the end. Answers to an earlier search that arrive late
are dropped.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from ...security.accounts import SignedIn
from ...services.consultations.search import ConsultationPage, search_consultations
from ...services.consultations.records import ConsultationRecord
from ...services.intake.referrals import HUB_ZONE
from ...store.database import Database
from ..common.background import Operation

Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    DATE, CALLER, AGENCY, TOPIC, ADVICE, CONVERTED = range(6)


_TITLES = ("Date", "Caller", "Agency", "Topic", "Advice given", "Converted to")


def topic_summary(question: str, limit: int = 90) -> str:
    """The question on one line, cut with an ellipsis when long."""
    flat = " ".join(question.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def when(moment: dt.datetime) -> str:
    local = moment.astimezone(HUB_ZONE)
    return f"{local.day} {local:%b %Y, %H:%M}"


def _cell(record: ConsultationRecord, column: Column) -> str:
    return (when(record.received_at), record.caller_name, record.caller_agency or "—",
            topic_summary(record.question), "Yes" if record.advice.strip() else "No",
            record.converted_reference or "Not converted")[column]


class ConsultationModel(QAbstractTableModel):
    """Consultations that match, newest first; ``fetchMore`` reads the next page in the background."""

    page_loaded = Signal()
    failed = Signal(object)

    def __init__(self, parent: QWidget, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.actor = db, signed.actor
        self.records: list[ConsultationRecord] = []
        self.total: int | None = None
        self.search, self.unconverted_only = "", False
        self._loading, self._generation = False, 0

    @property
    def loading(self) -> bool:
        return self._loading

    def reload(self, search: str, unconverted_only: bool) -> None:
        self._generation += 1
        self.beginResetModel()
        self.records, self.total = [], None
        self.search, self.unconverted_only = search, unconverted_only
        self.endResetModel()
        self._read()

    def _read(self) -> None:
        self._loading = True
        generation, offset = self._generation, len(self.records)
        db, actor, words, only = self.db, self.actor, self.search, self.unconverted_only
        Operation(self, lambda: search_consultations(db, actor, words, unconverted_only=only, offset=offset)) \
            .success(lambda page: self._arrived(generation, page)) \
            .failure(lambda exc: self._failed(generation, exc)).run()

    def _arrived(self, generation: int, page: ConsultationPage) -> None:
        if generation != self._generation:
            return
        self._loading, self.total = False, page.total
        if page.records:
            self.beginInsertRows(QModelIndex(), len(self.records), len(self.records) + len(page.records) - 1)
            self.records.extend(page.records)
            self.endInsertRows()
        self.page_loaded.emit()

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self._loading, self.total = False, len(self.records)
            self.failed.emit(exc)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return (not parent.isValid() and not self._loading and self.total is not None
                and len(self.records) < self.total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt's name
        if self.canFetchMore(parent):
            self._read()

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(Column):
            return _TITLES[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record, column = self.records[index.row()], Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell(record, column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.TOPIC:
            return record.question
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.CALLER:
            return ", ".join(p for p in (record.caller_role, record.caller_organisation) if p) or None
        return None
