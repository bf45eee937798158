"""The disposal review, approvals with a cancel window, and disposal itself.

The review lists the closed cases whose retention has run out and that no
hold covers: reference, class, closed on, due since. The
information-governance officer approves a case (signed); the approval waits
a cancel window (a bounded hub setting, 14 days by default) during which it
can be cancelled with a reason. Only after the window does "dispose approved
cases now" dispose of it: every row of the case and of its people who are
on no other case (store/disposal_sql.py), leaving the case's reference and
codes as a shell and a signed tombstone with the certificate number and the
rows removed. On PostgreSQL the database itself checks the approval, the
window and the holds (store/pg_disposal.py); on SQLite the file is vacuumed
and its write-ahead log emptied afterwards, so no freed page keeps a name.

Each disposal is audited as ``disposal.erase`` (DPA 2018 s62 erasure) with
the reference, class, certificate and counts: no name, no case text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import Status
from ...domain.errors import Conflict, FieldError, NotFound
from ...domain.retention import RecordClass, class_of, due_on
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store import disposal_sql
from ...store.database import Database
from ...store.name_search import REFERRAL_NAMES
from ...store.models import Decision, HubSetting, Referral, ReferralPerson, User
from ...store.retention_models import Disposal, DisposalApproval
from ...store.types import utcnow
from ..case.signed_state import decision_verified, referral_state_verified
from . import retention
from . import retention_signing as signing

#: The cancel window: whole days, bounded; a value read back outside the bounds is ignored.
WINDOW_SETTING, WINDOW_DEFAULT, WINDOW_MIN, WINDOW_MAX = "disposal_cancel_days", 14, 1, 90
CANCEL_REASON_LIMIT = 2000


def cancel_days(session: Session) -> int:
    stored = session.get(HubSetting, WINDOW_SETTING)
    try:
        days = float(stored.value) if stored is not None else WINDOW_DEFAULT
    except ValueError:
        return WINDOW_DEFAULT
    return int(days) if WINDOW_MIN <= days <= WINDOW_MAX and days == int(days) else WINDOW_DEFAULT


def set_cancel_days(db: Database, signed: SignedIn, days: object, now: dt.datetime | None = None) -> int:
    signed.require(*access.roles_for(access.Step.DISPOSE))
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not WINDOW_MIN <= days <= WINDOW_MAX \
            or days != int(days):
        raise FieldError("days", f"the cancel window is a whole number of days from {WINDOW_MIN} to {WINDOW_MAX}")
    with db.write() as session:
        stored = session.get(HubSetting, WINDOW_SETTING)
        before = None if stored is None else stored.value
        if stored is None:
            stored = HubSetting(name=WINDOW_SETTING)
            session.add(stored)
        stored.value, stored.updated_at, stored.updated_by_id = str(int(days)), now or utcnow(), signed.actor.user_id
        record(session, signed.actor, "retention.set", "hub_setting", WINDOW_SETTING,
               detail={"from": before, "to": str(int(days))})
    return int(days)


# -- the review ----------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    referral_id: int
    reference: str
    record_class: RecordClass
    closed_on: dt.date
    due_since: dt.date
    verified: bool  # the case's closing and its decision are signed by who they name
    approval: "Approval | None"


@dataclass(frozen=True)
class Approval:
    id: int
    referral_id: int
    reference: str
    record_class: RecordClass
    approved_by: str
    approved_at: dt.datetime
    dispose_after: dt.datetime
    cancelled_at: dt.datetime | None
    cancelled_by: str | None
    cancel_reason: str | None
    verified: bool
    disposed: bool

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


def _latest_decision(session: Session, referral_id: int) -> Decision | None:
    return session.scalar(select(Decision).where(Decision.referral_id == referral_id)
                          .order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(1))


def _people(session: Session, referral_id: int) -> set[int]:
    return set(session.scalars(select(ReferralPerson.person_id).where(ReferralPerson.referral_id == referral_id)))


def _user_name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user else None


def _approval(session: Session, signed: SignedIn, a: DisposalApproval, disposed: set[int]) -> Approval:
    ok = signing.verified(session, signed, a.approved_by_id, a.signature, signing.approval_message(a))
    cancelled = a.cancelled_at is not None or a.cancelled_by_id is not None
    if cancelled:  # an altered cancellation still cancels
        ok = ok and signing.verified(session, signed, a.cancelled_by_id, a.cancel_signature,
                                     signing.cancel_message(a))
    reference = session.scalar(select(Referral.reference).where(Referral.id == a.referral_id)) or "?"
    try:
        record_class = RecordClass(a.record_class)
    except ValueError:
        record_class, ok = RecordClass.CONTACT_NFA, False
    return Approval(a.id, a.referral_id, reference, record_class, _user_name(session, a.approved_by_id) or "?",
                    a.approved_at, a.dispose_after, a.cancelled_at or (a.approved_at if cancelled else None),
                    _user_name(session, a.cancelled_by_id), a.cancel_reason, ok, a.referral_id in disposed)


def _approvals(session: Session, signed: SignedIn) -> list[Approval]:
    disposed = set(session.scalars(select(Disposal.referral_id)))
    return [_approval(session, signed, a, disposed)
            for a in session.scalars(select(DisposalApproval).order_by(DisposalApproval.id))]


def _standing(approvals: list[Approval], referral_id: int) -> Approval | None:
    """The case's latest approval not cancelled, if any."""
    found = [a for a in approvals if a.referral_id == referral_id and not a.cancelled]
    return found[-1] if found else None


def _due_in(session: Session, signed: SignedIn, today: dt.date) -> list[Due]:
    rules = {c: retention.rule_in(session, c) for c in RecordClass}
    holds = retention.holds_in(session, signed)
    approvals = _approvals(session, signed)
    disposed = set(session.scalars(select(Disposal.referral_id)))
    out = []
    closed = session.scalars(select(Referral).where(Referral.status == Status.CLOSED, Referral.closed_at.is_not(None))
                             .order_by(Referral.closed_at, Referral.id))
    for referral in closed:
        if referral.id in disposed:
            continue
        decision = _latest_decision(session, referral.id)
        record_class = class_of(decision.outcome if decision else None)
        closed_on = referral.closed_at.date()
        due = due_on(rules[record_class], closed_on, referral.subject_dob)
        if due > today or retention.held(holds, referral.id, _people(session, referral.id), record_class):
            continue
        ok = referral_state_verified(session, signed.trust, referral) and (
            decision is None or decision_verified(session, signed.trust, decision, referral.reference))
        out.append(Due(referral.id, referral.reference, record_class, closed_on, due, ok,
                       _standing(approvals, referral.id)))
    return out


def review(db: Database, signed: SignedIn, now: dt.datetime | None = None) -> list[Due]:
    """The closed cases whose retention has run out and that no hold covers, oldest due first."""
    signed.require(*access.roles_for(access.Step.GOVERN))
    today = (now or utcnow()).date()
    with db.write() as session:
        found = _due_in(session, signed, today)
        record(session, signed.actor, "disposal.review", "disposal", None, detail={"due": len(found)})
    return sorted(found, key=lambda d: (d.due_since, d.reference))


def list_approvals(db: Database, signed: SignedIn) -> list[Approval]:
    signed.require(*access.roles_for(access.Step.GOVERN))
    with db.read() as session:
        return _approvals(session, signed)


def approve(db: Database, signed: SignedIn, reference: str, now: dt.datetime | None = None) -> Approval:
    """Approve a due case for disposal after the cancel window."""
    signed.require(*access.roles_for(access.Step.DISPOSE))
    now = now or utcnow()
    reference = reference.strip().upper()
    with db.write() as session:
        due = {d.reference: d for d in _due_in(session, signed, now.date())}
        if reference not in due:
            if session.scalar(select(Referral.id).where(Referral.reference == reference)) is None:
                raise NotFound(f"There is no case {reference}.")
            raise Conflict(f"{reference} is not due for disposal (still in retention, held, open or disposed of).")
        case = due[reference]
        if not case.verified:
            raise Conflict(f"{reference} was altered outside the hub: it cannot be approved for disposal.")
        if case.approval is not None:
            raise Conflict(f"{reference} is approved for disposal already.")
        row = DisposalApproval(referral_id=case.referral_id, record_class=case.record_class.value,
                               due_on=case.due_since, approved_by_id=signed.actor.user_id, approved_at=now,
                               dispose_after=now + dt.timedelta(days=cancel_days(session)))
        row.signature = signing.sign(signed, signing.approval_message(row))
        session.add(row)
        session.flush()
        record(session, signed.actor, "disposal.approve", "referral", reference,
               detail={"approval": row.id, "class": row.record_class, "after": row.dispose_after.isoformat()})
        return _approval(session, signed, row, set())


def cancel(db: Database, signed: SignedIn, reference: str, reason: str, now: dt.datetime | None = None) -> None:
    """Cancel a case's approval within its window (or any time before disposal), with the reason."""
    signed.require(*access.roles_for(access.Step.DISPOSE))
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", "a cancellation needs its reason")
    if len(reason) > CANCEL_REASON_LIMIT:
        raise FieldError("reason", f"is at most {CANCEL_REASON_LIMIT} characters")
    reference = reference.strip().upper()
    with db.write() as session:
        referral_id = session.scalar(select(Referral.id).where(Referral.reference == reference))
        if referral_id is None:
            raise NotFound(f"There is no case {reference}.")
        if session.scalar(select(Disposal.id).where(Disposal.referral_id == referral_id)) is not None:
            raise Conflict(f"{reference} has been disposed of: it cannot be cancelled.")
        row = session.scalar(select(DisposalApproval).where(DisposalApproval.referral_id == referral_id,
                                                            DisposalApproval.cancelled_by_id.is_(None))
                             .order_by(DisposalApproval.id.desc()).limit(1))
        if row is None:
            raise Conflict(f"{reference} has no approval to cancel.")
        row.cancelled_at, row.cancelled_by_id, row.cancel_reason = now or utcnow(), signed.actor.user_id, reason
        row.cancel_signature = signing.sign(signed, signing.cancel_message(row))
        record(session, signed.actor, "disposal.cancel", "referral", reference, detail={"approval": row.id})


# -- disposal ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Disposed:
    reference: str
    record_class: RecordClass
    certificate: str
    disposed_at: dt.datetime
    counts: dict[str, int]


def ready(db: Database, signed: SignedIn, now: dt.datetime | None = None) -> list[Approval]:
    """Approvals past their window, signed, not cancelled, of cases not disposed of nor held."""
    signed.require(*access.roles_for(access.Step.GOVERN))
    now = now or utcnow()
    with db.read() as session:
        return _ready(session, signed, now)


def _ready(session: Session, signed: SignedIn, now: dt.datetime) -> list[Approval]:
    holds = retention.holds_in(session, signed)
    out = []
    for a in _approvals(session, signed):
        if a.cancelled or a.disposed or not a.verified or a.dispose_after > now:
            continue
        if retention.held(holds, a.referral_id, _people(session, a.referral_id), a.record_class):
            continue
        out.append(a)
    return out


def _has_function(session: Session) -> bool:
    return session.scalar(text("SELECT to_regprocedure('mash_dispose_referral(integer, integer, text)')")) is not None


def _plain_dispose(session: Session, referral_id: int) -> dict[str, int]:
    rid = str(int(referral_id))
    doomed = [row[0] for row in session.execute(text(disposal_sql.DOOMED_PEOPLE.replace("{rid}", rid)))]
    people = ", ".join(str(int(p)) for p in doomed) or "NULL"
    counts: dict[str, int] = {}
    for step in disposal_sql.plan():
        result = session.execute(text(step.render(rid, people)))
        counts[step.table] = counts.get(step.table, 0) + max(result.rowcount or 0, 0)
    return counts


def dispose_now(db: Database, signed: SignedIn, now: dt.datetime | None = None,
                progress=None) -> list[Disposed]:
    """Dispose of every approved case past its window; each in its own transaction.

    ``progress(done, total)`` is told after each case. Returns what was disposed of."""
    signed.require(*access.roles_for(access.Step.DISPOSE))
    now = now or utcnow()
    with db.read() as session:
        chosen = _ready(session, signed, now)
    certificate = f"DC-{now.astimezone(dt.timezone.utc):%Y%m%d-%H%M%S}"
    done: list[Disposed] = []
    for index, approval in enumerate(chosen):
        done.append(_dispose_one(db, signed, approval, certificate, now))
        if progress is not None:
            progress(index + 1, len(chosen))
    if done and db.is_sqlite:
        compact(db)
    return done


def compact(db: Database) -> None:
    """SQLite: rebuild the name search's index, rewrite the file without its freed pages, then empty the
    write-ahead log into it.

    A row deleted from the FTS5 index (store/name_search.py) is only marked deleted until its segments are
    merged; rebuilding it from the referrals left leaves no trace of a disposed name in it."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"INSERT INTO {REFERRAL_NAMES.name} ({REFERRAL_NAMES.name}) VALUES ('rebuild')")
        raw.commit()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def _dispose_one(db: Database, signed: SignedIn, approval: Approval, certificate: str,
                 now: dt.datetime) -> Disposed:
    with db.write() as session:
        referral = session.get(Referral, approval.referral_id, with_for_update=True)
        if referral is None or referral.status is not Status.CLOSED:
            raise Conflict(f"{approval.reference} is no longer closed: it was not disposed of.")
        if db.is_sqlite or not _has_function(session):
            # SQLite, or PostgreSQL used by its owner alone (no agency roles set up, so nothing is refused).
            counts = _plain_dispose(session, referral.id)
            row = Disposal(referral_id=referral.id, reference=referral.reference,
                           record_class=approval.record_class.value, approval_id=approval.id, certificate=certificate,
                           disposed_at=now, disposed_by_id=signed.actor.user_id, counts=json.dumps(counts, sort_keys=True))
            session.add(row)
            session.flush()
        else:
            session.flush()
            raw = session.scalar(text("SELECT mash_dispose_referral(CAST(:r AS integer), CAST(:b AS integer), "
                                      "CAST(:c AS text))"),
                                 {"r": referral.id, "b": signed.actor.user_id, "c": certificate})
            counts = json.loads(raw)
            row = session.scalar(select(Disposal).where(Disposal.referral_id == referral.id))
        row.signature = signing.sign(signed, signing.disposal_message(row))
        record(session, signed.actor, "disposal.erase", "referral", referral.reference,
               detail={"s62": "erasure", "class": approval.record_class.value, "certificate": certificate,
                       "approval": approval.id, "rows": sum(counts.values())})
        session.expunge_all()
        return Disposed(approval.reference, approval.record_class, certificate, row.disposed_at, counts)


@dataclass(frozen=True)
class Tombstone:
    reference: str
    record_class: RecordClass
    certificate: str
    disposed_at: dt.datetime
    disposed_by: str
    approved_by: str
    approved_at: dt.datetime | None
    counts: dict[str, int]
    verified: bool


def disposals(db: Database, signed: SignedIn, certificate: str | None = None) -> list[Tombstone]:
    """The disposed cases (of one certificate, or all), oldest first."""
    signed.require(*access.roles_for(access.Step.GOVERN))
    with db.read() as session:
        query = select(Disposal).order_by(Disposal.id)
        if certificate:
            query = query.where(Disposal.certificate == certificate.strip().upper())
        out = []
        for d in session.scalars(query):
            approval = session.get(DisposalApproval, d.approval_id)
            ok = signing.verified(session, signed, d.disposed_by_id, d.signature, signing.disposal_message(d))
            try:
                counts = {str(k): int(v) for k, v in json.loads(d.counts).items()}
                record_class = RecordClass(d.record_class)
            except (ValueError, TypeError, AttributeError):
                counts, record_class, ok = {}, RecordClass.CONTACT_NFA, False
            out.append(Tombstone(d.reference, record_class, d.certificate, d.disposed_at,
                                 _user_name(session, d.disposed_by_id) or "?",
                                 _user_name(session, approval.approved_by_id) if approval else "?",
                                 approval.approved_at if approval else None, counts, ok))
        return out
