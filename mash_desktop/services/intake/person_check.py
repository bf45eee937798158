"""The person check at every door: a subject known exactly is linked.

Every contact is stored by ``referrals.create_referral``, whichever door it
came in by (the intake form, ``mash-admin referral add`` from a portal, an
import, a consultation made into a contact, the demo). There, a subject given
without ``person_id`` whose given and family names (folded as domain/names.py
folds them) and date of birth are those of exactly one person known to the
hub (the subject of an earlier contact; someone only named in a household is
offered as a possible match, not linked) is that person: the contact is linked to them as if the worker had
linked it on the form, and the link is recorded (``PersonLink`` kind
"exact"). Records already linked as one person (person_links) count once.

An NHS number or UPN is stronger evidence than names: a subject whose NHS
number (or, failing that, UPN) is that of exactly one earlier subject is that
person, linked the same way, whatever the names say. An identifier known on
both sides and different keeps them apart: a person with the same names and
date of birth but another NHS number is never linked at intake, only offered
to the screening supervisor with what differs (domain/person_match.py).
Anything less than exact is only a possible match, put in front of the
screening supervisor (services/intake/screening_matches.py).

A subject the worker linked on the form (``person_id`` given) is recorded
too, as kind "linked" by that worker: they chose among the possible matches
shown, so the screening supervisor is not asked about that subject again.

The rows need someone to have decided (``by_id``): a contact added without a
signed-in user (the local administrator) is linked all the same, and its
audit event says so, but no row records who decided.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.intake import PersonDetails
from ...domain.names import name_key
from ...domain.person_match import exact_reason, same_name_and_birth
from ...security.identity import Actor
from ...store.models import Person, PersonLink, Referral, ReferralPerson
from ..case.history import same_people
from .duplicates import identity_of, identity_of_person

MAX_SAME = 50  # people with one name and birthday looked at; more is a fault, not a hub

EXACT, LINKED, NEW = "exact", "linked", "new"


def _subjects():
    """Everyone who has been a subject of a contact: a person named only in
    someone's household is not yet known well enough to link to."""
    return select(ReferralPerson.person_id).where(ReferralPerson.is_subject.is_(True))


def _root(session: Session, person_id: int) -> int:
    """The earliest record of a person recorded more than once."""
    return min(same_people(session, {person_id}))


def _by_identifier(session: Session, details: PersonDetails) -> set[int] | None:
    """The known people with this subject's NHS number, else UPN; None if neither was given."""
    for column, value in ((Person.nhs_number, details.nhs_number), (Person.upn, details.upn)):
        if value:
            people = session.scalars(select(Person).where(column == value, Person.id.in_(_subjects()))
                                     .limit(MAX_SAME)).all()
            same = {_root(session, p.id) for p in people if exact_reason(identity_of(details), identity_of_person(p))}
            if same:
                return same
    return None


def exact_match(session: Session, details: PersonDetails) -> int | None:
    """The one known person with this subject's NHS number or UPN, or else with
    their names and date of birth and no identifier that differs, if one."""
    by_identifier = _by_identifier(session, details)
    if by_identifier is not None:
        return by_identifier.pop() if len(by_identifier) == 1 else None
    if details.date_of_birth is None or not name_key(details.given_name) or not name_key(details.family_name):
        return None
    wanted = identity_of(details)
    people = session.scalars(select(Person).where(
        Person.date_of_birth == details.date_of_birth, Person.given_key == name_key(details.given_name),
        Person.family_key == name_key(details.family_name), Person.id.in_(_subjects())).limit(MAX_SAME)).all()
    alike = [p for p in people if same_name_and_birth(wanted, identity_of_person(p))]
    if any(exact_reason(wanted, identity_of_person(p)) is None for p in alike):
        return None  # one of them has another NHS number or UPN: the supervisor decides
    same = {_root(session, p.id) for p in alike}
    return same.pop() if len(same) == 1 else None


def with_exact_matches(session: Session, subjects: Sequence[PersonDetails]
                       ) -> tuple[tuple[PersonDetails, ...], dict[int, int]]:
    """The subjects, each known exactly given that person's id; and which
    were (subject index -> person id). A person is never two subjects."""
    taken = {s.person_id for s in subjects if s.person_id is not None}
    found: dict[int, int] = {}
    for index, details in enumerate(subjects):
        if details.person_id is None:
            known = exact_match(session, details)
            if known is not None and known not in taken:
                taken.add(known)
                found[index] = known
    return tuple(dataclasses.replace(s, person_id=found[i]) if i in found else s
                 for i, s in enumerate(subjects)), found


def record_links(session: Session, actor: Actor, referral: Referral, subjects: Sequence[PersonDetails],
                 exact: dict[int, int], now: dt.datetime) -> dict[str, object]:
    """Record the subjects linked at intake (call after the referral is
    flushed); returns what the intake's audit event adds: person ids only."""
    rows = []
    for index, details in enumerate(subjects):
        known = exact.get(index, details.person_id)
        if known is not None:
            rows.append(PersonLink(referral_id=referral.id, person_id=known, known_person_id=known,
                                   kind=EXACT if index in exact else LINKED, at=now, by_id=actor.user_id))
    if actor.user_id is not None:
        session.add_all(rows)
    return {"exact_people": sorted(exact.values())} if exact else {}
