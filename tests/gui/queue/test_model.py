"""The queue model: ids and lazily fetched rows, formatted for the table."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mash_desktop.domain.codes import ConcernCategory, ContactSource, Rag, ResearchStatus, Status
from mash_desktop.domain.timescales import HubCalendar
from mash_desktop.gui.queue.model import (
    LOADING,
    PAGE,
    RAG_COLOURS,
    SORT_ROLE,
    Column,
    QueueModel,
    age_in_years,
    time_left,
)
from mash_desktop.gui.queue.formats import RESEARCH_MARKS, countdown, waited
from mash_desktop.services.queue.query import (QueueLoad, QueueQuery, QueueRow, QueueSort, all_ids, counts, fetch_rows,
                                               first_page, load_queue, window)
from mash_desktop.services.intake.referrals import ReferralSummary

from ..conftest import DEMO_NOW

UTC = dt.timezone.utc
pytestmark = pytest.mark.usefixtures("qapp")  # fonts and colours need a QGuiApplication


def _row(n: int = 1, research=(), source=ContactSource.SCHOOL, concerns=(), **changes) -> QueueRow:
    fields = dict(
        reference=f"MASH-2024-{n:06d}", status=Status.SCREENED, rag=Rag.AMBER,
        received_at=DEMO_NOW - dt.timedelta(hours=1), decision_due_at=DEMO_NOW + dt.timedelta(hours=5),
        subject="Ada Example", subject_dob=dt.date(2015, 3, 1), allocated_to=None,
    )
    fields.update(changes)
    return QueueRow(n, ReferralSummary(**fields), None, tuple(research), source, tuple(concerns))


@pytest.fixture
def model(demo_db):
    m = QueueModel(clock=lambda: DEMO_NOW, fetch=lambda ids: fetch_rows(demo_db, ids))
    m.set_load(load_queue(demo_db, QueueQuery(), DEMO_NOW))
    return m


def _column(model: QueueModel, column: Column, role=Qt.ItemDataRole.DisplayRole) -> list:
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester, model):
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_columns_are_the_sorts_the_database_knows():
    columns = [s for s in QueueSort if s is not QueueSort.URGENCY]
    assert [c.name for c in Column] == [s.name for s in columns]
    assert [int(c) for c in Column] == [int(s) for s in columns]
    assert int(QueueSort.URGENCY) < 0  # no column: the header shows no sort arrow


def test_no_sort_indicator_is_most_urgent_first(qtbot):
    m = QueueModel(clock=lambda: DEMO_NOW)
    assert m.query.sort is QueueSort.URGENCY
    m.sort(Column.RECEIVED)
    with qtbot.waitSignal(m.query_changed):
        m.sort(-1, Qt.SortOrder.DescendingOrder)
    assert m.query.sort is QueueSort.URGENCY and not m.query.descending


def test_a_header_click_asks_for_a_new_query(qtbot):
    m = QueueModel(clock=lambda: DEMO_NOW)
    with qtbot.waitSignal(m.query_changed):
        m.sort(Column.SUBJECT, Qt.SortOrder.DescendingOrder)
    assert m.query.sort is QueueSort.SUBJECT and m.query.descending
    with qtbot.assertNotEmitted(m.query_changed):
        m.sort(Column.SUBJECT, Qt.SortOrder.DescendingOrder)


def test_rows_are_fetched_lazily_a_page_at_a_time(qtbot, qtmodeltester):
    rows = {n: _row(n, subject=f"Person {n}") for n in range(1, 2 * PAGE + 51)}
    asked: list[list[int]] = []

    def fetch(ids):
        asked.append(list(ids))
        return {i: rows[i] for i in ids}

    m = QueueModel(clock=lambda: DEMO_NOW, fetch=fetch)
    first = list(rows)[:PAGE]
    m.set_load(QueueLoad(list(rows), {i: rows[i] for i in first}, len(rows), len(rows)))
    assert m.rowCount() == len(rows)
    assert m.index(0, Column.SUBJECT).data() == "Person 1"
    far = PAGE + 7
    assert m.index(far, Column.SUBJECT).data() == LOADING
    assert m.row_at(far) is None and m.fetching
    with qtbot.waitSignal(m.dataChanged, timeout=5000) as changed:
        pass
    assert asked == [list(range(PAGE + 1, 2 * PAGE + 1))]  # one page, not every row
    top, bottom = changed.args[:2]
    assert top.row() <= far <= bottom.row()
    assert m.index(far, Column.SUBJECT).data() == f"Person {far + 1}"
    assert not m.fetching
    qtmodeltester.check(m)  # with placeholders in it
    last = m.rowCount() - 1
    m.index(last, 0).data()
    qtbot.waitUntil(lambda: m.row_at(last) is not None, timeout=5000)
    assert len(asked) == 2 and asked[1] == list(range(2 * PAGE + 1, 2 * PAGE + 51))


def test_ids_further_down_come_a_window_at_a_time(qtbot, qtmodeltester):
    """After a first page the model knows only how many rows there are; scrolling
    far down asks for that window of the order (ids and rows), never every id."""
    order = list(range(1, 3 * PAGE + 21))
    rows = {n: _row(n, subject=f"Person {n}") for n in order}
    windows: list[tuple[int, int]] = []

    def window(query, at, offset, size):
        windows.append((offset, size))
        assert query == QueueQuery() and at == DEMO_NOW  # the same order, as of the load's time
        ids = order[offset:offset + size]
        return QueueLoad(ids, {i: rows[i] for i in ids}, offset=offset, complete=False, at=at)

    m = QueueModel(clock=lambda: DEMO_NOW, fetch=lambda ids: {i: rows[i] for i in ids}, window=window)
    m.set_load(QueueLoad(order[:PAGE], {i: rows[i] for i in order[:PAGE]}, complete=False, at=DEMO_NOW))
    assert m.rowCount() == PAGE
    m.complete_with(QueueLoad([], {}, len(order), len(order), size=len(order), at=DEMO_NOW))
    assert m.rowCount() == len(order) and m.complete  # the scroll bar's size, with no id fetched
    far = 2 * PAGE + 5
    assert m.id_at(far) is None and m.index(far, Column.SUBJECT).data() == LOADING
    qtmodeltester.check(m)  # with unknown ids in it
    qtbot.waitUntil(lambda: m.row_at(far) is not None, timeout=5000)
    assert windows == [(2 * PAGE, PAGE)]
    assert m.id_at(far) == order[far] and m.index(far, Column.SUBJECT).data() == f"Person {far + 1}"
    assert m.row_of(order[far]) == far and m.row_of(order[PAGE + 1]) is None  # that window is not known yet
    assert not m.fetching
    # The last window is short: its rows come, and asking again does not loop.
    last = m.rowCount() - 1
    m.index(last, 0).data()
    qtbot.waitUntil(lambda: m.row_at(last) is not None, timeout=5000)
    assert windows[-1] == (3 * PAGE, PAGE)
    m.index(last, 0).data()
    assert len(windows) == 2 and not m.fetching


def test_a_shrunken_order_leaves_no_row_asking_for_ever(qtbot):
    """The queue lost rows between the count and the window: the empty places are asked for once."""
    asked: list[int] = []

    def window(query, at, offset, size):
        asked.append(offset)
        return QueueLoad([], {}, offset=offset, complete=False, at=at)

    m = QueueModel(clock=lambda: DEMO_NOW, fetch=lambda ids: {}, window=window)
    m.set_load(QueueLoad([], {}, size=PAGE + 10, at=DEMO_NOW))
    m.index(PAGE + 2, 0).data()
    qtbot.waitUntil(lambda: not m.fetching, timeout=5000)
    m.index(PAGE + 3, 0).data()
    qtbot.wait(50)
    assert asked == [PAGE] and m.index(PAGE + 3, Column.SUBJECT).data() == LOADING


def test_windows_from_the_database_fill_the_order_in(qtbot, demo_db):
    """A first page of three, the count, then the rest by windows: the same order as every id at once."""
    every = all_ids(demo_db, QueueQuery(), DEMO_NOW).ids
    m = QueueModel(clock=lambda: DEMO_NOW, fetch=lambda ids: fetch_rows(demo_db, ids),
                   window=lambda q, at, offset, size: window(demo_db, q, at, offset, size))
    m.set_load(first_page(demo_db, QueueQuery(), DEMO_NOW, size=3))
    m.complete_with(counts(demo_db, QueueQuery(), DEMO_NOW))
    assert m.rowCount() == len(every) > 3 and m.id_at(3) is None
    for row in range(m.rowCount()):
        m.index(row, 0).data()
    qtbot.waitUntil(lambda: all(m.row_at(r) is not None for r in range(m.rowCount())), timeout=10_000)
    assert [m.id_at(r) for r in range(m.rowCount())] == every


def test_rows_of_an_older_load_are_not_mixed_in(qtbot):
    rows = {n: _row(n) for n in range(1, PAGE + 11)}
    m = QueueModel(clock=lambda: DEMO_NOW, fetch=lambda ids: {i: rows[i] for i in ids})
    m.set_load(QueueLoad(list(rows), {}, len(rows), len(rows)))
    m.index(PAGE + 3, 0).data()  # asks for a page...
    m.set_load(QueueLoad([1, 2], {1: rows[1], 2: rows[2]}, 2, 2))  # ...then a new load arrives first
    qtbot.wait(200)
    assert m.rowCount() == 2 and m.row_at(0) == rows[1]


def test_due_text_for_overdue_and_future_rows(model):
    texts = _column(model, Column.DUE)
    assert any(t.startswith("overdue ") for t in texts)
    assert any(t[0].isdigit() for t in texts)
    for row in range(model.rowCount()):
        summary = model.row_at(row).summary
        due = model.due_of(summary)
        if due is not None and due <= DEMO_NOW:
            assert texts[row].startswith("overdue ")
            assert model.index(row, Column.DUE).data(Qt.ItemDataRole.ForegroundRole) is not None
        elif due is not None:
            assert not texts[row].startswith("overdue")
            assert model.index(row, Column.DUE).data(Qt.ItemDataRole.ForegroundRole) is None


def test_due_text_exact():
    due = dt.datetime(2024, 11, 12, 17, 0, tzinfo=UTC)
    assert time_left(due, due - dt.timedelta(hours=2, minutes=15)) == "2h 15m"
    assert time_left(due, due + dt.timedelta(hours=3)) == "overdue by 3h"
    assert time_left(due, due - dt.timedelta(days=2, hours=4, minutes=9)) == "2d 4h"
    assert time_left(due, due - dt.timedelta(minutes=45, seconds=30)) == "45m"
    assert time_left(None, due) == "—"


def test_due_tooltip_is_exact_hub_time():
    m = QueueModel(clock=lambda: DEMO_NOW)
    # 17:00 UTC in July is 18:00 in London (BST).
    m.set_rows([_row(decision_due_at=dt.datetime(2024, 7, 2, 17, 0, tzinfo=UTC)),
                _row(2, rag=Rag.RED, decision_due_at=dt.datetime(2024, 7, 2, 17, 0, tzinfo=UTC))])
    tip = m.index(0, Column.DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Decision due Tue 2 Jul 2024, 18:00 BST (Amber: counted in working hours)"
    tip = m.index(1, Column.DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Decision due Tue 2 Jul 2024, 18:00 BST (Red: counted on the clock, day and night)"


def test_countdowns_in_working_hours_except_red():
    calendar = HubCalendar()
    tuesday = dt.datetime(2024, 11, 12, 10, 0, tzinfo=UTC)  # 10:00 GMT; the hub works 09:00-17:00
    assert countdown(tuesday + dt.timedelta(hours=5), tuesday, calendar) == "5 working h left"
    assert countdown(tuesday - dt.timedelta(hours=1), tuesday + dt.timedelta(hours=2), calendar) \
        == "overdue 3 working h"
    # Friday 16:00 to Monday 11:00 is three working hours, however many clock hours.
    friday = dt.datetime(2024, 11, 15, 16, 0, tzinfo=UTC)
    monday = dt.datetime(2024, 11, 18, 11, 0, tzinfo=UTC)
    assert countdown(monday, friday, calendar) == "3 working h left"
    assert countdown(friday, monday, calendar) == "overdue 3 working h"
    assert countdown(friday + dt.timedelta(minutes=40), friday, calendar) == "40 working min left"
    assert countdown(friday + dt.timedelta(hours=1), friday + dt.timedelta(hours=3), calendar) == "overdue"
    assert countdown(monday, friday) == "2d 19h left"  # on the clock
    assert countdown(friday, monday) == "overdue 2d 19h"

    m = QueueModel(clock=lambda: friday)
    m.set_rows([_row(1, rag=Rag.AMBER, decision_due_at=monday), _row(2, rag=Rag.RED, decision_due_at=monday),
                _row(3, rag=None, status=Status.NEW, decision_due_at=monday)])
    assert _column(m, Column.DUE) == ["3 working h left", "2d 19h left", "3 working h left"]


def test_a_contact_not_rated_yet_says_when_screening_is_due():
    m = QueueModel(clock=lambda: DEMO_NOW)
    received = DEMO_NOW - dt.timedelta(days=8)
    m.set_rows([_row(1, rag=None, status=Status.NEW, received_at=received,
                     decision_due_at=dt.datetime(2024, 11, 5, 10, 30, tzinfo=UTC)),
                _row(2, rag=None, status=Status.NEW, received_at=received, decision_due_at=None)])
    tips = _column(m, Column.DUE, Qt.ItemDataRole.ToolTipRole)
    assert tips[0].startswith("Screening due Tue 5 Nov 2024, 10:30 GMT")
    assert tips[1].startswith("Screening due on receipt, Mon 4 Nov 2024, 10:30 GMT")
    texts = _column(m, Column.DUE)
    assert texts[0] == "overdue 40 working h"  # five working days
    assert texts[1].startswith("overdue ") and m.is_overdue(m.row_at(1).summary)  # never "—", never last


def test_received_source_and_concerns_columns():
    m = QueueModel(clock=lambda: DEMO_NOW)
    concerns = (ConcernCategory.NEGLECT, ConcernCategory.DOMESTIC_ABUSE, ConcernCategory.MENTAL_HEALTH)
    m.set_rows([_row(1, rag=None, received_at=DEMO_NOW - dt.timedelta(days=8, hours=2), concerns=concerns,
                     source=ContactSource.PUBLIC)])
    assert m.index(0, Column.RECEIVED).data() == "4 Nov 08:30 (8d)"
    assert m.index(0, Column.RECEIVED).data(Qt.ItemDataRole.ToolTipRole) == \
        "Received Mon 4 Nov 2024, 08:30 GMT; waiting 8d 2h"
    assert m.index(0, Column.SOURCE).data() == "Member of the public"
    assert m.index(0, Column.CONCERNS).data() == "Neglect, Domestic abuse, Mental health"
    assert m.index(0, Column.CONCERNS).data(Qt.ItemDataRole.ToolTipRole) == \
        "Concerns: Neglect, Domestic abuse, Mental health"
    assert waited(DEMO_NOW - dt.timedelta(minutes=5), DEMO_NOW) == "12 Nov 10:25 (5m)"
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers[Column.DUE:] == ["Due", "Waiting since", "Allocated to", "Research", "Source", "Concerns"]


def test_research_marks_cannot_be_read_as_clipped_text_and_the_header_explains_them():
    assert "…" not in RESEARCH_MARKS.values() and len(set(RESEARCH_MARKS.values())) == len(RESEARCH_MARKS)
    m = QueueModel(clock=lambda: DEMO_NOW)
    tip = m.headerData(Column.RESEARCH, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    for status, mark in RESEARCH_MARKS.items():
        assert f"{mark} {status.label.lower()}" in tip


def test_decided_referral_has_no_countdown():
    m = QueueModel(clock=lambda: DEMO_NOW)
    m.set_rows([_row(status=Status.DECIDED, decision_due_at=DEMO_NOW - dt.timedelta(hours=3))])
    assert m.index(0, Column.DUE).data() == "—"


def test_rag_is_a_word_as_well_as_a_colour(model):
    texts = _column(model, Column.RAG)
    assert {"Amber", "Green", "Not rated"} <= set(texts)  # open Reds are rare: decided within hours
    red = QueueModel(clock=lambda: DEMO_NOW)
    red.set_rows([_row(rag=Rag.RED)])
    assert red.index(0, Column.RAG).data() == "Red"
    assert red.index(0, Column.RAG).data(Qt.ItemDataRole.BackgroundRole) == RAG_COLOURS[Rag.RED][0]
    for row, text in enumerate(texts):
        rag = model.row_at(row).summary.rag
        background = model.index(row, Column.RAG).data(Qt.ItemDataRole.BackgroundRole)
        if rag is None:
            assert text == "Not rated" and background is None
        else:
            assert text == rag.value.capitalize()
            assert background == RAG_COLOURS[rag][0]


def test_age_is_counted_in_london():
    dob = dt.date(2010, 11, 13)
    assert age_in_years(dob, dt.datetime(2024, 11, 12, 23, 59, tzinfo=UTC)) == 13
    assert age_in_years(dob, dt.datetime(2024, 11, 13, 0, 0, tzinfo=UTC)) == 14
    # 23:30 UTC on 1 July is already 00:30 on the 2nd in London (BST).
    summer_dob = dt.date(2010, 7, 2)
    assert age_in_years(summer_dob, dt.datetime(2024, 7, 1, 23, 30, tzinfo=UTC)) == 14
    assert age_in_years(None, DEMO_NOW) is None


def test_the_default_order_puts_overdue_first(model):
    texts = _column(model, Column.DUE)
    overdue = [t.startswith("overdue") for t in texts]
    assert overdue[0] and not all(overdue)
    assert overdue == sorted(overdue, reverse=True)  # every overdue row comes before the rest
    rank = {Rag.RED: 0, None: 1, Rag.AMBER: 2, Rag.GREEN: 3}
    late = [rank[model.row_at(r).summary.rag] for r in range(overdue.count(True))]
    assert late == sorted(late)  # overdue Red, then not rated, then Amber, then Green
    dues = _column(model, Column.DUE, SORT_ROLE)[overdue.count(True):]
    known = [d for d in dues if d is not None]
    assert known == sorted(known)  # then the rest by due time
    assert dues[: len(known)] == known  # rows without a due time come last


def test_refresh_due_repaints_only_the_due_and_waiting_columns(qtbot):
    now = [DEMO_NOW]
    m = QueueModel(clock=lambda: now[0])
    m.set_rows([_row(1), _row(2, rag=Rag.RED)])
    assert (m.index(0, Column.DUE).data(), m.index(1, Column.DUE).data()) == ("5 working h left", "5h left")
    now[0] += dt.timedelta(minutes=30)
    with qtbot.waitSignal(m.dataChanged) as signal:
        m.refresh_due()
    top_left, bottom_right = signal.args[:2]
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (
        0, Column.DUE, 1, Column.RECEIVED)
    assert (m.index(0, Column.DUE).data(), m.index(1, Column.DUE).data()) == ("4 working h left", "4h 30m left")


def test_research_column_in_marks_and_words(model):
    rows = [r for r in range(model.rowCount()) if model.row_at(r).research]
    assert rows, "the demo hub asks agencies for research"
    row = rows[0]
    research = model.row_at(row).research
    text = model.index(row, Column.RESEARCH).data()
    tip = model.index(row, Column.RESEARCH).data(Qt.ItemDataRole.ToolTipRole)
    for code, status in research:
        assert code in text and f"{code}: {status.label.lower()}" in tip
    done = sum(s in (ResearchStatus.RETURNED, ResearchStatus.NOTHING_KNOWN) for _, s in research)
    assert model.index(row, Column.RESEARCH).data(SORT_ROLE) == done / len(research)
