"""The referral queue as a Qt table model (queue_proxy.py sorts and filters it).

The model keeps the ``ReferralSummary`` rows the last load returned, with
each referral's allocation and research progress, and formats them; it never
queries. Each column says how it sorts through
``SORT_ROLE`` (the raw due time, the RAG severity, the lifecycle order), so
sorting never depends on the displayed text. Time left to a decision is worked
out from a clock the model is given, and ``refresh_due`` re-reads that clock
without a new query, so the countdown keeps moving between loads.

RAG is shown as a word on its colour, and an overdue decision as the word
"overdue" in red: colour is never the only signal.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ..domain.codes import Rag, Status
from ..services.queue_details import QueueDetails, Research
from ..services.referrals import ReferralSummary
from .queue_format import (
    NO_VALUE,
    age_in_years,
    hub_time,
    rag_word,
    research_done,
    research_text,
    research_words,
    search_text,
    time_left,
    utcnow,
)

__all__ = ["Column", "QueueModel", "SORT_ROLE", "SEARCH_ROLE", "age_in_years", "rag_word", "time_left", "utcnow"]

#: The raw value a column sorts by (a datetime for Due, a rank for RAG...).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Text the search box matches: the reference and the subject's name.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    """The queue's columns, in display order."""

    REFERENCE = 0
    SUBJECT = 1
    AGE = 2
    RAG = 3
    STATUS = 4
    DUE = 5
    ALLOCATED = 6
    RESEARCH = 7

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Column.REFERENCE: "Reference",
    Column.SUBJECT: "Subject",
    Column.AGE: "Age",
    Column.RAG: "RAG",
    Column.STATUS: "Status",
    Column.DUE: "Decision due",
    Column.ALLOCATED: "Allocated to",
    Column.RESEARCH: "Research",
}

#: (background, text) per RAG: each pair has a contrast ratio above 4.5:1.
RAG_COLOURS = {
    Rag.RED: (QColor("#b71c1c"), QColor("#ffffff")),
    Rag.AMBER: (QColor("#ffb300"), QColor("#1a1a1a")),
    Rag.GREEN: (QColor("#2e7d32"), QColor("#ffffff")),
    Rag.BLUE: (QColor("#1565c0"), QColor("#ffffff")),
}
RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.BLUE: 3, None: 4}
STATUS_RANK = {status: rank for rank, status in enumerate(Status)}
OVERDUE_COLOUR = QColor("#b71c1c")

#: Once decided, a referral has no decision left to wait for.
_DECIDED = frozenset({Status.DECIDED, Status.CLOSED})


class QueueModel(QAbstractTableModel):
    """Open referrals, one per row, formatted for the queue table."""

    def __init__(self, parent=None, clock: Callable[[], dt.datetime] = utcnow) -> None:
        super().__init__(parent)
        self._rows: list[ReferralSummary] = []
        self.details = QueueDetails()
        self._clock = clock
        self._now = clock()
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- filling -----------------------------------------------------------

    def set_rows(self, rows: Iterable[ReferralSummary], details: QueueDetails | None = None) -> None:
        """Replace every row (after a load), with allocation ids and research progress."""
        self.beginResetModel()
        self._rows = list(rows)
        self.details = details or QueueDetails()
        self._now = self._clock()
        self.endResetModel()

    def refresh_due(self) -> None:
        """Re-read the clock and repaint the Due column; no query."""
        self._now = self._clock()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.DUE), self.index(len(self._rows) - 1, Column.DUE)
            )

    def row_at(self, row: int) -> ReferralSummary:
        return self._rows[row]

    def research_of(self, summary: ReferralSummary) -> Research:
        return self.details.research_of(summary.reference)

    def is_overdue(self, summary: ReferralSummary) -> bool:
        """Whether its decision is still awaited and past due, as of the last tick."""
        due = self.due_of(summary)
        return due is not None and due <= self._now

    def due_of(self, summary: ReferralSummary) -> dt.datetime | None:
        """The decision due time still pending, or None once decided."""
        return None if summary.status in _DECIDED else summary.decision_due_at

    # --- QAbstractTableModel -----------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return Column(section).title
            if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.AGE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(summary, column)
        if role == SORT_ROLE:
            return self._sort_key(summary, column)
        if role == SEARCH_ROLE:
            return search_text(summary.reference, summary.subject, summary.subject_dob)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.RAG and summary.rag:
            return RAG_COLOURS[summary.rag][0]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(summary, column)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == Column.AGE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == Column.RAG:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    # --- per-role helpers ----------------------------------------------------

    def _text(self, s: ReferralSummary, column: Column) -> str:
        if column == Column.REFERENCE:
            return s.reference
        if column == Column.SUBJECT:
            return s.subject
        if column == Column.AGE:
            age = age_in_years(s.subject_dob, self._now)
            return NO_VALUE if age is None else str(age)
        if column == Column.RAG:
            return rag_word(s.rag)
        if column == Column.STATUS:
            return s.status.label
        if column == Column.DUE:
            return time_left(self.due_of(s), self._now)
        if column == Column.RESEARCH:
            return research_text(self.research_of(s))
        return s.allocated_to or "Unallocated"

    def _sort_key(self, s: ReferralSummary, column: Column) -> Any:
        if column == Column.SUBJECT:
            return s.subject.casefold()
        if column == Column.AGE:
            return age_in_years(s.subject_dob, self._now)
        if column == Column.RAG:
            return RAG_RANK[s.rag]
        if column == Column.STATUS:
            return STATUS_RANK[s.status]
        if column == Column.DUE:
            return self.due_of(s)
        if column == Column.ALLOCATED:
            return (s.allocated_to or "").casefold() or None
        if column == Column.RESEARCH:
            return research_done(self.research_of(s))
        return s.reference

    def _tooltip(self, s: ReferralSummary, column: Column) -> str | None:
        if column == Column.DUE:
            if s.status in _DECIDED:
                return "Decision recorded"
            if s.decision_due_at is None:
                return "No decision timescale (information only)" if s.rag is Rag.BLUE else "Not rated yet"
            return f"Decision due {hub_time(s.decision_due_at)}"
        if column == Column.RAG and s.rag:
            return s.rag.label
        if column == Column.RESEARCH:
            return research_words(self.research_of(s))
        if column == Column.AGE and s.subject_dob:
            return f"Born {s.subject_dob.day} {s.subject_dob:%b %Y}"
        return None

    def _foreground(self, s: ReferralSummary, column: Column) -> QColor | None:
        if column == Column.RAG and s.rag:
            return RAG_COLOURS[s.rag][1]
        if column == Column.DUE and self.is_overdue(s):
            return OVERDUE_COLOUR
        return None

    def _font(self, s: ReferralSummary, column: Column) -> QFont | None:
        if column == Column.DUE and self.is_overdue(s):
            return self._bold
        if column == Column.RAG and s.rag in (Rag.RED, Rag.AMBER):
            return self._bold
        if (column == Column.ALLOCATED and not s.allocated_to) or (column == Column.RAG and not s.rag):
            return self._italic
        return None
