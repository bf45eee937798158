"""The household around a contact, and the queue grouped by household.

:func:`household_for` starts from the people named on one contact and
gathers, a few steps out, whoever the hub recorded as the same person, anyone
with the same names and date of birth, anyone living at the same address
(first line and postcode) and everyone named on the contacts those people are
named on; domain/household.py groups them. Each member's contacts are listed
while open or closed within :data:`RECENT_DAYS` (older closed ones are
counted, not listed): what the queue already shows caseworkers of any case
(reference, status, RAG), never what a contact says.

It is read inside the case reader's transaction (services/case/reader.py),
so the household is part of the one look at a case that is audited there.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from ...domain.codes import Status
from ...domain.household import (
    RECENT_DAYS,
    Appearance,
    Household,
    HouseholdContact,
    HouseholdMember,
    Tie,
    address_key,
    grouped_order,
    households,
    identities,
    sibling_groups,
)
from ...store.models import Person, PersonLink, Referral, ReferralPerson
from ...domain.warnings import ALTERED, CURRENT
from ...security.accounts import SignedIn
from ..case.history import same_people
from .warnings import visible_warnings

#: How many steps out from the contact's people the household is gathered.
ROUNDS = 3
#: A household stops growing before this many person records (a hostel, a care home, common names).
MAX_PEOPLE = 120
_CHUNK = 500
#: Rows of a step read at a time (so a step over the cap stops reading soon after it).
_BATCH = MAX_PEOPLE + 1


@dataclass(frozen=True)
class _Row:
    """One person on one contact, with what the household shows of both."""

    seen: Appearance
    person: Person
    referral: Referral


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


class _TooMany(Exception):
    """A step brought more than MAX_PEOPLE: the household stops before it (so it is not read to its end)."""


def _within_cap(found: set[int]) -> set[int]:
    if len(found) > MAX_PEOPLE:
        raise _TooMany
    return found


def _named_with(session: Session, people: set[int]) -> set[int]:
    """Everyone named on a contact that names one of ``people``."""
    found = set(people)
    for chunk in _chunks(people):
        contacts = select(ReferralPerson.referral_id).where(ReferralPerson.person_id.in_(chunk))
        found |= set(session.scalars(select(ReferralPerson.person_id).where(ReferralPerson.referral_id.in_(contacts))
                                     .distinct().limit(MAX_PEOPLE + 1)))
        _within_cap(found)
    return found


def _numbers(key: str) -> list[str]:
    """The numbers in an address key's first line ("12 acacia road|AB12CD" -> ["12"])."""
    return [word for word in key.split("|")[0].split() if word.isdigit()]


def _same_address(homes: dict[str, str]) -> Select:
    """The people whose postcode is one of ``homes``' and whose first line holds its numbers: a superset
    of those at the same address (``address_key`` says which), narrowed in the database, where a common
    postcode holds many."""
    options = [and_(Person.postcode == code, *(Person.address_line1.contains(n, autoescape=True)
                                               for n in _numbers(key))) for key, code in homes.items()]
    return select(Person.id, Person.address_line1, Person.postcode).where(or_(*options))


def _same_name_or_address(session: Session, people: set[int]) -> set[int]:
    found = set(people)
    known = [session.execute(select(Person.given_key, Person.family_key, Person.date_of_birth, Person.address_line1,
                                    Person.postcode).where(Person.id.in_(chunk))).all() for chunk in _chunks(people)]
    rows = [row for part in known for row in part]
    exact = {(g, f, d) for g, f, d, _, _ in rows if d is not None and g and f}
    if exact:
        # One term per identity, each read from the names' index (SQLite scans the table for a row-value IN).
        found |= set(session.scalars(select(Person.id).where(or_(*(
            and_(Person.family_key == f, Person.given_key == g, Person.date_of_birth == d) for g, f, d in sorted(exact)
        ))).limit(MAX_PEOPLE + 1)))
        _within_cap(found)
    homes = {key: code for _, _, _, line, code in rows if (key := address_key(line, code))}
    if homes:
        # Read a batch at a time: at a hostel or a care home's address, the cap is met after a few.
        result = session.execute(_same_address(homes).execution_options(yield_per=_BATCH))
        try:
            for pid, line, code in result:
                if pid not in found and address_key(line, code) in homes:
                    found.add(pid)
                    _within_cap(found)
        finally:
            result.close()
    return found


def _gather(session: Session, seed: set[int]) -> tuple[set[int], bool]:
    """The people a few steps out from ``seed``, and whether a step was left out because it would
    have brought more than MAX_PEOPLE (the steps before it are kept). A step stops reading as soon as
    it has brought too many."""
    people = set(seed)
    for _ in range(ROUNDS):
        try:
            more = _named_with(session, _within_cap(_same_name_or_address(session, same_people(session, people))))
        except _TooMany:
            return people, True
        if more == people:
            break
        people = more
    return people, False


def _rows(session: Session, people: set[int]) -> list[_Row]:
    rows: list[_Row] = []
    for chunk in _chunks(people):
        for link, person, referral in session.execute(
                select(ReferralPerson, Person, Referral)
                .join(Person, Person.id == ReferralPerson.person_id)
                .join(Referral, Referral.id == ReferralPerson.referral_id)
                .where(ReferralPerson.person_id.in_(chunk))):
            rows.append(_Row(Appearance(referral.id, person.id, link.is_subject, link.relationship_to_subject,
                                        person.given_key, person.family_key, person.date_of_birth,
                                        address_key(person.address_line1, person.postcode)), person, referral))
    return rows


def _links(session: Session, people: set[int]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for chunk in _chunks(people):
        pairs += [(a, b) for a, b in session.execute(select(PersonLink.person_id, PersonLink.known_person_id).where(
            PersonLink.known_person_id.is_not(None), PersonLink.person_id.in_(chunk)))]
    return pairs


def _address(p: Person) -> str | None:
    return ", ".join(x for x in (p.address_line1, p.address_line2, p.town, p.postcode) if x) or None


def _recent(referral: Referral, now: dt.datetime) -> bool:
    return referral.status is not Status.CLOSED or (
        referral.closed_at is not None and referral.closed_at >= now - dt.timedelta(days=RECENT_DAYS))


def _badges(session: Session, signed: SignedIn | None, people: set[int]) -> dict[int, tuple[str, ...]]:
    """The badges of the warnings ``signed`` may see on each person (current or altered ones)."""
    if signed is None or not people:
        return {}
    seen = visible_warnings(session, signed, people)
    return {pid: tuple(dict.fromkeys(v.badge for v in views if v.state in (CURRENT, ALTERED)))
            for pid, views in seen.items()}


def household_for(session: Session, referral: Referral, now: dt.datetime, signed: SignedIn | None = None
                  ) -> Household:
    """The household of ``referral``'s people as of ``now`` (see the module's docstring), with
    the warnings ``signed`` may see on each member (none without ``signed``)."""
    seed = {link.person_id for link in referral.people}
    if not seed:
        return Household()
    people, capped = _gather(session, seed)
    rows = _rows(session, people)
    seen = [r.seen for r in rows]
    identity = identities(seen, [pair for pair in _links(session, people) if pair[1] in people])
    home = households(seen, identity)
    named = households([replace(a, address=None) for a in seen], identity)
    ours = {identity[p] for p in seed}
    household_id = home[min(ours)]
    family = {named[i] for i in ours}
    subjects: dict[int, list[_Row]] = defaultdict(list)
    for r in rows:
        if r.seen.is_subject:
            subjects[r.referral.id].append(r)
    by_member: dict[int, list[_Row]] = defaultdict(list)
    for r in rows:
        who = identity[r.person.id]
        if home.get(who) == household_id:
            by_member[who].append(r)
    members, ties, older = [], set(), set()
    for who, mine in by_member.items():
        mine.sort(key=lambda r: (r.referral.received_at, r.referral.id), reverse=True)
        latest = mine[0].person
        mine.sort(key=lambda r: r.referral.id != referral.id)  # what this contact recorded first
        relationships, contacts = [], {}
        for r in mine:
            if r.seen.is_subject:
                text = "subject"
            else:
                of = " and ".join(s.person.full_name for s in subjects[r.referral.id]) or "the subject"
                text = f"{r.seen.relationship or 'named'} of {of}"
                for s in subjects[r.referral.id]:
                    if identity[s.person.id] != who:
                        ties.add(Tie(who, identity[s.person.id], r.seen.relationship or "named"))
            if text not in relationships:
                relationships.append(text)
            if not _recent(r.referral, now):
                older.add(r.referral.id)
            elif r.referral.id not in contacts or r.seen.is_subject:
                contacts[r.referral.id] = HouseholdContact(r.referral.reference, r.referral.status, r.referral.rag,
                                                           r.referral.received_at, r.referral.closed_at,
                                                           r.seen.is_subject)
        members.append(HouseholdMember(
            who, latest.full_name, next((r.person.date_of_birth for r in mine if r.person.date_of_birth), None),
            next((r.person.expected_due_date for r in mine if r.person.expected_due_date), None),
            tuple(relationships), _address(latest),
            tuple(sorted(contacts.values(), key=lambda c: (c.received_at, c.reference), reverse=True)),
            any(r.referral.id == referral.id for r in mine), named.get(who) not in family,
            tuple(sorted({r.person.id for r in mine}))))
    badges = _badges(session, signed, {pid for m in members for pid in m.person_ids})
    members = [replace(m, warnings=tuple(dict.fromkeys(b for pid in m.person_ids for b in badges.get(pid, ()))))
               for m in members]
    members.sort(key=lambda m: (not m.on_this_contact, "subject" not in m.relationships, m.same_address,
                                m.date_of_birth or dt.date.max, m.name))
    keys = {m.key for m in members}
    siblings = tuple(g for g in sibling_groups([r.seen for r in rows], identity, now.date())
                     if set(g) <= keys)
    return Household(tuple(members), tuple(sorted(ties, key=lambda t: (t.a, t.b, t.label))), siblings, len(older),
                     capped)


# --- the queue grouped by household ---------------------------------------------------


def household_groups(session: Session, referral_ids: Sequence[int]) -> tuple[list[int], dict[int, int]]:
    """``referral_ids`` with the contacts of one household brought together (each
    household where its most urgent contact is), and each grouped contact's
    household number (1, 2... in that order; a contact alone has none).

    Households here are made of the contacts given: their people, recorded as
    the same, by names and date of birth, or living at the same address."""
    rows: list[Appearance] = []
    for chunk in _chunks(referral_ids):
        for rid, pid, subject, relation, given, family, born, line, code in session.execute(
                select(ReferralPerson.referral_id, Person.id, ReferralPerson.is_subject,
                       ReferralPerson.relationship_to_subject, Person.given_key, Person.family_key,
                       Person.date_of_birth, Person.address_line1, Person.postcode)
                .join(Person, Person.id == ReferralPerson.person_id)
                .where(ReferralPerson.referral_id.in_(chunk))):
            rows.append(Appearance(rid, pid, subject, relation, given, family, born, address_key(line, code)))
    people = {a.person_id for a in rows}
    identity = identities(rows, [p for p in _links(session, people) if p[1] in people])
    home = households(rows, identity)
    of_contact = {a.referral_id: home[identity[a.person_id]] for a in rows}
    ordered = grouped_order(referral_ids, of_contact)
    sizes: dict[int, int] = defaultdict(int)
    for rid in referral_ids:
        if rid in of_contact:
            sizes[of_contact[rid]] += 1
    numbers: dict[int, int] = {}
    marks: dict[int, int] = {}
    for rid in ordered:
        key = of_contact.get(rid)
        if key is not None and sizes[key] > 1:
            marks[rid] = numbers.setdefault(key, len(numbers) + 1)
    return ordered, marks
