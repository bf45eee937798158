"""The process map: the hub's steps from contact to feedback, drawn as SVG.

:func:`map_svg` draws the seven steps (DOMAIN.md "A case, step by step") in a
row and marks where a case is: the current step has a heavy outline, bold
text and the words "You are here" above it; steps passed carry a tick and
steps to come a dashed outline, so the map never relies on colour alone.
:func:`step_for` places a case's status on the map (disclosure has no status
of its own: it runs alongside research). :class:`ProcessMap` shows the map at
a height that follows the system font and says the same in its accessible
description.
"""

from __future__ import annotations

import enum
from xml.sax.saxutils import escape

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.codes import Status


class MapStep(enum.Enum):
    """The steps on the map, in order; the value is the label shown."""

    CONTACT = "Contact"
    SCREENING = "Screening"
    RAG = "RAG rating"
    RESEARCH = "Research"
    DISCLOSURE = "Disclosure"
    DECISION = "Decision"
    FEEDBACK = "Feedback & close"

    @property
    def number(self) -> int:
        return list(MapStep).index(self) + 1


#: Where each case status stands on the map.
STEP_OF_STATUS: dict[Status, MapStep] = {
    Status.NEW: MapStep.SCREENING,  # received, waiting for a supervisor to screen it
    Status.SCREENED: MapStep.RAG,  # rated; research not asked for yet
    Status.RESEARCHING: MapStep.RESEARCH,
    Status.AWAITING_DECISION: MapStep.DECISION,
    Status.DECIDED: MapStep.FEEDBACK,
    Status.CLOSED: MapStep.FEEDBACK,
}

HERE = "You are here"
_BOX_W, _BOX_H, _GAP, _MARGIN, _TOP = 158.0, 62.0, 30.0, 6.0, 34.0
_FONT = "DejaVu Sans, Verdana, sans-serif"
_INK, _MUTED = "#1b1f24", "#4a5058"


def step_for(status: Status) -> MapStep:
    """The step a case with ``status`` is at."""
    return STEP_OF_STATUS[status]


def map_size(columns: int = len(MapStep)) -> tuple[float, float]:
    """Width and height of the map drawn with ``columns`` steps a row."""
    rows = -(-len(MapStep) // columns)
    return _MARGIN * 2 + columns * _BOX_W + (columns - 1) * _GAP, rows * (_TOP + _BOX_H) + _MARGIN


def _arrow(x1: float, y1: float, x2: float, y2: float, points: str = "") -> str:
    """A line through ``points`` ending in an arrowhead at (x2, y2), pointing right or down."""
    if y1 == y2:
        head = f"M{x2 - 9},{y2 - 6} L{x2},{y2} L{x2 - 9},{y2 + 6} Z"
        end = f"{x2 - 8},{y2}"
    else:
        head = f"M{x2 - 6},{y2 - 9} L{x2},{y2} L{x2 + 6},{y2 - 9} Z"
        end = f"{x2},{y2 - 8}"
    return (f'<path d="M{x1},{y1} {points}L{end}" fill="none" stroke="{_MUTED}" stroke-width="2"/>'
            f'<path d="{head}" fill="{_MUTED}"/>')


def _box(step: MapStep, current: MapStep | None, closed: bool, columns: int) -> str:
    row, column = divmod(step.number - 1, columns)
    x = _MARGIN + column * (_BOX_W + _GAP)
    top = _TOP + row * (_TOP + _BOX_H)
    passed = current is not None and (step.number < current.number or (closed and step is current))
    here = step is current and not closed
    if here:
        style = f'fill="#fff1b8" stroke="{_INK}" stroke-width="5"'
    elif passed:
        style = 'fill="#e4ede4" stroke="#5d6b5d" stroke-width="1.5"'
    else:
        style = 'fill="#ffffff" stroke="#7d838c" stroke-width="1.5" stroke-dasharray="6 4"'
    caption = f"{'✓ ' if passed else ''}Step {step.number}"
    weight = "bold" if here else "normal"
    middle = x + _BOX_W / 2
    parts = [
        f'<rect x="{x}" y="{top}" width="{_BOX_W}" height="{_BOX_H}" rx="8" {style}/>',
        f'<text x="{middle}" y="{top + 24}" font-size="15" fill="{_MUTED}" text-anchor="middle">'
        f"{escape(caption)}</text>",
        f'<text x="{middle}" y="{top + 48}" font-size="18" font-weight="{weight}" fill="{_INK}" '
        f'text-anchor="middle">{escape(step.value)}</text>',
    ]
    if step.number < len(MapStep) and column < columns - 1:  # to the next box in the row
        y = top + _BOX_H / 2
        parts.append(_arrow(x + _BOX_W + 3, y, x + _BOX_W + _GAP - 3, y))
    elif step.number < len(MapStep):  # down and back to the start of the next row
        bottom, below, start = top + _BOX_H + 3, top + _BOX_H + _TOP / 2, _MARGIN + 24
        parts.append(_arrow(middle, bottom, start, top + _BOX_H + _TOP - 3,
                            f"L{middle},{below} L{start},{below} "))
    if step is current:
        label = f"▼ {HERE}" if here else "✓ Case closed"
        parts.append(f'<text x="{middle}" y="{top - 12}" font-size="17" font-weight="bold" fill="{_INK}" '
                     f'text-anchor="middle">{label}</text>')
    return "".join(parts)


def map_svg(current: MapStep | None = None, closed: bool = False, columns: int = len(MapStep)) -> str:
    """The map as SVG text, ``columns`` steps a row; ``current`` marked, or every step passed if ``closed``."""
    width, height = map_size(columns)
    boxes = "".join(_box(step, current, closed, columns) for step in MapStep)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" font-family="{_FONT}">'
            f"<title>The hub process, from contact to feedback</title>{boxes}</svg>")


def describe(current: MapStep | None, closed: bool = False) -> str:
    """The map in words, for screen readers and the tooltip."""
    steps = ", ".join(f"{s.number} {s.value}" for s in MapStep)
    if current is None:
        return f"The hub process: {steps}."
    if closed:
        return f"The hub process: {steps}. Every step is done: the case is closed."
    return (f"The hub process: {steps}. {HERE}: step {current.number} of {len(MapStep)}, "
            f"{current.value}.")


class ProcessMap(QWidget):
    """The map, drawn to fit its width, ``lines`` lines of text high; optionally with a case's step."""

    def __init__(self, status: Status | None = None, parent: QWidget | None = None, lines: float = 5.0,
                 columns: int = len(MapStep)) -> None:
        super().__init__(parent)
        self._lines, self._columns = lines, columns
        self._width, self._height = map_size(columns)
        self._renderer = QSvgRenderer(self)
        self.step: MapStep | None = None
        self.closed = False
        self.setAccessibleName("Process map")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_status(status)

    def set_status(self, status: Status | None) -> None:
        """Mark the step of a case with ``status`` (None: no case, nothing marked)."""
        self.set_step(None if status is None else step_for(status), status is Status.CLOSED)

    def set_step(self, step: MapStep | None, closed: bool = False) -> None:
        self.step, self.closed = step, closed
        self.svg = map_svg(step, closed, self._columns)
        self._renderer.load(QByteArray(self.svg.encode("utf-8")))
        text = describe(step, closed)
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        height = round(self.fontMetrics().height() * self._lines)
        return QSize(round(height * self._width / self._height), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = self.sizeHint()
        return QSize(hint.width() // 3, hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = min(float(self.height()), self.width() * self._height / self._width)
        width = height * self._width / self._height
        left = max(0.0, (self.width() - width) / 2)
        self._renderer.render(painter, QRectF(left, (self.height() - height) / 2, width, height))
        painter.end()
