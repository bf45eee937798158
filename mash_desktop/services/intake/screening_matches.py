"""Possible matches put in front of the screening supervisor, and their decision.

A contact's subject who was not linked at intake (services/intake/
person_check.py) may still be someone known: the duplicate check's scoring
(services/intake/duplicates.py) finds the likely ones, each with their
earlier contacts and open or recently closed cases, and the badges of the
warnings the supervisor may see on them. The supervisor decides
each subject once, in one of three ways:

- **link**: the subject is that known person (``PersonLink`` kind "linked");
- **route**: link, and also link this contact to one of that person's open
  or recent cases (``linked_referral_id``: signed case state, so the change
  is signed and audited as part of screening, ``referral.screen``);
- **confirm new person** (``PersonLink`` kind "new", no known person).

A subject decided (at intake or here) is not asked about again. Contacts'
people are insert-only, so a link is a row beside them, never a change to
who the contact is about; the case history follows the links
(services/case/history.py). Only the roles of the Screen step may look or
decide; each is audited with ids, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import Status
from ...domain.errors import Conflict, NotFound
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Person, PersonLink, Referral, ReferralPerson
from ...store.types import utcnow
from ..case.history import same_people
from ..case.signed_state import sign_referral
from .duplicates import Match, identity_of_person, likely_matches, with_badges
from .person_check import LINKED, NEW
from .referrals import referral_by_reference


@dataclass(frozen=True)
class SubjectToCheck:
    """A subject of the contact not yet decided, and who they may be."""

    person_id: int  # the subject's record in this contact
    number: int  # "Subject 1" is the first subject
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    expected_due_date: dt.date | None
    matches: tuple[Match, ...]


def _subjects(session: Session, referral: Referral) -> list[tuple[int, Person]]:
    rows = session.execute(select(ReferralPerson.position, Person).join(Person, Person.id == ReferralPerson.person_id)
                           .where(ReferralPerson.referral_id == referral.id, ReferralPerson.is_subject.is_(True))
                           .order_by(ReferralPerson.position)).all()
    return [(number, person) for number, (_, person) in enumerate(rows, start=1)]


def _decided(session: Session, referral: Referral) -> set[int]:
    return set(session.scalars(select(PersonLink.person_id).where(PersonLink.referral_id == referral.id)))


def _matches_for(session: Session, referral: Referral, person: Person, now: dt.datetime) -> tuple[Match, ...]:
    own = set(session.scalars(select(ReferralPerson.person_id).where(ReferralPerson.referral_id == referral.id)))
    besides = frozenset(same_people(session, own))  # the contact's own people are nobody's match
    return tuple(likely_matches(session, identity_of_person(person), now, besides=besides, outside=referral.id))


def _undecided(session: Session, referral: Referral, now: dt.datetime,
               reader: SignedIn | None = None) -> tuple[list[SubjectToCheck], int]:
    """The undecided subjects with possible matches, and how many subjects were looked for."""
    decided = _decided(session, referral)
    found, looked = [], 0
    for number, person in _subjects(session, referral):
        if person.id in decided:
            continue
        looked += 1
        matches = tuple(with_badges(session, reader, list(_matches_for(session, referral, person, now))))
        if matches:
            found.append(SubjectToCheck(person.id, number, person.given_name, person.family_name,
                                        person.date_of_birth, person.expected_due_date, matches))
    return found, looked


def subjects_to_check(db: Database, signed: SignedIn, reference: str, *,
                      now: dt.datetime | None = None) -> tuple[SubjectToCheck, ...]:
    """The contact's undecided subjects who have possible matches; the look is
    audited (``person.search``) with how many, never who."""
    signed.require(*access.roles_for(access.Step.SCREEN))
    now = now or utcnow()
    with db.write() as session:
        referral = referral_by_reference(session, reference)
        found, looked = _undecided(session, referral, now, signed)
        record(session, signed.actor, "person.search", "referral", referral.reference,
               detail={"looked_for": looked, "matches": sum(len(s.matches) for s in found)})
        return tuple(found)


def _open_for_decision(session: Session, actor: Actor, reference: str, subject_id: int) -> tuple[Referral, Person]:
    actor.require(*access.roles_for(access.Step.SCREEN))
    referral = referral_by_reference(session, reference, for_update=True)
    if referral.status is Status.CLOSED:
        raise Conflict(f"{referral.reference} is closed: reopen it before deciding who its subjects are.")
    person = next((p for _, p in _subjects(session, referral) if p.id == subject_id), None)
    if person is None:
        raise NotFound(f"That person is not a subject of {referral.reference}.")
    if person.id in _decided(session, referral):
        raise Conflict("Someone has already decided who this subject is: refresh to see it.")
    return referral, person


def link_person(db: Database, signed: SignedIn, reference: str, subject_id: int, known_id: int, *,
                route_to: str | None = None, now: dt.datetime | None = None) -> None:
    """The subject is the known person ``known_id`` (one of their possible
    matches); with ``route_to``, this contact is also linked to that
    person's open or recent case of that reference."""
    now = now or utcnow()
    with db.write() as session:
        referral, person = _open_for_decision(session, signed.actor, reference, subject_id)
        match = next((m for m in _matches_for(session, referral, person, now) if m.person_id == known_id), None)
        if match is None:
            raise NotFound("That person is not among this subject's possible matches.")
        session.add(PersonLink(referral_id=referral.id, person_id=person.id, known_person_id=known_id, kind=LINKED,
                               at=now, by_id=signed.actor.user_id))
        record(session, signed.actor, "person.link", "referral", referral.reference,
               detail={"subject": person.id, "known": known_id, "kind": LINKED})
        if route_to is not None:
            _route(session, signed.actor, referral, match, route_to, now)


def _route(session: Session, actor: Actor, referral: Referral, match: Match, route_to: str, now: dt.datetime
           ) -> None:
    wanted = route_to.strip().upper()
    if wanted not in {case.reference for case in match.cases}:
        raise NotFound(f"{wanted} is not an open or recent case of the person linked.")
    target = referral_by_reference(session, wanted)
    before = session.get(Referral, referral.linked_referral_id) if referral.linked_referral_id else None
    referral.linked_referral_id = target.id
    referral.updated_at = now
    event = record(session, actor, "referral.screen", "referral", referral.reference,
                   detail={"routed_to": target.reference, "was": before.reference if before else None})
    sign_referral(referral, actor.signer, actor.user_id, event)


def confirm_new(db: Database, signed: SignedIn, reference: str, subject_id: int, *,
                now: dt.datetime | None = None) -> None:
    """The subject is none of the people known: a new person."""
    now = now or utcnow()
    with db.write() as session:
        referral, person = _open_for_decision(session, signed.actor, reference, subject_id)
        session.add(PersonLink(referral_id=referral.id, person_id=person.id, known_person_id=None, kind=NEW,
                               at=now, by_id=signed.actor.user_id))
        record(session, signed.actor, "person.link", "referral", referral.reference,
               detail={"subject": person.id, "kind": NEW})
