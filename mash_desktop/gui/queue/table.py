"""The queue's table view (most urgent first)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from ...domain.codes import Status
from .model import Column
from ..common.row_table import fit_columns, row_table

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


def build_queue_table(model: QAbstractItemModel) -> QTableView:
    """A read-only, row-selecting view of the queue ``model``; a header click sorts it (in the database)."""
    table = row_table(model, row_padding=12)
    # Most urgent first (overdue decisions, then those due soonest): the
    # model's default order, set before sorting is on so no reload is asked for.
    table.horizontalHeader().setSortIndicator(Column.DUE, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(Column.SUBJECT, QHeaderView.ResizeMode.Stretch)
    fit_columns(table, _WIDTH_SAMPLES, 4)
    return table
