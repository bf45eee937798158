"""The dashboard's figures tables: the PDF's sections, line for line, in its words.

Each section is a heading, a table (measure, this period, the previous
period, the change) and the note that defines its figures. A click on a
line, or Enter on the current one, asks for the cases behind it. Tables
grow to their rows, so the whole set scrolls as one page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...domain.performance_lines import FigureLine, SeatLine, Section

EMPTY = "Nothing to count in either period."
SEATS_TITLE = "Seats in use"
SEATS_NOTE = ("Seats paid for by each active partner agency against its active accounts today; a negative "
              "spare means more accounts than seats.")
_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def change_cell(line: FigureLine) -> str:
    """The change as the PDF writes it, with its direction in words: "+3 ▲ up", "-5.0 pts ▼ down"."""
    change = line.change
    if change.startswith("+"):
        return f"{change} ▲ up"
    if change.startswith("-"):
        return f"{change} ▼ down"
    return change if change == "–" else f"{change} no change"


class SectionTable(QTableWidget):
    """One section's lines; ``chosen`` asks for the cases behind a line."""

    chosen = Signal(object)  # FigureLine

    def __init__(self, section: Section, period: str, previous: str, widths: tuple[int, int, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(len(section.lines), 4, parent)
        self.section = section
        self.setHorizontalHeaderLabels(["Measure", period, previous, "Change"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(section.title)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(widths, start=1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
        for row, line in enumerate(section.lines):
            cells = (line.label, line.now.text(), line.before.text(), change_cell(line))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_RIGHT)
                count = len(dict.fromkeys(line.references))
                item.setToolTip(f"Click, or press Enter, to list the {count} case{'s' if count != 1 else ''} "
                                "behind this period's figure")
                self.setItem(row, column, item)
        _fit_height(self)
        self.cellClicked.connect(lambda row, _column: self.chosen.emit(self.section.lines[row]))

    def row_texts(self, row: int) -> tuple[str, ...]:
        """The cells of ``row`` as shown."""
        return tuple(self.item(row, column).text() for column in range(self.columnCount()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _KEYS and self.currentRow() >= 0:
            self.chosen.emit(self.section.lines[self.currentRow()])
            return
        super().keyPressEvent(event)


def _fit_height(table: QTableWidget) -> None:
    """Make ``table`` exactly as tall as its header and rows, so it never scrolls inside the page."""
    table.resizeRowsToContents()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + table.verticalHeader().length()
                         + 2 * table.frameWidth())


def seats_table(seats: tuple[SeatLine, ...], widths: tuple[int, int, int]) -> QTableWidget:
    """Each partner agency's seats against its accounts in use, as the PDF's last table."""
    table = QTableWidget(len(seats), 4)
    table.setHorizontalHeaderLabels(["Agency", "Seats", "Accounts in use", "Spare"])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.setAccessibleName(SEATS_TITLE)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column, width in enumerate(widths, start=1):
        table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        table.setColumnWidth(column, width)
    for row, seat in enumerate(seats):
        for column, text in enumerate((seat.agency, str(seat.seats), str(seat.in_use), str(seat.seats - seat.in_use))):
            item = QTableWidgetItem(text)
            if column:
                item.setTextAlignment(_RIGHT)
            table.setItem(row, column, item)
    _fit_height(table)
    return table


class SectionsView(QScrollArea):
    """Every section of the report, one under another, in one scrolling page."""

    chosen = Signal(object)  # FigureLine

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.tables: list[SectionTable] = []
        self.seats: QTableWidget | None = None
        self.setWidget(QWidget())

    def show_sections(self, sections: tuple[Section, ...], period: str, previous: str,
                      seats: tuple[SeatLine, ...] = ()) -> None:
        """Replace the tables with ``sections`` (headed by the two periods' names), then ``seats``."""
        metrics = self.fontMetrics()
        figure = max(metrics.horizontalAdvance(text) for text in ("100.0% (9999 of 9999)", period, previous)) + 24
        widths = (figure, figure, metrics.horizontalAdvance("-100.0 pts ▼ down") + 24)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 8, 8, 8)
        self.tables = []
        for section in sections:
            column.addWidget(self._heading(section.title))
            if section.lines:
                table = SectionTable(section, period, previous, widths)
                table.chosen.connect(self.chosen)
                column.addWidget(table)
                self.tables.append(table)
            else:
                column.addWidget(self._note(EMPTY))
            if section.note:
                column.addWidget(self._note(section.note))
            column.addSpacing(10)
        column.addWidget(self._heading(SEATS_TITLE))
        self.seats = seats_table(seats, widths) if seats else None
        column.addWidget(self.seats if self.seats is not None else self._note("No partner agencies."))
        column.addWidget(self._note(SEATS_NOTE))
        column.addStretch(1)
        old = self.takeWidget()
        self.setWidget(page)
        if old is not None:
            old.deleteLater()

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
        return label

    def _note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet("color: #555b63;")
        return label
