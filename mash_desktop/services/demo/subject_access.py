"""Demo hub: a few subject access requests for the information-governance officer to work on.

One due within the week (with the redactions still to review), one overdue,
and one answered, about the subjects of the earliest contacts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ...domain.subject_access import Requester, add_months
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Referral, ReferralPerson
from ..subject_access import requests


def add_subject_access(db: Database, ig: SignedIn, today: dt.date) -> int:
    """Record the demo requests as ``ig``; how many."""
    with db.read() as session:
        people = list(session.scalars(
            select(ReferralPerson.person_id).join(Referral, Referral.id == ReferralPerson.referral_id)
            .where(ReferralPerson.is_subject.is_(True)).order_by(Referral.received_at, Referral.id).limit(3)))
    if len(people) < 3:
        return 0
    today = min(today, requests.today())
    soon = add_months(today, -1) + dt.timedelta(days=5)
    requests.new_request(db, ig, people[0], Requester.SELF, soon)
    requests.new_request(db, ig, people[1], Requester.ON_BEHALF, today - dt.timedelta(days=40),
                                requester_name="A solicitor for the family", authority="Signed consent of the "
                                                                                       "person, seen and copied")
    done = requests.new_request(db, ig, people[2], Requester.SELF, today - dt.timedelta(days=50))
    requests.answer(db, ig, done, today - dt.timedelta(days=25))
    return 3
