"""Moving a case through its lifecycle: screening, research, decision, closure.

Each step is checked by domain/lifecycle.py, records a ReferralEvent (the
case's history) and an audit event, signs the case's new shared state as the
actor (services/case/signed_state.py), and commits as one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import OUTCOMES_NAMING_SERVICE, Outcome, Rag, ResearchStatus, Status, ThresholdLevel
from ...domain.errors import Conflict, FieldError, NotPermitted
from ...domain.lifecycle import Step, check_rag_change, take_step
from ...domain.timescales import decision_due, research_due
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Decision, Referral, ReferralEvent, ResearchRequest, User
from ...store.types import utcnow
from ..admin.agencies import agency_by_code
from ..calendar import hub_calendar
from ..intake.referrals import referral_by_reference
from .signed_state import sign_decision, sign_referral


def _signed_record(session: Session, actor: Actor, referral: Referral, action: str, **fields) -> None:
    """Record the change, then sign the case's new state bound to that event."""
    event = record(session, actor, action, "referral", referral.reference, **fields)
    sign_referral(referral, actor.signer, actor.user_id, event)


def _step(session: Session, actor: Actor, referral: Referral, step: Step, now: dt.datetime,
          reason: str | None = None) -> None:
    before = referral.status
    referral.status = take_step(step, before, actor.roles, reason)
    referral.updated_at = now
    if referral.status is Status.CLOSED:
        referral.closed_at = now
    session.add(ReferralEvent(referral_id=referral.id, at=now, kind=step.value, from_status=before,
                              to_status=referral.status, reason=reason, by_id=actor.user_id))
    _signed_record(session, actor, referral, f"referral.{step.value}",
                   detail={"from": before.value, "to": referral.status.value})


def set_rag(session: Session, actor: Actor, referral: Referral, rag: Rag, reason: str, now: dt.datetime) -> None:
    """Rate or re-rate; a new contact is screened by its first rating.

    The decision due time always runs from receipt on the new rating's
    timescale; open research requests get new due times from their request.
    """
    cleaned = check_rag_change(referral.status, actor.roles, referral.rag, rag, reason)
    old = referral.rag
    if referral.status is Status.NEW:
        _step(session, actor, referral, Step.SCREEN, now)
    calendar = hub_calendar(session)
    referral.rag = rag
    referral.decision_due_at = decision_due(rag, referral.received_at, calendar)
    for req in session.scalars(select(ResearchRequest).where(ResearchRequest.referral_id == referral.id)):
        if req.returned_at is None:
            req.due_at = research_due(rag, req.requested_at, calendar)
    session.add(ReferralEvent(referral_id=referral.id, at=now, kind="rag", from_rag=old, to_rag=rag,
                              reason=cleaned, by_id=actor.user_id))
    _signed_record(session, actor, referral, "referral.rag", detail={"from": old.value if old else None,
                                                                      "to": rag.value})


def request_research(session: Session, actor: Actor, referral: Referral, agency_codes: Iterable[str],
                     now: dt.datetime) -> list[ResearchRequest]:
    codes = sorted({c.strip().upper() for c in agency_codes})
    if not codes:
        raise FieldError("agency", "name at least one agency to research")
    if referral.rag is None:
        raise Conflict("Rate the case (RAG) before asking agencies to research.")
    _step(session, actor, referral, Step.REQUEST_RESEARCH, now)
    calendar = hub_calendar(session)
    existing = set(session.scalars(select(ResearchRequest.agency_id).where(ResearchRequest.referral_id == referral.id)))
    made = []
    for code in codes:
        agency = agency_by_code(session, code)
        if not agency.active:
            raise Conflict(f"Agency {agency.code} has been retired.")
        if agency.id in existing:
            continue
        req = ResearchRequest(referral_id=referral.id, agency_id=agency.id, requested_at=now,
                              requested_by_id=actor.user_id, due_at=research_due(referral.rag, now, calendar))
        session.add(req)
        made.append(req)
        record(session, actor, "research.request", "referral", referral.reference, detail={"agency": agency.code})
    session.flush()
    return made


def set_research_status(session: Session, actor: Actor, referral: Referral, status: ResearchStatus,
                        now: dt.datetime) -> None:
    """An officer marks their own agency's research as started or returned."""
    actor.require(*access.roles_for(access.Step.RECORD_RESEARCH))
    req = session.scalar(select(ResearchRequest).where(
        ResearchRequest.referral_id == referral.id, ResearchRequest.agency_id == actor.agency_id))
    if req is None:
        raise Conflict(f"Your agency has not been asked to research {referral.reference}.")
    req.status = status
    req.returned_at = now if status in (ResearchStatus.RETURNED, ResearchStatus.NOTHING_KNOWN) else None
    record(session, actor, "research.status", "referral", referral.reference, detail={"status": status.value})


def outstanding_research(session: Session, referral: Referral) -> list[str]:
    rows = session.scalars(select(ResearchRequest).where(
        ResearchRequest.referral_id == referral.id, ResearchRequest.returned_at.is_(None)))
    return sorted(r.agency.code for r in rows)


def submit_for_decision(session: Session, actor: Actor, referral: Referral, now: dt.datetime) -> None:
    _step(session, actor, referral, Step.SUBMIT_FOR_DECISION, now)


def decide(session: Session, actor: Actor, referral: Referral, *, outcome: Outcome, level: int,
           rationale: str, next_steps: str | None = None, named_service: str | None = None,
           override_reason: str | None = None, now: dt.datetime) -> Decision:
    """Record the MASH decision; outstanding research needs an override reason."""
    try:
        ThresholdLevel(level)
    except ValueError:
        raise FieldError("level", "the threshold level is 1, 2, 3 or 4") from None
    if not rationale.strip():
        raise FieldError("rationale", "a decision needs its rationale")
    if outcome in OUTCOMES_NAMING_SERVICE and not (named_service or "").strip():
        raise FieldError("named_service", f"'{outcome.label}' must name the service")
    missing = outstanding_research(session, referral)
    if missing and not (override_reason or "").strip():
        raise Conflict(f"Research is still outstanding from {', '.join(missing)}; "
                       "give a reason to decide without it.")
    _step(session, actor, referral, Step.DECIDE, now, reason=override_reason)
    decision = Decision(referral_id=referral.id, outcome=outcome, threshold_level=level,
                        rationale=rationale.strip(), next_steps=(next_steps or "").strip() or None,
                        named_service=(named_service or "").strip() or None,
                        research_override_reason=(override_reason or "").strip() or None,
                        decided_by_id=actor.user_id, decided_at=now)
    sign_decision(decision, referral.reference, actor.signer)
    session.add(decision)
    record(session, actor, "decision.record", "referral", referral.reference,
           justification=decision.research_override_reason,
           detail={"outcome": outcome.value, "level": level})
    return decision


def close(session: Session, actor: Actor, referral: Referral, now: dt.datetime) -> None:
    _step(session, actor, referral, Step.CLOSE, now)


def reopen(session: Session, actor: Actor, referral: Referral, reason: str, now: dt.datetime) -> None:
    _step(session, actor, referral, Step.REOPEN, now, reason=reason)


def _allocate(session: Session, actor: Actor, referral: Referral, to: User, now: dt.datetime) -> None:
    """Give the case to an officer. The version column makes races visible.

    Only services/case/allocation.py calls this, through ``allocate_case``, which
    also checks the case is as the supervisor saw it and that the officer is
    of the supervisor's own agency.
    """
    actor.require(*access.roles_for(access.Step.ALLOCATE))
    if not to.active:
        raise NotPermitted(f"{to.username} is disabled and cannot take cases.")
    if not access.holds(to.roles, access.CASE_HOLDERS):
        raise NotPermitted(f"{to.username} is not an officer or supervisor and cannot take cases.")
    if referral.status is Status.CLOSED:
        raise Conflict(f"{referral.reference} is closed.")
    referral.allocated_to_id = to.id
    referral.updated_at = now
    _signed_record(session, actor, referral, "referral.allocate", detail={"to": to.username})


def run_step(db: Database, actor: Actor, reference: str, action, *args, **kwargs):
    """Run one of the steps above on a referral in its own transaction."""
    now = kwargs.pop("now", None) or utcnow()
    with db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        return action(session, actor, referral, *args, now=now, **kwargs)
