"""What the hub holds about a person, gathered for a subject access request.

The hub's part, gathered by the information-governance officer: every
contact about the person or anyone recorded as the same person
(services/case/history.same_people), whether as a subject or in the
household, with its reference, dates, status, concerns and their text, the
people named, the referrer, the decision and its rationale, and the case's
events. These are hub-level records, held in the clear; the officer holds
no key and reads no panel, so the agencies' panels and disclosures are not
part of it.

An agency's part, gathered by its own supervisor (``Step.EXPORT_OWN_PANELS``):
that agency's own panel on each of those contacts, opened with the agency's
own keys as on screen. No other agency's panel is read.

Each gathering is one ``subject_access.gather`` audit event naming the
request, the part and the contacts by reference; never a name or text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import ConcernCategory, Outcome, Rag, Status
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...store.models import Agency, Decision, Person, Referral, ReferralConcern, ReferralEvent, ReferralPerson
from ..case.history import same_people
from ..case.panels import own_panel
from ..case.signed_state import decision_verified, referral_state_verified
from .requests import OBJECT, get_request, require

HUB_PART = "hub"


@dataclass(frozen=True)
class NamedPerson:
    person_id: int
    name: str
    given_name: str
    family_name: str
    relationship: str  # "Subject", or as recorded ("mother")
    date_of_birth: dt.date | None
    address: str | None
    line1: str | None
    postcode: str | None
    is_them: bool  # the person the request is about (or recorded as the same)


@dataclass(frozen=True)
class Referrer:
    name: str | None
    role: str | None
    organisation: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class DecisionPart:
    outcome: str
    level: int
    rationale: str
    next_steps: str | None
    named_service: str | None
    decided_at: dt.datetime
    verified: bool


@dataclass(frozen=True)
class EventPart:
    at: dt.datetime
    what: str
    reason: str | None


@dataclass(frozen=True)
class ContactPart:
    reference: str
    received_at: dt.datetime
    closed_at: dt.datetime | None
    status: str
    source: str
    concerns: tuple[str, ...]
    concern_details: str
    people: tuple[NamedPerson, ...]
    referrer: Referrer
    decision: DecisionPart | None
    events: tuple[EventPart, ...]
    verified: bool


@dataclass(frozen=True)
class HubPart:
    request_id: int
    person: str
    date_of_birth: dt.date | None
    person_ids: frozenset[int]
    contacts: tuple[ContactPart, ...]

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(c.reference for c in self.contacts)


@dataclass(frozen=True)
class PanelPart:
    reference: str
    state: str  # "readable", "unreadable", "empty"
    text: str | None
    nothing_known: bool


@dataclass(frozen=True)
class AgencyPart:
    request_id: int
    agency_code: str
    agency_name: str
    person: str
    panels: tuple[PanelPart, ...]


def _address(p: Person) -> str | None:
    parts = [x for x in (p.address_line1, p.address_line2, p.town, p.postcode) if x]
    return ", ".join(parts) or None


def contacts_about(session: Session, person_id: int) -> tuple[frozenset[int], list[Referral]]:
    """The person and everyone recorded as them; every contact naming any of them, oldest first."""
    people = frozenset(same_people(session, [person_id]))
    referrals = list(session.scalars(
        select(Referral).join(ReferralPerson, ReferralPerson.referral_id == Referral.id)
        .where(ReferralPerson.person_id.in_(people)).distinct()
        .order_by(Referral.received_at, Referral.id)))
    return people, referrals


def _label(enum_cls, value) -> str:
    try:
        return enum_cls(value).label
    except ValueError:
        return str(value)


def _event(e: ReferralEvent) -> EventPart:
    what = (e.kind or "").replace("_", " ").capitalize()
    if e.to_status is not None:
        before = f" from {e.from_status.label}" if e.from_status is not None else ""
        what += f":{before} to {e.to_status.label}"
    if e.to_rag is not None:
        before = f" from {_label(Rag, e.from_rag)}" if e.from_rag is not None else ""
        what = f"Rating changed{before} to {_label(Rag, e.to_rag)}"
    return EventPart(e.at, what, e.reason)


def _contact(session: Session, signed: SignedIn, r: Referral, people: frozenset[int]) -> ContactPart:
    named = tuple(NamedPerson(rp.person_id, rp.person.full_name, rp.person.given_name, rp.person.family_name,
                              "Subject" if rp.is_subject else (rp.relationship_to_subject or "Household"),
                              rp.person.date_of_birth, _address(rp.person), rp.person.address_line1,
                              rp.person.postcode, rp.person_id in people)
                  for rp in r.people)
    concerns = tuple(_label(ConcernCategory, c) for c in session.scalars(
        select(ReferralConcern.category).where(ReferralConcern.referral_id == r.id)))
    d = session.scalar(select(Decision).where(Decision.referral_id == r.id).order_by(Decision.id.desc()))
    decision = None
    if d is not None:
        decision = DecisionPart(_label(Outcome, d.outcome), d.threshold_level, d.rationale, d.next_steps,
                                d.named_service, d.decided_at, decision_verified(session, signed.trust, d, r.reference))
    events = tuple(_event(e) for e in session.scalars(
        select(ReferralEvent).where(ReferralEvent.referral_id == r.id).order_by(ReferralEvent.at, ReferralEvent.id)))
    referrer = Referrer(r.referrer_name, r.referrer_role, r.referrer_organisation, r.referrer_phone, r.referrer_email)
    return ContactPart(r.reference, r.received_at, r.closed_at, _label(Status, r.status), r.source.label,
                       concerns, r.concern_details, named, referrer, decision, events,
                       referral_state_verified(session, signed.trust, r))


def gather_hub(db: Database, signed: SignedIn, request_id: int) -> HubPart:
    """The hub's part of request ``request_id``; audited as a subject access read."""
    require(signed)
    with db.write() as session:
        part = hub_part(session, signed, request_id)
        record(session, signed.actor, "subject_access.gather", OBJECT, str(request_id),
               detail={"part": HUB_PART, "contacts": list(part.references)})
        return part


def hub_part(session: Session, signed: SignedIn, request_id: int) -> HubPart:
    """The hub's part, read in the caller's transaction (the caller audits the read)."""
    req = get_request(session, signed, request_id)
    person = session.get(Person, req.person_id)
    people, referrals = contacts_about(session, req.person_id)
    contacts = tuple(_contact(session, signed, r, people) for r in referrals)
    return HubPart(request_id, person.full_name, person.date_of_birth, people, contacts)


def gather_agency(db: Database, signed: SignedIn, request_id: int) -> AgencyPart:
    """The signed-in supervisor's own agency's panels on every contact about the person.

    Read with the agency's own keys; no other agency's panel is touched.
    Audited as a subject access read (and each panel read as on screen)."""
    require(signed, access.Step.EXPORT_OWN_PANELS)
    with db.write() as session:
        req = get_request(session, signed, request_id)
        person = session.get(Person, req.person_id)
        agency = session.get(Agency, signed.actor.agency_id)
        _, referrals = contacts_about(session, req.person_id)
        panels = []
        for r in referrals:
            view = own_panel(session, signed, r)
            if view is None or view.state == "empty":
                continue
            panels.append(PanelPart(r.reference, view.state, view.text, view.nothing_known))
        record(session, signed.actor, "subject_access.gather", OBJECT, str(request_id),
               detail={"part": agency.code, "contacts": [p.reference for p in panels]})
        return AgencyPart(request_id, agency.code, agency.name, person.full_name, tuple(panels))
