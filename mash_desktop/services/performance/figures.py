"""The hub's performance figures for a period, and the period before it.

:func:`gather` reads plain rows (references, codes and times, never what a
case says) for a period and the one before it, and hands them to the
measures of domain/metrics.py; the SQL only narrows which rows are read.
Every figure keeps the references it counted, so a dashboard can list the
cases behind a number. Hub-wide counts are for the people who watch the
hub's work: supervisors, decision makers, administrators and auditors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ...domain import metrics
from ...domain import access
from ...domain.codes import AgencyKind, Outcome
from ...domain.errors import FieldError
from ...domain.metric_types import (
    ConsultationRow,
    ContactRow,
    DecisionRow,
    PeriodMeasures,
    PeriodRows,
    PriorDecision,
    RagChanges,
    ResearchRow,
    SeatRow,
    SeatUse,
)
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import (
    Agency,
    AuditHead,
    Consultation,
    Decision,
    Referral,
    ReferralEvent,
    ReferralPerson,
    ResearchRequest,
    User,
)
from ...store.types import utcnow
from ..calendar import hub_calendar
from ...domain.notice_measures import NoticeMeasures
from .notices import notice_measures
from ...domain.strategy_measures import StrategyMeasures
from ..strategy.figures import strategy_measures
from ..case.reader import hub_name
from ..intake.referrals import HUB_ZONE

#: The longest period one report covers.
MAX_DAYS = 731
# Prior decisions are read this far before the period; the measure applies the exact rule.
_LOOK_BACK = dt.timedelta(days=31 * (metrics.RE_REFERRAL_MONTHS + 1))


@dataclass(frozen=True)
class Period:
    """Local days ``first`` to ``last``, both included, in hub time."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise FieldError("to", "the period ends before it starts")
        if (self.last - self.first).days >= MAX_DAYS:
            raise FieldError("to", f"a period covers at most {MAX_DAYS} days")

    @property
    def start(self) -> dt.datetime:
        """The first instant of the period (local midnight), in UTC."""
        return dt.datetime.combine(self.first, dt.time(0), tzinfo=HUB_ZONE).astimezone(dt.timezone.utc)

    @property
    def end(self) -> dt.datetime:
        """The instant just after the period (local midnight after ``last``), in UTC."""
        after = self.last + dt.timedelta(days=1)
        return dt.datetime.combine(after, dt.time(0), tzinfo=HUB_ZONE).astimezone(dt.timezone.utc)

    @property
    def months(self) -> int | None:
        """How many whole calendar months the period is, or None if it is not whole months."""
        after = self.last + dt.timedelta(days=1)
        if self.first.day != 1 or after.day != 1:
            return None
        return (after.year - self.first.year) * 12 + after.month - self.first.month

    def previous(self) -> Period:
        """The period just before: as many calendar months for whole months, else as many days."""
        if self.months:
            year, month = divmod(self.first.year * 12 + self.first.month - 1 - self.months, 12)
            return Period(dt.date(year, month + 1, 1), self.first - dt.timedelta(days=1))
        days = self.last - self.first + dt.timedelta(days=1)
        return Period(self.first - days, self.last - days)

    @property
    def label(self) -> str:
        """"May 2026", "April to June 2026", "3 to 9 May 2026", "28 May to 3 June 2026"."""
        first, last = self.first, self.last
        if self.months == 1:
            return f"{first:%B %Y}"
        if self.months:
            return f"{first:%B}{'' if first.year == last.year else f' {first.year}'} to {last:%B %Y}"
        if (first.year, first.month) == (last.year, last.month):
            start = f"{first.day}"
        else:
            start = f"{first.day} {first:%B}{'' if first.year == last.year else f' {first.year}'}"
        return f"{start} to {last.day} {last:%B %Y}"


@dataclass(frozen=True)
class PerformanceFigures:
    """Every figure of a period and of the period before it, and seats in use now."""

    hub: str
    period: Period
    previous_period: Period
    current: PeriodMeasures
    previous: PeriodMeasures
    seats: tuple[SeatUse, ...]
    produced_at: dt.datetime
    agencies: Mapping[str, str] = field(default_factory=dict)  # code -> name
    #: The audit chain's head (event id, hash) when the figures were gathered: the
    #: report prints it, a witness of the trail kept outside the database.
    audit_head: tuple[int, bytes] | None = None
    #: Acknowledgement and Operation Encompass timeliness, this period and the one before.
    notices: NoticeMeasures = NoticeMeasures()
    notices_before: NoticeMeasures = NoticeMeasures()
    #: Strategy discussions held, leading to s47 enquiries, and their ICPCs, this period and the one before.
    strategy: StrategyMeasures = StrategyMeasures()
    strategy_before: StrategyMeasures = StrategyMeasures()


def _in(column, period: Period):
    return column.is_not(None) & (column >= period.start) & (column < period.end)


def _contacts(session: Session, period: Period) -> tuple[ContactRow, ...]:
    chosen = select(Referral.id).where(_in(Referral.received_at, period))
    subjects: dict[int, set[int]] = {}
    for referral_id, person_id in session.execute(
            select(ReferralPerson.referral_id, ReferralPerson.person_id)
            .where(ReferralPerson.is_subject.is_(True), ReferralPerson.referral_id.in_(chosen))):
        subjects.setdefault(referral_id, set()).add(person_id)
    rows = session.execute(
        select(Referral.id, Referral.reference, Referral.received_at, Referral.source, Agency.code,
               Referral.referrer_is_public)
        .outerjoin(Agency, Agency.id == Referral.referrer_agency_id).where(Referral.id.in_(chosen)))
    return tuple(ContactRow(ref, at, source, agency, public, frozenset(subjects.get(rid, ())))
                 for rid, ref, at, source, agency, public in rows)


def _rag_changes(session: Session, referral_ids: Iterable[int]) -> dict[int, RagChanges]:
    """Each referral's ratings with the moment each was given, oldest first (in batches of ids)."""
    changes: dict[int, list] = {}
    ids = sorted(set(referral_ids))
    for start in range(0, len(ids), 500):
        for rid, at, rag in session.execute(
                select(ReferralEvent.referral_id, ReferralEvent.at, ReferralEvent.to_rag)
                .where(ReferralEvent.referral_id.in_(ids[start:start + 500]), ReferralEvent.to_rag.is_not(None))
                .order_by(ReferralEvent.at, ReferralEvent.id)):
            changes.setdefault(rid, []).append((at, rag))
    return {rid: tuple(found) for rid, found in changes.items()}


def _decisions(session: Session, period: Period) -> tuple[list[tuple], dict[int, Outcome]]:
    """Referrals first decided in the period, and each one's latest outcome by the period's end."""
    first = (select(Decision.referral_id, func.min(Decision.decided_at).label("first_at"))
             .group_by(Decision.referral_id).subquery())
    decided = session.execute(
        select(Referral.id, Referral.reference, Referral.source, Referral.received_at, first.c.first_at)
        .join(first, first.c.referral_id == Referral.id).where(_in(first.c.first_at, period))).all()
    latest: dict[int, Outcome] = {}
    for rid, outcome in session.execute(
            select(Decision.referral_id, Decision.outcome)
            .where(Decision.referral_id.in_(select(first.c.referral_id).where(_in(first.c.first_at, period))),
                   Decision.decided_at < period.end)
            .order_by(Decision.decided_at, Decision.id)):
        latest[rid] = outcome
    return decided, latest


def _research(session: Session, period: Period) -> list[tuple]:
    return session.execute(
        select(Referral.id, Referral.reference, Agency.code, ResearchRequest.requested_at,
               ResearchRequest.returned_at)
        .join(Referral, Referral.id == ResearchRequest.referral_id)
        .join(Agency, Agency.id == ResearchRequest.agency_id)
        .where(_in(ResearchRequest.returned_at, period))).all()


def _prior(session: Session, period: Period) -> tuple[PriorDecision, ...]:
    people = (select(ReferralPerson.person_id).join(Referral, Referral.id == ReferralPerson.referral_id)
              .where(ReferralPerson.is_subject.is_(True), _in(Referral.received_at, period)))
    query: Select = (
        select(ReferralPerson.person_id, Referral.reference, Decision.decided_at)
        .join(Referral, Referral.id == ReferralPerson.referral_id)
        .join(Decision, Decision.referral_id == Referral.id)
        .where(ReferralPerson.is_subject.is_(True), ReferralPerson.person_id.in_(people),
               Decision.decided_at >= period.start - _LOOK_BACK, Decision.decided_at < period.end))
    return tuple(PriorDecision(*row) for row in session.execute(query))


def _consultations(session: Session, period: Period) -> tuple[ConsultationRow, ...]:
    rows = session.execute(
        select(Consultation.id, Consultation.received_at, Agency.code, Referral.reference)
        .outerjoin(Agency, Agency.id == Consultation.caller_agency_id)
        .outerjoin(Referral, Referral.id == Consultation.converted_referral_id)
        .where(_in(Consultation.received_at, period)))
    return tuple(ConsultationRow(*row) for row in rows)


def period_rows(session: Session, period: Period) -> PeriodRows:
    """The plain rows the measures of ``period`` read."""
    decided, latest = _decisions(session, period)
    research = _research(session, period)
    rags = _rag_changes(session, [r[0] for r in decided] + [r[0] for r in research])
    return PeriodRows(
        period.first, period.last, _contacts(session, period),
        tuple(DecisionRow(ref, source, received, first_at, latest[rid], rags.get(rid, ()))
              for rid, ref, source, received, first_at in decided),
        tuple(ResearchRow(ref, agency, asked, back, rags.get(rid, ())) for rid, ref, agency, asked, back in research),
        _prior(session, period), _consultations(session, period))


def seat_rows(session: Session) -> tuple[SeatRow, ...]:
    """Active partner agencies (not the hub's own management) with their active accounts."""
    active = (select(User.agency_id, func.count(User.id).label("n")).where(User.active.is_(True))
              .group_by(User.agency_id).subquery())
    rows = session.execute(
        select(Agency.code, Agency.name, Agency.seats, func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.agency_id == Agency.id)
        .where(Agency.active.is_(True), Agency.kind != AgencyKind.HUB))
    return tuple(SeatRow(*row) for row in rows)


def gather(db: Database, actor: Actor, period: Period, now: dt.datetime | None = None) -> PerformanceFigures:
    """The figures of ``period`` and of the period before it (see :meth:`Period.previous`)."""
    actor.require(*access.roles_for(access.Step.WATCH))  # counts and times only
    before = period.previous()
    with db.read() as session:
        calendar = hub_calendar(session)
        current = metrics.measure(period_rows(session, period), calendar)
        previous = metrics.measure(period_rows(session, before), calendar)
        seats = metrics.seats_in_use(seat_rows(session))
        agencies = {code: name for code, name in session.execute(select(Agency.code, Agency.name))}
        head = session.get(AuditHead, 1)
        now = now or utcnow()
        return PerformanceFigures(hub_name(session), period, before, current, previous, seats,
                                  now, agencies,
                                  (head.last_event_id, bytes(head.last_hash or b"")) if head else None,
                                  notice_measures(session, period.start, period.end, now),
                                  notice_measures(session, before.start, before.end, now),
                                  strategy_measures(session, period.start, period.end, now.astimezone(HUB_ZONE).date()),
                                  strategy_measures(session, before.start, before.end, now.astimezone(HUB_ZONE).date()))


def record_export(db: Database, actor: Actor, period: Period, kind: str) -> None:
    """Audit that the figures of ``period`` left the hub as a ``kind`` file ("pdf" or "csv")."""
    actor.require(*access.roles_for(access.Step.WATCH))  # counts and times only
    with db.write() as session:
        record(session, actor, "performance.export", "performance_report", period.label,
               detail={"from": period.first.isoformat(), "to": period.last.isoformat(), "format": kind})
