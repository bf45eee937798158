"""The queue's table view: most urgent first until a header is clicked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from ...domain.codes import Status
from ...services.queue.query import QueueSort
from .model import Column, QueueModel
from ..common.row_table import fit_columns, row_table

#: Sample text per column, for widths that fit their content.
_WIDTH_SAMPLES = {
    Column.REFERENCE: "MASH-0000-000000",
    Column.SUBJECT: "Alexandra Montgomery",
    Column.AGE: "Age",
    Column.RAG: "Not rated",
    Column.STATUS: max((s.label for s in Status), key=len),
    Column.DUE: "overdue 00 working h",
    Column.RECEIVED: "30 Sep 23:59 (00d)",
    Column.SOURCE: "Social care",  # longer sources are elided; the tooltip has them whole
    Column.CONCERNS: "Neglect, Physical abuse",
    Column.ALLOCATED: "Sam Montgomery",
    Column.RESEARCH: "EDU ✓  HLT ✓  POL ✓  PRB ✓",
}


def show_order(table: QTableView, model: QueueModel) -> None:
    """Make the header's sort arrow tell the model's order: none when most urgent first."""
    header = table.horizontalHeader()
    query = model.query
    if query.sort is QueueSort.URGENCY:
        section, order = -1, Qt.SortOrder.AscendingOrder
    else:
        section = int(query.sort)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
    if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (section, order):
        header.setSortIndicator(section, order)  # the view asks the model for the same order: no reload


def build_queue_table(model: QueueModel) -> QTableView:
    """A read-only, row-selecting view of the queue ``model``; a header click sorts it (in the database).

    The first order is most urgent first: no header has a sort arrow. A click
    on a header sorts by that column; a third click on the same header clears
    the arrow and goes back to most urgent first.
    """
    table = row_table(model, row_padding=12)
    header = table.horizontalHeader()
    header.setSortIndicatorClearable(True)
    show_order(table, model)  # before sorting is on, so no reload is asked for
    table.setSortingEnabled(True)
    model.query_changed.connect(lambda: show_order(table, model))
    header.setHighlightSections(False)
    header.setStretchLastSection(True)  # the last column (Concerns) takes any room left
    fit_columns(table, _WIDTH_SAMPLES, 2)
    return table
