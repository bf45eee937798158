"""The retention schedule: how long each class of record is kept, from what.

A case's record class follows from its decision (``class_of``); each class
is kept for a number of years from an event: the case's closure, or the
subject's date of birth (a looked-after child's record is kept until their
75th birthday). Every default names its source. Where no authoritative
figure applies, the default is the hub's own and says so: the hub's
information-governance officer checks it against the local authority's
retention schedule and sets its own (services/governance/retention.py).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from .codes import Outcome, _Coded

#: Bounds on a configured retention period, in whole years.
MIN_YEARS, MAX_YEARS = 1, 100

_HUB_DEFAULT = "Hub default: check against your own retention schedule"


class Anchor(enum.Enum):
    """The event a retention period runs from."""

    CLOSURE = "closure"
    BIRTH = "birth"

    @property
    def label(self) -> str:
        return {"closure": "from closure", "birth": "from the child's date of birth"}[self.value]


class RecordClass(_Coded):
    CONTACT_NFA = ("contact_nfa", "Contact with no further action")
    EARLY_HELP = ("early_help", "Early help")
    CHILD_IN_NEED = ("child_in_need", "s17 child in need")
    ADULT_CARE = ("adult_care", "Adult needs assessment")
    ADULT_SAFEGUARDING = ("adult_safeguarding", "Care Act s42 adult safeguarding enquiry")
    CHILD_PROTECTION = ("child_protection", "s47 enquiry / child protection")
    LOOKED_AFTER = ("looked_after", "Looked after child")
    CONSULTATION = ("consultation", "Consultation")
    AUDIT = ("audit", "Audit trail")


@dataclass(frozen=True)
class Rule:
    record_class: RecordClass
    years: int
    anchor: Anchor
    source: str

    @property
    def setting_name(self) -> str:
        return f"retention_{self.record_class.value}"

    def describe(self) -> str:
        return f"{self.years} years {self.anchor.label}"


#: The defaults and their sources.
DEFAULTS: dict[RecordClass, Rule] = {r.record_class: r for r in (
    Rule(RecordClass.CONTACT_NFA, 6, Anchor.CLOSURE, _HUB_DEFAULT),
    Rule(RecordClass.EARLY_HELP, 25, Anchor.BIRTH, _HUB_DEFAULT),
    Rule(RecordClass.CHILD_IN_NEED, 25, Anchor.BIRTH, _HUB_DEFAULT),
    # An adult's record runs from closure: a period from birth would make it due the day it closed.
    Rule(RecordClass.ADULT_CARE, 8, Anchor.CLOSURE, _HUB_DEFAULT),
    Rule(RecordClass.ADULT_SAFEGUARDING, 20, Anchor.CLOSURE, _HUB_DEFAULT),
    Rule(RecordClass.CHILD_PROTECTION, 40, Anchor.CLOSURE, _HUB_DEFAULT),
    Rule(RecordClass.LOOKED_AFTER, 75, Anchor.BIRTH,
         "Care Planning, Placement and Case Review (England) Regulations 2010, reg 50: "
         "until the 75th anniversary of the child's date of birth"),
    Rule(RecordClass.CONSULTATION, 6, Anchor.CLOSURE, _HUB_DEFAULT),
    Rule(RecordClass.AUDIT, 6, Anchor.CLOSURE, _HUB_DEFAULT),
)}

#: The classes a case (a referral) may fall in; consultations and the audit
#: trail are scheduled, but not disposed of by the case review.
CASE_CLASSES = (RecordClass.CONTACT_NFA, RecordClass.EARLY_HELP, RecordClass.CHILD_IN_NEED, RecordClass.ADULT_CARE,
                RecordClass.ADULT_SAFEGUARDING, RecordClass.CHILD_PROTECTION, RecordClass.LOOKED_AFTER)

_BY_OUTCOME: dict[Outcome, RecordClass] = {
    Outcome.NO_FURTHER_ACTION: RecordClass.CONTACT_NFA,
    Outcome.INFORMATION_ADVICE: RecordClass.CONTACT_NFA,
    Outcome.REFER_ON: RecordClass.CONTACT_NFA,
    Outcome.EARLY_HELP: RecordClass.EARLY_HELP,
    Outcome.CHILD_IN_NEED_S17: RecordClass.CHILD_IN_NEED,
    Outcome.NEEDS_ASSESSMENT: RecordClass.ADULT_CARE,
    Outcome.STRATEGY_S47: RecordClass.CHILD_PROTECTION,
    Outcome.IMMEDIATE_PROTECTION: RecordClass.CHILD_PROTECTION,
    Outcome.CARE_ACT_S42: RecordClass.ADULT_SAFEGUARDING,
}


def class_of(outcome: Outcome | None) -> RecordClass:
    """The record class of a case decided with ``outcome`` (none: a contact with no further action)."""
    return RecordClass.CONTACT_NFA if outcome is None else _BY_OUTCOME[outcome]


def check_years(years: object) -> int:
    """A configured period, or ValueError naming the bounds."""
    if isinstance(years, bool) or not isinstance(years, (int, float)) or not MIN_YEARS <= years <= MAX_YEARS \
            or years != int(years):
        raise ValueError(f"a retention period is a whole number of years from {MIN_YEARS} to {MAX_YEARS}")
    return int(years)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def due_on(rule: Rule, closed_on: dt.date, born_on: dt.date | None) -> dt.date:
    """The day a record of ``rule``'s class may be disposed of.

    A period from the date of birth with no date of birth recorded runs from
    closure instead, which is never earlier."""
    anchor = born_on if rule.anchor is Anchor.BIRTH and born_on is not None else closed_on
    return _add_years(anchor, rule.years)
