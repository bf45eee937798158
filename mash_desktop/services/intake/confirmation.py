"""Written confirmation of a phone contact.

A referrer who phones the hub confirms the contact in writing within a set
time (the hub's ``confirmation_hours`` setting, 48 clock hours unless
changed); intake sets when it is due. :func:`record_confirmation` records
when it came, as a step of the case's history and an audit event that
carries the time. The audit event is signed and chained, so the reader
checks the stored time against it: a time written by hand into the
referral does not verify.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.errors import Conflict, FieldError
from ...security.accounts import SignedIn
from ...security.trust import audited
from ...store.database import Database
from ...store.models import AuditEvent, Referral, ReferralEvent
from ...store.types import utcnow
from .notice_trail import signed_record, state_holds
from .referrals import referral_by_reference

ACTION = "referral.confirmation"
#: The case history's kind for the step.
KIND = "confirmation"
#: How far ahead of this workstation's clock a time may be (clocks differ a little).
CLOCK_SKEW = dt.timedelta(minutes=5)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def record_confirmation(db: Database, signed: SignedIn, reference: str,
                        received_at: dt.datetime | None = None) -> dt.datetime:
    """Record that the written confirmation of a phone contact came in at
    ``received_at`` (default: now); return the time recorded (UTC)."""
    signed.require(*access.roles_for(access.Step.ADD_CONTACT))
    now = utcnow()
    when = (received_at or now)
    if when.tzinfo is None:
        raise FieldError("received_at", "give the time with its zone")
    when = when.astimezone(dt.timezone.utc).replace(microsecond=0)
    if when > now + CLOCK_SKEW:
        raise FieldError("received_at", "is in the future")
    with audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        if referral.confirmation_due_at is None:
            raise Conflict(f"{referral.reference} did not come in by phone: no written confirmation is expected.")
        if referral.confirmation_received_at is not None:
            raise Conflict(f"The written confirmation of {referral.reference} was already recorded as received.")
        if when < referral.received_at.replace(microsecond=0):
            raise FieldError("received_at", "is before the contact itself was received")
        held = state_holds(session, signed, referral)
        referral.confirmation_received_at = when
        referral.updated_at = now
        session.add(ReferralEvent(referral_id=referral.id, at=now, kind=KIND, by_id=signed.actor.user_id))
        signed_record(session, signed, referral, ACTION, {"received_at": _iso(when)}, held)
        return when


def confirmation_times(db: Database, signed: SignedIn, reference: str
                       ) -> tuple[dt.datetime | None, dt.datetime | None]:
    """When the written confirmation of a contact is due (None: not a phone
    contact) and when it came (None: not yet), for the form that records it."""
    signed.require(*access.roles_for(access.Step.ADD_CONTACT))
    with db.read() as session:
        referral = referral_by_reference(session, reference)
        return referral.confirmation_due_at, referral.confirmation_received_at


def confirmation_verified(session: Session, referral: Referral) -> bool:
    """Whether the received time stored on the referral is the one its
    latest signed audit event recorded (True when none was recorded)."""
    detail = session.scalar(select(AuditEvent.detail).where(
        AuditEvent.object_type == "referral", AuditEvent.object_ref == referral.reference,
        AuditEvent.action == ACTION).order_by(AuditEvent.id.desc()).limit(1))
    if referral.confirmation_received_at is None:
        return detail is None
    try:
        recorded = json.loads(detail or "{}").get("received_at")
    except ValueError:
        return False
    return recorded == _iso(referral.confirmation_received_at)
