"""Recording a strategy discussion on a case and marking its actions done.

Only whoever may convene one (``access.Step.STRATEGY``) records it; it is
signed by them (services/strategy/signing.py) and audited as
``strategy.record`` with ids, codes and counts only: names, what was shared
and the reasons never reach the audit trail. Marking an action done
(``strategy.action_done``) is for its owner or a convener
(``access.may_complete_action``), once; so is recording when the initial
child protection conference was held (``strategy.icpc``, a convener).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ...domain import access
from ...domain.codes import Status
from ...domain.errors import Conflict, FieldError, NotFound, NotPermitted
from ...domain.strategy import (
    ACTION_LIMIT,
    MAX_ACTIONS,
    MAX_ATTENDEES,
    TEXT_LIMIT,
    S47Decision,
    icpc_due,
    missing_kinds,
)
from ...domain.zone import HUB_ZONE
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency, Referral, User
from ...store.strategy_models import StrategyAction, StrategyAttendee, StrategyDiscussion
from ...store.types import utcnow
from ..admin.agencies import agency_by_code
from ..calendar import hub_calendar
from ..intake.referrals import referral_by_reference
from .signing import sign_action_done, sign_discussion, sign_icpc

#: How far ahead of now a discussion may say it was convened (clock skew between workstations).
_SKEW = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    role: str
    agency: str | None = None  # a partner agency's code; None: from outside the hub
    present: bool = True


@dataclass(frozen=True)
class ActionInput:
    text: str
    due_on: dt.date
    owner_username: str | None = None
    owner_agency: str | None = None  # agency code


@dataclass(frozen=True)
class DiscussionInput:
    convened_at: dt.datetime
    attendees: tuple[AttendeeInput, ...]
    shared: str
    decision: S47Decision
    reasons: str
    actions: tuple[ActionInput, ...] = ()


def _text(value: str, field: str, what: str, limit: int) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise FieldError(field, f"give {what}")
    if len(cleaned) > limit:
        raise FieldError(field, f"{what} is longer than {limit} characters")
    return cleaned


def _attendee(session, given: AttendeeInput, index: int, actor: Actor) -> StrategyAttendee:
    field = f"attendees[{index}]"
    agency = agency_by_code(session, given.agency, f"{field}.agency") if given.agency else None
    return StrategyAttendee(position=index, name=_text(given.name, f"{field}.name", "the attendee's name", 200),
                            role=_text(given.role, f"{field}.role", "the attendee's role", 200),
                            agency_id=agency.id if agency else None, present=bool(given.present),
                            added_by_id=actor.user_id)


def _action(session, given: ActionInput, index: int, held_on: dt.date, actor: Actor) -> StrategyAction:
    field = f"actions[{index}]"
    text = _text(given.text, f"{field}.text", "what the action is", ACTION_LIMIT)
    if (given.owner_username is None) == (given.owner_agency is None):
        raise FieldError(f"{field}.owner", "name the action's owner: a member or an agency")
    owner_user = owner_agency = None
    if given.owner_username is not None:
        owner_user = session.scalar(select(User).where(User.username == given.owner_username.strip()))
        if owner_user is None or not owner_user.active:
            raise FieldError(f"{field}.owner", f"no active member {given.owner_username!r}")
    else:
        owner_agency = agency_by_code(session, given.owner_agency, f"{field}.owner")
    if given.due_on < held_on:
        raise FieldError(f"{field}.due_on", "an action cannot be due before the discussion")
    return StrategyAction(position=index, text=text, owner_user_id=owner_user.id if owner_user else None,
                          owner_agency_id=owner_agency.id if owner_agency else None, due_on=given.due_on,
                          added_by_id=actor.user_id)


def record_discussion(db: Database, actor: Actor, reference: str, given: DiscussionInput,
                      now: dt.datetime | None = None) -> int:
    """Record a strategy discussion held on the case; return its id."""
    actor.require(*access.roles_for(access.Step.STRATEGY))
    now = now or utcnow()
    convened = given.convened_at
    if convened.tzinfo is None:
        raise FieldError("convened_at", "give the time with its zone")
    if convened > now + _SKEW:
        raise FieldError("convened_at", "a discussion cannot be recorded before it is held")
    if not given.attendees:
        raise FieldError("attendees", "name who took part")
    if len(given.attendees) > MAX_ATTENDEES or len(given.actions) > MAX_ACTIONS:
        raise FieldError("attendees", f"at most {MAX_ATTENDEES} attendees and {MAX_ACTIONS} actions")
    try:
        decision = S47Decision(given.decision)
    except ValueError:
        raise FieldError("decision", "choose the s47 decision") from None
    shared = _text(given.shared, "shared", "what was shared", TEXT_LIMIT)
    reasons = _text(given.reasons, "reasons", "the reasons for the decision", TEXT_LIMIT)
    held_on = convened.astimezone(HUB_ZONE).date()
    with db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        if referral.status is Status.CLOSED:
            raise Conflict(f"{referral.reference} is closed: reopen it to record a strategy discussion.")
        if convened < referral.received_at - _SKEW:
            raise FieldError("convened_at", "the discussion cannot be before the contact was received")
        attendees = [_attendee(session, a, i, actor) for i, a in enumerate(given.attendees)]
        actions = [_action(session, a, i, held_on, actor) for i, a in enumerate(given.actions)]
        due = icpc_due(held_on, hub_calendar(session)) if decision is S47Decision.START_S47 else None
        row = StrategyDiscussion(referral_id=referral.id, convened_at=convened, recorded_at=now,
                                 recorded_by_id=actor.user_id, shared=shared, decision=decision, reasons=reasons,
                                 icpc_due_on=due, attendees=attendees, actions=actions)
        sign_discussion(row, referral.reference, actor.signer)
        session.add(row)
        session.flush()
        kinds = [session.get(Agency, a.agency_id).kind if a.agency_id else None for a in attendees]
        record(session, actor, "strategy.record", "referral", referral.reference,
               detail={"discussion": row.id, "decision": decision.value, "attendees": len(attendees),
                       "actions": len(actions), "missing": [k.value for k in missing_kinds(kinds)]})
        return row.id


def complete_action(db: Database, actor: Actor, action_id: int, now: dt.datetime | None = None) -> str:
    """Mark an action done; return the reference of its case."""
    actor.require(*access.roles_for(access.Step.STRATEGY_ACTION))
    now = now or utcnow()
    with db.write() as session:
        action = session.get(StrategyAction, action_id)
        if action is None:
            raise NotFound(f"No strategy discussion action {action_id}.")
        if not access.may_complete_action(actor.roles, actor.agency_id, actor.user_id, action.owner_user_id,
                                          action.owner_agency_id):
            raise NotPermitted("Only the action's owner, or a supervisor or decision maker, marks it done.")
        # Locked only while not done (on PostgreSQL a done action is not even lockable).
        if action.done_at is not None or session.get(StrategyAction, action_id, with_for_update=True,
                                                     populate_existing=True) is None or action.done_at is not None:
            raise Conflict("This action is already marked done.")
        discussion = session.get(StrategyDiscussion, action.discussion_id)
        reference = session.scalar(select(Referral.reference).where(Referral.id == discussion.referral_id))
        action.done_at, action.done_by_id = now, actor.user_id
        sign_action_done(action, actor.signer)
        record(session, actor, "strategy.action_done", "referral", reference,
               detail={"discussion": discussion.id, "action": action.id})
        return reference


def record_icpc(db: Database, actor: Actor, discussion_id: int, held_on: dt.date,
                now: dt.datetime | None = None) -> str:
    """Record when the initial child protection conference that followed a
    discussion was held (once); return the case's reference."""
    actor.require(*access.roles_for(access.Step.STRATEGY))
    now = now or utcnow()
    with db.write() as session:
        d = session.get(StrategyDiscussion, discussion_id)
        if d is None:
            raise NotFound(f"No strategy discussion {discussion_id}.")
        if d.decision is not S47Decision.START_S47 or d.icpc_due_on is None:
            raise Conflict("This discussion did not start s47 enquiries: no initial child protection conference "
                           "follows it.")
        if d.icpc_held_on is not None or session.get(StrategyDiscussion, discussion_id, with_for_update=True,
                                                     populate_existing=True) is None or d.icpc_held_on is not None:
            raise Conflict(f"The conference was already recorded as held on {d.icpc_held_on}.")
        if held_on < d.convened_at.astimezone(HUB_ZONE).date():
            raise FieldError("held_on", "the conference cannot be before the strategy discussion")
        if held_on > now.astimezone(HUB_ZONE).date():
            raise FieldError("held_on", "the conference cannot be recorded before it is held")
        reference = session.scalar(select(Referral.reference).where(Referral.id == d.referral_id))
        d.icpc_held_on, d.icpc_by_id = held_on, actor.user_id
        sign_icpc(d, reference, actor.signer)
        record(session, actor, "strategy.icpc", "referral", reference,
               detail={"discussion": d.id, "held_on": held_on.isoformat(),
                       "in_time": held_on <= d.icpc_due_on})
        return reference
