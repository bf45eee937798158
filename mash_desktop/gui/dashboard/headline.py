"""The dashboard's key figures: one card per headline line, with its change in words.

Each card shows the figure as the PDF writes it and how it moved against the
previous period: an arrow, the signed change and "up", "down" or "no change"
in words, so the direction never rests on colour. A card is a button: a
click, Enter or Space asks for the cases behind the figure.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.performance_lines import FigureLine, Value

COLUMNS = 4
_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


def short(value: Value) -> str:
    """A figure without its base: "12", "75.0%", "5.2 h", or "–"."""
    return value.text().partition(" (")[0]


def change_words(line: FigureLine, previous: str) -> str:
    """How the figure moved: "▲ +3, up from 9 in May 2026", "▼ -5.0 pts, down from 80.0% in May 2026",
    "No change from 12 in May 2026", or why there is nothing to compare."""
    if line.now.number is None:
        return "No cases to measure this period"
    if line.before.number is None:
        return f"Nothing to compare: no figure for {previous}"
    change = line.change
    if change.startswith("+"):
        return f"▲ {change}, up from {short(line.before)} in {previous}"
    if change.startswith("-"):
        return f"▼ {change}, down from {short(line.before)} in {previous}"
    return f"No change from {short(line.before)} in {previous}"


def _split(value: Value) -> tuple[str, str]:
    """The figure's large part and its base: ("75.0%", "(9 of 12)"), ("12", "")."""
    text = value.text()
    big, _, rest = text.partition(" (")
    return big, f"({rest}" if rest else ""


class FigureCard(QFrame):
    """One key figure; ``chosen`` asks for the cases behind it."""

    chosen = Signal(object)  # FigureLine

    def __init__(self, line: FigureLine, previous: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.setObjectName("figureCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("#figureCard { background: #ffffff; border: 1px solid #c8ccd2; border-radius: 4px; }"
                           "#figureCard:focus { border: 2px solid #1f5fa8; }")
        big, base = _split(line.now)
        self.title = self._label(line.label, bold=True)
        self.value = self._label(big, scale=1.8, bold=True)
        self.base = self._label(base, muted=True)
        self.change = self._label(change_words(line, previous))
        self.base.setWordWrap(False)
        figure = QHBoxLayout()
        figure.addWidget(self.value)
        figure.addWidget(self.base, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(figure)
        layout.addWidget(self.change)
        layout.addStretch(1)
        count = len(dict.fromkeys(line.references))
        self.setToolTip(f"Click, or press Enter, to list the {count} case{'s' if count != 1 else ''} "
                        "behind this figure")
        self.setAccessibleName(f"{line.label}: {line.now.text()}. {self.change.text()}.")
        self.setAccessibleDescription("Press Enter to list the cases behind this figure.")

    def _label(self, text: str, *, scale: float = 1.0, bold: bool = False, muted: bool = False) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet("border: none; color: #555b63;" if muted else "border: none;")
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
        return label

    def shown_text(self) -> str:
        """The figure as the card shows it, in the PDF's words: "75.0% (9 of 12)"."""
        return f"{self.value.text()} {self.base.text()}".strip()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.chosen.emit(self.line)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _KEYS:
            self.chosen.emit(self.line)
            return
        super().keyPressEvent(event)


class HeadlineGrid(QWidget):
    """The key figures in rows of four cards."""

    chosen = Signal(object)  # FigureLine

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[FigureCard] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(8)

    def show_lines(self, lines: tuple[FigureLine, ...], previous: str) -> None:
        """Replace the cards with one per line of ``lines``, compared with ``previous``."""
        for card in self.cards:
            self._grid.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for n, line in enumerate(lines):
            card = FigureCard(line, previous, self)
            card.chosen.connect(self.chosen)
            self._grid.addWidget(card, n // COLUMNS, n % COLUMNS)
            self.cards.append(card)
        for column in range(COLUMNS):
            self._grid.setColumnStretch(column, 1)
