"""Times recorded on a referral that the signed audit trail vouches for.

An acknowledgement sent or a school told is recorded as a column of the
referral and as a signed, chained audit event carrying the same time (and
code). The reader trusts the column only when it matches the latest such
event: a time written by hand into the referral does not verify, nor does a
time with no event at all.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import FieldError
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.models import AuditEvent, Referral
from ...store.types import utcnow
from ..case.signed_state import referral_state_verified, sign_referral

#: How far ahead of this workstation's clock a time may be (clocks differ a little).
CLOCK_SKEW = dt.timedelta(minutes=5)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def checked_time(when: dt.datetime | None, field: str) -> dt.datetime:
    """``when`` (default now) in UTC to the second; not naive, not in the future."""
    now = utcnow()
    when = when or now
    if when.tzinfo is None:
        raise FieldError(field, "give the time with its zone")
    when = when.astimezone(dt.timezone.utc).replace(microsecond=0)
    if when > now + CLOCK_SKEW:
        raise FieldError(field, "is in the future")
    return when


def latest_detail(session: Session, referral: Referral, action: str) -> dict[str, object] | None:
    """The detail of the latest audit event ``action`` on the referral (None: none; {} unreadable)."""
    detail = session.scalar(select(AuditEvent.detail).where(
        AuditEvent.object_type == "referral", AuditEvent.object_ref == referral.reference,
        AuditEvent.action == action).order_by(AuditEvent.id.desc()).limit(1))
    if detail is None:
        return None
    try:
        found = json.loads(detail)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def matches(recorded: dict[str, object] | None, expected: dict[str, object] | None) -> bool:
    """Whether what the referral holds (``expected``: None when nothing was
    recorded) is what the latest event recorded."""
    if expected is None:
        return recorded is None
    return recorded is not None and all(recorded.get(k) == v for k, v in expected.items())


def signed_record(session: Session, signed: SignedIn, referral: Referral, action: str,
                  detail: dict[str, object], state_held: bool) -> None:
    """Record ``action`` and sign the case's state again, bound to it, as
    every change of a case is (the action counts among signed_state's
    REFERRAL_ACTIONS), so the member who records a notice answers for the
    case as it now stands. A state that did not verify before (``state_held``
    False) is not signed over: the case goes on showing it was altered."""
    event = record(session, signed.actor, action, "referral", referral.reference, detail=detail)
    if state_held:
        sign_referral(referral, signed.actor.signer, signed.actor.user_id, event)


def state_holds(session: Session, signed: SignedIn, referral: Referral) -> bool:
    """Whether the case's signed state verifies before the notice is recorded."""
    return referral_state_verified(session, signed.trust, referral)
