"""Small input widgets the intake and consultation forms are built from.

Dates are typed the British way (14/06/2017) and handed to the domain as
ISO text; a date that cannot be read is handed on as typed, so the domain's
check reports it like any other problem. A field with a problem is marked
with a red border and the problem as its tooltip.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from ...domain.codes import _Coded

_UK_DATE = re.compile(r"\s*([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4})\s*")
_INVALID_STYLE = "border: 2px solid #c62828; border-radius: 3px; background: #fff7f7;"
HINT_STYLE = "background: #fff8e1; border: 1px solid #e0c46c; color: #3b2f00;"
REFUSAL_STYLE = "background: #fdecea; border: 1px solid #e8a5a0; color: #8a1c14;"
DONE_STYLE = "background: #e8f5e9; border: 1px solid #9ccc9f; color: #1b4d1f;"
WARNING_STYLE = "background: #fff3e0; border: 1px solid #f0a64a; color: #5a3000;"


def line(accessible_name: str, placeholder: str = "", width: int | None = None) -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(accessible_name)
    field.setPlaceholderText(placeholder)
    if width is not None:
        field.setMaximumWidth(width)
    return field


def text_box(accessible_name: str, lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line field where Tab moves on, as everywhere else, instead of typing a tab."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def note(name: str, style: str) -> QLabel:
    """A boxed, wrapped, plain-text note (a name in it never turns into markup)."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"#{name} {{ {style} border-radius: 3px; padding: 5px 8px; }}")
    label.setVisible(False)
    return label


class DateField(QLineEdit):
    """A date typed as DD/MM/YYYY; :meth:`value` is ISO text, "" or what was typed."""

    PROBLEM = "must be a date like 14/06/2017"

    def __init__(self, accessible_name: str) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText("DD/MM/YYYY")
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)

    def value(self) -> str:
        text = self.text().strip()
        match = _UK_DATE.fullmatch(text)
        if match is None:
            return text
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return text

    def set_iso(self, iso: str | None) -> None:
        self.setText(dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "")


def code_combo(accessible_name: str, codes: Iterable[_Coded], blank: str | None = None) -> QComboBox:
    """A drop-down of coded values (labels shown, codes as item data)."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    if blank is not None:
        combo.addItem(blank, None)
    for code in codes:
        combo.addItem(code.label, code.value)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class YesNo(QWidget):
    """Yes / No radio buttons that start with neither chosen."""

    changed = Signal()

    def __init__(self, accessible_name: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # so a problem's border shows
        self.yes = QRadioButton(yes)
        self.no = QRadioButton(no)
        self.yes.setAccessibleName(f"{accessible_name}: {yes}")
        self.no.setAccessibleName(f"{accessible_name}: {no}")
        self._group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.yes, self.no):
            self._group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self._group.buttonToggled.connect(lambda *_: self.changed.emit())

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        return False if self.no.isChecked() else None

    def set_value(self, value: bool | None) -> None:
        if value is None:
            return
        (self.yes if value else self.no).setChecked(True)


def mark(widget: QWidget, problem: str | None) -> None:
    """Show (or clear) a field's problem on the field itself."""
    invalid = problem is not None
    if bool(widget.property("invalid")) == invalid and widget.toolTip() == (problem or ""):
        return
    widget.setProperty("invalid", invalid)
    widget.setToolTip(problem or "")
    widget.setStyleSheet(f"*[invalid=\"true\"] {{ {_INVALID_STYLE} }}" if invalid else "")


def has_text(widget: QWidget) -> bool:
    """Whether a text field holds anything but spaces."""
    if isinstance(widget, QLineEdit):
        return bool(widget.text().strip())
    return isinstance(widget, QPlainTextEdit) and bool(widget.toPlainText().strip())
