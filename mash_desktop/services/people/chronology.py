"""A person's chronology, across every contact about them, as one reader may see it.

The contacts are those naming the person or anyone recorded as the same
person (services/case/history.same_people), as subject or in the household.
Each is read through the one door (services/case/reader.open_case), so the
chronology shows exactly what the reader may see of each case: a case their
agency is not involved in needs a reason, asked for once for the whole
chronology and kept in each ``case.view`` event; a disclosure appears only
where the reader may read it; another agency's panel never does.

Curated entries (date, category, source, significance, analysis) are
hub-level case text: casework staff who may open the cases read them, and
add to them (``Step.CHRONOLOGY``). Each version of an entry and each
finishing or reopening is signed by whoever wrote it and checked whenever it
is read; an entry whose signature fails is shown as altered. Audit events
name the person's id, entry ids and codes, never what an entry says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.case_record import CaseRecord
from ...domain.chronology import (
    CURATED, REASON_LIMIT, EntryInput, Finishing, Item, PersonChronology, Significance, Category, checked_entry,
    ordered,
)
from ...domain.errors import Conflict, FieldError, NotFound
from ...domain.zone import HUB_ZONE
from ...security import crypto
from ...security.account_state import held_user, message, signed_by
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import audited
from ...store.chronology_models import ChronologyEntry, ChronologyFinish
from ...store.database import Database
from ...store.models import Person, Referral, ReferralPerson
from ...store.types import utcnow
from ..case.history import same_people
from ..case.reader import ReasonNeeded, clean_reason, hub_name, is_involved, open_case
from .chronology_lines import case_items, warning_lines

#: The purpose each case looked at for a chronology is audited with.
PURPOSE = "person_chronology"

#: Further sources of automatic entries (warnings, strategy discussions):
#: each is called in a read session with the reader, the people (ids) the
#: chronology is about and the contacts opened for it, and gives items the
#: reader may see.
Source = Callable[[Session, SignedIn, frozenset[int], tuple[str, ...]], Iterable[Item]]
SOURCES: list[Source] = [warning_lines]


def register(source: Source) -> Source:
    """Add a source of automatic entries (usable as a decorator)."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


@dataclass(frozen=True)
class PersonChoice:
    """Someone a case names, to open their chronology."""

    person_id: int
    name: str
    date_of_birth: dt.date | None
    subject: bool
    relationship: str | None


def people_of(db: Database, signed: SignedIn, reference: str, reason: str | None = None
              ) -> tuple[PersonChoice, ...]:
    """The people a case names (subjects first), to choose whose chronology to open.

    They are part of the case: a reader who needs a reason to open it needs
    one here too (:class:`ReasonNeeded`), and the look is then audited with it.
    """
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    reason = clean_reason(reason)
    with audited(db, signed.actor), db.write() as session:
        referral = session.scalar(select(Referral).where(Referral.reference == reference.strip().upper()))
        if referral is None:
            raise NotFound(f"No referral {reference}.")
        needs = access.case_access(signed.actor.roles, is_involved(session, signed, referral),
                                   referral.status) is access.CaseAccess.REASON_NEEDED
        if not needs or reason:
            if needs:
                record(session, signed.actor, "case.people", "referral", referral.reference, justification=reason,
                       detail={"purpose": PURPOSE})
            links = sorted(referral.people, key=lambda p: (not p.is_subject, p.position))
            return tuple(PersonChoice(p.person_id, p.person.full_name, p.person.date_of_birth, p.is_subject,
                                      p.relationship_to_subject) for p in links)
        record(session, signed.actor, "case.view_refused", "referral", referral.reference,
               detail={"purpose": PURPOSE})
    raise ReasonNeeded(referral.reference, f"{referral.reference} is not allocated to you or your agency, nor is "
                                           "your agency researching it: give the reason you need to see its people.")


def person_for(db: Database, signed: SignedIn, key: str, reason: str | None = None) -> int:
    """A person named by their id, or by a referral's reference (its first subject)."""
    text = (key or "").strip()
    if text.isdigit():
        return int(text)
    subjects = [p for p in people_of(db, signed, text, reason) if p.subject]
    if not subjects:
        raise NotFound(f"{text.upper()} names no subject.")
    return subjects[0].person_id


# -- the door ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Door:
    people: frozenset[int]
    references: tuple[str, ...]  # oldest first
    needs_reason: frozenset[str]
    name: str
    date_of_birth: dt.date | None


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"No person {person_id}.")
    return person


def _door(session: Session, signed: SignedIn, person_id: int) -> _Door:
    person = _person(session, person_id)
    people = frozenset(same_people(session, [person_id]))
    referrals = list(session.scalars(
        select(Referral).join(ReferralPerson, ReferralPerson.referral_id == Referral.id)
        .where(ReferralPerson.person_id.in_(people)).distinct()
        .order_by(Referral.received_at, Referral.id)))
    needs = frozenset(r.reference for r in referrals if access.case_access(
        signed.actor.roles, is_involved(session, signed, r), r.status) is access.CaseAccess.REASON_NEEDED)
    return _Door(people, tuple(r.reference for r in referrals), needs, person.full_name, person.date_of_birth)


def _through_door(db: Database, signed: SignedIn, person_id: int, reason: str | None, action: str) -> _Door:
    """Who the chronology is about and which contacts it draws on, once the
    reader may see them all: a reason is needed where any case needs one."""
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    with audited(db, signed.actor), db.write() as session:
        door = _door(session, signed, person_id)
        if door.needs_reason and not reason:
            record(session, signed.actor, f"{action}_refused", "person", str(person_id),
                   detail={"contacts": sorted(door.needs_reason)})
        else:
            return door
    first = sorted(door.needs_reason)[0]
    raise ReasonNeeded(first, f"{door.name}'s chronology draws on {len(door.needs_reason)} contact"
                              f"{'s' if len(door.needs_reason) != 1 else ''} ({', '.join(sorted(door.needs_reason))}) "
                              "not allocated to you or your agency, nor researched by it: give the reason you need "
                              "to see them.")


# -- signatures -------------------------------------------------------------------

def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def entry_message(e: ChronologyEntry) -> bytes:
    return message("mash chronology entry v1", e.person_id, e.first_id, e.version, e.happened_on.isoformat(),
                   e.category, _digest(e.source), e.significance, _digest(e.analysis), e.written_by_id,
                   _when(e.written_at))


def finish_message(f: ChronologyFinish) -> bytes:
    return message("mash chronology finish v1", f.person_id, bool(f.finished), _digest(f.reason), f.by_id,
                   _when(f.at))


def _verified(session: Session, signed: SignedIn, user_id: int, signature: bytes | None, signed_bytes: bytes) -> bool:
    return signed_by(session, signed.trust, user_id, signature, signed_bytes) is not None


# -- reading ----------------------------------------------------------------------

def _latest_entries(session: Session, people: Iterable[int]) -> list[ChronologyEntry]:
    rows = list(session.scalars(select(ChronologyEntry).where(ChronologyEntry.person_id.in_(list(people)))
                                .order_by(ChronologyEntry.id)))
    latest: dict[int, ChronologyEntry] = {}
    for row in rows:
        key = row.first_id or row.id
        if key not in latest or row.version > latest[key].version:
            latest[key] = row
    return [latest[k] for k in sorted(latest)]


def _curated_item(session: Session, signed: SignedIn, e: ChronologyEntry) -> Item:
    verified = _verified(session, signed, e.written_by_id, e.signature, entry_message(e))
    writer = held_user(session, e.written_by_id)
    try:
        category, significance = Category(e.category), Significance(e.significance)
    except ValueError:
        category, significance, verified = Category.OTHER, Significance.LOW, False
    return Item(e.happened_on, CURATED, category, e.source, e.analysis, at=None,
                by=writer.display_name if writer else None, significance=significance, entry_id=e.first_id or e.id,
                version=e.version, altered=not verified)


def _history(session: Session, signed: SignedIn, people: Iterable[int]) -> tuple[Finishing, ...]:
    rows = session.scalars(select(ChronologyFinish).where(ChronologyFinish.person_id.in_(list(people)))
                           .order_by(ChronologyFinish.at, ChronologyFinish.id))
    made = []
    for f in rows:
        who = held_user(session, f.by_id)
        made.append(Finishing(f.finished, who.display_name if who else "—", f.at, f.reason,
                              _verified(session, signed, f.by_id, f.signature, finish_message(f))))
    return tuple(made)


def person_chronology(db: Database, signed: SignedIn, person_id: int, reason: str | None = None
                      ) -> PersonChronology:
    """The person's chronology as ``signed`` may see it.

    Raises :class:`~mash_desktop.services.case.reader.ReasonNeeded` (audited)
    where a contact about the person needs a reason to be opened and none is given.
    """
    reason = clean_reason(reason)
    door = _through_door(db, signed, person_id, reason, "chronology.view")
    cases = [open_case(db, signed, ref, PURPOSE, reason if ref in door.needs_reason else None)
             for ref in door.references]
    with audited(db, signed.actor), db.write() as session:
        roles = _roles_in(session, door.people, cases)
        items = [item for case in cases for item in case_items(case, signed.actor.agency_code, roles[case.reference])]
        for source in SOURCES:
            items.extend(source(session, signed, door.people, door.references))
        curated = [_curated_item(session, signed, e) for e in _latest_entries(session, door.people)]
        history = _history(session, signed, door.people)
        hub = hub_name(session)
        record(session, signed.actor, "chronology.view", "person", str(person_id), justification=reason,
               detail={"contacts": list(door.references), "entries": len(curated), "purpose": PURPOSE})
    return PersonChronology(person_id, door.name, door.date_of_birth, door.references, ordered(items + curated),
                            history, reason, hub)


def _roles_in(session: Session, people: frozenset[int], cases: list[CaseRecord]) -> dict[str, str]:
    """How each contact names the person: "subject" or their relationship in the household."""
    rows = session.execute(select(Referral.reference, ReferralPerson.is_subject, ReferralPerson.relationship_to_subject)
                           .join(Referral, Referral.id == ReferralPerson.referral_id)
                           .where(ReferralPerson.person_id.in_(people),
                                  Referral.reference.in_([c.reference for c in cases]))).all()
    found: dict[str, str] = {}
    for reference, subject, relationship in rows:
        if subject:
            found[reference] = "subject"
        else:
            found.setdefault(reference, f"in the household ({relationship})" if relationship else "in the household")
    return found


def entry_versions(db: Database, signed: SignedIn, entry_id: int, reason: str | None = None) -> tuple[Item, ...]:
    """Every version of a curated entry, oldest first (an edit never replaces one)."""
    reason = clean_reason(reason)
    with db.read() as session:
        first = session.get(ChronologyEntry, entry_id)
        if first is None or first.first_id is not None:
            raise NotFound(f"No chronology entry {entry_id}.")
        person_id = first.person_id
    _through_door(db, signed, person_id, reason, "chronology.view")
    with audited(db, signed.actor), db.write() as session:
        rows = session.scalars(select(ChronologyEntry).where(or_(
            ChronologyEntry.id == entry_id, ChronologyEntry.first_id == entry_id)).order_by(ChronologyEntry.version))
        versions = tuple(_curated_item(session, signed, e) for e in rows)
        record(session, signed.actor, "chronology.versions", "person", str(person_id), justification=reason,
               detail={"entry": entry_id, "versions": len(versions)})
        return versions


# -- writing ----------------------------------------------------------------------

def _finished(session: Session, signed: SignedIn, people: frozenset[int]) -> bool:
    history = _history(session, signed, people)
    return bool(history and history[-1].finished)


def _today() -> dt.date:
    return utcnow().astimezone(HUB_ZONE).date()


def add_entry(db: Database, signed: SignedIn, person_id: int, given: EntryInput, reason: str | None = None, *,
              edits: int | None = None) -> int:
    """Add a curated entry to the person's chronology (or, with ``edits``, a
    new version of entry ``edits``); returns the entry's id (its first version's)."""
    signed.require(*access.roles_for(access.Step.CHRONOLOGY))
    entry = checked_entry(given, _today())
    reason = clean_reason(reason)
    door = _through_door(db, signed, person_id, reason, "chronology.add")
    try:
        with audited(db, signed.actor), db.write() as session:
            if _finished(session, signed, door.people):
                raise Conflict(f"{door.name}'s chronology is marked finished: reopen it, with the reason, to "
                               "add to it or change it.")
            first_id, version = None, 1
            if edits is not None:
                first = session.get(ChronologyEntry, edits)
                if first is None or first.first_id is not None or first.person_id not in door.people:
                    raise NotFound(f"No chronology entry {edits} for {door.name}.")
                first_id = first.id
                version = 1 + session.scalar(select(func.max(ChronologyEntry.version)).where(
                    or_(ChronologyEntry.id == edits, ChronologyEntry.first_id == edits)))
                person_id = first.person_id
            row = ChronologyEntry(person_id=person_id, first_id=first_id, version=version,
                                  happened_on=entry.day, category=entry.category.value, source=entry.source,
                                  significance=entry.significance.value, analysis=entry.analysis,
                                  written_by_id=signed.actor.user_id, written_at=utcnow())
            row.signature = crypto.sign(signed.actor.signer, entry_message(row))
            session.add(row)
            session.flush()
            record(session, signed.actor, "chronology.edit" if edits else "chronology.add", "person",
                   str(person_id), justification=reason,
                   detail={"entry": first_id or row.id, "version": version, "category": entry.category.value,
                           "significance": entry.significance.value})
            return first_id or row.id
    except IntegrityError:
        raise Conflict("Someone else changed this entry at the same moment: look at it again.") from None


def edit_entry(db: Database, signed: SignedIn, entry_id: int, given: EntryInput, reason: str | None = None) -> int:
    """A new version of a curated entry; the earlier ones are kept."""
    with db.read() as session:
        first = session.get(ChronologyEntry, entry_id)
        if first is None or first.first_id is not None:
            raise NotFound(f"No chronology entry {entry_id}.")
        person_id = first.person_id
    return add_entry(db, signed, person_id, given, reason, edits=entry_id)


def _mark(db: Database, signed: SignedIn, person_id: int, finished: bool, reason: str | None,
          door_reason: str | None) -> None:
    signed.require(*access.roles_for(access.Step.FINISH_CHRONOLOGY))
    door = _through_door(db, signed, person_id, clean_reason(door_reason), "chronology.finish")
    with audited(db, signed.actor), db.write() as session:
        if _finished(session, signed, door.people) == finished:
            raise Conflict(f"{door.name}'s chronology is already {'finished' if finished else 'open'}.")
        row = ChronologyFinish(person_id=person_id, finished=finished, reason=reason, by_id=signed.actor.user_id,
                               at=utcnow())
        row.signature = crypto.sign(signed.actor.signer, finish_message(row))
        session.add(row)
        record(session, signed.actor, "chronology.finish" if finished else "chronology.reopen", "person",
               str(person_id), justification=clean_reason(door_reason))


def finish(db: Database, signed: SignedIn, person_id: int, reason: str | None = None) -> None:
    """Mark the person's chronology finished (signed: by whom, when)."""
    _mark(db, signed, person_id, True, None, reason)


def reopen(db: Database, signed: SignedIn, person_id: int, why: str, reason: str | None = None) -> None:
    """Reopen a finished chronology; ``why`` says why it is reopened (kept with it, signed)."""
    why = (why or "").strip()
    if not why:
        raise FieldError("reason", "say why the chronology is reopened")
    if len(why) > REASON_LIMIT:
        raise FieldError("reason", f"at most {REASON_LIMIT} characters")
    _mark(db, signed, person_id, False, why, reason)
