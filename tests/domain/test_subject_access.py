"""The ICO's one-month clock and whole-word, accent-blind redaction."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain import subject_access as sar
from mash_desktop.domain.subject_access import MARKER, RequestStatus

D = dt.date


@pytest.mark.parametrize("received, due", [
    (D(2027, 1, 31), D(2027, 2, 28)),   # no 31 February: the month's last day
    (D(2028, 1, 31), D(2028, 2, 29)),   # a leap year
    (D(2027, 1, 30), D(2027, 2, 28)),
    (D(2027, 1, 28), D(2027, 2, 28)),
    (D(2027, 3, 31), D(2027, 4, 30)),
    (D(2027, 9, 3), D(2027, 10, 3)),    # the ICO's own example
    (D(2027, 12, 15), D(2028, 1, 15)),  # over the year end
    (D(2027, 8, 31), D(2027, 9, 30)),
    (D(2027, 2, 28), D(2027, 3, 28)),
])
def test_one_calendar_month_from_receipt(received, due):
    assert sar.due_on(received) == due


def test_the_clock_runs_from_proof_of_identity_when_that_comes_later():
    assert sar.due_on(D(2027, 1, 10), D(2027, 1, 31)) == D(2027, 2, 28)
    assert sar.due_on(D(2027, 1, 10), D(2027, 1, 10)) == D(2027, 2, 10)


@pytest.mark.parametrize("months, due", [(1, D(2027, 3, 31)), (2, D(2027, 4, 30))])
def test_an_extension_adds_months_to_the_start_not_to_the_due_date(months, due):
    # 31 Jan + 2 months is 31 March (not 28 Feb + 1 month = 28 March)
    assert sar.due_on(D(2027, 1, 31), extended_months=months) == due


def test_status_in_words_and_the_week_ahead():
    today = D(2027, 3, 10)
    assert sar.status_words(RequestStatus.OPEN, D(2027, 3, 13), today) == "Open: due in 3 days (13 Mar 2027)"
    assert sar.status_words(RequestStatus.EXTENDED, D(2027, 3, 9), today) == \
        "Extended: overdue by 1 day (due 09 Mar 2027)"
    assert sar.status_words(RequestStatus.OPEN, today, today) == "Open: due today (10 Mar 2027)"
    assert sar.status_words(RequestStatus.ANSWERED, D(2027, 3, 9), today, D(2027, 3, 1)) == "Answered on 01 Mar 2027"
    assert sar.is_overdue(RequestStatus.OPEN, D(2027, 3, 9), today)
    assert not sar.is_overdue(RequestStatus.ANSWERED, D(2027, 3, 9), today)
    assert sar.is_due_soon(RequestStatus.OPEN, D(2027, 3, 17), today)
    assert not sar.is_due_soon(RequestStatus.OPEN, D(2027, 3, 18), today)
    assert not sar.is_due_soon(RequestStatus.REFUSED, D(2027, 3, 12), today)


def test_redaction_is_whole_word_case_and_accent_blind():
    text = "Siobhán O'Neill came; SIOBHAN said Siobhanna was out. siobhan o neill-burke phoned."
    out, counts = sar.redact(text, ["Siobhan"])
    assert out == f"{MARKER} O'Neill came; {MARKER} said Siobhanna was out. {MARKER} o neill-burke phoned."
    assert counts == {"siobhan": 3}
    assert sar.redact("Dean's van; Deanna", ["Dean"])[0] == f"{MARKER}'s van; Deanna"


def test_a_name_across_a_line_break_and_overlapping_phrases_are_redacted_once():
    out, _ = sar.redact("Kerry\nCalder and Kerry", ["Kerry Calder", "Kerry"])
    assert out == f"{MARKER} and {MARKER}"


def test_phone_email_and_dates_are_found_as_written():
    text = "Call 0115 496 0732 or h.okonjo@hillside-primary.example.org; born 09/02/1991."
    out, _ = sar.redact(text, ["0115 496 0732", "h.okonjo@hillside-primary.example.org", "09/02/1991"])
    assert out == f"Call {MARKER} or {MARKER}; born {MARKER}."


def test_a_phrase_of_one_letter_finds_nothing():
    assert sar.find("a b c", "a") == []


def test_an_apostrophe_in_a_name_is_optional_and_a_possessive_is_still_the_name():
    out, _ = sar.redact("O'Neill, ONeill, O’Neill and O Neill; Dean’s car", ["O'Neill", "Dean"])
    assert out == f"{MARKER}, {MARKER}, {MARKER} and {MARKER}; {MARKER}’s car"
