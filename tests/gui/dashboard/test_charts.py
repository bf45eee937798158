"""The dashboard's charts on the demo hub: whole labels at a workstation's sizes, no day after today,
on-time and late told apart from the RAG colours."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication

from mash_desktop.domain.codes import ContactSource, Outcome
from mash_desktop.gui.dashboard import chart_data
from mash_desktop.gui.dashboard.charts import TIMELINESS_BRUSHES, ChartsPanel
from mash_desktop.gui.dashboard.periods import Preset
from mash_desktop.gui.dashboard.volume_chart import label_step
from mash_desktop.gui.queue.cells import RAG_COLOURS

from mash_desktop.services.intake.referrals import HUB_ZONE

from ...conftest import DEMO_NOW

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ELLIPSES = ("…", "...")
TODAY = DEMO_NOW.astimezone(HUB_ZONE).date()
#: QGraphicsTextItem's item type: the charts' titles and labels.
TEXT_ITEM = 8


def shown_texts(view: QChartView) -> list[str]:
    """Every piece of text the chart draws now (title, axis labels and titles), as drawn."""
    texts = []
    for item in view.scene().items():
        if item.type() == TEXT_ITEM and item.isVisible():
            text = item.toGraphicsObject().toPlainText()
            if text:
                texts.append(text)
    return texts


def laid_out(qtbot, window, width: int, height: int) -> None:
    window.resize(width, height)
    for view in window.charts.views.values():  # charts lay out on show and resize
        view.resize(view.size())
    qtbot.wait(100)
    QApplication.processEvents()


def hue(colour: QColor) -> int:
    """How far a colour is from grey: 0 for a grey, over 60 for each RAG colour."""
    rgb = (colour.red(), colour.green(), colour.blue())
    return max(rgb) - min(rgb)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_no_label_is_cut_short(qtbot, open_dashboard, size):
    window = open_dashboard()
    for preset in (Preset.THIS_MONTH, Preset.LAST_3_MONTHS):
        if preset is not window.picker.current:
            with qtbot.waitSignal(window.loaded, timeout=20_000):
                window.picker.choose(preset)
        laid_out(qtbot, window, *size)
        for key, view in window.charts.views.items():
            texts = shown_texts(view)
            assert texts and not [t for t in texts if any(e in t for e in ELLIPSES)], (key, texts)
            chart = view.chart()
            assert chart.title() in texts, key
        volumes = window.charts.chart("volumes")
        assert set(volumes.dates.categoriesLabels()) <= set(shown_texts(window.charts.views["volumes"]))
        for key in ("timeliness", "outcomes"):
            chart = window.charts.chart(key)
            assert set(chart.categories) <= set(shown_texts(window.charts.views[key])), key
        outcomes = window.charts.chart("outcomes")
        if outcomes.categories:  # each source has at least a line of text's height
            label = QFontMetrics(outcomes.axes(Qt.Orientation.Vertical)[0].labelsFont()).height()
            assert outcomes.plotArea().height() / len(outcomes.categories) >= label
    assert set(window.charts.chart("outcomes").categories) == {
        s.label for s in ContactSource if window.figures.current.conversion.get(s) and
        window.figures.current.conversion[s].whole.value}


def test_every_source_and_outcome_keeps_its_whole_label_at_a_small_size(qtbot):
    """Every source and every outcome at once, as a busy hub's quarter has them, in a 1366-wide window."""
    sources = tuple(s.label for s in ContactSource)
    series = tuple((o.label, tuple(chart_data.Segment((f"{o.name}-{n}",)) for n in range(len(sources))))
                   for o in Outcome)
    panel = ChartsPanel()
    qtbot.addWidget(panel)
    panel.show_outcomes(chart_data.Stacked("Outcomes by source of the contact", sources, series, "Source"))
    panel.resize(1340, panel.minimumSizeHint().height())  # the scroll area gives the panel no more
    panel.show()
    qtbot.wait(100)
    view = panel.views["outcomes"]
    texts = shown_texts(view)
    assert not [t for t in texts if any(e in t for e in ELLIPSES)], texts
    assert set(sources) <= set(texts) and {o.label for o in Outcome} <= set(texts)
    assert [m.label() for m in view.chart().legend().markers()] == [o.label for o in Outcome]
    assert view.chart().categories == tuple(reversed(sources))  # the first source at the top


def test_no_day_after_today_is_drawn(qtbot, open_dashboard):
    window = open_dashboard()
    assert window.figures.period.last > TODAY  # November runs on past the demo hub's today
    chart = window.charts.chart("volumes")
    assert chart.days[0] == window.figures.period.first and chart.days[-1] == TODAY
    assert chart.line.count() == len(chart.days) == TODAY.day
    assert max(point.x() for point in chart.line.points()) == len(chart.days) - 1
    assert chart.title().endswith(f"(to {TODAY.day} November)")
    received = {day: n.value for day, n in window.figures.current.by_day}
    assert [point.y() for point in chart.line.points()] == [received[day] for day in chart.days]

    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.picker.choose(Preset.LAST_MONTH)  # a month that has ended is drawn whole
    chart = window.charts.chart("volumes")
    assert chart.days[-1] == dt.date(2024, 10, 31) and len(chart.days) == 31 and "(to" not in chart.title()

    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.picker.set_dates(TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=5))  # all to come
    chart = window.charts.chart("volumes")
    assert chart.days == () and chart.line.count() == 0 and chart.title().endswith("none in this period")


def test_day_labels_are_every_day_then_every_other_then_weekly():
    assert [label_step(n) for n in (1, 8, 9, 16, 17, 31, 56, 57, 92)] == [1, 1, 2, 2, 7, 7, 7, 14, 14]


def test_on_time_and_late_are_apart_from_every_rag_colour_and_named(qtbot, open_dashboard):
    window = open_dashboard()
    chart = window.charts.chart("timeliness")
    on_time, late = chart.bar_sets
    assert (on_time.label(), late.label()) == (chart_data.ON_TIME, chart_data.LATE)
    assert [m.label() for m in chart.legend().markers()] == ["On time", "Late"] and chart.legend().isVisible()
    rag = [background for background, _ in RAG_COLOURS.values()]
    assert all(hue(colour) > 60 for colour in rag)
    for bars in (on_time, late):
        colour = bars.brush().color()
        assert hue(colour) < 16, colour.name()  # a grey: never read as Red, Amber, Green or Blue
        assert all(colour.rgb() != other.rgb() for other in rag)
    assert on_time.brush().style() == Qt.BrushStyle.SolidPattern
    assert late.brush().style() != Qt.BrushStyle.SolidPattern  # hatched: apart by pattern, not hue
    assert {name for name in TIMELINESS_BRUSHES} == {chart_data.ON_TIME, chart_data.LATE}
    colours = {bars.brush().color().name() for bars in window.charts.chart("outcomes").bar_sets}
    assert len(colours) == len(window.charts.chart("outcomes").bar_sets)  # every outcome its own colour
    assert len({o.label for o in Outcome}) == len(Outcome)
