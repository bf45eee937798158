"""Small widgets the casework dialogs share: notes, headings, text boxes, drop-downs.

Every note is plain text (a '<' in a name never becomes markup) and boxed in
colours that read well; multi-line text boxes let Tab move on, as every other
field does, so the form can be worked from the keyboard alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit

_NOTE_STYLES = {
    "hint": "background: #fff8e1; border: 1px solid #e0c46c; color: #3b2f00;",
    "refusal": "background: #fdecea; border: 1px solid #e8a5a0; color: #8a1c14;",
    "done": "background: #e8f5e9; border: 1px solid #9ccc9f; color: #1b4d1f;",
    "warning": "background: #fff3e0; border: 1px solid #f0a64a; color: #5a3000;",
}


def note_label(kind: str, name: str) -> QLabel:
    """A boxed, wrapped, plain-text note: a hint, a refusal, a confirmation or a warning."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(f"#{name} {{ {_NOTE_STYLES[kind]} border-radius: 3px; padding: 5px 8px; }}")
    label.setVisible(False)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


class TextBox(QPlainTextEdit):
    """A multi-line field sized by lines, where Tab moves on instead of typing a tab."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self._lines = lines
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self._lines + 2 * self.document().documentMargin()
        return QSize(super().sizeHint().width(), int(height) + margins.top() + margins.bottom())


def text_box(accessible_name: str, lines: int = 3, placeholder: str = "") -> TextBox:
    box = TextBox(lines)
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    return box


class ChoiceBox(QComboBox):
    """A drop-down of Python values (enum members stay members: Qt would turn a str enum into str)."""

    def __init__(self) -> None:
        super().__init__()
        self._values: list[object] = []

    def add(self, text: str, value: object) -> None:
        self._values.append(value)
        self.addItem(text)

    def clear(self) -> None:
        self._values.clear()
        super().clear()

    def value(self) -> Any:
        """The chosen value; None when nothing is chosen."""
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def choose(self, value: object) -> None:
        """Choose the item holding ``value``."""
        self.setCurrentIndex(self._values.index(value))


def choice_box(accessible_name: str, placeholder: str, items: list[tuple[str, object]]) -> ChoiceBox:
    """A drop-down that starts on no choice, showing ``placeholder``."""
    box = ChoiceBox()
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    for text, value in items:
        box.add(text, value)
    box.setCurrentIndex(-1)
    return box
