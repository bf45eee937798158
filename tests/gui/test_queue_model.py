"""The queue model and its proxy, without widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mash_desktop.domain.codes import Rag, ResearchStatus, Status
from mash_desktop.gui.queue_model import (
    RAG_COLOURS,
    SORT_ROLE,
    Column,
    QueueModel,
    age_in_years,
    time_left,
)
from mash_desktop.gui.queue_proxy import UNRATED, QueueFilter, QueueProxy
from mash_desktop.services.queue_details import queue_details
from mash_desktop.services.referrals import ReferralSummary, list_referrals

from .conftest import DEMO_NOW

UTC = dt.timezone.utc
pytestmark = pytest.mark.usefixtures("qapp")  # fonts and colours need a QGuiApplication


def _summary(**changes) -> ReferralSummary:
    fields = dict(
        reference="MASH-2024-000001", status=Status.SCREENED, rag=Rag.AMBER,
        received_at=DEMO_NOW - dt.timedelta(hours=1), decision_due_at=DEMO_NOW + dt.timedelta(hours=5),
        subject="Ada Example", subject_dob=dt.date(2015, 3, 1), allocated_to=None,
    )
    fields.update(changes)
    return ReferralSummary(**fields)


@pytest.fixture
def model(demo_db):
    m = QueueModel(clock=lambda: DEMO_NOW)
    m.set_rows((r for r in list_referrals(demo_db) if r.status is not Status.CLOSED), queue_details(demo_db))
    return m


def _column(model: QueueModel, column: Column, role=Qt.ItemDataRole.DisplayRole) -> list:
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester, model):
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_proxy_passes_the_model_tester(qtmodeltester, model):
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DUE)
    proxy.set_search("mash")
    proxy.set_filter(QueueFilter(overdue=True))
    qtmodeltester.check(proxy)


def test_due_text_for_overdue_and_future_rows(model):
    texts = _column(model, Column.DUE)
    assert any(t.startswith("overdue ") for t in texts)
    assert any(t[0].isdigit() for t in texts)
    for row in range(model.rowCount()):
        summary = model.row_at(row)
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
    m.set_rows([_summary(decision_due_at=dt.datetime(2024, 7, 2, 17, 0, tzinfo=UTC))])
    tip = m.index(0, Column.DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Decision due Tue 2 Jul 2024, 18:00 BST"


def test_decided_referral_has_no_countdown():
    m = QueueModel(clock=lambda: DEMO_NOW)
    m.set_rows([_summary(status=Status.DECIDED, decision_due_at=DEMO_NOW - dt.timedelta(hours=3))])
    assert m.index(0, Column.DUE).data() == "—"


def test_rag_is_a_word_as_well_as_a_colour(model):
    texts = _column(model, Column.RAG)
    assert {"Red", "Amber", "Green"} <= set(texts)
    for row, text in enumerate(texts):
        rag = model.row_at(row).rag
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


def test_sorting_by_due_puts_overdue_first(model):
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DUE, Qt.SortOrder.AscendingOrder)
    texts = [proxy.index(row, Column.DUE).data() for row in range(proxy.rowCount())]
    overdue = [t.startswith("overdue") for t in texts]
    assert overdue[0] and not all(overdue)
    assert overdue == sorted(overdue, reverse=True)  # every overdue row comes before the rest
    dues = [proxy.index(row, Column.DUE).data(SORT_ROLE) for row in range(proxy.rowCount())]
    known = [d for d in dues if d is not None]
    assert known == sorted(known)
    assert dues[: len(known)] == known  # rows without a due time come last


def test_search_matches_reference_and_subject(model):
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    first = model.row_at(0)
    proxy.set_search(first.reference.lower())
    assert proxy.rowCount() == 1
    proxy.set_search(first.subject.split()[0].upper())
    assert 1 <= proxy.rowCount() < model.rowCount()
    proxy.set_search("  ")
    assert proxy.rowCount() == model.rowCount()


def test_refresh_due_repaints_only_the_due_column(qtbot):
    now = [DEMO_NOW]
    m = QueueModel(clock=lambda: now[0])
    m.set_rows([_summary(), _summary(reference="MASH-2024-000002")])
    assert m.index(0, Column.DUE).data() == "5h"
    now[0] += dt.timedelta(minutes=30)
    with qtbot.waitSignal(m.dataChanged) as signal:
        m.refresh_due()
    top_left, bottom_right = signal.args[:2]
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (
        0, Column.DUE, 1, Column.DUE)
    assert m.index(0, Column.DUE).data() == "4h 30m"


def test_research_column_in_marks_and_words(model):
    rows = [r for r in range(model.rowCount()) if model.research_of(model.row_at(r))]
    assert rows, "the demo hub asks agencies for research"
    row = rows[0]
    research = model.research_of(model.row_at(row))
    text = model.index(row, Column.RESEARCH).data()
    tip = model.index(row, Column.RESEARCH).data(Qt.ItemDataRole.ToolTipRole)
    for code, status in research:
        assert code in text and f"{code}: {status.label.lower()}" in tip
    done = sum(s in (ResearchStatus.RETURNED, ResearchStatus.NOTHING_KNOWN) for _, s in research)
    assert model.index(row, Column.RESEARCH).data(SORT_ROLE) == done / len(research)


def _shown(proxy: QueueProxy) -> list[ReferralSummary]:
    model = proxy.sourceModel()
    return [model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]


@pytest.mark.parametrize("queue_filter, check", [
    (QueueFilter(rag=Rag.RED), lambda m, s: s.rag is Rag.RED),
    (QueueFilter(rag=UNRATED), lambda m, s: s.rag is None),
    (QueueFilter(status=Status.SCREENED), lambda m, s: s.status is Status.SCREENED),
    (QueueFilter(unallocated=True), lambda m, s: s.allocated_to is None),
    (QueueFilter(overdue=True), lambda m, s: m.is_overdue(s)),
])
def test_filters_keep_only_matching_rows(model, queue_filter, check):
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    proxy.set_filter(queue_filter)
    shown = _shown(proxy)
    assert all(check(model, s) for s in shown)
    expected = [model.row_at(r) for r in range(model.rowCount()) if check(model, model.row_at(r))]
    assert len(shown) == len(expected)


def test_agency_and_mine_filters(model):
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    agency = model.details.agencies[0]
    proxy.set_filter(QueueFilter(agency=agency))
    assert 0 < proxy.rowCount() < model.rowCount()
    assert all(agency in {c for c, _ in model.research_of(s)} for s in _shown(proxy))
    someone = next(i for i in model.details.allocated_ids.values() if i is not None)
    proxy.set_filter(QueueFilter(mine=someone))
    assert proxy.rowCount() > 0
    assert all(model.details.allocated_ids[s.reference] == someone for s in _shown(proxy))


def test_search_by_date_of_birth(model):
    proxy = QueueProxy()
    proxy.setSourceModel(model)
    dob = next(model.row_at(r).subject_dob for r in range(model.rowCount()) if model.row_at(r).subject_dob)
    for text in (dob.isoformat(), f"{dob:%d/%m/%Y}"):
        proxy.set_search(text)
        assert proxy.rowCount() > 0
        assert all(s.subject_dob == dob for s in _shown(proxy))
