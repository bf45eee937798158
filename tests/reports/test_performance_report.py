"""The performance report's PDF and CSV, drawn from figures measured on plain rows."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from mash_desktop.domain import metrics
from mash_desktop.domain.codes import ContactSource, Outcome, Rag
from mash_desktop.domain.metric_types import ContactRow, DecisionRow, PeriodRows, ResearchRow, SeatRow
from mash_desktop.domain.timescales import HubCalendar
from mash_desktop.reports import fonts, performance, performance_charts
from mash_desktop.reports.styles import BANDS, TEXT_WIDTH
from mash_desktop.services.performance.figures import PerformanceFigures, Period
from mash_desktop.services.performance.export import CSV_COLUMNS, csv_rows, csv_text, report
from tests.pdf_text import flat, pages, reader

LONDON = ZoneInfo("Europe/London")
JUNE = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
CAL = HubCalendar()


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def _rows(period: Period, agencies: list[str], per_agency: int) -> PeriodRows:
    contacts, decisions, research = [], [], []
    for i, code in enumerate(agencies):
        for j in range(per_agency):
            n = len(contacts) + 1
            reference = f"MASH-2026-{period.first.month:02d}{n:04d}"
            received = at(period.first.year, period.first.month, 1 + (i + j) % 28, 10)
            contacts.append(ContactRow(reference, received, ContactSource.POLICE if j % 2 else ContactSource.SCHOOL,
                                       code))
            rag = (Rag.RED, Rag.AMBER, Rag.GREEN)[n % 3]
            decisions.append(DecisionRow(reference, contacts[-1].source, received,
                                         received + dt.timedelta(hours=1 + n % 7),
                                         (Outcome.STRATEGY_S47, Outcome.EARLY_HELP, Outcome.NO_FURTHER_ACTION)[n % 3],
                                         ((received, rag),)))
            research.append(ResearchRow(reference, code, received, received + dt.timedelta(hours=n % 5),
                                        ((received, rag),)))
    return PeriodRows(period.first, period.last, tuple(contacts), tuple(decisions), tuple(research))


def figures(agencies: list[str], per_agency: int = 2, quiet: bool = False) -> PerformanceFigures:
    before = JUNE.previous()
    now_rows = PeriodRows(JUNE.first, JUNE.last) if quiet else _rows(JUNE, agencies, per_agency)
    return PerformanceFigures(
        "Multi-Agency Safeguarding Hub", JUNE, before, metrics.measure(now_rows, CAL),
        metrics.measure(_rows(before, agencies[:1], 1), CAL),
        metrics.seats_in_use(SeatRow(code, f"Agency {code}", 5, 3 + i % 4) for i, code in enumerate(agencies)),
        dt.datetime(2026, 7, 1, 9, tzinfo=dt.timezone.utc), {code: f"Agency {code}" for code in agencies})


@pytest.fixture(scope="module")
def small():
    content = report(figures(["EDU", "POL"]), "Jo Smith")
    return content, performance.render(content)


def test_every_page_is_marked_and_numbered():
    content = report(figures([f"A{n:02d}" for n in range(45)]), "Jo Smith")
    pdf = performance.render(content)
    text = pages(pdf.data)
    assert pdf.pages == len(text) >= 4
    for number, page in enumerate(text, start=1):
        assert page.count("OFFICIAL-SENSITIVE") == 2, number  # top and bottom
        assert f"Page {number} of {len(text)}" in page and "June 2026" in page
        assert "Produced 01 Jul 2026, 10:00 BST by Jo Smith" in page


def test_the_pdf_shows_every_figure_in_the_same_words(small):
    content, pdf = small
    text = flat(" ".join(pages(pdf.data)))
    assert "Performance report: June 2026" in text and "compared with May 2026" in text
    lines = [line for section in content.sections for line in section.lines] + list(content.headline)
    assert len(lines) > 30
    for line in lines:
        assert flat(f"{line.label} {line.now.text()} {line.before.text()} {line.change}") in text, line.label
    for seat in content.seats:
        assert f"{seat.agency} {seat.seats} {seat.in_use} {seat.seats - seat.in_use}" in text
    assert "MASH-2026" not in text  # references stay behind the figures, for a screen to list


def test_the_audit_chain_head_is_printed_when_given(small):
    content, pdf = small
    assert "Audit trail when" not in " ".join(pages(pdf.data))
    marked = performance.render(content, "event 1,234, hash 00ff00ff00ff00ff")
    assert "Audit trail when this report was produced: event 1,234, hash 00ff00ff00ff00ff" in \
        flat(" ".join(pages(marked.data)))


def test_known_figures_read_as_worked_out(small):
    content, _ = small
    by_label = {line.label: line for line in content.headline}
    # Four contacts in June (two per agency), one in May.
    assert (by_label["Contacts received"].now.text(), by_label["Contacts received"].change) == ("4", "+3")
    # Decided 1 + n % 7 hours after receipt at 10:00 on working days: Red (n=3) 4 h is on time; Amber (n=1, 4)
    # take 2 and 5 working hours; Green (n=2) 3 h. All on time.
    assert by_label["Decisions within the RAG timescale"].now.text() == "100.0% (4 of 4)"
    assert len(by_label["Contacts received"].references) == 4


def test_charts_are_drawn_and_a_quiet_period_says_so_instead_of_an_empty_chart(small):
    content, pdf = small
    text = " ".join(pages(pdf.data))
    for chart in content.charts:
        assert chart.title in text
    assert "No figures for this period." not in text
    quiet = performance.render(report(figures(["EDU"], quiet=True), "Jo Smith"))
    said = " ".join(pages(quiet.data))
    # Contacts each day and time to decision are of this period alone; the others compare with May.
    assert said.count("No figures for this period.") == 2
    assert "All contacts 0 1 -1" in said


def test_only_the_embedded_font_is_used(small):
    _, pdf = small
    for page in reader(pdf.data).pages:
        names = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
        assert names and all("DejaVuSans" in str(name) for name in names), names
    meta = reader(pdf.data).metadata
    assert meta.title == "Performance report June 2026" and "OFFICIAL-SENSITIVE" in meta.subject


def test_the_csv_has_the_same_figures_one_row_each(small):
    content, _ = small
    rows = list(csv.reader(io.StringIO(csv_text(content), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) - 1 == len(csv_rows(content))
    lines = [(s.title, line) for s in content.sections for line in s.lines]
    assert len(rows) - 1 == len(lines) + len(content.seats)
    for row, (title, line) in zip(rows[1:], lines):
        assert row[:4] == ["2026-06-01", "2026-06-30", title, line.label]
        assert row[5] == line.now.plain() and row[7] == line.before.plain()
    on_time = next(r for r in rows if r[3] == "All rated Red, Amber or Green")
    assert on_time[4:7] == ["percent", "100.0", "4"]


def _rgb(colour) -> tuple[int, int, int]:
    return tuple(round(255 * c) for c in colour.rgb())


def test_chart_series_are_greys_apart_from_every_rag_colour():
    bands = [_rgb(BANDS[name][0]) for name in ("red", "amber", "green", "blue")]
    for series in performance_charts.SERIES:
        rgb = _rgb(series)
        assert max(rgb) - min(rgb) < 16, rgb  # no hue, so never read as a rating
        for band in bands:
            assert max(band) - min(band) > 60 and sum(abs(a - b) for a, b in zip(rgb, band)) > 80, (rgb, band)
    this, before = (sum(_rgb(c)) for c in performance_charts.SERIES[:2])
    assert before - this > 150  # this period and the one before differ in lightness


def test_a_period_not_ended_is_drawn_to_the_day_the_report_was_produced():
    mid_june = dataclasses.replace(figures(["EDU", "POL"]), produced_at=dt.datetime(2026, 6, 12, 15, tzinfo=LONDON))
    content = report(mid_june, "Jo Smith")
    line = next(c for c in content.charts if c.kind == "line")
    assert len(line.categories) == 30  # the report's content keeps every day; the drawing stops at today
    drawn = performance.so_far(line, content)
    assert drawn.categories[-1] == "12 Jun" and len(drawn.categories) == 12
    assert all(len(values) == 12 for _, values in drawn.series)
    text = " ".join(pages(performance.render(content).data))
    assert "Contacts received each day, to 12 June" in text
    assert re.search(r"\b12 Jun\b", text) and not re.search(r"\b(13|30) Jun\b", text)
    ended = report(figures(["EDU"]), "Jo Smith")  # produced on 1 July: June is drawn whole
    assert performance.so_far(next(c for c in ended.charts if c.kind == "line"), ended).categories[-1] == "30 Jun"


@pytest.mark.parametrize("days", [3, 12, 30, 31, 92, 366])
def test_day_labels_along_a_line_have_room_to_be_read_whole(days):
    first = dt.date(2026, 1, 1)
    categories = tuple(f"{d.day} {d:%b}" for d in (first + dt.timedelta(n) for n in range(days)))
    width = TEXT_WIDTH - 40
    step = performance_charts.label_step(categories, width)
    longest = max(stringWidth(c, fonts.REGULAR, performance_charts.LABEL) for c in categories)
    assert step * width / days >= longest + 4, step  # centre to centre, wider than a label
    assert step in (1, 2) or step % 7 == 0  # every day, every other day, or whole weeks


@pytest.mark.parametrize("largest", [3, 7, 12, 13, 22, 48, 130])
def test_count_axes_tick_at_whole_numbers(largest):
    top, step = performance_charts.nice_top([[float(largest), 1.0]], "contacts")
    assert step == int(step) >= 1 and top >= largest and top % step == 0 and top / step <= 6


def test_a_lying_chart_lists_its_first_category_and_series_at_the_top_in_the_legends_colours():
    from reportlab.graphics.charts.barcharts import HorizontalBarChart

    from mash_desktop.domain.performance_lines import Chart

    chart = Chart("hbar", "Contacts by source", ("Police", "Health"),
                  (("This period", (1.0, 2.0)), ("Previous period", (3.0, 4.0))), "contacts")
    drawn = performance_charts.drawing(chart, TEXT_WIDTH)
    bars = next(item for item in drawn.contents if isinstance(item, HorizontalBarChart))
    # reportlab draws from the bottom: the last row and category lowest.
    assert bars.categoryAxis.categoryNames == ["Health", "Police"]
    assert bars.data == [[4.0, 3.0], [2.0, 1.0]]
    assert bars.bars[0].fillColor == performance_charts.SERIES[1] and bars.bars[1].fillColor == \
        performance_charts.SERIES[0]
