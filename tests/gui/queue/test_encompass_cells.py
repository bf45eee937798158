"""Operation Encompass in the queue: the school's clock in the Concerns cell,
in words (overdue also in red and bold, never colour alone), with a tooltip."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mash_desktop.domain.codes import ConcernCategory, ContactSource, Rag, Status
from mash_desktop.gui.queue.model import OVERDUE_COLOUR, Column, QueueModel
from mash_desktop.services.intake.referrals import ReferralSummary
from mash_desktop.services.queue.query import QueueLoad, QueueRow

from ..conftest import DEMO_NOW

UTC = dt.timezone.utc
pytestmark = pytest.mark.usefixtures("qapp")
WEDNESDAY_START = dt.datetime(2024, 11, 13, 9, 0, tzinfo=UTC)  # DEMO_NOW is Tuesday 10:30


def _row(n: int, due: dt.datetime | None, informed: dt.datetime | None = None) -> QueueRow:
    summary = ReferralSummary(f"MASH-2024-{n:06d}", Status.SCREENED, Rag.AMBER, DEMO_NOW - dt.timedelta(hours=20),
                              DEMO_NOW + dt.timedelta(hours=5), "Ada Example", dt.date(2015, 3, 1), None)
    return QueueRow(n, summary, None, (), ContactSource.POLICE, (ConcernCategory.DOMESTIC_ABUSE,),
                    encompass_due_at=due, school_informed_at=informed)


@pytest.fixture
def model(qtbot):
    m = QueueModel(clock=lambda: DEMO_NOW)
    rows = [_row(1, WEDNESDAY_START), _row(2, DEMO_NOW - dt.timedelta(hours=1, minutes=30)),
            _row(3, DEMO_NOW - dt.timedelta(hours=2), DEMO_NOW - dt.timedelta(hours=1)),
            _row(4, DEMO_NOW - dt.timedelta(hours=2), DEMO_NOW - dt.timedelta(hours=3)), _row(5, None)]
    m.set_load(QueueLoad([r.id for r in rows], {r.id: r for r in rows}, len(rows), len(rows)))
    return m


def _cell(model: QueueModel, row: int, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, Column.CONCERNS).data(role)


def test_the_schools_clock_shows_in_words(model, qtmodeltester):
    qtmodeltester.check(model)
    concern = ConcernCategory.DOMESTIC_ABUSE.label
    assert _cell(model, 0) == f"⚑ School by 09:00 Wed · {concern}"
    assert _cell(model, 1) == f"⚑ School overdue 1h 30m · {concern}"
    assert _cell(model, 2) == f"⚑ School told late · {concern}"
    assert _cell(model, 3) == _cell(model, 4) == concern  # told in time, or not a notification


def test_overdue_is_red_and_bold_and_in_words(model):
    assert _cell(model, 1, Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert _cell(model, 1, Qt.ItemDataRole.FontRole).bold()
    assert "overdue" in _cell(model, 1)
    for row in (0, 2, 3):
        assert _cell(model, row, Qt.ItemDataRole.ForegroundRole) != OVERDUE_COLOUR


def test_the_tooltip_says_it_in_full(model):
    assert "must be told by Wed 13 Nov 2024, 09:00 GMT" in _cell(model, 0, Qt.ItemDataRole.ToolTipRole)
    tip = _cell(model, 1, Qt.ItemDataRole.ToolTipRole)
    assert "overdue by 1h 30m, not told yet" in tip and "Concerns:" in tip
    assert "(late)" in _cell(model, 2, Qt.ItemDataRole.ToolTipRole)


def test_a_strategy_flag_follows_the_schools_clock(qtbot):
    m = QueueModel(clock=lambda: DEMO_NOW)
    row = dataclasses.replace(_row(1, WEDNESDAY_START), strategy="Discussion today")
    m.set_load(QueueLoad([1], {1: row}, 1, 1))
    assert m.index(0, Column.CONCERNS).data().startswith("⚑ School by 09:00 Wed · ⚑ Discussion today · ")
