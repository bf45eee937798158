"""Consultations: a professional's request for advice, the advice given, and
turning one into a contact.

Recording and converting are audited (``consultation.record``,
``consultation.convert``) with ids and the new reference only: the question
and the advice are never copied into the audit trail. Converting creates the
referral and marks the consultation in one transaction, so a consultation is
never converted twice, nor marked without its contact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ...domain import access
from ...domain.codes import AgencyKind, Channel, ContactSource
from ...domain.consultation import parse_consultation
from ...domain.errors import Conflict, NotFound
from ...domain.intake import parse_referral
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency, Consultation, Referral, User
from ...store.types import utcnow
from ..admin.agencies import agency_by_code
from ..intake.referrals import HUB_ZONE, create_referral

_SOURCE_OF_KIND = {
    AgencyKind.POLICE: ContactSource.POLICE,
    AgencyKind.EDUCATION: ContactSource.SCHOOL,
    AgencyKind.HEALTH: ContactSource.HEALTH,
    AgencyKind.AMBULANCE: ContactSource.HEALTH,
    AgencyKind.CHILDRENS_SOCIAL_CARE: ContactSource.SOCIAL_CARE,
    AgencyKind.ADULT_SOCIAL_CARE: ContactSource.SOCIAL_CARE,
    AgencyKind.PROBATION: ContactSource.PROBATION,
    AgencyKind.EARLY_HELP: ContactSource.EARLY_HELP,
    AgencyKind.VOLUNTARY: ContactSource.VOLUNTARY,
}


@dataclass(frozen=True)
class ConsultationRecord:
    """One consultation as staff read it."""

    id: int
    received_at: dt.datetime
    caller_name: str
    caller_role: str | None
    caller_organisation: str | None
    caller_agency: str | None  # agency code
    caller_agency_kind: AgencyKind | None
    caller_phone: str | None
    caller_email: str | None
    question: str
    advice: str
    given_by: str | None  # display name of who advised
    converted_reference: str | None


def record_consultation(db: Database, actor: Actor, data: object, now: dt.datetime | None = None) -> int:
    """Check and store a consultation given by ``actor``; return its id."""
    actor.require(*access.roles_for(access.Step.CONSULT))
    now = now or utcnow()
    request = parse_consultation(data, today=now.astimezone(HUB_ZONE).date())
    with db.write() as session:
        agency = (agency_by_code(session, request.caller_agency, "caller.agency")
                  if request.caller_agency else None)
        row = Consultation(
            received_at=request.received_at or now,
            caller_name=request.caller_name,
            caller_role=request.caller_role,
            caller_organisation=request.caller_organisation,
            caller_agency_id=agency.id if agency else None,
            caller_phone=request.caller_phone,
            caller_email=request.caller_email,
            topic=request.question,
            advice=request.advice,
            given_by_id=actor.user_id,
        )
        session.add(row)
        session.flush()
        record(session, actor, "consultation.record", "consultation", str(row.id),
               detail={"caller_agency": agency.code if agency else None})
        return row.id


def _query():
    adviser = aliased(User)
    return (
        select(Consultation, Agency.code, Agency.kind, adviser.display_name, Referral.reference)
        .outerjoin(Agency, Agency.id == Consultation.caller_agency_id)
        .outerjoin(adviser, adviser.id == Consultation.given_by_id)
        .outerjoin(Referral, Referral.id == Consultation.converted_referral_id)
    )


def _record(row) -> ConsultationRecord:
    c, code, kind, adviser, reference = row
    return ConsultationRecord(
        c.id, c.received_at, c.caller_name, c.caller_role, c.caller_organisation, code, kind,
        c.caller_phone, c.caller_email, c.topic, c.advice, adviser, reference,
    )


def list_consultations(db: Database, actor: Actor, *, limit: int = 200,
                       unconverted_only: bool = False) -> list[ConsultationRecord]:
    """The latest consultations, newest first."""
    actor.require(*access.roles_for(access.Step.CONSULT))
    query = _query().order_by(Consultation.received_at.desc(), Consultation.id.desc()).limit(limit)
    if unconverted_only:
        query = query.where(Consultation.converted_referral_id.is_(None))
    with db.read() as session:
        return [_record(row) for row in session.execute(query)]


def get_consultation(db: Database, actor: Actor, consultation_id: int) -> ConsultationRecord:
    actor.require(*access.roles_for(access.Step.CONSULT))
    with db.read() as session:
        row = session.execute(_query().where(Consultation.id == consultation_id)).first()
    if row is None:
        raise NotFound(f"No consultation with id {consultation_id}.")
    return _record(row)


def contact_payload(consultation: ConsultationRecord) -> dict[str, object]:
    """A referral payload (domain/intake.py) prefilled from a consultation.

    The caller becomes the referrer and the question the first draft of the
    concerns; the subjects are left for the worker to fill in.
    """
    kind = consultation.caller_agency_kind
    return {
        "source": (_SOURCE_OF_KIND.get(kind, ContactSource.OTHER) if kind else ContactSource.OTHER).value,
        "channel": Channel.PHONE.value,
        "referrer": {
            "name": consultation.caller_name,
            "role": consultation.caller_role,
            "organisation": consultation.caller_organisation,
            "agency": consultation.caller_agency,
            "phone": consultation.caller_phone,
            "email": consultation.caller_email,
            "member_of_public": False,
        },
        "subjects": [],
        "household": [],
        "concerns": {"categories": [], "details": consultation.question},
    }


def _locked(session: Session, consultation_id: int) -> Consultation:
    row = session.get(Consultation, consultation_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFound(f"No consultation with id {consultation_id}.")
    if row.converted_referral_id is not None:
        reference = session.scalar(select(Referral.reference).where(Referral.id == row.converted_referral_id))
        raise Conflict(f"This consultation was already made into contact {reference}.")
    return row


def convert_to_contact(db: Database, actor: Actor, consultation_id: int, payload: object,
                       now: dt.datetime | None = None) -> str:
    """Create the contact described by ``payload`` from a consultation; return its reference."""
    actor.require(*access.roles_for(access.Step.CONSULT))
    now = now or utcnow()
    intake = parse_referral(payload, today=now.astimezone(HUB_ZONE).date())
    with db.write() as session:
        consultation = _locked(session, consultation_id)
        referral = create_referral(session, actor, intake, now)
        consultation.converted_referral_id = referral.id
        record(session, actor, "consultation.convert", "consultation", str(consultation.id),
               detail={"referral": referral.reference})
        return referral.reference
