"""The queue's table view: most urgent first until a header is clicked."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

from ...domain.codes import Status
from ...services.queue.query import QueueSort
from .model import Column, QueueModel
from ..common.row_table import row_table

#: Sample text per column: each column is as wide as its sample and a little room.
#: The window's default 1200 px must show every column: longer text is elided
#: ("Screened and tri…") and the cell's tooltip has it whole. Research is as
#: wide as the research of the rows shown, up to its sample.
_WIDTH_SAMPLES = {
    Column.REFERENCE: "MASH-0000-000000",
    Column.SUBJECT: "Olivia Chadwick",
    Column.AGE: "Age",
    Column.RAG: "Not rated",
    Column.STATUS: "Awaiting decision",
    Column.DUE: "overdue 00 working h",
    Column.RECEIVED: "30 Sep 23:59 (00d)",
    Column.ALLOCATED: "Derek Turner",
    Column.RESEARCH: "EDU ✓  HLT ✓  POL ✓",
    Column.SOURCE: "Schools",
    Column.CONCERNS: "Neglect, …",
}
#: Room beside a cell's text, in pixels.
_PADDING = 12
#: Columns whose text is bold when it matters most (an overdue countdown).
_BOLD = frozenset({Column.DUE, Column.RAG})


def _text_width(table: QTableView, column: Column, text: str) -> int:
    font = QFont(table.font())
    font.setBold(column in _BOLD)
    return QFontMetrics(font).horizontalAdvance(text) + _PADDING


def fit_samples(table: QTableView) -> None:
    """Each column as wide as its sample text; Research then follows its rows."""
    for column, sample in _WIDTH_SAMPLES.items():
        table.setColumnWidth(column, _text_width(table, column, sample))


class ResearchWidth(QObject):
    """Keeps the Research column as wide as the research of the loaded rows (at
    least its title, at most its sample) until a person resizes it by hand."""

    def __init__(self, table: QTableView, model: QueueModel) -> None:
        super().__init__(table)  # lives as long as the table
        self._table, self._model = table, model
        self._fitting = False
        self.by_hand = False
        table.horizontalHeader().sectionResized.connect(self._resized)
        model.counts_changed.connect(self.fit)
        model.rows_fetched.connect(self.fit)
        model.modelReset.connect(self.fit)

    def _resized(self, section: int, _old: int, _new: int) -> None:
        if section == Column.RESEARCH and not self._fitting:
            self.by_hand = True

    def fit(self) -> None:
        if self.by_hand:
            return
        table, model = self._table, self._model
        most = _text_width(table, Column.RESEARCH, _WIDTH_SAMPLES[Column.RESEARCH])
        width = table.horizontalHeader().sectionSizeHint(Column.RESEARCH)
        metrics = QFontMetrics(table.font())
        for row in range(model.rowCount()):
            if width >= most:
                break
            if model.row_at(row) is not None:
                text = model.index(row, Column.RESEARCH).data()
                width = max(width, metrics.horizontalAdvance(text) + _PADDING)
        self._fitting = True
        try:
            table.setColumnWidth(Column.RESEARCH, min(width, most))
        finally:
            self._fitting = False


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


def show_households(table: QTableView, model: QueueModel) -> None:
    """Grouped by household, the row header numbers each household's rows (H1, H2...); else it is hidden."""
    header = table.verticalHeader()
    header.setFixedWidth(table.fontMetrics().horizontalAdvance("H999") + 14)
    header.setVisible(model.query.by_household)


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
    model.query_changed.connect(lambda: show_households(table, model))
    header.setHighlightSections(False)
    header.setStretchLastSection(True)  # the last column (Concerns) takes any room left
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    fit_samples(table)
    ResearchWidth(table, model)
    return table
