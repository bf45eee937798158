"""Small read-only building blocks of the case workspace: forms, tables, notes.

Everything here shows case content as plain text: a name with a '<' in it is
a name, never markup. Values can be selected and copied, never edited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

NO_VALUE = "—"


def text_label(text: str, *, bold: bool = False, muted: bool = False, empty: str = NO_VALUE) -> QLabel:
    """A plain-text, word-wrapped, selectable label; ``empty`` stands in for no text."""
    label = QLabel(text or empty)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    if muted:
        label.setStyleSheet("color: #555555;")
    return label


def form(rows: Iterable[tuple[str, str | None]]) -> QFormLayout:
    """Label/value rows; an empty value shows as a dash."""
    layout = QFormLayout()
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    for name, value in rows:
        caption = text_label(f"{name}:", muted=True)
        caption.setWordWrap(False)
        layout.addRow(caption, text_label(value or NO_VALUE))
    return layout


def group(title: str, rows: Iterable[tuple[str, str | None]]) -> QGroupBox:
    box = QGroupBox(title)
    box.setLayout(form(rows))
    return box


def scrolled(*widgets: QWidget) -> QScrollArea:
    """Widgets stacked from the top in a scrolling page."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(page)
    return area


def table(headers: Sequence[str], rows: Iterable[Sequence[str | None]], *, stretch: int | None = None,
          name: str = "", fit: bool = False) -> QTableWidget:
    """A read-only table; column ``stretch`` takes the spare width, rows grow to wrapped text.

    ``fit`` makes the table exactly as tall as its rows, for a table inside a scrolling page.
    """
    data = [list(r) for r in rows]
    widget = QTableWidget(len(data), len(headers))
    widget.setObjectName(name)
    widget.setAccessibleName(name)
    widget.setHorizontalHeaderLabels(list(headers))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setAlternatingRowColors(True)
    widget.setWordWrap(True)
    widget.verticalHeader().setVisible(False)
    for r, row in enumerate(data):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value or NO_VALUE)
            item.setToolTip(value or "")
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            widget.setItem(r, c, item)
    header = widget.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for c in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if c == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(c, mode)
    widget.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if fit:
        widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.resizeRowsToContents()
        rows_height = sum(widget.rowHeight(r) for r in range(widget.rowCount()))
        widget.setFixedHeight(header.sizeHint().height() + rows_height + 2 * widget.frameWidth() + 4)
    return widget


def empty_note(text: str) -> QLabel:
    """What a section says when it has nothing to show."""
    label = text_label(text, muted=True)
    label.setContentsMargins(4, 8, 4, 8)
    return label
