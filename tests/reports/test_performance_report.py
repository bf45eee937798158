"""The performance report's PDF and CSV, drawn from figures measured on plain rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from mash_desktop.domain import metrics
from mash_desktop.domain.codes import ContactSource, Outcome, Rag
from mash_desktop.domain.metric_types import ContactRow, DecisionRow, PeriodRows, ResearchRow, SeatRow
from mash_desktop.domain.timescales import HubCalendar
from mash_desktop.reports import performance
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
