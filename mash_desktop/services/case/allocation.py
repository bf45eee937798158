"""Allocating a case to an officer, safe when two supervisors do it at once.

A supervisor looks at a case (and so at its version) and at the workload of
their officers, then picks one. Meanwhile another supervisor may have given
the case to someone. :func:`allocate_case` locks the referral row and
compares its version with the one the supervisor saw: if the case changed in
between, it refuses and says who has the case now, who gave it to them and
when. Of two allocations made at the same moment exactly one wins.

Who gave a case to whom is read from the audit trail, which records every
allocation (``referral.allocate``) and holds no sensitive content.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import Rag, Status
from ...domain.errors import Conflict, NotPermitted
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import AuditEvent, Referral, User
from ...store.types import utcnow
from .casework import _allocate
from ..intake.referrals import HUB_ZONE, referral_by_reference
from ..admin.users import user_by_username


@dataclass(frozen=True)
class Allocation:
    """Who has a case and, where the trail says so, who gave it to them when."""

    username: str
    name: str
    by_name: str | None = None
    at: dt.datetime | None = None

    def describe(self, today: dt.date | None = None) -> str:
        """"CSC Officer by CSC Lead at 10:42" (with the date unless today)."""
        text = self.name
        if self.by_name:
            text += f" by {self.by_name}"
        if self.at is not None:
            local = self.at.astimezone(HUB_ZONE)
            text += f" at {local:%H:%M}"
            if local.date() != (today or utcnow().astimezone(HUB_ZONE).date()):
                text += f" on {local.day} {local:%b %Y}"
        return text


@dataclass(frozen=True)
class CaseAllocation:
    """What a supervisor sees before allocating: the case as it stands."""

    reference: str
    status: Status
    rag: Rag | None
    version: int
    current: Allocation | None


def current_allocation(session: Session, referral: Referral) -> Allocation | None:
    """Who has ``referral`` now, with the allocation recorded last for them."""
    if referral.allocated_to_id is None:
        return None
    officer = session.get(User, referral.allocated_to_id)
    event = session.scalar(
        select(AuditEvent)
        .where(AuditEvent.action == "referral.allocate", AuditEvent.object_type == "referral",
               AuditEvent.object_ref == referral.reference)
        .order_by(AuditEvent.id.desc())
        .limit(1))
    if event is None or json.loads(event.detail or "{}").get("to") != officer.username:
        return Allocation(officer.username, officer.display_name)
    by = session.get(User, event.actor_id) if event.actor_id is not None else None
    return Allocation(officer.username, officer.display_name, by.display_name if by else event.actor_name,
                      event.at)


def _state(session: Session, referral: Referral) -> CaseAllocation:
    return CaseAllocation(referral.reference, referral.status, referral.rag, referral.version,
                          current_allocation(session, referral))


def allocation_state(db: Database, reference: str) -> CaseAllocation:
    """The case's status, rating, version and allocation, for the allocation dialog."""
    with db.read() as session:
        return _state(session, referral_by_reference(session, reference))


def _changed_meanwhile(session: Session, referral: Referral) -> Conflict:
    now = _state(session, referral).current
    if now is None:
        return Conflict(f"Someone else changed {referral.reference} while you were looking at it. "
                        "Look at it again, then allocate it.")
    return Conflict(f"Already allocated to {now.describe()}.")


def allocate_case(db: Database, signed: SignedIn, reference: str, to_username: str, expected_version: int,
                  now: dt.datetime | None = None) -> CaseAllocation:
    """Give the case to an officer of the supervisor's own agency.

    ``expected_version`` is the referral's version when the supervisor looked
    (:func:`allocation_state`). Raises Conflict, naming who has the case, when
    it changed since; NotPermitted for someone outside the caller's agency or
    unable to take cases.
    """
    signed.require(*access.roles_for(access.Step.ALLOCATE))
    with db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        if referral.version != expected_version:
            raise _changed_meanwhile(session, referral)
        officer = user_by_username(session, to_username)
        if officer.agency_id != signed.actor.agency_id:
            raise NotPermitted(f"{officer.display_name} works for {officer.agency.code}: "
                               f"allocate to someone of {signed.actor.agency_code}.")
        if officer.id == referral.allocated_to_id:
            raise Conflict(f"{referral.reference} is already allocated to {officer.display_name}.")
        _allocate(session, signed.actor, referral, officer, now or utcnow())
        session.flush()
        return _state(session, referral)
