"""Acknowledging a contact to its referrer, with its reference.

Intake sets when the acknowledgement is due (domain/acknowledgement.py: one
working day by default) for every referrer who can be reached.
:func:`record_acknowledgement` records when it was sent and how, as a step of
the case's history and a signed audit event carrying the time and method
(services/intake/notice_trail.py): the reader checks the stored values
against it. :func:`acknowledgement_of` gives what the case shows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ...domain import access
from ...domain.acknowledgement import Acknowledgement, AckMethod
from ...domain.errors import Conflict, FieldError
from ...security.accounts import SignedIn
from ...security.trust import audited
from ...store.database import Database
from ...store.models import Referral, ReferralEvent
from ...store.types import utcnow
from .notice_trail import checked_time, iso, latest_detail, matches, signed_record, state_holds
from .referrals import referral_by_reference

ACTION = "referral.acknowledged"
#: The case history's kind for the step.
KIND = "acknowledged"


def record_acknowledgement(db: Database, signed: SignedIn, reference: str, how: AckMethod | str,
                           sent_at: dt.datetime | None = None) -> dt.datetime:
    """Record that the referrer was acknowledged at ``sent_at`` (default:
    now) by ``how``; return the time recorded (UTC)."""
    signed.require(*access.roles_for(access.Step.ACKNOWLEDGE))
    try:
        method = how if isinstance(how, AckMethod) else AckMethod.parse(how)
    except ValueError as exc:
        raise FieldError("how", str(exc)) from None
    when = checked_time(sent_at, "sent_at")
    now = utcnow()
    with audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        if referral.acknowledgement_due_at is None:
            raise Conflict(f"{referral.reference} has no referrer to acknowledge (anonymous, or no way to "
                           "reach them).")
        if referral.acknowledged_at is not None:
            raise Conflict(f"The acknowledgement of {referral.reference} was already recorded as sent.")
        if when < referral.received_at.replace(microsecond=0):
            raise FieldError("sent_at", "is before the contact itself was received")
        held = state_holds(session, signed, referral)
        referral.acknowledged_at, referral.acknowledged_how = when, method.value
        referral.updated_at = now
        session.add(ReferralEvent(referral_id=referral.id, at=when, kind=KIND, by_id=signed.actor.user_id))
        signed_record(session, signed, referral, ACTION, {"sent_at": iso(when), "how": method.value}, held)
        return when


def acknowledgement_of(session: Session, referral: Referral) -> Acknowledgement | None:
    """The contact's acknowledgement as the case shows it (None: none expected)."""
    if referral.acknowledgement_due_at is None:
        return None
    expected = None if referral.acknowledged_at is None else \
        {"sent_at": iso(referral.acknowledged_at), "how": referral.acknowledged_how}
    try:
        how = AckMethod(referral.acknowledged_how) if referral.acknowledged_how else None
    except ValueError:
        how = None
    return Acknowledgement(referral.acknowledgement_due_at, referral.acknowledged_at, how,
                           matches(latest_detail(session, referral, ACTION), expected))


def acknowledgement(db: Database, signed: SignedIn, reference: str) -> Acknowledgement | None:
    """The contact's acknowledgement, for the form that records it."""
    signed.require(*access.roles_for(access.Step.ACKNOWLEDGE))
    with db.read() as session:
        return acknowledgement_of(session, referral_by_reference(session, reference))
