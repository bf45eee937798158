"""Demo hub: a person's chronology with entries staff added, for a trainer to show.

The subject of the first decided or closed demo case gets two entries from a
CSC officer (a school's attendance concern before the contact, a health
visit after it), signed like any other entry.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ...domain.chronology import Category, EntryInput, Significance
from ...domain.codes import Status
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.chronology_models import ChronologyEntry
from ...store.models import Person, Referral, ReferralPerson
from ..intake.referrals import HUB_ZONE
from ..people import chronology

#: Why the demo officer looks at contacts CSC is not involved in (kept in the audit trail).
REASON = "Demo hub: preparing the sample chronology"


def add_chronology(db: Database, officer: SignedIn) -> int | None:
    """Add the sample entries; the person's id (None: no decided or closed case to use)."""
    with db.read() as session:
        row = session.execute(
            select(ReferralPerson.person_id, Referral.received_at)
            .join(Referral, Referral.id == ReferralPerson.referral_id)
            .where(Referral.status.in_([Status.DECIDED, Status.CLOSED]), ReferralPerson.is_subject.is_(True))
            .order_by(Referral.id, ReferralPerson.position).limit(1)).first()
    if row is None:
        return None
    person, received = row
    day = received.astimezone(HUB_ZONE).date()
    entries = (
        EntryInput(day - dt.timedelta(days=35), Category.EDUCATION, "School attendance record", Significance.MEDIUM,
                   "Attendance fell to 82% over the half term, mostly Mondays. The school had not yet referred; "
                   "read with the later contact, it suggests difficulty at home over weekends."),
        EntryInput(day + dt.timedelta(days=1), Category.HEALTH, "Health visitor", Significance.HIGH,
                   "Home visit the day after the contact: the home was cold and there was little food. This is "
                   "the second concern about basic care in six weeks."),
    )
    today = dt.datetime.now(dt.timezone.utc).astimezone(HUB_ZONE).date()
    for given in entries:
        if given.day <= today:
            chronology.add_entry(db, officer, person, given, REASON)
    return person


def sample_person(db: Database) -> tuple[int, str] | None:
    """The person whose chronology the demo fills in (id and name), if the hub has one."""
    with db.read() as session:
        person = session.scalar(select(ChronologyEntry.person_id).order_by(ChronologyEntry.id).limit(1))
        found = session.get(Person, person) if person is not None else None
        return (found.id, found.full_name) if found is not None else None
