"""Demo hub: a few warnings on people, for a trainer to show badges and who sees which.

On the first open contacts: Children's Social Care's child protection plan on
one subject and child in need on another, the police's MARAC warning on a
mother (unshared, so only police staff see it) and a police worker safety
warning on another adult, which every caseworker sees.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ...domain.codes import Status
from ...domain.warnings import WarningKind
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Referral, ReferralPerson
from ..people.warnings import add_warning

_ON_SUBJECTS = (("csc.officer", WarningKind.CP_PLAN, "Child protection plan (neglect) agreed at the initial "
                 "conference; core group meets monthly."),
                ("csc.officer", WarningKind.CHILD_IN_NEED, "Child in need plan: support for the mother's mental "
                 "health and school attendance."))
_ON_ADULTS = (("pol.officer", WarningKind.MARAC, "Heard at MARAC after a high-risk domestic abuse incident; "
               "partner on bail with conditions."),
              ("pol.officer", WarningKind.WORKER_SAFETY, "Threatened officers with a dog at the address; visit "
               "in pairs and do not enter if the dog is loose."))


def add_warnings(db: Database, signed: dict[str, SignedIn], today: dt.date | None = None) -> int:
    """Add the demo's warnings; how many."""
    today = today or dt.date.today()
    with db.read() as session:
        open_cases = select(Referral.id).where(Referral.status != Status.CLOSED).order_by(Referral.id)
        subjects = list(session.scalars(select(ReferralPerson.person_id).where(
            ReferralPerson.referral_id.in_(open_cases), ReferralPerson.is_subject.is_(True))
            .order_by(ReferralPerson.referral_id, ReferralPerson.position).limit(len(_ON_SUBJECTS))))
        adults = list(session.scalars(select(ReferralPerson.person_id).where(
            ReferralPerson.referral_id.in_(open_cases), ReferralPerson.is_subject.is_(False),
            ReferralPerson.relationship_to_subject.in_(("mother", "father")))
            .order_by(ReferralPerson.referral_id, ReferralPerson.position).limit(len(_ON_ADULTS))))
    made = 0
    for person, (username, kind, reason) in [*zip(subjects, _ON_SUBJECTS), *zip(adults, _ON_ADULTS)]:
        if username in signed:
            add_warning(db, signed[username], person, kind, reason, today - dt.timedelta(days=40 + 30 * made))
            made += 1
    return made
