"""The retention schedule as the hub set it, and legal holds.

The schedule (domain/retention.py) gives each record class a default period;
the information-governance officer may set another (whole years, bounded),
kept as a hub setting ``retention_<class>``. A value read back outside the
bounds is ignored and the default applies, as for every hub setting.

A legal hold (an inquiry's moratorium, a claim, a complaint) covers one
case, one person (every case naming them) or a whole record class; it is
placed with a reason and a reference and lifted with a reason, each signed
by the officer (retention_signing.py). A held case is never offered for
disposal nor disposed of. Audit events carry ids, references and codes
only; a hold's reason is kept in its row, never in the trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.errors import Conflict, FieldError, NotFound
from ...domain.retention import CASE_CLASSES, DEFAULTS, RecordClass, Rule, check_years
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...store.models import HubSetting, Person, Referral, User
from ...store.retention_models import RetentionHold
from ...store.types import utcnow
from . import retention_signing as signing

#: Most characters in a hold's reason or reference, and in a lift's reason.
REASON_LIMIT, REFERENCE_LIMIT = 2000, 200
SCOPES = ("case", "person", "class")


# -- the schedule -------------------------------------------------------------------

def rule_in(session: Session, record_class: RecordClass) -> Rule:
    """The class's rule with the hub's period, or the default when unset or out of bounds."""
    default = DEFAULTS[record_class]
    stored = session.get(HubSetting, default.setting_name)
    if stored is None:
        return default
    try:
        years = check_years(float(stored.value))
    except ValueError:
        return default
    return Rule(record_class, years, default.anchor,
                default.source if years == default.years else f"Set by the hub (default {default.describe()})")


def schedule(db: Database, signed: SignedIn) -> list[Rule]:
    """Every class's rule as the hub keeps it now."""
    signed.require(*access.roles_for(access.Step.GOVERN))
    with db.read() as session:
        return [rule_in(session, c) for c in RecordClass]


def set_period(db: Database, signed: SignedIn, record_class: RecordClass | str, years: object,
               now: dt.datetime | None = None) -> Rule:
    """Set the hub's retention period of a class (whole years, bounded)."""
    signed.require(*access.roles_for(access.Step.DISPOSE))
    record_class = _class(record_class)
    try:
        years = check_years(years)
    except ValueError as exc:
        raise FieldError("years", str(exc)) from None
    name = DEFAULTS[record_class].setting_name
    with db.write() as session:
        stored = session.get(HubSetting, name)
        before = None if stored is None else stored.value
        if stored is None:
            stored = HubSetting(name=name)
            session.add(stored)
        stored.value, stored.updated_at, stored.updated_by_id = str(years), now or utcnow(), signed.actor.user_id
        record(session, signed.actor, "retention.set", "hub_setting", name, detail={"from": before, "to": str(years)})
        session.flush()
        return rule_in(session, record_class)


def _class(value: RecordClass | str) -> RecordClass:
    try:
        return value if isinstance(value, RecordClass) else RecordClass.parse(value)
    except ValueError as exc:
        raise FieldError("class", str(exc)) from None


# -- holds ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Hold:
    id: int
    scope: str
    covers: str  # a case reference, "person 12" or a class's label
    referral_id: int | None
    person_id: int | None
    record_class: str | None
    reason: str
    reference: str
    placed_by: str
    placed_at: dt.datetime
    lifted_at: dt.datetime | None
    lifted_by: str | None
    lift_reason: str | None
    verified: bool  # placing (and lifting, if lifted) signed by who it names

    @property
    def active(self) -> bool:
        """Holding: not lifted, or lifted by a lift that does not verify (never trusted to lift)."""
        return self.lifted_at is None or not self.verified


def _name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user else None


def _covers(session: Session, h: RetentionHold) -> str:
    if h.scope == "case":
        return session.scalar(select(Referral.reference).where(Referral.id == h.referral_id)) or f"case {h.referral_id}"
    if h.scope == "person":
        return f"person {h.person_id}"
    try:
        return RecordClass(h.record_class).label
    except ValueError:
        return str(h.record_class)


def _hold(session: Session, signed: SignedIn, h: RetentionHold) -> Hold:
    ok = signing.verified(session, signed, h.placed_by_id, h.signature, signing.hold_message(h))
    if h.lifted_by_id is not None or h.lifted_at is not None:
        ok = ok and signing.verified(session, signed, h.lifted_by_id, h.lift_signature, signing.lift_message(h))
    return Hold(h.id, h.scope, _covers(session, h), h.referral_id, h.person_id, h.record_class, h.reason,
                h.reference, _name(session, h.placed_by_id) or "?", h.placed_at, h.lifted_at,
                _name(session, h.lifted_by_id), h.lift_reason, ok)


def holds_in(session: Session, signed: SignedIn, *, include_lifted: bool = False) -> list[Hold]:
    rows = session.scalars(select(RetentionHold).order_by(RetentionHold.id)).all()
    found = [_hold(session, signed, h) for h in rows]
    return found if include_lifted else [h for h in found if h.active]


def list_holds(db: Database, signed: SignedIn, *, include_lifted: bool = False) -> list[Hold]:
    signed.require(*access.roles_for(access.Step.GOVERN))
    with db.read() as session:
        return holds_in(session, signed, include_lifted=include_lifted)


def _text(field: str, value: str | None, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise FieldError(field, "is needed")
    if len(value) > limit:
        raise FieldError(field, f"is at most {limit} characters")
    return value


def place_hold(db: Database, signed: SignedIn, scope: str, target: str | int, reason: str, reference: str,
               now: dt.datetime | None = None) -> int:
    """Place a hold on a case (its reference), a person (their id) or a class (its code); its id."""
    signed.require(*access.roles_for(access.Step.HOLD))
    if scope not in SCOPES:
        raise FieldError("scope", f"is one of {', '.join(SCOPES)}")
    reason, reference = _text("reason", reason, REASON_LIMIT), _text("reference", reference, REFERENCE_LIMIT)
    with db.write() as session:
        hold = RetentionHold(scope=scope, reason=reason, reference=reference, placed_by_id=signed.actor.user_id,
                             placed_at=now or utcnow())
        if scope == "case":
            referral = session.scalar(select(Referral).where(Referral.reference == str(target).strip().upper()))
            if referral is None:
                raise NotFound(f"There is no case {target}.")
            hold.referral_id, ref = referral.id, referral.reference
        elif scope == "person":
            try:
                person = session.get(Person, int(target))
            except (TypeError, ValueError):
                person = None
            if person is None:
                raise NotFound(f"There is no person {target}.")
            hold.person_id, ref = person.id, str(person.id)
        else:
            record_class = _class(str(target))
            if record_class not in CASE_CLASSES:
                raise FieldError("class", f"{record_class.label} records are not disposed of by the review")
            hold.record_class, ref = record_class.value, record_class.value
        hold.signature = signing.sign(signed, signing.hold_message(hold))
        session.add(hold)
        session.flush()
        record(session, signed.actor, "hold.place", "retention_hold", str(hold.id),
               detail={"scope": scope, "covers": ref})
        return hold.id


def lift_hold(db: Database, signed: SignedIn, hold_id: int, reason: str, now: dt.datetime | None = None) -> None:
    """Lift a hold, with the reason."""
    signed.require(*access.roles_for(access.Step.HOLD))
    reason = _text("reason", reason, REASON_LIMIT)
    with db.write() as session:
        hold = session.get(RetentionHold, hold_id)
        if hold is None:
            raise NotFound(f"There is no hold {hold_id}.")
        if hold.lifted_by_id is not None:
            raise Conflict(f"Hold {hold_id} was lifted already.")
        hold.lifted_at, hold.lifted_by_id, hold.lift_reason = now or utcnow(), signed.actor.user_id, reason
        hold.lift_signature = signing.sign(signed, signing.lift_message(hold))
        record(session, signed.actor, "hold.lift", "retention_hold", str(hold.id), detail={"scope": hold.scope})


def held(holds: list[Hold], referral_id: int, person_ids: set[int], record_class: RecordClass) -> Hold | None:
    """The first active hold covering a case, its people or its class."""
    for h in holds:
        if not h.active:
            continue
        if (h.scope == "case" and h.referral_id == referral_id) or (h.scope == "person" and h.person_id in person_ids) \
                or (h.scope == "class" and h.record_class == record_class.value):
            return h
    return None
