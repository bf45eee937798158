"""The dashboard's charts (Qt Charts): volumes over time, timeliness by RAG, outcomes by source.

Each chart is drawn from dashboard_chart_data.py. A click on a bar segment
asks for the cases it counts (``figure_chosen``), like a click on a figure
in the tables; pointing at a segment says in words what it counts. Colours
are the Okabe–Ito set, told apart by colour-blind readers, and every series
is named in a legend, so no bar depends on its colour alone.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (QBarCategoryAxis, QBarSet, QChart, QChartView, QDateTimeAxis, QHorizontalStackedBarSeries,
                              QLineSeries, QStackedBarSeries, QValueAxis)
from PySide6.QtCore import QDateTime, QMargins, Qt, QTime, Signal
from PySide6.QtGui import QColor, QCursor, QPainter
from PySide6.QtWidgets import QGridLayout, QToolTip, QWidget

from ...services.performance.figures import PerformanceFigures
from . import chart_data as data

#: Okabe–Ito colours, in the order series take them.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999")
MIN_HEIGHT = 250


def _value_axis(largest: float, title: str) -> QValueAxis:
    """A count axis from 0 with whole-number ticks, at most six of them."""
    step = max(1, math.ceil(max(largest, 1) / 5))
    top = step * math.ceil(max(largest, 1) / step)
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setTickCount(top // step + 1)
    axis.setLabelFormat("%d")
    axis.setTitleText(title)
    return axis


def _chart(title: str, empty: bool) -> QChart:
    chart = QChart()
    chart.setTitle(f"{title} — none in this period" if empty else title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def volume_chart(daily: data.Daily) -> QChart:
    """A line of contacts received per day, with each day marked."""
    chart = _chart(daily.title, daily.empty)
    line = QLineSeries()
    line.setName("Contacts received")
    line.setPointsVisible(True)
    line.setColor(QColor(PALETTE[0]))
    for day, count in daily.days:
        line.append(QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch(), count)
    chart.addSeries(line)
    dates = QDateTimeAxis()
    dates.setFormat("d MMM")
    dates.setTitleText("Day received")
    if daily.days:
        first, last = daily.days[0][0], daily.days[-1][0]
        dates.setRange(QDateTime(first, QTime(0, 0)), QDateTime(last, QTime(23, 59)))
        dates.setTickCount(min(len(daily.days), 7) if len(daily.days) > 1 else 2)
    counts = _value_axis(max((n for _, n in daily.days), default=0), "Contacts")
    chart.addAxis(dates, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(dates)
    line.attachAxis(counts)
    chart.legend().setVisible(False)
    return chart


class StackedChart(QChart):
    """A stacked bar chart whose segments, clicked, name the cases they count."""

    def __init__(self, stacked: data.Stacked, lying: bool, unit: str, on_click) -> None:
        super().__init__()
        self.setTitle(f"{stacked.title} — none in this period" if stacked.empty else stacked.title)
        self.setMargins(QMargins(4, 4, 4, 4))
        self.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.stacked = stacked
        series = QHorizontalStackedBarSeries() if lying else QStackedBarSeries()
        self.bar_sets: list[QBarSet] = []
        for n, (name, segments) in enumerate(stacked.series):
            bars = QBarSet(name)
            bars.setColor(QColor(PALETTE[n % len(PALETTE)]))
            bars.setBorderColor(QColor("#ffffff"))
            bars.append([float(seg.value) for seg in segments])
            bars.clicked.connect(lambda index, s=name, segs=segments: on_click(self._label(s, index), segs[index]))
            bars.hovered.connect(lambda status, index, s=name, segs=segments: self._hover(status, s, index, segs))
            series.append(bars)
            self.bar_sets.append(bars)
        self.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(stacked.categories))
        counts = _value_axis(stacked.largest, unit)
        self.addAxis(categories, Qt.AlignmentFlag.AlignLeft if lying else Qt.AlignmentFlag.AlignBottom)
        self.addAxis(counts, Qt.AlignmentFlag.AlignBottom if lying else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(counts)
        self.legend().setAlignment(Qt.AlignmentFlag.AlignRight if lying else Qt.AlignmentFlag.AlignBottom)

    def _label(self, series: str, index: int) -> str:
        return f"{self.stacked.categories[index]}: {series}"

    def _hover(self, status: bool, series: str, index: int, segments: tuple[data.Segment, ...]) -> None:
        if status:
            count = segments[index].value
            QToolTip.showText(QCursor.pos(), f"{self._label(series, index)}: {count} (click to list the cases)")
        else:
            QToolTip.hideText()


class ChartsPanel(QWidget):
    """The three charts in a grid: volumes and timeliness side by side, outcomes by source below."""

    #: A bar segment was clicked: what it counts (words) and its references.
    figure_chosen = Signal(str, tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views = {key: self._view(name) for key, name in (
            ("volumes", "Contacts received each day"), ("timeliness", "Decisions within the RAG timescale"),
            ("outcomes", "Outcomes by source"))}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.views["volumes"], 0, 0)
        grid.addWidget(self.views["timeliness"], 0, 1)
        grid.addWidget(self.views["outcomes"], 1, 0, 1, 2)

    def _view(self, name: str) -> QChartView:
        view = QChartView()
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(MIN_HEIGHT)
        view.setAccessibleName(f"Chart: {name}")
        return view

    def show_figures(self, figures: PerformanceFigures) -> None:
        """Draw every chart again for ``figures``."""
        self._put("volumes", volume_chart(data.volumes(figures)))
        self._put("timeliness", StackedChart(data.timeliness(figures), False, "Decisions", self._chosen))
        self._put("outcomes", StackedChart(data.outcomes_by_source(figures), True, "Decided contacts",
                                           self._chosen))

    def chart(self, key: str) -> QChart:
        return self.views[key].chart()

    def _put(self, key: str, chart: QChart) -> None:
        view = self.views[key]
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _chosen(self, label: str, segment: data.Segment) -> None:
        if segment.value:
            self.figure_chosen.emit(label, segment.references)
