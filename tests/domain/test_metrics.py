"""The performance measures on a hand-built month, answers worked by hand.

May 2026 is British Summer Time (09:00 local is 08:00 UTC). Monday 4 May
and Monday 25 May are bank holidays in England. Working hours are 09:00 to
17:00 on weekdays; Red runs on the clock.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mash_desktop.domain import metrics
from mash_desktop.domain.codes import ContactSource as Src
from mash_desktop.domain.codes import Outcome, Rag
from mash_desktop.domain.metric_types import (ConsultationRow, ContactRow, DecisionRow, PeriodRows, PriorDecision,
                                              ReferrerKind, ResearchRow, SeatRow)
from mash_desktop.domain.timescales import HubCalendar

LONDON = ZoneInfo("Europe/London")
CAL = HubCalendar()


def at(*args: int) -> datetime:
    """A local (Europe/London) time."""
    return datetime(*args, tzinfo=LONDON)


def ref(n: int) -> str:
    return f"MASH-2026-{n:06d}"


def decision(n: int, source: Src, received: datetime, decided: datetime, outcome: Outcome,
             *changes: tuple[datetime, Rag]) -> DecisionRow:
    return DecisionRow(ref(n), source, received, decided, outcome, tuple(changes))


DECISIONS = (
    # Amber over the May Day bank holiday: Fri 1h, Tue 8, Wed 8, Thu 3 = 20 working hours;
    # due Thu 16:00 (Fri 1, Tue 8, Wed 8, Thu 7), so on time (it would be late if Monday counted).
    decision(1, Src.SCHOOL, at(2026, 5, 1, 16), at(2026, 5, 7, 12), Outcome.CHILD_IN_NEED_S17,
             (at(2026, 5, 1, 16, 30), Rag.AMBER)),
    # Amber received on a Saturday: the clock starts Monday. Mon 8 + Tue 1.5 = 9.5 h; due Wed 17:00.
    decision(2, Src.POLICE, at(2026, 5, 9, 10), at(2026, 5, 12, 10, 30), Outcome.STRATEGY_S47,
             (at(2026, 5, 9, 11), Rag.AMBER)),
    # Green, raised to Amber on Wednesday: judged as Amber, due Wed 17:00, decided Fri 11:00: late.
    # Mon 8, Tue 8, Wed 8, Thu 8, Fri 2 = 34 working hours.
    decision(3, Src.SCHOOL, at(2026, 5, 11, 9), at(2026, 5, 15, 11), Outcome.EARLY_HELP,
             (at(2026, 5, 11, 9, 30), Rag.GREEN), (at(2026, 5, 13, 10), Rag.AMBER)),
    # Red out of hours, Saturday night: 3.5 clock hours, due 02:00 Sunday: on time.
    decision(4, Src.POLICE, at(2026, 5, 16, 22), at(2026, 5, 17, 1, 30), Outcome.IMMEDIATE_PROTECTION,
             (at(2026, 5, 16, 22, 5), Rag.RED)),
    # Red, 5 clock hours: due 19:00, decided 20:00: late.
    decision(5, Src.POLICE, at(2026, 5, 20, 15), at(2026, 5, 20, 20), Outcome.STRATEGY_S47,
             (at(2026, 5, 20, 15, 10), Rag.RED)),
    # Green, Tue 09:00 to Fri 17:00: 32 working hours, well within 72.
    decision(6, Src.PUBLIC, at(2026, 5, 19, 9), at(2026, 5, 22, 17), Outcome.EARLY_HELP,
             (at(2026, 5, 19, 9, 20), Rag.GREEN)),
    # Blue: 2 working hours, no target.
    decision(7, Src.HEALTH, at(2026, 5, 21, 10), at(2026, 5, 21, 12), Outcome.INFORMATION_ADVICE,
             (at(2026, 5, 21, 10, 15), Rag.BLUE)),
    # Green decided exactly at its due time: Mon 18 to Fri 22 is 40 h, Mon 25 is a bank holiday,
    # Tue 26 to Fri 29 adds 32: 72 h at Fri 29 May 17:00. On time.
    decision(8, Src.SCHOOL, at(2026, 5, 18, 9), at(2026, 5, 29, 17), Outcome.NO_FURTHER_ACTION,
             (at(2026, 5, 18, 9, 10), Rag.GREEN)),
)


def test_decisions_within_the_rag_timescale():
    shares = metrics.decisions_on_time(DECISIONS, CAL)
    assert list(shares) == [None, Rag.RED, Rag.AMBER, Rag.GREEN]  # Blue has no target
    total = shares[None]
    assert (total.part.value, total.whole.value) == (5, 7)
    assert total.part.references == (ref(1), ref(2), ref(4), ref(6), ref(8))
    assert ref(7) not in total.whole.references
    assert total.percent == pytest.approx(100 * 5 / 7)
    assert [(shares[r].part.value, shares[r].whole.value) for r in (Rag.RED, Rag.AMBER, Rag.GREEN)] == [
        (1, 2), (2, 3), (2, 2)]
    assert shares[Rag.AMBER].whole.references == (ref(1), ref(2), ref(3))  # number 3 counts as Amber


def test_the_decision_target_moves_with_re_rating_and_bank_holidays():
    assert metrics.decision_target(DECISIONS[0], CAL) == at(2026, 5, 7, 16)
    assert metrics.decision_target(DECISIONS[2], CAL) == at(2026, 5, 13, 17)
    assert metrics.decision_target(DECISIONS[3], CAL) == at(2026, 5, 17, 2)
    assert metrics.decision_target(DECISIONS[6], CAL) is None


def test_time_to_decision_by_rating():
    times = metrics.time_to_decision(DECISIONS, CAL)
    assert list(times) == list(Rag)
    red, amber, green, blue = (times[r] for r in Rag)
    assert red.clock_hours and not amber.clock_hours
    assert red.hours == pytest.approx((3.5, 5.0))  # clock hours, though all out of hours
    assert (red.median, red.p90) == pytest.approx((4.25, 5.0))
    assert amber.hours == pytest.approx((9.5, 20.0, 34.0))
    assert (amber.median, amber.p90) == pytest.approx((20.0, 34.0))
    assert green.hours == pytest.approx((32.0, 72.0))
    assert (green.median, green.p90) == pytest.approx((52.0, 72.0))
    assert (blue.median, blue.p90, blue.decisions.references) == (pytest.approx(2.0), pytest.approx(2.0), (ref(7),))


def test_percentiles_by_nearest_rank():
    assert metrics.percentile(range(1, 11), 90) == 9
    assert metrics.percentile(list(range(20, 0, -1)), 90) == 18
    assert metrics.percentile([7.5], 90) == 7.5
    assert metrics.percentile([], 90) is None
    assert metrics.time_to_decision((), CAL)[Rag.RED].median is None


def test_outcomes_conversion_and_step_down():
    found = metrics.outcomes(DECISIONS)
    assert list(found) == list(Outcome)
    assert {o: c.value for o, c in found.items() if c.value} == {
        Outcome.CHILD_IN_NEED_S17: 1, Outcome.STRATEGY_S47: 2, Outcome.EARLY_HELP: 2,
        Outcome.IMMEDIATE_PROTECTION: 1, Outcome.INFORMATION_ADVICE: 1, Outcome.NO_FURTHER_ACTION: 1}
    shares = metrics.conversion(DECISIONS)
    assert list(shares) == [None, Src.POLICE, Src.SCHOOL, Src.HEALTH, Src.PUBLIC]
    assert shares[None].part.references == (ref(1), ref(2), ref(5)) and shares[None].whole.value == 8
    # Immediate protection (number 4) is not a social-care referral.
    assert [(shares[s].part.value, shares[s].whole.value) for s in (Src.POLICE, Src.SCHOOL, Src.HEALTH, Src.PUBLIC)
            ] == [(2, 3), (1, 3), (0, 1), (0, 1)]
    down = metrics.step_down(DECISIONS)
    assert (down.part.references, down.whole.value, down.percent) == ((ref(3), ref(6)), 8, 25.0)


RESEARCH = (
    # Amber research asked Fri 16:30: Fri 0.5 h, Monday a bank holiday, Tue 4.5 h: 5 of 6 h, on time.
    ResearchRow(ref(1), "POL", at(2026, 5, 1, 16, 30), at(2026, 5, 5, 13, 30), ((at(2026, 5, 1, 16), Rag.AMBER),)),
    # The same request to health, back at 15:00 Tuesday: 6.5 h, late (due 14:30).
    ResearchRow(ref(1), "HLT", at(2026, 5, 1, 16, 30), at(2026, 5, 5, 15), ((at(2026, 5, 1, 16), Rag.AMBER),)),
    # Red at night: back exactly 2 clock hours later, on time.
    ResearchRow(ref(4), "POL", at(2026, 5, 16, 22, 30), at(2026, 5, 17, 0, 30), ((at(2026, 5, 16, 22), Rag.RED),)),
    # Blue: no target, left out.
    ResearchRow(ref(7), "HLT", at(2026, 5, 21, 10, 30), at(2026, 5, 28, 10), ((at(2026, 5, 21, 10), Rag.BLUE),)),
    # Asked while Green (would be due Thu 10:00), returned after the rise to Amber: due Mon 16:00, late.
    ResearchRow(ref(3), "EDU", at(2026, 5, 11, 10), at(2026, 5, 13, 12),
                ((at(2026, 5, 11, 9, 30), Rag.GREEN), (at(2026, 5, 13, 10), Rag.AMBER))),
)


def test_research_returns_within_their_timescale():
    shares = metrics.research_on_time(RESEARCH, CAL)
    assert list(shares) == [None, "EDU", "HLT", "POL"]
    assert (shares[None].part.value, shares[None].whole.value) == (2, 4)
    assert shares[None].part.references == (ref(1), ref(4))
    assert [(shares[a].part.value, shares[a].whole.value) for a in ("EDU", "HLT", "POL")] == [(0, 1), (0, 1), (2, 2)]


def test_the_rating_in_force_starts_at_the_change():
    changes = ((at(2026, 5, 13, 10), Rag.AMBER), (at(2026, 5, 11, 9, 30), Rag.GREEN))
    assert metrics.rag_at(changes, at(2026, 5, 11, 9)) is None
    assert metrics.rag_at(changes, at(2026, 5, 13, 9, 59)) is Rag.GREEN
    assert metrics.rag_at(changes, at(2026, 5, 13, 10)) is Rag.AMBER


CONTACTS = (
    ContactRow(ref(11), at(2026, 5, 1, 9), Src.SCHOOL, "EDU"),
    ContactRow(ref(12), at(2026, 5, 1, 23, 30), Src.POLICE, "POL"),  # 22:30 UTC, still 1 May locally
    ContactRow(ref(13), at(2026, 5, 2, 0, 30), Src.PUBLIC, None, True),  # 23:30 UTC on 1 May, 2 May locally
    ContactRow(ref(14), at(2026, 5, 3, 12), Src.ANONYMOUS),
    ContactRow(ref(15), at(2026, 5, 3, 13), Src.HEALTH),  # a GP surgery that is not a partner agency
    ContactRow(ref(16), at(2026, 5, 5, 8), Src.OTHER, None, True),
    ContactRow(ref(17), at(2026, 5, 5, 9), Src.POLICE, "POL"),
)


def test_contacts_by_source_referrer_agency_and_day():
    by_source = metrics.contacts_by_source(CONTACTS)
    assert list(by_source) == list(Src)
    assert {s: c.value for s, c in by_source.items() if c.value} == {
        Src.POLICE: 2, Src.SCHOOL: 1, Src.PUBLIC: 1, Src.ANONYMOUS: 1, Src.HEALTH: 1, Src.OTHER: 1}
    assert by_source[Src.POLICE].references == (ref(12), ref(17)) and by_source[Src.HOUSING].value == 0
    kinds = metrics.contacts_by_referrer(CONTACTS)
    assert {k: c.references for k, c in kinds.items()} == {
        ReferrerKind.AGENCY: (ref(11), ref(12), ref(17)), ReferrerKind.PROFESSIONAL: (ref(15),),
        ReferrerKind.PUBLIC: (ref(13), ref(16)), ReferrerKind.ANONYMOUS: (ref(14),)}
    assert {a: c.references for a, c in metrics.contacts_by_agency(CONTACTS).items()} == {
        "EDU": (ref(11),), "POL": (ref(12), ref(17))}
    days = metrics.contacts_by_day(CONTACTS, date(2026, 5, 1), date(2026, 5, 4), CAL)
    assert [(d.day, c.value) for d, c in days] == [(1, 2), (2, 1), (3, 2), (4, 0)]  # 5 May is outside


PRIOR = (
    PriorDecision(1, "MASH-2025-000001", at(2025, 5, 10, 10)),
    PriorDecision(2, "MASH-2025-000002", at(2025, 5, 10, 10)),
    PriorDecision(3, "MASH-2025-000003", at(2025, 5, 10, 10)),
    PriorDecision(6, "MASH-2026-000050", at(2026, 5, 20, 10)),
    PriorDecision(8, "MASH-2026-000003", at(2026, 2, 1, 14)),
    PriorDecision(9, ref(26), at(2026, 5, 12, 10)),
)
RETURNING = (
    ContactRow(ref(21), at(2026, 5, 10, 10), Src.SCHOOL, subject_ids=frozenset({1})),  # exactly 12 months
    ContactRow(ref(22), at(2026, 5, 10, 10, 1), Src.SCHOOL, subject_ids=frozenset({2})),  # just over
    ContactRow(ref(23), at(2026, 5, 11, 10), Src.SCHOOL, subject_ids=frozenset({4})),  # a different person
    ContactRow(ref(24), at(2026, 5, 15, 10), Src.SCHOOL, subject_ids=frozenset({6})),  # decided only later
    ContactRow(ref(25), at(2026, 5, 15, 10), Src.SCHOOL, subject_ids=frozenset({7, 8})),  # the second subject
    ContactRow(ref(26), at(2026, 5, 11, 10), Src.SCHOOL, subject_ids=frozenset({9})),  # its own decision
)


def test_re_referrals_within_twelve_months():
    share = metrics.re_referrals(RETURNING, PRIOR, CAL)
    assert share.part.references == (ref(21), ref(25))
    assert share.whole.value == 6 and share.percent == pytest.approx(100 / 3)


def test_twelve_months_keeps_the_local_time_and_ends_short_months():
    assert metrics.months_after(at(2024, 2, 29, 10), 12, CAL) == at(2025, 2, 28, 10)
    assert metrics.months_after(at(2025, 1, 31, 9), 1, CAL) == at(2025, 2, 28, 9)
    # A winter decision, a summer anniversary: the same wall-clock time, an hour less in UTC.
    assert metrics.months_after(at(2025, 3, 20, 10), 12, CAL).utcoffset().total_seconds() == 0
    assert metrics.months_after(at(2025, 3, 20, 10), 1, CAL) == at(2025, 4, 20, 10)


def test_consultations_and_seats():
    rows = (ConsultationRow(1, at(2026, 5, 2, 10), "EDU", ref(120)), ConsultationRow(2, at(2026, 5, 3, 10)),
            ConsultationRow(10, at(2026, 5, 4, 10), "EDU"))
    figures = metrics.consultations(rows)
    assert (figures.given.value, figures.converted.references) == (3, (ref(120),))
    assert {a: c.value for a, c in figures.by_agency.items()} == {"EDU": 2}
    seats = metrics.seats_in_use((SeatRow("POL", "County Police", 22, 20), SeatRow("CSC", "Social Care", 12, 14)))
    assert [(s.agency, s.seats, s.in_use, s.spare) for s in seats] == [("CSC", 12, 14, -2), ("POL", 22, 20, 2)]


def test_measure_brings_every_figure_of_a_period_together():
    period = metrics.measure(PeriodRows(date(2026, 5, 1), date(2026, 5, 31), CONTACTS + RETURNING, DECISIONS,
                                        RESEARCH, PRIOR), CAL)
    assert (period.contacts.value, period.decisions.value) == (13, 8)
    assert period.on_time[None].percent == pytest.approx(100 * 5 / 7)
    assert period.research_on_time[None].part.value == 2
    assert period.re_referrals.part.references == (ref(21), ref(25))
    assert period.step_down.part.value == 2 and period.conversion[None].part.value == 3
    assert len(period.by_day) == 31 and sum(c.value for _, c in period.by_day) == 13
    assert period.consultations.given.value == 0
