"""RAG timescales: working hours, bank holidays, closures and clock changes.

Expected values are worked by hand. London is UTC+0 (GMT) in winter and
UTC+1 (BST) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
last Sunday of October, so 09:00 local is 09:00 UTC in winter, 08:00 UTC in
summer.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mash_desktop.domain.codes import Rag
from mash_desktop.domain.timescales import (
    TIMESCALES,
    HubCalendar,
    Timescale,
    decision_due,
    is_overdue,
    research_due,
)

UTC = timezone.utc
LONDON = ZoneInfo("Europe/London")
ENGLAND = HubCalendar()


def local(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=LONDON, fold=fold)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- ordinary weeks (June 2026 is BST, no bank holidays) -------------------


def test_tuesday_amber_at_ten_is_due_three_working_days_later() -> None:
    received = local(2026, 6, 9, 10, 0)  # Tuesday
    # Tue 7h, Wed 8h (15), Thu 8h (23), Fri 1h -> Fri 10:00 BST.
    due = decision_due(Rag.AMBER, received, ENGLAND)
    assert due == utc(2026, 6, 12, 9, 0)
    assert due.tzinfo is UTC
    # 6 working hours: Tue 16:00 BST.
    assert research_due(Rag.AMBER, received, ENGLAND) == utc(2026, 6, 9, 15, 0)


def test_friday_afternoon_runs_across_the_weekend() -> None:
    received = local(2026, 6, 12, 16, 0)  # Friday
    # Amber research: Fri 1h, Mon 5h -> Mon 14:00 BST.
    assert research_due(Rag.AMBER, received, ENGLAND) == utc(2026, 6, 15, 13, 0)
    # Amber decision / Green research: Fri 1, Mon 8, Tue 8 (17), Wed 7 -> Wed 16:00.
    assert decision_due(Rag.AMBER, received, ENGLAND) == utc(2026, 6, 17, 15, 0)
    assert research_due(Rag.GREEN, received, ENGLAND) == utc(2026, 6, 17, 15, 0)
    # Green decision: Fri 1, Mon-Fri 40 (41), Mon-Wed 24 (65), Thu 7 -> Thu 25th 16:00.
    assert decision_due(Rag.GREEN, received, ENGLAND) == utc(2026, 6, 25, 15, 0)


def test_saturday_arrival_starts_monday_at_nine() -> None:
    received = local(2026, 6, 13, 11, 30)
    assert research_due(Rag.AMBER, received, ENGLAND) == utc(2026, 6, 15, 14, 0)
    # Mon, Tue, Wed full days end exactly at closing: Wed 17:00, not Thu 09:00.
    assert decision_due(Rag.AMBER, received, ENGLAND) == utc(2026, 6, 17, 16, 0)


def test_before_opening_and_after_closing_on_a_weekday() -> None:
    early = local(2026, 6, 10, 7, 0)  # Wednesday 07:00 -> clock starts 09:00
    assert research_due(Rag.AMBER, early, ENGLAND) == utc(2026, 6, 10, 14, 0)
    late = local(2026, 6, 10, 20, 0)  # Wednesday 20:00 -> Thursday 09:00
    assert research_due(Rag.AMBER, late, ENGLAND) == utc(2026, 6, 11, 14, 0)
    winter = local(2026, 1, 14, 7, 0)  # GMT: local and UTC agree
    assert research_due(Rag.AMBER, winter, ENGLAND) == utc(2026, 1, 14, 15, 0)


def test_ending_exactly_at_closing_returns_closing() -> None:
    start = local(2026, 6, 9, 9, 0)
    assert ENGLAND.add_working_hours(start, 8) == utc(2026, 6, 9, 16, 0)
    assert ENGLAND.add_working_hours(local(2026, 6, 9, 16, 0), 1) == utc(2026, 6, 9, 16, 0)
    assert ENGLAND.add_working_hours(start, 0) == utc(2026, 6, 9, 8, 0)
    # Zero hours out of hours: the moment the clock would start.
    assert ENGLAND.add_working_hours(local(2026, 6, 9, 17, 0), 0) == utc(2026, 6, 10, 8, 0)


def test_start_given_in_another_zone_is_accepted() -> None:
    received = datetime(2026, 6, 9, 5, 0, tzinfo=timezone(timedelta(hours=-4)))  # 10:00 BST
    assert decision_due(Rag.AMBER, received, ENGLAND) == utc(2026, 6, 12, 9, 0)


# --- bank holidays and closures ------------------------------------------


def test_early_may_bank_holiday_monday_is_skipped() -> None:
    assert not ENGLAND.is_working_day(date(2026, 5, 4))
    assert ENGLAND.is_working_day(date(2026, 5, 5))
    # Fri 16:00 BST: Fri 1h, Mon 4 May shut, Tue 5h -> Tue 14:00 BST.
    assert research_due(Rag.AMBER, local(2026, 5, 1, 16, 0), ENGLAND) == utc(2026, 5, 5, 13, 0)
    # Arriving on the bank holiday itself: clock starts Tuesday 09:00.
    assert research_due(Rag.AMBER, local(2026, 5, 4, 10, 0), ENGLAND) == utc(2026, 5, 5, 14, 0)


def test_christmas_2026_with_boxing_day_substitute() -> None:
    # 25 Dec is a Friday; Boxing Day falls on Saturday so Mon 28 Dec is the substitute.
    assert ENGLAND.is_working_day(date(2026, 12, 24))
    assert not ENGLAND.is_working_day(date(2026, 12, 25))
    assert not ENGLAND.is_working_day(date(2026, 12, 28))
    assert ENGLAND.is_working_day(date(2026, 12, 29))
    # Thu 24th 10:00: Thu 7h, Tue 29th 8 (15), Wed 30th 8 (23), Thu 31st 1h -> 10:00 GMT.
    assert decision_due(Rag.AMBER, local(2026, 12, 24, 10, 0), ENGLAND) == utc(2026, 12, 31, 10, 0)


def test_green_across_christmas_and_new_year() -> None:
    # Wed 23rd 09:00: 23, 24, 29, 30, 31 Dec (40), 1 Jan shut, 4-7 Jan (72) -> Thu 7 Jan 17:00.
    received = local(2026, 12, 23, 9, 0)
    assert decision_due(Rag.GREEN, received, ENGLAND) == utc(2027, 1, 7, 17, 0)
    # Scotland also closes Mon 4 Jan 2027 (2 Jan holiday falls on a Saturday).
    scotland = HubCalendar(nation="SCT")
    assert decision_due(Rag.GREEN, received, scotland) == utc(2027, 1, 8, 17, 0)


def test_closure_day_is_skipped() -> None:
    closed = HubCalendar(closures=frozenset({date(2026, 6, 10)}))
    assert not closed.is_working_day(date(2026, 6, 10))
    assert ENGLAND.is_working_day(date(2026, 6, 10))
    # Tue 7h, Wed closed, Thu 8 (15), Fri 8 (23), Mon 1h -> Mon 15 Jun 10:00 BST.
    assert decision_due(Rag.AMBER, local(2026, 6, 9, 10, 0), closed) == utc(2026, 6, 15, 9, 0)


def test_custom_working_week_and_hours() -> None:
    short = HubCalendar(opens=time(10, 0), closes=time(14, 0), working_days=frozenset({0, 2}))
    # Tue is not worked; Wed 10-14 gives 4h, Mon 10-12 gives the last 2h.
    assert short.add_working_hours(local(2026, 6, 9, 12, 0), 6) == utc(2026, 6, 15, 11, 0)


# --- nations ---------------------------------------------------------------


def test_nations_differ() -> None:
    scotland = HubCalendar(nation="SCT")
    ulster = HubCalendar(nation="NIR")
    wales = HubCalendar(nation="WLS")
    # 2 January is a Scottish bank holiday only.
    assert not scotland.is_working_day(date(2026, 1, 2))
    assert ENGLAND.is_working_day(date(2026, 1, 2))
    # St Andrew's Day 30 Nov 2025 was a Sunday: Scotland took Monday 1 Dec.
    assert not scotland.is_working_day(date(2025, 12, 1))
    assert ENGLAND.is_working_day(date(2025, 12, 1))
    # In 2026 it falls on Monday 30 Nov itself.
    assert not scotland.is_working_day(date(2026, 11, 30))
    # Easter Monday is not a Scottish bank holiday.
    assert scotland.is_working_day(date(2026, 4, 6))
    assert not ENGLAND.is_working_day(date(2026, 4, 6))
    # St Patrick's Day (Tue 17 Mar 2026) is Northern Ireland only.
    assert not ulster.is_working_day(date(2026, 3, 17))
    assert ENGLAND.is_working_day(date(2026, 3, 17))
    # England and Wales share their bank holidays.
    assert not wales.is_working_day(date(2026, 8, 31))
    assert scotland.is_working_day(date(2026, 8, 31))
    # New Year's Day, Thu 1 Jan 2026, 10:00: England resumes Fri 2nd, Scotland Mon 5th.
    received = local(2026, 1, 1, 10, 0)
    assert research_due(Rag.AMBER, received, ENGLAND) == utc(2026, 1, 2, 15, 0)
    assert research_due(Rag.AMBER, received, scotland) == utc(2026, 1, 5, 15, 0)


def test_bad_calendar_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        HubCalendar(nation="GB")
    with pytest.raises(ValueError):
        HubCalendar(timezone="Europe/Atlantis")
    with pytest.raises(ValueError):
        HubCalendar(opens=time(17, 0), closes=time(9, 0))
    with pytest.raises(ValueError):
        HubCalendar(working_days=frozenset())
    with pytest.raises(ValueError):
        ENGLAND.add_working_hours(local(2026, 6, 9, 10, 0), -1)


# --- clock changes -----------------------------------------------------------


def test_march_clock_change_over_a_weekend() -> None:
    # Fri 27 Mar 16:00 GMT; clocks go forward Sun 29 Mar; Mon 30 Mar 09:00 is 08:00 UTC.
    received = local(2026, 3, 27, 16, 0)
    due = research_due(Rag.AMBER, received, ENGLAND)
    assert due == utc(2026, 3, 30, 13, 0)  # Fri 1h + Mon 5h -> 14:00 BST
    assert due.astimezone(LONDON).time() == time(14, 0)
    assert ENGLAND.working_time_between(received, due) == timedelta(hours=6)
    assert due - received == timedelta(hours=69)  # 70 wall-clock hours, one lost


def test_october_clock_change_over_a_weekend() -> None:
    # Fri 23 Oct 16:00 BST; clocks go back Sun 25 Oct; Mon 26 Oct is GMT.
    received = local(2026, 10, 23, 16, 0)
    due = research_due(Rag.AMBER, received, ENGLAND)
    assert due == utc(2026, 10, 26, 14, 0)  # Fri 1h + Mon 5h -> 14:00 GMT
    assert ENGLAND.working_time_between(received, due) == timedelta(hours=6)
    assert due - received == timedelta(hours=71)  # 70 wall-clock hours, one gained
    # Working days either side stay 8 hours long.
    day = ENGLAND.opening_hours(date(2026, 10, 26))
    assert day == (utc(2026, 10, 26, 9, 0), utc(2026, 10, 26, 17, 0))
    assert ENGLAND.opening_hours(date(2026, 10, 25)) is None


def test_red_spanning_the_march_change_is_four_elapsed_hours() -> None:
    received = local(2026, 3, 29, 0, 30)  # GMT, = 00:30 UTC
    due = decision_due(Rag.RED, received, ENGLAND)
    assert due == utc(2026, 3, 29, 4, 30)
    assert due.astimezone(LONDON).time() == time(5, 30)  # wall clock shows 5 hours
    assert research_due(Rag.RED, received, ENGLAND) == utc(2026, 3, 29, 2, 30)


def test_red_spanning_the_october_change_is_four_elapsed_hours() -> None:
    received = local(2026, 10, 25, 0, 30)  # BST, = Sat 23:30 UTC
    due = decision_due(Rag.RED, received, ENGLAND)
    assert due == utc(2026, 10, 25, 3, 30)
    assert due.astimezone(LONDON).time() == time(3, 30)  # wall clock shows 3 hours
    # The repeated 01:30: first (BST, fold=0) and second (GMT, fold=1) differ by an hour.
    assert decision_due(Rag.RED, local(2026, 10, 25, 1, 30), ENGLAND) == utc(2026, 10, 25, 4, 30)
    second = local(2026, 10, 25, 1, 30, fold=1)
    assert decision_due(Rag.RED, second, ENGLAND) == utc(2026, 10, 25, 5, 30)


# --- Red, Blue and configuration ---------------------------------------------


def test_red_runs_out_of_hours_and_ignores_the_calendar() -> None:
    received = local(2026, 12, 25, 22, 0)  # Christmas night, GMT
    shut = HubCalendar(closures=frozenset({date(2026, 12, 26)}))
    assert decision_due(Rag.RED, received, shut) == utc(2026, 12, 26, 2, 0)
    assert research_due(Rag.RED, received, shut) == utc(2026, 12, 26, 0, 0)
    saturday_night = local(2026, 6, 13, 22, 0)  # BST, = 21:00 UTC
    assert decision_due(Rag.RED, saturday_night, ENGLAND) == utc(2026, 6, 14, 1, 0)


def test_blue_has_no_target() -> None:
    received = local(2026, 6, 9, 10, 0)
    assert decision_due(Rag.BLUE, received, ENGLAND) is None
    assert research_due(Rag.BLUE, received, ENGLAND) is None
    assert is_overdue(None, utc(2030, 1, 1)) is False


def test_timescale_table_and_override() -> None:
    assert TIMESCALES[Rag.AMBER] == Timescale(24, 6, clock_hours=False)
    assert TIMESCALES[Rag.RED].clock_hours
    with pytest.raises(TypeError):
        TIMESCALES[Rag.BLUE] = Timescale(1, 1)  # type: ignore[index]
    local_rules = dict(TIMESCALES)
    local_rules[Rag.AMBER] = Timescale(decision_hours=8, research_hours=None)
    received = local(2026, 6, 9, 10, 0)
    assert decision_due(Rag.AMBER, received, ENGLAND, timescales=local_rules) == utc(
        2026, 6, 10, 9, 0
    )
    assert research_due(Rag.AMBER, received, ENGLAND, timescales=local_rules) is None
    assert decision_due(Rag.GREEN, received, ENGLAND, timescales={}) is None


def test_is_overdue() -> None:
    due = utc(2026, 6, 12, 9, 0)
    assert not is_overdue(due, utc(2026, 6, 12, 8, 59))
    assert not is_overdue(due, utc(2026, 6, 12, 9, 0))
    assert is_overdue(due, local(2026, 6, 12, 10, 0, 1))  # 09:00:01 UTC


# --- working_time_between ----------------------------------------------------


def test_working_time_between_examples() -> None:
    friday = local(2026, 6, 12, 16, 0)
    monday = local(2026, 6, 15, 10, 0)
    assert ENGLAND.working_time_between(friday, monday) == timedelta(hours=2)
    assert ENGLAND.working_time_between(monday, friday) == timedelta(0)
    assert ENGLAND.working_time_between(friday, friday) == timedelta(0)
    saturday, sunday = local(2026, 6, 13, 9, 0), local(2026, 6, 14, 17, 0)
    assert ENGLAND.working_time_between(saturday, sunday) == timedelta(0)
    # A whole working week.
    week = ENGLAND.working_time_between(local(2026, 6, 15, 0, 0), local(2026, 6, 20, 0, 0))
    assert week == timedelta(hours=40)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 6, 9, 10, 0)
    aware = utc(2026, 6, 9, 10, 0)
    with pytest.raises(ValueError):
        ENGLAND.add_working_hours(naive, 1)
    with pytest.raises(ValueError):
        ENGLAND.working_time_between(naive, aware)
    with pytest.raises(ValueError):
        ENGLAND.working_time_between(aware, naive)
    for rag in Rag:
        with pytest.raises(ValueError):
            decision_due(rag, naive, ENGLAND)
        with pytest.raises(ValueError):
            research_due(rag, naive, ENGLAND)
    with pytest.raises(ValueError):
        is_overdue(aware, naive)
    with pytest.raises(ValueError):
        is_overdue(naive, aware)


# --- properties --------------------------------------------------------------

_starts = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2027, 12, 31, 23, 59, 59),
    timezones=st.sampled_from([UTC, LONDON]),
)
_calendars = st.sampled_from(
    [
        ENGLAND,
        HubCalendar(nation="SCT"),
        HubCalendar(nation="NIR", closures=frozenset({date(2026, 7, 14), date(2025, 12, 24)})),
    ]
)


@settings(max_examples=300, deadline=None)
@given(start=_starts, hours=st.floats(0, 200, allow_nan=False), calendar=_calendars)
def test_working_time_between_inverts_add_working_hours(
    start: datetime, hours: float, calendar: HubCalendar
) -> None:
    end = calendar.add_working_hours(start, hours)
    assert end.tzinfo is UTC
    assert end >= start
    spent = calendar.working_time_between(start, end)
    assert abs(spent - timedelta(hours=hours)) <= timedelta(microseconds=1)


@settings(max_examples=200, deadline=None)
@given(start=_starts, hours=st.floats(0.001, 200, allow_nan=False), calendar=_calendars)
def test_due_instant_falls_inside_working_hours(
    start: datetime, hours: float, calendar: HubCalendar
) -> None:
    end = calendar.add_working_hours(start, hours)
    wall = end.astimezone(LONDON)
    assert calendar.is_working_day(wall.date())
    assert time(9, 0) < wall.time() <= time(17, 0)
