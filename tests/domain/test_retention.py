"""The retention schedule as a table: classes from decisions, periods, due days."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.codes import Outcome
from mash_desktop.domain.retention import (
    DEFAULTS, Anchor, RecordClass, check_years, class_of, due_on,
)


@pytest.mark.parametrize("outcome, expected", [
    (None, RecordClass.CONTACT_NFA),
    (Outcome.NO_FURTHER_ACTION, RecordClass.CONTACT_NFA),
    (Outcome.INFORMATION_ADVICE, RecordClass.CONTACT_NFA),
    (Outcome.REFER_ON, RecordClass.CONTACT_NFA),
    (Outcome.EARLY_HELP, RecordClass.EARLY_HELP),
    (Outcome.CHILD_IN_NEED_S17, RecordClass.CHILD_IN_NEED),
    (Outcome.NEEDS_ASSESSMENT, RecordClass.ADULT_CARE),
    (Outcome.STRATEGY_S47, RecordClass.CHILD_PROTECTION),
    (Outcome.IMMEDIATE_PROTECTION, RecordClass.CHILD_PROTECTION),
    (Outcome.CARE_ACT_S42, RecordClass.ADULT_SAFEGUARDING),
])
def test_class_follows_from_the_decision(outcome, expected):
    assert class_of(outcome) is expected


def test_every_outcome_has_a_class():
    assert {class_of(o) for o in Outcome} <= set(RecordClass)


@pytest.mark.parametrize("record_class, years, anchor, cites", [
    (RecordClass.CONTACT_NFA, 6, Anchor.CLOSURE, "Hub default"),
    (RecordClass.EARLY_HELP, 25, Anchor.BIRTH, "Hub default"),
    (RecordClass.CHILD_IN_NEED, 25, Anchor.BIRTH, "Hub default"),
    (RecordClass.ADULT_CARE, 8, Anchor.CLOSURE, "Hub default"),
    (RecordClass.ADULT_SAFEGUARDING, 20, Anchor.CLOSURE, "Hub default"),
    (RecordClass.CHILD_PROTECTION, 40, Anchor.CLOSURE, "Hub default"),
    (RecordClass.LOOKED_AFTER, 75, Anchor.BIRTH, "reg 50"),
    (RecordClass.CONSULTATION, 6, Anchor.CLOSURE, "Hub default"),
    (RecordClass.AUDIT, 6, Anchor.CLOSURE, "Hub default"),
])
def test_defaults_and_their_sources(record_class, years, anchor, cites):
    rule = DEFAULTS[record_class]
    assert (rule.years, rule.anchor) == (years, anchor)
    assert cites in rule.source


@pytest.mark.parametrize("record_class, closed, born, due", [
    (RecordClass.CONTACT_NFA, dt.date(2018, 3, 1), dt.date(2010, 1, 1), dt.date(2024, 3, 1)),
    (RecordClass.EARLY_HELP, dt.date(2018, 3, 1), dt.date(2010, 1, 1), dt.date(2035, 1, 1)),
    (RecordClass.EARLY_HELP, dt.date(2018, 3, 1), None, dt.date(2043, 3, 1)),  # no birth date: from closure
    (RecordClass.LOOKED_AFTER, dt.date(2020, 5, 5), dt.date(2008, 2, 29), dt.date(2083, 2, 28)),
    (RecordClass.CHILD_PROTECTION, dt.date(2020, 2, 29), None, dt.date(2060, 2, 29)),
])
def test_due_on(record_class, closed, born, due):
    assert due_on(DEFAULTS[record_class], closed, born) == due


@pytest.mark.parametrize("given, ok", [(1, True), (100, True), (6.0, True), (0, False), (101, False),
                                        (2.5, False), ("6", False), (True, False), (float("nan"), False)])
def test_periods_are_bounded_whole_years(given, ok):
    if ok:
        assert check_years(given) == int(given)
    else:
        with pytest.raises(ValueError, match="whole number of years from 1 to 100"):
            check_years(given)


def test_an_adult_assessed_for_care_is_kept_from_closure_not_from_birth():
    """An adult's needs assessment closed today is not due for disposal at once (as a period from birth made it)."""
    rule = DEFAULTS[class_of(Outcome.NEEDS_ASSESSMENT)]
    closed, born = dt.date(2026, 12, 4), dt.date(1956, 3, 1)
    assert due_on(rule, closed, born) == dt.date(2034, 12, 4)
