"""Finding consultations: a search over who called and what about, newest first.

The search looks in the caller's name, role and organisation, the caller's
agency code, the question and the reference of the contact a consultation
became; every word typed must be found somewhere (case-insensitive). Only
those who give advice may search (domain/access.py ``ADVISERS``).
The database filters, orders and pages, so the list never holds every
consultation the hub has recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ...domain import access
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency, Consultation, Referral
from .records import ConsultationRecord
from .records import _query as consultation_query
from .records import _record as consultation_record

#: Consultations listed together; the list asks for more when it needs them.
PAGE = 200


@dataclass(frozen=True)
class ConsultationPage:
    """Some of the consultations that match, and how many match in all."""

    records: tuple[ConsultationRecord, ...]
    total: int
    offset: int

    @property
    def more(self) -> bool:
        return self.offset + len(self.records) < self.total


def _matching(query, text: str, unconverted_only: bool):
    if unconverted_only:
        query = query.where(Consultation.converted_referral_id.is_(None))
    for word in text.split():
        query = query.where(or_(
            Consultation.caller_name.icontains(word, autoescape=True),
            Consultation.caller_role.icontains(word, autoescape=True),
            Consultation.caller_organisation.icontains(word, autoescape=True),
            Consultation.topic.icontains(word, autoescape=True),
            Agency.code.icontains(word, autoescape=True),
            Referral.reference.icontains(word, autoescape=True),
        ))
    return query


def search_consultations(db: Database, actor: Actor, text: str = "", *, unconverted_only: bool = False,
                         offset: int = 0, limit: int = PAGE) -> ConsultationPage:
    """The matching consultations from ``offset`` on, newest first, with the total."""
    actor.require(*access.roles_for(access.Step.CONSULT))
    base = _matching(consultation_query(), text, unconverted_only)
    counted = _matching(
        select(func.count(Consultation.id))
        .outerjoin(Agency, Agency.id == Consultation.caller_agency_id)
        .outerjoin(Referral, Referral.id == Consultation.converted_referral_id),
        text, unconverted_only)
    query = (base.order_by(Consultation.received_at.desc(), Consultation.id.desc())
             .offset(max(offset, 0)).limit(limit))
    with db.read() as session:
        records = tuple(consultation_record(row) for row in session.execute(query))
        total = session.scalar(counted) or 0
    return ConsultationPage(records, total, max(offset, 0))
