"""Read-only tables of rows (the queue, the audit trail, consultations): one way to build them."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def row_table(model: QAbstractItemModel, *, row_padding: int | None = None, grid: bool = False) -> QTableView:
    """A view of ``model`` that selects one whole row at a time and edits nothing.

    ``row_padding`` (pixels) sets each row's height from the font; None keeps
    the style's own. Columns are resized by hand (see :func:`fit_columns`).
    """
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setShowGrid(grid)
    table.verticalHeader().setVisible(False)
    if row_padding is not None:
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + row_padding)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def fit_columns(table: QTableView, samples: Mapping[int, str], padding_chars: int) -> None:
    """Make each column wide enough for its sample text and some room either side."""
    metrics = table.fontMetrics()
    for column, sample in samples.items():
        table.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding_chars * metrics.averageCharWidth())
