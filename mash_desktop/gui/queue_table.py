"""The queue's table: the load that fills it, and its view (most urgent first)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..domain.codes import Status
from ..services.changes import latest_change
from ..services.queue_details import QueueDetails, queue_details
from ..services.referrals import ReferralSummary, count_referrals, list_referrals
from ..store.database import Database
from .queue_model import Column

#: Sample text per column, for widths that fit their content.
_WIDTH_SAMPLES = {
    Column.REFERENCE: "MASH-0000-000000",
    Column.AGE: "Age 00",
    Column.RAG: "Not rated",
    Column.STATUS: max((s.label for s in Status), key=len),
    Column.DUE: "overdue by 00d 00h",
    Column.ALLOCATED: "Alexandra Montgomery",
    Column.RESEARCH: "CSC ✓  POL ✓  HLT ✓  EDU ✓",
}


@dataclass(frozen=True)
class QueueLoad:
    """What one load of the queue brings back."""

    open_rows: list[ReferralSummary]
    total: int
    #: The hub's change counter when the load began (services/changes.py).
    change: int = 0
    details: QueueDetails = field(default_factory=QueueDetails)


def load_queue(db: Database) -> QueueLoad:
    """Open referrals and the count of all referrals (runs on a worker)."""
    change = latest_change(db)  # read first: a change after it triggers another load
    rows = [r for r in list_referrals(db) if r.status is not Status.CLOSED]
    return QueueLoad(rows, count_referrals(db), change, queue_details(db))


def build_queue_table(model: QAbstractItemModel, metrics: QFontMetrics) -> QTableView:
    """A read-only, row-selecting, sortable view of the queue proxy ``model``."""
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(Column.SUBJECT, QHeaderView.ResizeMode.Stretch)
    padding = 4 * metrics.averageCharWidth()
    for column, sample in _WIDTH_SAMPLES.items():
        table.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)
    # Most urgent first: overdue decisions, then those due soonest.
    table.sortByColumn(Column.DUE, Qt.SortOrder.AscendingOrder)
    return table
