"""Subject access requests and the redaction decisions taken for them.

A request's state (who it is about, who asked, the dates, the clock and
its outcome) is signed by the information-governance officer who last
changed it, bound to the audit event that recorded the change
(services/subject_access/requests.py), and checked whenever it is read.

Redaction decisions only grow: confirming, lifting or adding a redaction is
a new signed row; the latest decision about a phrase stands. The phrases
are other people's names, addresses and dates of birth, or words the
reviewer chose, copied from hub-level records that are held in the clear
(people, contacts' concerns, decisions); they are kept in the clear too,
because the officer who decides them holds no key to seal them with, and
they never go in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base
from .types import code, intpk, name, short_text, utc, utcnow


class SubjectAccessRequest(Base):
    __tablename__ = "subject_access_requests"
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    requester: Mapped[code]  # domain/subject_access.Requester
    requester_name: Mapped[Optional[name]]
    authority: Mapped[Optional[short_text]]  # the basis of someone else's authority to ask
    received_on: Mapped[dt.date] = mapped_column(Date)
    id_verified_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    extended_months: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[Optional[str]] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[code]  # domain/subject_access.RequestStatus
    answered_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    refusal_reason: Mapped[Optional[str]] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[utc] = mapped_column(default=utcnow)
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class SubjectAccessRedaction(Base):
    __tablename__ = "subject_access_redactions"
    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("subject_access_requests.id"), index=True)
    phrase: Mapped[name]
    kind: Mapped[code]  # domain/subject_access.RedactionKind
    decision: Mapped[code]  # domain/subject_access.RedactionDecision
    reason: Mapped[Optional[str]] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[utc] = mapped_column(default=utcnow)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
