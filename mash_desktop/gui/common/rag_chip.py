"""A RAG rating as a word on its colour, or a colour square beside its word.

Colour is never the only signal: every chip and icon goes with the rating's
word (colour pairs from the queue, each above 4.5:1 contrast).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ...domain.codes import Rag, Status
from ..queue.model import RAG_COLOURS, rag_word

__all__ = ["CaseLine", "rag_chip", "rag_icon", "rag_word", "set_rag_chip"]


def rag_icon(rag: Rag, size: int = 16) -> QIcon:
    """A rounded square of the rating's colour, with a darker edge."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = RAG_COLOURS[rag][0]
    painter.setPen(QPen(colour.darker(140), 1))
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


def set_rag_chip(label: QLabel, rag: Rag | None) -> None:
    """Show ``rag`` on ``label``: its word on its colour; "Not rated" outlined."""
    label.setText(rag_word(rag))
    label.setAccessibleName(f"RAG rating: {rag_word(rag)}")
    if rag is None:
        style = "background: #ffffff; color: #333333; border: 1px dashed #777777;"
    else:
        background, text = RAG_COLOURS[rag]
        style = f"background: {background.name()}; color: {text.name()}; border: 1px solid " \
                f"{QColor(background).darker(130).name()};"
    label.setStyleSheet(f"QLabel {{ {style} border-radius: 3px; padding: 1px 8px; font-weight: bold; }}")


def rag_chip(rag: Rag | None) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    set_rag_chip(label, rag)
    return label


class CaseLine(QWidget):
    """"Status: Researching   RAG: [Amber]   <extra>" — the case as it stands."""

    def __init__(self) -> None:
        super().__init__()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.chip = rag_chip(None)
        self.extra = QLabel()
        self.extra.setTextFormat(Qt.TextFormat.PlainText)
        self.extra.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addSpacing(12)
        layout.addWidget(QLabel("RAG:"))
        layout.addWidget(self.chip)
        layout.addSpacing(12)
        layout.addWidget(self.extra, 1)

    def show_case(self, status: Status, rag: Rag | None, extra: str = "") -> None:
        self.status.setText(f"Status: {status.label}")
        set_rag_chip(self.chip, rag)
        self.extra.setText(extra)
