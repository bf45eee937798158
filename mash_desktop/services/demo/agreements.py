"""The demo hub's information-sharing agreements.

Every demo partner joins with a current agreement, dated from the day the
demo is built (agreements are in force by the calendar, whatever moment the
demo's cases pretend to be); the probation service's is due for review in
five weeks, so the dashboard has something to say about it.
"""

from __future__ import annotations

import datetime as dt

from ...domain.agreements import AgreementTerms
from ..admin.agreements import hub_today

#: Partners whose review is near, and in how many days.
REVIEW_SOON = {"PRB": 35}
SCOPE = ("Information about children, young people and adults at risk and their households, shared with the "
         "hub's partners to decide what help or protection is needed (Working Together to Safeguard Children "
         "2023; Children Act 1989 ss17 and 47; Care Act 2014 s42)")


def demo_agreement(code: str, today: dt.date | None = None) -> AgreementTerms:
    """``code``'s agreement: signed ten months ago, for review in a year (or soon)."""
    today = today or hub_today()
    due = today + dt.timedelta(days=REVIEW_SOON.get(code, 365))
    return AgreementTerms(today - dt.timedelta(days=300), due, SCOPE, f"ISA-2026-{code}")
