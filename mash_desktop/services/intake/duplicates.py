"""Is this person already known? The duplicate check before a person is made.

Candidates are narrowed in SQL on indexed columns, so the check stays quick
on a hub with a hundred thousand people: the same date of birth (or with day
and month swapped), the same postcode, the same NHS number or UPN, or family
and given names with the same phonetic keys (either way round). Only those few rows are scored in
Python (domain/person_match.py). Each likely match comes with the person's
open cases and those closed within the last twelve months, so the worker can
link the contact to the person (and see the case it belongs with) instead of
creating someone new, and says in words why it may be them and what differs
(domain/match_words.py). People already recorded as the same (person_links)
are shown once, with the cases of all their records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ...domain.codes import Rag, Status
from ...domain.intake import PersonDetails
from ...domain.names import name_key
from ...domain.match_words import differences, why
from ...domain.person_match import Identity, compare, exact_reason, swapped_day_month
from ...domain.warnings import ENDED
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Person, Referral, ReferralPerson
from ...store.types import utcnow
from ..case.history import same_people

RECENT = dt.timedelta(days=365)  # closed cases shown: the re-referral window
MAX_CANDIDATES = 500  # rows scored per person looked for
MAX_MATCHES = 10  # matches shown per person looked for


@dataclass(frozen=True, slots=True)
class KnownCase:
    """A referral the matched person is in: open, or closed not long ago."""

    reference: str
    status: Status
    rag: Rag | None
    received_at: dt.datetime
    closed_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.status is not Status.CLOSED


@dataclass(frozen=True, slots=True)
class Match:
    """A stored person who may be the one the contact is about."""

    person_id: int
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    expected_due_date: dt.date | None
    address_line1: str | None
    postcode: str | None
    score: int  # 0 to 100
    reasons: tuple[str, ...]
    cases: tuple[KnownCase, ...]  # open first, then most recently closed
    why: str = ""  # the reasons in one phrase: "Same name and date of birth"
    differs: tuple[str, ...] = ()  # "School differs — this contact: …; on record: …"
    contacts: int = 0  # every contact about this person, however old
    exact: bool = False  # an earlier subject known beyond doubt: linked at intake if the only one
    exact_why: str = ""  # why it is exact: "same NHS number", "same names and date of birth"
    warnings: tuple[str, ...] = ()  # badges of the warnings the reader may see on them (current, altered)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def identity_of(details: PersonDetails) -> Identity:
    address = details.address
    return Identity(
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        postcode=address.postcode if address else None,
        address_line1=address.line1 if address else None,
        school=details.school,
        gp=details.gp,
        nhs_number=details.nhs_number,
        upn=details.upn,
    )


def identity_of_person(person: Person) -> Identity:
    return Identity(given_name=person.given_name, family_name=person.family_name,
                    date_of_birth=person.date_of_birth, postcode=person.postcode,
                    address_line1=person.address_line1, school=person.school, gp=person.gp,
                    nhs_number=person.nhs_number, upn=person.upn)


def find_matches(db: Database, candidate: PersonDetails, *, actor: Actor | None = None,
                 reader: SignedIn | None = None, now: dt.datetime | None = None) -> list[Match]:
    """Likely matches for one person, best first."""
    return find_matches_for(db, [candidate], actor=actor, reader=reader, now=now)[0]


def find_matches_for(db: Database, candidates: Sequence[PersonDetails], *, actor: Actor | None = None,
                     reader: SignedIn | None = None, now: dt.datetime | None = None) -> list[list[Match]]:
    """Likely matches for each of ``candidates``, in one transaction.

    With an ``actor``, the look-up is audited (``person.search``) with the
    number of people looked for and found: never their names. With a
    ``reader``, each match carries the badges of the warnings that reader may
    see on them (the same rule as everywhere: own agency's, worker safety,
    shared with them).
    """
    now = now or utcnow()
    if actor is None:
        with db.read() as session:
            return [with_badges(session, reader, likely_matches(session, identity_of(c), now)) for c in candidates]
    with db.write() as session:
        found = [with_badges(session, reader, likely_matches(session, identity_of(c), now)) for c in candidates]
        record(session, actor, "person.search", "person", None,
               detail={"looked_for": len(candidates), "matches": sum(len(m) for m in found)})
        return found


def with_badges(session: Session, reader: SignedIn | None, matches: list[Match]) -> list[Match]:
    """``matches`` with the badges of the current (or altered) warnings ``reader`` may see on each."""
    if reader is None or not matches:
        return matches
    from ..people.warnings import visible_warnings  # here: the warnings' modules import the intake ones

    seen = visible_warnings(session, reader, {m.person_id for m in matches})
    return [replace(m, warnings=tuple(dict.fromkeys(w.badge for w in seen.get(m.person_id, ()) if w.state != ENDED)))
            for m in matches]


def _candidate_filter(wanted: Identity):
    given, family = name_key(wanted.given_name), name_key(wanted.family_name)
    ways = []
    if given and family:
        ways.append(and_(Person.family_key == family, Person.given_key == given))
        ways.append(and_(Person.family_key == given, Person.given_key == family))
    born = wanted.date_of_birth
    if born is not None:
        days = [born] + [d for d in (swapped_day_month(born),) if d is not None]
        ways.append(Person.date_of_birth.in_(days))
    if wanted.postcode:
        ways.append(Person.postcode == wanted.postcode)
    if wanted.nhs_number:
        ways.append(Person.nhs_number == wanted.nhs_number)
    if wanted.upn:
        ways.append(Person.upn == wanted.upn)
    return or_(*ways) if ways else None


def likely_matches(session: Session, wanted: Identity, now: dt.datetime, *, besides: frozenset[int] = frozenset(),
             outside: int | None = None) -> list[Match]:
    """Likely matches for ``wanted``: never the people in ``besides``, nor
    their cases the referral ``outside`` (the contact being screened)."""
    where = _candidate_filter(wanted)
    if where is None:
        return []
    people = session.scalars(select(Person).where(where).limit(MAX_CANDIDATES)).all()
    scored = []
    for person in people:
        if person.id in besides:
            continue
        likeness = compare(wanted, identity_of_person(person))
        if likeness.likely:
            scored.append((likeness, person))
    scored.sort(key=lambda pair: (-pair[0].score, pair[1].family_name, pair[1].given_name, pair[1].id))
    kept, seen = [], set(besides)
    for likeness, person in scored:  # one person recorded twice is shown once, at their best
        if person.id not in seen and len(kept) < MAX_MATCHES:
            group = same_people(session, {person.id})
            seen |= group
            kept.append((likeness, person, group - besides))
    found = []
    for likeness, p, group in kept:
        cases, contacts, subject = _cases(session, group, now, outside)
        known = identity_of_person(p)
        exact = exact_reason(wanted, known) if subject else None
        found.append(Match(p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_due_date,
                           p.address_line1, p.postcode, likeness.score, likeness.reasons, cases,
                           why(likeness.reasons), differences(wanted, known), contacts,
                           exact is not None, exact or ""))
    return found


def _cases(session: Session, person_ids: set[int], now: dt.datetime,
           outside: int | None) -> tuple[tuple[KnownCase, ...], int, bool]:
    """Open cases, and cases closed since ``now - RECENT``, of these records of
    one person (open first, then the latest closed); how many contacts there
    were about them in all; whether they were ever a contact's subject."""
    rows = session.execute(
        select(Referral.id, Referral.reference, Referral.status, Referral.rag, Referral.received_at,
               Referral.closed_at, ReferralPerson.is_subject)
        .join(ReferralPerson, Referral.id == ReferralPerson.referral_id)
        .where(ReferralPerson.person_id.in_(person_ids), Referral.id != (outside or 0))
        .distinct()
    ).all()
    cases = {KnownCase(reference, status, rag, received, closed) for _, reference, status, rag, received, closed, _
             in rows if status is not Status.CLOSED or (closed is not None and closed >= now - RECENT)}
    ordered = sorted(cases, key=lambda c: (not c.is_open, -(c.closed_at or c.received_at).timestamp()))
    return tuple(ordered), len({row[0] for row in rows}), any(row[-1] for row in rows)
