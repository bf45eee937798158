"""Legal holds, disposal approvals and the tombstones of disposed cases.

A hold covers one case, one person or one record class until it is lifted;
an approval says a case may be disposed of once its cancel window has
passed, unless it is cancelled first. Each is signed by whoever placed,
lifted, approved or cancelled it (services/governance/signing.py) and
checked on read. A disposal leaves a tombstone: the reference, the class,
when, the certificate number and how many rows were removed (no names),
signed by the information-governance officer who ran it.

Holds name the case and the person by number, without a foreign key, so a
hold outlives what it named unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base
from .types import code, intpk, short_text, utc, utcnow


class RetentionHold(Base):
    __tablename__ = "retention_holds"
    id: Mapped[intpk]
    #: "case", "person" or "class": which of the three below it covers.
    scope: Mapped[code]
    referral_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    person_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    record_class: Mapped[Optional[code]]
    reason: Mapped[str] = mapped_column(Text)
    reference: Mapped[short_text]
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[utc] = mapped_column(default=utcnow)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    lifted_at: Mapped[Optional[utc]]
    lifted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    lift_reason: Mapped[Optional[str]] = mapped_column(Text)
    lift_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class DisposalApproval(Base):
    __tablename__ = "disposal_approvals"
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    record_class: Mapped[code]
    due_on: Mapped[dt.date] = mapped_column(Date)
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[utc] = mapped_column(default=utcnow)
    #: The end of the cancel window: disposal runs only after it.
    dispose_after: Mapped[utc]
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    cancelled_at: Mapped[Optional[utc]]
    cancelled_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    cancel_reason: Mapped[Optional[str]] = mapped_column(Text)
    cancel_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class Disposal(Base):
    """The tombstone of a disposed case (written by the disposal itself)."""

    __tablename__ = "disposals"
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), unique=True)
    reference: Mapped[str] = mapped_column(String(20))
    record_class: Mapped[code]
    approval_id: Mapped[int] = mapped_column(ForeignKey("disposal_approvals.id"))
    certificate: Mapped[str] = mapped_column(String(32), index=True)
    disposed_at: Mapped[utc] = mapped_column(default=utcnow)
    disposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: Rows removed per table, as JSON: {"people": 2, "panels": 1, ...}.
    counts: Mapped[str] = mapped_column(Text)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class DisposalCertificateCopy(Base):
    """A disposal certificate PDF produced: how to recognise it, signed by who produced it."""

    __tablename__ = "disposal_certificates"
    id: Mapped[intpk]
    token: Mapped[str] = mapped_column(String(32), unique=True)
    certificate: Mapped[str] = mapped_column(String(32), index=True)
    produced_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    produced_at: Mapped[utc]
    pages: Mapped[int]
    content_fingerprint: Mapped[bytes] = mapped_column(LargeBinary)
    file_sha256: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
