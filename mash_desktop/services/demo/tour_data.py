"""What the screenshot tour (gui/help/tour.py) looks up on a demo hub.

The tour opens real screens on real demo cases; these queries find a case
in a given state, a child it can type in again to show the duplicate
warning, a disclosure waiting for authorisation or refused, and a new
contact whose subject may be someone already known. They only read (the
last is audited as the Screen dialog's own look is), and only the demo hub
is ever toured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ...domain.codes import ConsentPosition, DisclosureOutcome, Status
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Agency, Disclosure, Panel, Person, Referral, ReferralPerson, User
from ..intake.screening_matches import subjects_to_check


@dataclass(frozen=True)
class KnownChild:
    """A person already on the hub, as the intake form would be given them."""

    given_name: str
    family_name: str
    date_of_birth: dt.date | None


def first_reference(db: Database, statuses: tuple[Status, ...], *, officer: str | None = None,
                    panel_by: str | None = None) -> str | None:
    """The oldest case in one of ``statuses`` (allocated to ``officer``, with a
    panel of agency ``panel_by``, when given), or None."""
    query = select(Referral.reference).where(Referral.status.in_(statuses)).order_by(Referral.id)
    if officer is not None:
        query = query.join(User, User.id == Referral.allocated_to_id).where(User.username == officer)
    if panel_by is not None:
        query = query.join(Panel, Panel.referral_id == Referral.id) \
            .join(Agency, Agency.id == Panel.agency_id).where(Agency.code == panel_by)
    with db.read() as session:
        return session.execute(query.limit(1)).scalar()


def known_child(db: Database, born_after: dt.date) -> KnownChild | None:
    """A subject born after ``born_after`` of the oldest case screened and not closed, or None."""
    query = select(Person.given_name, Person.family_name, Person.date_of_birth) \
        .join(ReferralPerson, ReferralPerson.person_id == Person.id) \
        .join(Referral, Referral.id == ReferralPerson.referral_id) \
        .where(ReferralPerson.is_subject, Person.date_of_birth > born_after,
               Referral.status.not_in((Status.NEW, Status.CLOSED))).order_by(Referral.id).limit(1)
    with db.read() as session:
        row = session.execute(query).first()
    return None if row is None else KnownChild(*row)


@dataclass(frozen=True)
class DisclosureOnCase:
    """A disclosure the tour shows: its case, the agency that made it and the username of its maker."""

    reference: str
    agency: str
    disclosed_by: str


def _disclosure(db: Database, *where) -> DisclosureOnCase | None:
    query = select(Referral.reference, Agency.code, User.username) \
        .join(Disclosure, Disclosure.referral_id == Referral.id) \
        .join(Agency, Agency.id == Disclosure.from_agency_id) \
        .join(User, User.id == Disclosure.disclosed_by_id) \
        .where(*where).order_by(Disclosure.disclosed_at, Disclosure.id).limit(1)
    with db.read() as session:
        row = session.execute(query).first()
    return None if row is None else DisclosureOnCase(*row)


def waiting_disclosure(db: Database) -> DisclosureOnCase | None:
    """The oldest disclosure made without consent and neither authorised, refused nor
    returned yet, on a case still open; or None."""
    return _disclosure(db, Disclosure.consent != ConsentPosition.GIVEN, Disclosure.authorised_at.is_(None),
                       Disclosure.outcome.is_(None), Referral.status != Status.CLOSED)


def refused_disclosure(db: Database) -> DisclosureOnCase | None:
    """The oldest disclosure a supervisor refused, or None."""
    return _disclosure(db, Disclosure.outcome == DisclosureOutcome.REFUSED)


def new_contact_with_matches(db: Database, signed: SignedIn) -> str | None:
    """The oldest new contact with a subject still to be decided who may be someone already
    known, as ``signed`` (a supervisor) would see in its Screen dialog; or None."""
    with db.read() as session:
        new = list(session.scalars(select(Referral.reference).where(Referral.status == Status.NEW)
                                   .order_by(Referral.id)))
    return next((reference for reference in new if subjects_to_check(db, signed, reference)), None)
