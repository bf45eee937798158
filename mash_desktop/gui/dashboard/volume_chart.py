"""The dashboard's line of contacts received each day, up to today.

Days are placed by their number in the period and labelled on the day
itself ("3 Dec"), every day for a week or so, then every other day, then
once a week, so a label always has the room to be read whole. Pointing at
a day says in words how many contacts it received.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCharts import QCategoryAxis, QChart, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QToolTip

from . import chart_data as data

LINE_COLOUR = "#0072B2"
#: At most this many day labels along the axis.
MOST_LABELS = 8
#: Each day is marked with a dot up to this many days; a longer period is drawn as a line alone.
MOST_MARKED = 45


def value_axis(largest: float, title: str, headroom: bool = False) -> QValueAxis:
    """A count axis from 0 with whole-number ticks, at most six of them; with ``headroom``,
    the top is above ``largest``, so a point at the highest value is not drawn on the frame."""
    step = max(1, math.ceil(max(largest, 1) / 5))
    top = step * math.ceil(max(largest, 1) / step)
    if headroom and top == largest:
        step = max(1, math.ceil((largest + 1) / 5))
        top = step * math.ceil((largest + 1) / step)
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setTickCount(top // step + 1)
    axis.setLabelFormat("%d")
    axis.setTitleText(title)
    return axis


def label_step(days: int) -> int:
    """Days between two labels: 1 for a short period, 2, then whole weeks."""
    if days <= MOST_LABELS:
        return 1
    if days <= 2 * MOST_LABELS:
        return 2
    return 7 * math.ceil(days / (7 * MOST_LABELS))


def day_label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


class VolumeChart(QChart):
    """Contacts received per day, each day marked; ``days`` are the days drawn, in order."""

    def __init__(self, daily: data.Daily) -> None:
        super().__init__()
        self.setTitle(f"{daily.title} — none in this period" if daily.empty else daily.title)
        self.setMargins(QMargins(4, 4, 4, 4))
        self.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.days: tuple[dt.date, ...] = tuple(day for day, _ in daily.days)
        self.counts = {day: count for day, count in daily.days}
        line = QLineSeries()
        line.setName("Contacts received")
        line.setPointsVisible(len(daily.days) <= MOST_MARKED)
        line.setPen(QPen(QColor(LINE_COLOUR), 2))
        for index, (_, count) in enumerate(daily.days):
            line.append(index, count)
        line.hovered.connect(self._hover)
        self.addSeries(line)
        dates = QCategoryAxis()
        dates.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        dates.setTitleText("Day received")
        dates.setStartValue(-0.5)
        step = label_step(len(self.days))
        for index in range(0, len(self.days), step):
            dates.append(day_label(self.days[index]), index)
        dates.setRange(-0.5, max(len(self.days) - 1, 0) + 0.5)
        counts = value_axis(max((n for _, n in daily.days), default=0), "Contacts", headroom=True)
        self.addAxis(dates, Qt.AlignmentFlag.AlignBottom)
        self.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        line.attachAxis(dates)
        line.attachAxis(counts)
        self.legend().setVisible(False)
        self.line, self.dates = line, dates

    def _hover(self, point: QPointF, state: bool) -> None:
        index = round(point.x())
        if state and 0 <= index < len(self.days):
            day = self.days[index]
            count = self.counts[day]
            QToolTip.showText(QCursor.pos(), f"{day:%A} {day.day} {day:%B}: {count} "
                                             f"contact{'' if count == 1 else 's'} received")
        else:
            QToolTip.hideText()
