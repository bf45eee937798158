"""The queue's table view (most urgent first)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..domain.codes import Status
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


def build_queue_table(model: QAbstractItemModel, metrics: QFontMetrics) -> QTableView:
    """A read-only, row-selecting view of the queue ``model``; a header click sorts it (in the database)."""
    table = QTableView()
    table.setModel(model)
    # Most urgent first (overdue decisions, then those due soonest): the
    # model's default order, set before sorting is on so no reload is asked for.
    table.horizontalHeader().setSortIndicator(Column.DUE, Qt.SortOrder.AscendingOrder)
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
    return table
