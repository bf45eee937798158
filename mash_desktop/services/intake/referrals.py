"""Referral intake and the list of referrals.

Intake takes the JSON object a referral portal posts (domain/intake.py says
what is valid) and stores the referral, its people and concerns in one
transaction, so a rejected referral leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ...domain.codes import Rag, Status
from ...domain.errors import FieldError, NotFound
from ...domain.intake import PersonDetails, ReferralIntake, parse_referral
from ...domain.identifiers import show_nhs_number
from ...domain.names import subject_key
from ...domain.zone import HUB_ZONE
from ...domain.codes import Channel
from ...domain.timescales import confirmation_due, screening_due
from ...domain import acknowledgement as ack, encompass
from .. import settings as hub_settings
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Person, ReferenceCounter, Referral, ReferralConcern, ReferralPerson, User
from ...store.types import utcnow
from ..admin.agencies import agency_by_code
from ..case.history import link_recent_case
from ..case.signed_state import sign_referral
from .person_check import record_links, with_exact_matches
from ..calendar import hub_calendar



@dataclass(frozen=True)
class ReferralSummary:
    """One line of the referral list."""

    reference: str
    status: Status
    rag: Rag | None
    received_at: dt.datetime
    decision_due_at: dt.datetime | None
    subject: str
    subject_dob: dt.date | None
    allocated_to: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "status": self.status.value,
            "rag": self.rag.value if self.rag else None,
            "received_at": self.received_at.isoformat(),
            "decision_due_at": self.decision_due_at.isoformat() if self.decision_due_at else None,
            "subject": self.subject,
            "subject_date_of_birth": self.subject_dob.isoformat() if self.subject_dob else None,
            "allocated_to": self.allocated_to,
        }


def next_reference(session: Session, received_at: dt.datetime) -> str:
    """Issue the next MASH-YYYY-NNNNNN; safe with concurrent writers.

    The counter row is created if missing and incremented in place, so two
    transactions never get the same number (the row lock on PostgreSQL, the
    IMMEDIATE write lock on SQLite).
    """
    year = received_at.astimezone(HUB_ZONE).year
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ReferenceCounter)
    session.execute(ins.values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"]))
    number = session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    ).scalar_one()
    return f"MASH-{year}-{number:06d}"


def _person(details: PersonDetails) -> Person:
    addr = details.address
    return Person(
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        expected_due_date=details.expected_due_date,
        gender=details.gender.value,
        ethnicity=details.ethnicity,
        first_language=details.first_language,
        interpreter_needed=details.interpreter_needed,
        address_line1=addr.line1 if addr else None,
        address_line2=addr.line2 if addr else None,
        town=addr.town if addr else None,
        postcode=addr.postcode if addr else None,
        school=details.school,
        gp=details.gp,
        nhs_number=details.nhs_number,
        upn=details.upn,
    )


def _linked_person(session: Session, details: PersonDetails, index: int, taken: set[int]) -> Person:
    """The known person a subject was linked to, given the newer contact details.

    Names and date of birth stay as recorded; address, school, GP, language
    and ethnicity take what this contact says, where it says anything. An NHS
    number or UPN not yet recorded is filled in; one recorded and different
    is refused: the link or the number is wrong, and a person's identifier is
    never overwritten.
    """
    field = f"subjects[{index}].person_id"
    person = session.get(Person, details.person_id)
    if person is None:
        raise FieldError(field, "no person with this id is known to the hub")
    if person.id in taken:
        raise FieldError(field, "is already a subject of this contact")
    taken.add(person.id)
    fresh = _person(details)
    if details.address is not None:
        for column in ("address_line1", "address_line2", "town", "postcode"):
            setattr(person, column, getattr(fresh, column))
    for column in ("school", "gp", "ethnicity", "first_language"):
        if getattr(fresh, column) is not None:
            setattr(person, column, getattr(fresh, column))
    if details.interpreter_needed:
        person.interpreter_needed = True
    _fill_identifiers(person, details, f"subjects[{index}]")
    return person


def _fill_identifiers(person: Person, details: PersonDetails, path: str) -> None:
    for column, what, shown in (("nhs_number", "NHS number", show_nhs_number), ("upn", "UPN", str)):
        given, recorded = getattr(details, column), getattr(person, column)
        if given and recorded and given != recorded:
            raise FieldError(f"{path}.{column}", f"{what} {shown(given)} differs from the one recorded for the "
                             f"person linked ({shown(recorded)}): check the number, or the link")
        if given and not recorded:
            setattr(person, column, given)


def create_referral(session: Session, actor: Actor, intake: ReferralIntake, now: dt.datetime,
                    notice: encompass.Notice | None = None) -> Referral:
    """Store a validated intake inside an open write session (``notice``: it
    is an Operation Encompass notification, domain/encompass.py)."""
    referrer = intake.referrer
    agency = agency_by_code(session, referrer.agency, "referrer.agency") if referrer.agency else None
    received = intake.received_at or now
    # The reference counter's row is a hub-wide lock held until commit: everything that only reads
    # comes first, with nothing written meanwhile, and the number is taken just before the writes.
    with session.no_autoflush:
        referral = Referral(
            received_at=received,
            source=intake.source,
            channel=intake.channel,
            referrer_name=referrer.name,
            referrer_role=referrer.role,
            referrer_organisation=referrer.organisation,
            referrer_agency_id=agency.id if agency else None,
            referrer_phone=referrer.phone,
            referrer_email=referrer.email,
            referrer_is_public=referrer.member_of_public,
            referrer_withheld=referrer.identity_withheld,
            concern_details=intake.concerns.details,
            parents_aware=intake.parents_aware,
            parents_not_aware_reason=intake.parents_not_aware_reason,
            consent_obtained=intake.consent.obtained,
            consent_from=intake.consent.from_whom,
            consent_covering=intake.consent.covering,
            consent_reason_not_obtained=intake.consent.reason_not_obtained,
            status=Status.NEW,
            created_at=now,
            updated_at=now,
        )
        referral.concerns = [ReferralConcern(category=c) for c in intake.concerns.categories]
        subjects, exact = with_exact_matches(session, intake.subjects)  # the person check at every door
        position, linked = 0, set[int]()
        for is_subject, group in ((True, subjects), (False, intake.household)):
            for details in group:
                known = details.person_id is not None and is_subject
                referral.people.append(
                    ReferralPerson(
                        person=_linked_person(session, details, position, linked) if known else _person(details),
                        position=position,
                        is_subject=is_subject,
                        relationship_to_subject=details.relationship,
                        care_and_support_needs=details.care_and_support_needs,
                        has_capacity=details.has_capacity,
                    )
                )
                position += 1
        first = next(rp.person for rp in referral.people if rp.is_subject)
        referral.subject_key = subject_key(first.given_name, first.family_name)
        referral.subject_dob = first.date_of_birth
        if intake.channel is Channel.PHONE:  # a phone contact is confirmed in writing
            referral.confirmation_due_at = confirmation_due(
                received, hub_settings.setting_value(session, hub_settings.CONFIRMATION_HOURS))
        # Not rated yet: the screening clock runs from receipt (rating replaces it).
        referral.decision_due_at = screening_due(received, hub_calendar(session),
                                                 hub_settings.setting_value(session, hub_settings.SCREENING_HOURS))
        if ack.reachable(referrer.name, referrer.email, referrer.phone, intake.source.value == "anonymous"):
            hours = hub_settings.setting_value(session, hub_settings.ACKNOWLEDGEMENT_HOURS)
            referral.acknowledgement_due_at = ack.acknowledgement_due(received, hub_calendar(session), hours)
        if notice is not None:  # Operation Encompass: the school is told before its next day starts
            referral.encompass_incident_at = notice.incident_at
            referral.encompass_due_at = encompass.encompass_due(
                received, hub_calendar(session), hub_settings.setting_value(session, hub_settings.SCHOOL_START_HOUR))
        referral.reference = next_reference(session, received)
    session.add(referral)
    session.flush()
    detail: dict[str, object] = {"source": intake.source.value, "people": position}
    if notice is not None:
        detail["encompass"] = True
    if referral.referrer_withheld:  # kept in the signed trail too: clearing the column does not unmask them
        detail["referrer_withheld"] = True
    if linked:
        detail["linked_people"] = sorted(linked)
        detail |= link_recent_case(session, referral)
    detail |= record_links(session, actor, referral, intake.subjects, exact, now)
    event = record(session, actor, "referral.add", "referral", referral.reference, detail=detail)
    sign_referral(referral, actor.signer, actor.user_id, event)
    return referral


def add_referral(db: Database, actor: Actor, payload: object, now: dt.datetime | None = None) -> str:
    """Validate a portal payload and store it; return the new reference."""
    now = now or utcnow()
    plain = {k: v for k, v in payload.items() if k != encompass.KEY} if isinstance(payload, dict) else payload
    intake = parse_referral(plain, today=now.astimezone(HUB_ZONE).date())
    notice = encompass.read_notice(payload, intake.source, intake.received_at or now)
    with db.write() as session:
        return create_referral(session, actor, intake, now, notice).reference


def _first_subject():
    """Correlated lookup of a referral's first subject."""
    return (
        select(ReferralPerson.person_id)
        .where(ReferralPerson.referral_id == Referral.id, ReferralPerson.is_subject.is_(True))
        .order_by(ReferralPerson.position)
        .limit(1)
        .scalar_subquery()
    )


def summaries_query() -> Select:
    return (
        select(
            Referral.reference, Referral.status, Referral.rag, Referral.received_at,
            Referral.decision_due_at, Person.given_name, Person.family_name,
            Person.date_of_birth, User.display_name,
        )
        .select_from(Referral)
        .join(Person, Person.id == _first_subject())
        .outerjoin(User, User.id == Referral.allocated_to_id)
    )


def list_referrals(db: Database, status: Status | None = None, limit: int | None = None) -> list[ReferralSummary]:
    """Referrals, oldest first, optionally of one status."""
    query = summaries_query().order_by(Referral.received_at, Referral.id)
    if status is not None:
        query = query.where(Referral.status == status)
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return [
            ReferralSummary(r[0], r[1], r[2], r[3], r[4], f"{r[5]} {r[6]}", r[7], r[8])
            for r in session.execute(query)
        ]


def summaries_for(db: Database, references: Iterable[str]) -> dict[str, ReferralSummary]:
    """The list line of each referral named (unknown references are left out), by reference."""
    wanted = sorted(set(references))
    found: dict[str, ReferralSummary] = {}
    with db.read() as session:
        for start in range(0, len(wanted), 500):
            rows = session.execute(summaries_query().where(Referral.reference.in_(wanted[start:start + 500])))
            for r in rows:
                found[r[0]] = ReferralSummary(r[0], r[1], r[2], r[3], r[4], f"{r[5]} {r[6]}", r[7], r[8])
    return found


def count_referrals(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(Referral.id))) or 0


def referral_by_reference(session: Session, reference: str, *, for_update: bool = False) -> Referral:
    query = select(Referral).where(Referral.reference == reference.strip().upper())
    if for_update:
        query = query.with_for_update(key_share=True, of=Referral)  # see security/accounts.ROW_LOCK
    referral = session.scalar(query)
    if referral is None:
        raise NotFound(f"No referral with reference '{reference}'.")
    return referral
