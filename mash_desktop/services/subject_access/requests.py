"""Recording subject access requests and keeping their clock.

Only an information-governance officer (``Step.SUBJECT_ACCESS``) records,
extends, answers or refuses a request. Each change is one audit event (the
request's number and codes, never a name) and the officer's signature over
the request as it then stands, bound to that event: a request edited in the
database, or put back to an earlier signed state, shows as altered and its
clock is not trusted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain import subject_access as sar
from ...domain.errors import Conflict, FieldError, NotFound, NotPermitted
from ...domain.names import fold
from ...domain.subject_access import RequestStatus, Requester
from ...domain.zone import HUB_ZONE
from ...security import crypto
from ...security.account_state import EPOCH_BYTES, message, signed_by
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import Trust
from ...store.database import Database
from ...store.models import AuditEvent, Person
from ...store.subject_access_models import SubjectAccessRequest
from ...store.types import utcnow

OBJECT = "subject_access"
#: Audit actions that change a request's signed state.
STATE_ACTIONS = ("subject_access.new", "subject_access.extend", "subject_access.identity",
                 "subject_access.answer", "subject_access.refuse")
MAX_TEXT = 2000
MAX_FOUND = 50


def today() -> dt.date:
    return utcnow().astimezone(HUB_ZONE).date()


def require(signed: SignedIn, step: access.Step = access.Step.SUBJECT_ACCESS) -> None:
    if not access.may_act(signed.actor.roles, step):
        raise NotPermitted(f"Only {access.role_names(step)} may do this: {step.label.lower()}.")


def _digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def request_message(r: SubjectAccessRequest, epoch: int) -> bytes:
    return message("mash subject access request v1", r.id, r.person_id, r.requester, r.requester_name, r.authority,
                   _day(r.received_on), _day(r.id_verified_on), r.extended_months, _digest(r.extension_reason),
                   _day(r.due_on), r.status, _day(r.answered_on), _digest(r.refusal_reason), r.recorded_by_id,
                   epoch, r.signed_by_id)


def _epoch(session: Session, request_id: int) -> int:
    return session.scalar(select(func.max(AuditEvent.id)).where(
        AuditEvent.object_type == OBJECT, AuditEvent.object_ref == str(request_id),
        AuditEvent.action.in_(STATE_ACTIONS))) or 0


def verified(session: Session, trust: Trust, r: SubjectAccessRequest) -> bool:
    """The request is as the officer who last changed it signed it, after the latest change recorded."""
    blob = bytes(r.signature or b"")
    epoch = _epoch(session, r.id)
    if len(blob) <= EPOCH_BYTES or int.from_bytes(blob[:EPOCH_BYTES], "big") != epoch:
        return False
    return signed_by(session, trust, r.signed_by_id, blob[EPOCH_BYTES:], request_message(r, epoch)) is not None


def _sign(session: Session, signed: SignedIn, r: SubjectAccessRequest, action: str, detail: dict) -> None:
    r.signed_by_id = signed.actor.user_id
    session.flush()
    event = record(session, signed.actor, action, OBJECT, str(r.id), detail=detail)
    if signed.actor.signer is None:
        raise NotPermitted("Sign in with your own account to change a subject access request.")
    r.signature = event.id.to_bytes(EPOCH_BYTES, "big") + crypto.sign(signed.actor.signer,
                                                                     request_message(r, event.id))
    session.flush()


def _text(value: str | None, field: str, needed: bool = False, limit: int = MAX_TEXT) -> str | None:
    text = " ".join((value or "").split())
    if needed and not text:
        raise FieldError(field, "say why")
    if len(text) > limit:
        raise FieldError(field, f"at most {limit} characters")
    return text or None


# -- people ---------------------------------------------------------------------

@dataclass(frozen=True)
class PersonChoice:
    id: int
    name: str
    date_of_birth: dt.date | None
    town: str | None


def find_people(db: Database, signed: SignedIn, name: str, date_of_birth: dt.date | None = None) -> list[PersonChoice]:
    """People on the hub's records whose name holds every word of ``name`` (and born on ``date_of_birth``)."""
    require(signed)
    words = fold(name).split()
    if not words and date_of_birth is None:
        raise FieldError("name", "give a name or a date of birth")
    with db.read() as session:
        query = select(Person).order_by(Person.family_name, Person.given_name, Person.id)
        if date_of_birth is not None:
            query = query.where(Person.date_of_birth == date_of_birth)
        found = []
        for p in session.scalars(query):
            folded = fold(p.full_name).split()
            if all(any(w.startswith(word) for w in folded) for word in words):
                found.append(PersonChoice(p.id, p.full_name, p.date_of_birth, p.town))
                if len(found) >= MAX_FOUND:
                    break
    return found


# -- requests -------------------------------------------------------------------

@dataclass(frozen=True)
class RequestView:
    id: int
    person_id: int
    person: str
    date_of_birth: dt.date | None
    requester: Requester
    requester_name: str | None
    authority: str | None
    received_on: dt.date
    id_verified_on: dt.date | None
    due_on: dt.date
    extended_months: int
    extension_reason: str | None
    status: RequestStatus
    answered_on: dt.date | None
    refusal_reason: str | None
    verified: bool
    words: str

    @property
    def who_asked(self) -> str:
        if self.requester is Requester.SELF:
            return "The person themselves"
        return f"{self.requester_name or 'Someone'} on their behalf ({self.authority or 'authority not recorded'})"


def _view(session: Session, trust: Trust, r: SubjectAccessRequest, on: dt.date) -> RequestView:
    person = session.get(Person, r.person_id)
    ok = verified(session, trust, r)
    status = RequestStatus(r.status)
    words = sar.status_words(status, r.due_on, on, r.answered_on)
    if not ok:
        words = f"ALTERED OUTSIDE THE HUB: {words}"
    return RequestView(r.id, r.person_id, person.full_name if person else "?", person.date_of_birth if person else None,
                       Requester(r.requester), r.requester_name, r.authority, r.received_on, r.id_verified_on,
                       r.due_on, r.extended_months, r.extension_reason, status, r.answered_on, r.refusal_reason, ok,
                       words)


def list_requests(db: Database, signed: SignedIn, on: dt.date | None = None, *,
                  live_only: bool = False) -> list[RequestView]:
    """Every request, soonest due first (answered and refused ones after the live ones)."""
    require(signed)
    return _rows(db, signed, on or today(), live_only)


def _rows(db: Database, signed: SignedIn, on: dt.date, live_only: bool) -> list[RequestView]:
    with db.read() as session:
        rows = [_view(session, signed.trust, r, on) for r in session.scalars(
            select(SubjectAccessRequest).order_by(SubjectAccessRequest.due_on, SubjectAccessRequest.id))]
    if live_only:
        rows = [r for r in rows if sar.is_live(r.status)]
    return sorted(rows, key=lambda r: (not sar.is_live(r.status), r.due_on, r.id))


def get_request(session: Session, signed: SignedIn, request_id: int, *, live: bool = False) -> SubjectAccessRequest:
    r = session.get(SubjectAccessRequest, request_id)
    if r is None:
        raise NotFound(f"No subject access request {request_id}.")
    if not verified(session, signed.trust, r):
        raise Conflict(f"Subject access request {request_id} was {('altered outside the hub')}: "
                       "its record cannot be trusted. Tell the hub administrator.")
    if live and not sar.is_live(RequestStatus(r.status)):
        raise Conflict(f"Subject access request {request_id} is already {RequestStatus(r.status).label.lower()}.")
    return r


def request_view(db: Database, signed: SignedIn, request_id: int) -> RequestView:
    require(signed)
    with db.read() as session:
        r = session.get(SubjectAccessRequest, request_id)
        if r is None:
            raise NotFound(f"No subject access request {request_id}.")
        return _view(session, signed.trust, r, today())


def new_request(db: Database, signed: SignedIn, person_id: int, requester: Requester | str, received_on: dt.date,
                *, requester_name: str | None = None, authority: str | None = None,
                id_verified_on: dt.date | None = None) -> int:
    """Record a request about ``person_id``; its number."""
    require(signed)
    requester = Requester(requester)
    name = _text(requester_name, "requester_name", limit=200)
    basis = _text(authority, "authority", limit=500)
    if requester is Requester.ON_BEHALF and not (name and basis):
        raise FieldError("authority", "say who asked and the basis of their authority to ask for the person")
    if requester is Requester.SELF:
        name = basis = None
    if received_on > today():
        raise FieldError("received_on", "a request cannot be received in the future")
    if id_verified_on is not None and id_verified_on < received_on:
        raise FieldError("id_verified_on", "identity is verified on or after the day the request came")
    with db.write() as session:
        if session.get(Person, person_id) is None:
            raise NotFound(f"No person {person_id} on the hub's records.")
        r = SubjectAccessRequest(person_id=person_id, requester=requester.value, requester_name=name,
                                 authority=basis, received_on=received_on, id_verified_on=id_verified_on,
                                 extended_months=0, due_on=sar.due_on(received_on, id_verified_on),
                                 status=RequestStatus.OPEN.value, recorded_by_id=signed.actor.user_id,
                                 recorded_at=utcnow(), signed_by_id=signed.actor.user_id)
        session.add(r)
        session.flush()
        _sign(session, signed, r, "subject_access.new", {"person": person_id, "requester": requester.value})
        return r.id


def record_identity(db: Database, signed: SignedIn, request_id: int, verified_on: dt.date) -> dt.date:
    """Record the day proof of identity came; the clock runs from then. The new due date."""
    require(signed)
    with db.write() as session:
        r = get_request(session, signed, request_id, live=True)
        if verified_on < r.received_on or verified_on > today():
            raise FieldError("id_verified_on", "between the day the request came and today")
        r.id_verified_on = verified_on
        r.due_on = sar.due_on(r.received_on, verified_on, r.extended_months)
        _sign(session, signed, r, "subject_access.identity", {})
        return r.due_on


def extend(db: Database, signed: SignedIn, request_id: int, months: int, reason: str) -> dt.date:
    """Extend the time limit by ``months`` (at most two in all), with the reason; the new due date."""
    require(signed)
    reason = _text(reason, "reason", needed=True)
    if months not in (1, 2):
        raise FieldError("months", "one or two months")
    with db.write() as session:
        r = get_request(session, signed, request_id, live=True)
        if r.extended_months + months > sar.MAX_EXTENSION:
            raise Conflict(f"The time limit may be extended by at most {sar.MAX_EXTENSION} months in all; "
                           f"request {request_id} is already extended by {r.extended_months}.")
        r.extended_months += months
        r.extension_reason = reason if not r.extension_reason else f"{r.extension_reason}\n{reason}"
        r.due_on = sar.due_on(r.received_on, r.id_verified_on, r.extended_months)
        r.status = RequestStatus.EXTENDED.value
        _sign(session, signed, r, "subject_access.extend", {"months": months})
        return r.due_on


def answer(db: Database, signed: SignedIn, request_id: int, answered_on: dt.date | None = None) -> None:
    require(signed)
    answered_on = answered_on or today()
    with db.write() as session:
        r = get_request(session, signed, request_id, live=True)
        if answered_on < r.received_on or answered_on > today():
            raise FieldError("answered_on", "between the day the request came and today")
        r.status, r.answered_on = RequestStatus.ANSWERED.value, answered_on
        _sign(session, signed, r, "subject_access.answer", {"late": answered_on > r.due_on})


def refuse(db: Database, signed: SignedIn, request_id: int, reason: str) -> None:
    require(signed)
    reason = _text(reason, "reason", needed=True)
    with db.write() as session:
        r = get_request(session, signed, request_id, live=True)
        r.status, r.refusal_reason, r.answered_on = RequestStatus.REFUSED.value, reason, today()
        _sign(session, signed, r, "subject_access.refuse", {})


@dataclass(frozen=True)
class Deadlines:
    overdue: int
    due_soon: int


def deadlines(db: Database, signed: SignedIn, on: dt.date | None = None) -> Deadlines:
    """How many live requests are overdue and due within the week (altered ones count as overdue).

    Counts only, so those who watch the hub's figures (the dashboard) see them too."""
    if not (access.may_act(signed.actor.roles, access.Step.SUBJECT_ACCESS)
            or access.may_act(signed.actor.roles, access.Step.WATCH)):
        require(signed)
    on = on or today()
    rows = _rows(db, signed, on, True)
    overdue = sum(1 for r in rows if not r.verified or sar.is_overdue(r.status, r.due_on, on))
    soon = sum(1 for r in rows if r.verified and sar.is_due_soon(r.status, r.due_on, on))
    return Deadlines(overdue, soon)
