"""The performance dashboard on the demo hub: the PDF's figures, the cases behind them, the period picker."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from mash_desktop.domain.codes import Rag, Role
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.dashboard.window import DashboardWindow
from mash_desktop.gui.dashboard.headline import change_words
from mash_desktop.gui.dashboard.periods import Preset, preset_period
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.demo import hub as demo
from mash_desktop.services.performance.figures import Period, gather
from mash_desktop.services.performance.table import headline, sections
from mash_desktop.services.intake.referrals import HUB_ZONE, list_referrals
from mash_desktop.store.models import AuditEvent
from tests.pdf_text import flat, pages

from ..conftest import DEMO_NOW

# Windows are shown; the offscreen platform says it cannot size or raise them.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

TODAY = DEMO_NOW.astimezone(HUB_ZONE).date()
NOVEMBER = Period(dt.date(2024, 11, 1), dt.date(2024, 11, 30))


def signed_in(db, username: str):
    code = username.split(".")[0].upper()
    return sign_in(db, demo.demo_credentials(code, "demo"), username, demo.DEMO_PASSWORD)


def shown_lines(window: DashboardWindow) -> list[tuple[str, ...]]:
    """Every figures-table row on screen: measure, this period, previous period, change."""
    return [table.row_texts(row) for table in window.tables.tables for row in range(table.rowCount())]


def cases_for(qtbot, window: DashboardWindow, act):
    """Run ``act`` (a click or a key), and return the cases list it opened, loaded."""
    with qtbot.waitSignal(window.cases_opened, timeout=5_000) as opened:
        act()
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.listed()) or not dialog.references, timeout=10_000)
    return dialog


def test_presets_are_whole_calendar_months():
    assert preset_period(Preset.THIS_MONTH, TODAY) == NOVEMBER
    assert preset_period(Preset.LAST_MONTH, TODAY) == Period(dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    assert preset_period(Preset.LAST_3_MONTHS, TODAY) == Period(dt.date(2024, 8, 1), dt.date(2024, 10, 31))
    january = dt.date(2025, 1, 31)
    assert preset_period(Preset.LAST_MONTH, january) == Period(dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert preset_period(Preset.LAST_3_MONTHS, january) == Period(dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert preset_period(Preset.THIS_MONTH, dt.date(2024, 2, 29)).last == dt.date(2024, 2, 29)


def test_the_dashboard_and_the_pdf_show_the_same_figures(qtbot, open_dashboard, demo_db, tmp_path, monkeypatch):
    window = open_dashboard()
    assert window.figures.period == NOVEMBER and "November 2024 compared with October 2024" in window.subtitle.text()
    out = tmp_path / "november"  # no suffix: the dashboard adds it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), "PDF documents (*.pdf)"))
    with qtbot.waitSignal(window.exports.exported, timeout=30_000) as done:
        qtbot.mouseClick(window.exports.buttons[".pdf"], Qt.MouseButton.LeftButton)
    pdf = done.args[0]
    assert pdf == tmp_path / "november.pdf" and not out.exists()
    text = flat(" ".join(pages(pdf)))

    cards = window.headline.cards
    assert [c.title.text() for c in cards][:2] == ["Contacts received", "Contacts decided"]
    assert len(cards) == len(headline(gather(demo_db, window.signed.actor, NOVEMBER)))
    for card in cards:  # every key figure, with its previous figure and change, as the PDF's key figures
        line = card.line
        assert card.shown_text() == line.now.text()
        assert flat(f"{card.title.text()} {card.shown_text()} {line.before.text()} {line.change}") in text
    received = [r.received_at.astimezone(HUB_ZONE).date() for r in list_referrals(demo_db)]
    in_november = sum(NOVEMBER.first <= day <= NOVEMBER.last for day in received)
    assert in_november >= len(received) - 3  # every demo contact but those closed years ago, for disposal
    assert cards[0].shown_text() == str(in_november)

    rows = shown_lines(window)
    expected = sections(gather(demo_db, window.signed.actor, NOVEMBER))
    assert len(rows) == sum(len(s.lines) for s in expected) > 30
    for measure, now, before, change in rows:
        assert flat(f"{measure} {now} {before} {change.split()[0]}") in text, measure
    for row in range(window.tables.seats.rowCount()):
        assert flat(" ".join(window.tables.seats.item(row, c).text() for c in range(4))) in text
    with demo_db.read() as s:
        exports = s.scalars(select(AuditEvent).where(AuditEvent.action == "performance.export")).all()
    assert [e.object_ref for e in exports] == ["November 2024"]
    assert "Saved" in window.statusBar().currentMessage()


def test_the_csv_export_holds_the_tables_rows(qtbot, open_dashboard, tmp_path, monkeypatch):
    window = open_dashboard("csc.decision")
    out = tmp_path / "figures.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    with qtbot.waitSignal(window.exports.exported, timeout=30_000):
        window.exports.buttons[".csv"].click()
    with out.open(newline="", encoding="utf-8") as fh:
        written = [(r["measure"], r["change"]) for r in csv.DictReader(fh) if r["section"] != "Seats in use"]
    assert [measure for measure, _ in written] == [row[0] for row in shown_lines(window)]
    assert [c for _, c in written] == [(row[3].split()[0] if row[3] != "–" else "").lstrip("+")
                                       for row in shown_lines(window)]


def test_a_click_on_a_figure_lists_exactly_its_references(qtbot, open_dashboard, demo_db):
    window = open_dashboard()
    decided = window.headline.cards[1]
    dialog = cases_for(qtbot, window, lambda: qtbot.mouseClick(decided, Qt.MouseButton.LeftButton))
    assert dialog.listed() == list(decided.line.references) and 0 < len(dialog.listed()) < 30
    summaries = {s.reference: s for s in list_referrals(demo_db)}
    for row, reference in enumerate(dialog.listed()):  # subject and status from the hub-wide summary
        cells = [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]
        assert cells[:2] == [reference, summaries[reference].subject]
        assert cells[3] == summaries[reference].status.label

    police = next(t for t in window.tables.tables if t.section.key == "contacts")
    row = [police.row_texts(r)[0] for r in range(police.rowCount())].index("Police")
    police.setFocus()
    police.setCurrentCell(row, 0)
    dialog = cases_for(qtbot, window, lambda: qtbot.keyClick(police, Qt.Key.Key_Return))
    line = police.section.lines[row]
    assert dialog.listed() == list(line.references) and str(len(line.references)) == police.row_texts(row)[1]
    assert {summaries[r].subject for r in dialog.listed()} <= {s.subject for s in summaries.values()}

    research = next(t for t in window.tables.tables if t.section.key == "research")
    many = research.section.lines[0]  # one reference per agency's return: listed once each
    dialog = cases_for(qtbot, window, lambda: research.cellClicked.emit(0, 1))
    assert dialog.listed() == list(dict.fromkeys(many.references)) and len(many.references) > len(dialog.listed())

    on_time = window.charts.chart("timeliness").bar_sets[0]  # a bar: the Red decisions made in time
    dialog = cases_for(qtbot, window, lambda: on_time.clicked.emit(0))
    assert dialog.listed() == list(window.figures.current.on_time[Rag.RED].part.references) != []

    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # opens the case, asking for a reason if not involved
    qtbot.waitUntil(lambda: any(w.reference == dialog.listed()[0] for w in case_open.open_windows()),
                    timeout=10_000)


def test_an_officer_gets_no_dashboard_and_the_service_refuses(qtbot, demo_db, settled):
    officer = MainWindow(demo_db, signed=signed_in(demo_db, "csc.officer"))
    qtbot.addWidget(officer)
    assert officer.dashboard_menu is None
    assert "&Reports" not in [a.text() for a in officer.menuBar().actions()]
    with pytest.raises(NotPermitted):
        gather(demo_db, officer.signed.actor, NOVEMBER)

    supervisor = MainWindow(demo_db, signed=signed_in(demo_db, "csc.supervisor"))
    qtbot.addWidget(supervisor)
    menus = [a.text() for a in supervisor.menuBar().actions()]
    assert "&Reports" in menus and menus.index("&Reports") < menus.index("&Session")
    action = supervisor.dashboard_menu.action
    assert action.shortcut().toString() == "Ctrl+D"
    action.trigger()
    dashboard = supervisor.dashboard_menu.dashboard
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=20_000)
    action.trigger()
    assert supervisor.dashboard_menu.dashboard is dashboard  # brought back, not opened twice


def test_an_auditor_sees_the_figures_but_opens_no_case(qtbot, open_dashboard):
    window = open_dashboard("hub.auditor")
    assert Role.AUDITOR in window.signed.actor.roles and window.headline.cards[0].shown_text() != "0"
    card = window.headline.cards[0]
    card.setFocus()
    dialog = cases_for(qtbot, window, lambda: qtbot.keyClick(card, Qt.Key.Key_Return))
    assert dialog.listed() == list(card.line.references) and not dialog.open_button.isEnabled()


def test_the_period_picker_changes_the_figures(qtbot, open_dashboard, demo_db):
    window = open_dashboard()
    contacts = lambda: window.headline.cards[0]  # noqa: E731 - the cards are rebuilt on each load
    assert contacts().shown_text() == "30"

    window.picker.choose(Preset.LAST_MONTH)
    assert window.loading and window.loading_label.isVisible()  # asked in the background
    qtbot.waitUntil(lambda: not window.loading, timeout=20_000)
    assert window.figures.period == Period(dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    assert contacts().shown_text() == "0" and window.tables.tables[0].horizontalHeaderItem(1).text() == "October 2024"
    assert window.subtitle.text() == "October 2024 compared with September 2024"

    first, last = dt.date(2024, 11, 8), dt.date(2024, 11, 10)
    received = [s for s in list_referrals(demo_db) if first <= s.received_at.astimezone(HUB_ZONE).date() <= last]
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.picker.set_dates(first, last)
    assert window.picker.current is Preset.CHOSEN and window.figures.period == Period(first, last)
    assert contacts().shown_text() == str(len(received)) and contacts().line.references == tuple(
        sorted(s.reference for s in received))
    assert "5 to 7 November 2024" in contacts().change.text()  # compared with the three days before

    window.picker.set_dates(last, first)
    qtbot.waitUntil(lambda: window.picker.problem.text() != "", timeout=5_000)
    assert "ends before it starts" in window.picker.problem.text() and not window.loading
    assert window.figures.period == Period(first, last)


def test_change_is_said_in_words_and_sign():
    from mash_desktop.domain.performance_lines import FigureLine, Value

    up = FigureLine("Contacts", Value("count", 12), Value("count", 9))
    down = FigureLine("On time", Value("percent", 75.0, 12), Value("percent", 80.0, 10))
    assert change_words(up, "May 2026") == "▲ +3, up from 9 in May 2026"
    assert change_words(down, "May 2026") == "▼ -5.0 pts, down from 80.0% in May 2026"
    assert change_words(FigureLine("x", Value("count", 4), Value("count", 4)), "May") == "No change from 4 in May"
    assert change_words(FigureLine("x", Value("percent", None, 0), Value("percent", 50.0, 2)), "May") \
        .startswith("No cases")
    assert change_words(FigureLine("x", Value("percent", 50.0, 2), Value("percent", None, 0)), "May") \
        == "Nothing to compare: no figure for May"


def test_nothing_is_cut_off(qtbot, open_dashboard, tmp_path):
    window = open_dashboard()
    window.grab().save(str(tmp_path / "dashboard-charts.png"))
    window.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "dashboard-tables.png"))
    for table in [*window.tables.tables, window.tables.seats]:  # every row shown without scrolling inside
        assert table.viewport().height() >= table.verticalHeader().length()
    for card in window.headline.cards:
        for label in (card.title, card.value, card.base, card.change):
            assert label.height() >= label.heightForWidth(label.width()), label.text()
            assert label.width() >= min(label.sizeHint().width(), label.minimumSizeHint().width())
