"""The dashboard's charts (Qt Charts): volumes over time, timeliness by RAG, outcomes by source.

Each chart is drawn from chart_data.py. A click on a bar segment asks for
the cases it counts (``figure_chosen``), like a click on a figure in the
tables; pointing at a segment says in words what it counts. Every series is
named in a legend, so no bar depends on its colour alone.

Decisions on time and late are drawn in grey, solid and hatched: a RAG
colour there (green for on time, red or amber for late) would read as a
rating, and a hue pair such as blue and orange is too close to the Blue
and Amber ratings. Outcomes take the Okabe–Ito colours, which colour-blind
readers tell apart. A lying chart gives each category the height of a line
of text and more, so its labels are never cut short; the panel scrolls
rather than squeeze them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalStackedBarSeries,
                              QStackedBarSeries)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QCursor, QPainter
from PySide6.QtWidgets import QGridLayout, QToolTip, QWidget

from ...domain.codes import Outcome
from ...services.performance.figures import PerformanceFigures
from . import chart_data as data
from .volume_chart import VolumeChart, value_axis

#: Okabe–Ito colours, in the order series take them.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999")
#: Each outcome keeps its colour from one period to the next.
OUTCOME_COLOURS = {outcome.label: colour for outcome, colour in zip(Outcome, (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#999999", "#F0E442", "#000000", "#D55E00"))}
#: On time: solid dark grey; late: near-black hatching on white, outlined. Neither has a hue.
ON_TIME_COLOUR, LATE_COLOUR = QColor("#595959"), QColor("#1a1a1a")
TIMELINESS_BRUSHES = {
    data.ON_TIME: (QBrush(ON_TIME_COLOUR), QColor("#ffffff")),
    data.LATE: (QBrush(LATE_COLOUR, Qt.BrushStyle.BDiagPattern), LATE_COLOUR),
}
MIN_HEIGHT = 250
MIN_WIDTH = 420


class StackedChart(QChart):
    """A stacked bar chart whose segments, clicked, name the cases they count.

    A lying chart lists its first category at the top; ``categories`` are in
    the order drawn, and a segment's index counts in that order.
    """

    def __init__(self, stacked: data.Stacked, lying: bool, unit: str, on_click) -> None:
        super().__init__()
        self.setTitle(f"{stacked.title} — none in this period" if stacked.empty else stacked.title)
        self.setMargins(QMargins(4, 4, 4, 4))
        self.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.stacked = stacked
        order = list(reversed(range(len(stacked.categories)))) if lying else list(range(len(stacked.categories)))
        self.categories = tuple(stacked.categories[i] for i in order)
        series = QHorizontalStackedBarSeries() if lying else QStackedBarSeries()
        self.bar_sets: list[QBarSet] = []
        for n, (name, all_segments) in enumerate(stacked.series):
            segments = tuple(all_segments[i] for i in order)
            bars = QBarSet(name)
            colour = OUTCOME_COLOURS.get(name, PALETTE[n % len(PALETTE)])
            brush, border = TIMELINESS_BRUSHES.get(name) or (QBrush(QColor(colour)), QColor("#ffffff"))
            bars.setBrush(brush)
            bars.setBorderColor(border)
            bars.append([float(seg.value) for seg in segments])
            bars.clicked.connect(lambda index, s=name, segs=segments: on_click(self._label(s, index), segs[index]))
            bars.hovered.connect(lambda status, index, s=name, segs=segments: self._hover(status, s, index, segs))
            series.append(bars)
            self.bar_sets.append(bars)
        self.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(self.categories))
        categories.setTitleText(stacked.categories_title)
        counts = value_axis(stacked.largest, unit)
        self.addAxis(categories, Qt.AlignmentFlag.AlignLeft if lying else Qt.AlignmentFlag.AlignBottom)
        self.addAxis(counts, Qt.AlignmentFlag.AlignBottom if lying else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(counts)
        self.legend().setAlignment(Qt.AlignmentFlag.AlignRight if lying else Qt.AlignmentFlag.AlignBottom)

    def _label(self, series: str, index: int) -> str:
        return f"{self.categories[index]}: {series}"

    def _hover(self, status: bool, series: str, index: int, segments: tuple[data.Segment, ...]) -> None:
        if status:
            count = segments[index].value
            QToolTip.showText(QCursor.pos(), f"{self._label(series, index)}: {count} (click to list the cases)")
        else:
            QToolTip.hideText()


def fitting_height(view: QWidget, lines: int) -> int:
    """The height a chart needs to give each of ``lines`` bars (or legend entries) two lines of text."""
    return max(MIN_HEIGHT, 130 + 2 * view.fontMetrics().height() * lines)


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
        view.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        view.setAccessibleName(f"Chart: {name}")
        return view

    def show_figures(self, figures: PerformanceFigures, today: dt.date) -> None:
        """Draw every chart again for ``figures``, up to ``today``."""
        self._put("volumes", VolumeChart(data.volumes(figures, today)))
        self._put("timeliness", StackedChart(data.timeliness(figures), False, "Decisions", self._chosen))
        self.show_outcomes(data.outcomes_by_source(figures))

    def show_outcomes(self, outcomes: data.Stacked) -> None:
        """Draw the outcomes by source, as tall as its sources and its legend need."""
        self._put("outcomes", StackedChart(outcomes, True, "Decided contacts", self._chosen))
        view = self.views["outcomes"]
        view.setMinimumHeight(fitting_height(view, max(len(outcomes.categories), len(outcomes.series))))

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
