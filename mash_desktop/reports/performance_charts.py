"""The performance report's charts, drawn with reportlab graphics.

A chart with nothing to show is drawn as a short sentence instead, so a
quiet month never prints an empty frame; a bar chart of many categories
lies down, so every category keeps a readable label, and a line of many
days labels only as many days as have room to be read whole. Series are
drawn in greys, dark and light, named in a legend: no RAG colour (a bar
under "Red" or "Green" must not read as a rating), and told apart by
lightness, which colour-blind readers see as well as anyone.
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import fonts
from ..domain.performance_lines import Chart
from .styles import INK, MUTED, RULE

#: Series colours: this period first, then the period before.
SERIES = (colors.HexColor("#404040"), colors.HexColor("#a6a6a6"), colors.HexColor("#737373"))
LABEL = 7.2
_LEGEND_ROOM = 16
# Room between the plot and the legend for the labels of the tallest bars.
_HEADROOM = 14
#: Upright bars for at most this many categories; more lie down, one per line.
UPRIGHT_MOST = 12
_TALLEST = 560
#: Units counted in whole numbers.
COUNTED = ("contacts", "seats", "decisions")
#: Room between two category labels along a line chart, in points.
_LABEL_GAP = 8


def _values(chart: Chart) -> list[list[float | None]]:
    return [list(values) for _, values in chart.series]


def nice_top(values: list[list[float | None]], unit: str) -> tuple[float, float]:
    """A round top for the value axis and a step giving four to six gridlines."""
    if unit == "%":
        return 100.0, 20.0
    top = max((v for row in values for v in row if v is not None), default=0.0) or 1.0
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    counted = unit in COUNTED
    steps = (1, 2, 5, 10) if counted else (1, 2, 2.5, 5, 10)  # a count's ticks are whole numbers
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    if step < 1 and counted:
        step = 1.0
    return step * math.ceil(top / step), step


def _style_axes(chart, top: float, step: float, unit: str) -> None:
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = chart.categoryAxis.labels.fontSize = LABEL
    chart.valueAxis.labels.fillColor = chart.categoryAxis.labels.fillColor = INK
    chart.valueAxis.labelTextFormat = "%d%%" if unit == "%" else ("%g" if step < 1 else "%d")
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = MUTED
    chart.valueAxis.strokeWidth = chart.categoryAxis.strokeWidth = 0.5


def _legend(chart: Chart, width: float, height: float) -> Legend | None:
    if len(chart.series) < 2:
        return None
    legend = Legend()
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = fonts.REGULAR, LABEL
    legend.dx = legend.dy = 7
    legend.deltax = max(stringWidth(fonts.for_display(name), fonts.REGULAR, LABEL) for name, _ in chart.series) + 24
    legend.colorNamePairs = [(SERIES[i % len(SERIES)], fonts.for_display(name))
                             for i, (name, _) in enumerate(chart.series)]
    legend.x, legend.y = 0, height - 4
    return legend


def _empty(width: float, text: str) -> Drawing:
    drawing = Drawing(width, 18)
    drawing.add(String(0, 5, text, fontName=fonts.REGULAR, fontSize=8.2, fillColor=MUTED))
    return drawing


def _bar_labels(bars, unit: str, anchor: str) -> None:
    """Each bar's value just beyond its end; none for a missing figure, nor for a zero count."""
    pattern = "%.0f%%" if unit == "%" else ("%.1f" if unit == "hours" else "%.0f")
    zero_shown = unit in ("%", "hours")

    def label(value: float | None) -> str:
        return "" if value is None or (value == 0 and not zero_shown) else pattern % value

    bars.barLabelFormat = label
    bars.barLabels.fontName, bars.barLabels.fontSize = fonts.REGULAR, 6.5
    bars.barLabels.fillColor = INK
    bars.barLabels.boxAnchor = anchor
    bars.barLabels.dx, bars.barLabels.dy = (2, 0) if anchor == "w" else (0, 2)


def _vertical(chart: Chart, width: float) -> Drawing:
    values = _values(chart)
    longest = max(stringWidth(c, fonts.REGULAR, LABEL) for c in chart.categories)
    slant = longest > 0.8 * (width - 40) / max(1, len(chart.categories))
    bottom = 14 + (longest * 0.6 if slant else 0)
    height = 150 + bottom
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 34, bottom, width - 40, height - bottom - _LEGEND_ROOM - _HEADROOM
    bars.data = values
    bars.categoryAxis.categoryNames = [fonts.for_display(c) for c in chart.categories]
    bars.groupSpacing, bars.barSpacing = 8, 1
    if slant:
        bars.categoryAxis.labels.angle = 35
        bars.categoryAxis.labels.boxAnchor = "ne"
    top, step = nice_top(values, chart.unit)
    _style_axes(bars, top, step, chart.unit)
    _bar_labels(bars, chart.unit, "s")
    return _finish(drawing, bars, chart, len(values))


def _finish(drawing: Drawing, bars, chart: Chart, series: int, upside_down: bool = False) -> Drawing:
    """Colour each series (drawn last first when ``upside_down``), add the bars and the legend
    (if the chart has more than one series)."""
    for i in range(series):
        colour = SERIES[(series - 1 - i if upside_down else i) % len(SERIES)]
        bars.bars[i].fillColor, bars.bars[i].strokeColor = colour, None
    drawing.add(bars)
    legend = _legend(chart, drawing.width, drawing.height)
    if legend:
        drawing.add(legend)
    return drawing


def _horizontal(chart: Chart, width: float) -> Drawing:
    values = _values(chart)
    names = [fonts.for_display(c) for c in chart.categories]
    left = max(stringWidth(n, fonts.REGULAR, LABEL) for n in names) + 10
    plot = min(len(names) * (6 + 9 * len(values)), _TALLEST)  # bars grow thinner rather than overflow
    height = plot + 20 + _LEGEND_ROOM
    drawing = Drawing(width, height)
    bars = HorizontalBarChart()
    bars.x, bars.y, bars.width, bars.height = left, 16, width - left - 24, plot
    # First category at the top, and within it the first series (this period) above the next, as the legend lists them.
    bars.data = [list(reversed(row)) for row in reversed(values)]
    bars.categoryAxis.categoryNames = list(reversed(names))
    bars.groupSpacing, bars.barSpacing = 6, 0.5
    top, step = nice_top(values, chart.unit)
    _style_axes(bars, top, step, chart.unit)
    _bar_labels(bars, chart.unit, "w")
    return _finish(drawing, bars, chart, len(values), upside_down=True)


def label_step(categories: tuple[str, ...], width: float) -> int:
    """Label every n-th category of a line ``width`` points long so that no two labels touch:
    every day, every other day, or every week."""
    longest = max((stringWidth(c, fonts.REGULAR, LABEL) for c in categories), default=0) + _LABEL_GAP
    need = longest / (width / max(1, len(categories)))
    if need <= 1:
        return 1
    if need <= 2:
        return 2
    return 7 * math.ceil(need / 7)


def _line(chart: Chart, width: float) -> Drawing:
    values = _values(chart)
    height = 150
    drawing = Drawing(width, height)
    line = HorizontalLineChart()
    line.x, line.y, line.width, line.height = 34, 18, width - 40, height - 18 - _LEGEND_ROOM - _HEADROOM
    line.data = values
    every = label_step(chart.categories, line.width)
    line.categoryAxis.categoryNames = [c if i % every == 0 else "" for i, c in enumerate(chart.categories)]
    line.joinedLines = 1
    top, step = nice_top(values, chart.unit)
    _style_axes(line, top, step, chart.unit)
    for i in range(len(values)):
        line.lines[i].strokeColor, line.lines[i].strokeWidth = SERIES[i % len(SERIES)], 1.4
    drawing.add(line)
    legend = _legend(chart, width, height)
    if legend:
        drawing.add(legend)
    return drawing


def drawing(chart: Chart, width: float) -> Drawing:
    """The chart as a reportlab drawing ``width`` points wide (a flowable)."""
    fonts.register()
    if not chart.categories or not any(v for _, values in chart.series for v in values):
        made = _empty(width, "No figures for this period.")
    else:
        kind = "hbar" if chart.kind == "bar" and len(chart.categories) > UPRIGHT_MOST else chart.kind
        made = {"bar": _vertical, "hbar": _horizontal, "line": _line}[kind](chart, width)
    # Else the renderer starts each drawing in Helvetica, which the PDF would name without embedding.
    made.initialFontName, made.initialFontSize = fonts.REGULAR, LABEL
    return made
