"""Operation Encompass: telling the school's key adult before the next school day.

A police notification arrives as a contact (services/intake/referrals.py
``add_referral``, with the JSON's ``encompass`` part; domain/encompass.py
sets its clock). :func:`record_informed` records when the key adult of the
child's school was told, as a step of the case's history and a signed audit
event carrying the time (services/intake/notice_trail.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ...domain import access
from ...domain.encompass import EncompassState
from ...domain.errors import Conflict, FieldError
from ...security.accounts import SignedIn
from ...security.trust import audited
from ...store.database import Database
from ...store.models import Referral, ReferralEvent
from ...store.types import utcnow
from .notice_trail import checked_time, iso, latest_detail, matches, signed_record, state_holds
from .referrals import referral_by_reference

ACTION = "referral.school_informed"
#: The case history's kind for the step.
KIND = "school_informed"


def _school(referral: Referral) -> str | None:
    """The school on the first subject's record who has one."""
    return next((rp.person.school for rp in referral.people if rp.is_subject and rp.person.school), None)


def record_informed(db: Database, signed: SignedIn, reference: str,
                    informed_at: dt.datetime | None = None) -> dt.datetime:
    """Record that the school's key adult was told at ``informed_at``
    (default: now); return the time recorded (UTC)."""
    signed.require(*access.roles_for(access.Step.INFORM_SCHOOL))
    when = checked_time(informed_at, "informed_at")
    now = utcnow()
    with audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        if referral.encompass_due_at is None:
            raise Conflict(f"{referral.reference} is not an Operation Encompass notification.")
        if referral.school_informed_at is not None:
            raise Conflict(f"The school's key adult was already recorded as told about {referral.reference}.")
        if _school(referral) is None:
            raise Conflict(f"No school is recorded for the child in {referral.reference}: add it before "
                           "recording that the school was told.")
        if when < referral.received_at.replace(microsecond=0):
            raise FieldError("informed_at", "is before the police notification was received")
        held = state_holds(session, signed, referral)
        referral.school_informed_at = when
        referral.updated_at = now
        session.add(ReferralEvent(referral_id=referral.id, at=when, kind=KIND, by_id=signed.actor.user_id))
        signed_record(session, signed, referral, ACTION, {"informed_at": iso(when)}, held)
        return when


def encompass_of(session: Session, referral: Referral) -> EncompassState | None:
    """The notification's clock as the case shows it (None: not Encompass)."""
    if referral.encompass_due_at is None or referral.encompass_incident_at is None:
        return None
    expected = None if referral.school_informed_at is None else {"informed_at": iso(referral.school_informed_at)}
    return EncompassState(referral.encompass_incident_at, referral.encompass_due_at, referral.school_informed_at,
                          _school(referral), matches(latest_detail(session, referral, ACTION), expected))


def encompass_state(db: Database, signed: SignedIn, reference: str) -> EncompassState | None:
    """The notification's clock, for the form that records the school was told."""
    signed.require(*access.roles_for(access.Step.INFORM_SCHOOL))
    with db.read() as session:
        return encompass_of(session, referral_by_reference(session, reference))
