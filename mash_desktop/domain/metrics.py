"""The hub's performance measures, each defined once, over plain rows.

Every measure counts referral references (or consultation numbers), never
what a case says: a figure keeps the references behind it, so a screen can
list the cases a number stands for. Times follow domain/timescales.py: Red
runs on the clock, Amber, Green and Blue in the hub's working hours.

Which cases belong to a period:

* a **contact** belongs to the period it was received in;
* a **decision** belongs to the period of the referral's *first* decision,
  which is the one measured against the RAG timescale; its outcome is the
  referral's latest decision up to the end of the period (a case reopened
  and decided again keeps its place but shows its current outcome);
* a **research return** belongs to the period it was returned in ("nothing
  known" is a return);
* a **consultation** belongs to the period it was received in.
"""

from __future__ import annotations

import math
import statistics
from calendar import monthrange
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from .codes import ContactSource, Outcome, Rag
from .metric_types import (ConsultationFigures, ConsultationRow, ContactRow, Count, DecisionRow, PeriodMeasures,
                           PeriodRows, PriorDecision, RagChanges, ReferrerKind, ResearchRow, SeatRow, SeatUse,
                           Share, TimeToDecision)
from .timescales import TIMESCALES, HubCalendar, Timescale, decision_due, research_due

#: Outcomes that count as a referral to children's social care: a strategy
#: discussion (s47 enquiry) or a child in need assessment (s17). Immediate
#: protection, Care Act enquiries and onward referrals are not counted: the
#: first is an emergency step taken before any referral, the others go to
#: other services.
SOCIAL_CARE_REFERRAL = frozenset({Outcome.STRATEGY_S47, Outcome.CHILD_IN_NEED_S17})
#: The outcome that is a step-down to early help.
STEP_DOWN = Outcome.EARLY_HELP
#: How many calendar months after a decision a new contact counts as a re-referral.
RE_REFERRAL_MONTHS = 12


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile by nearest rank: the smallest value with at
    least ``p`` % of the values at or below it. None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def _count(references: Iterable[str]) -> Count:
    return Count(tuple(sorted(references)))


def _group(pairs: Iterable[tuple[object, str]], keys: Iterable = ()) -> dict:
    groups: dict = {k: [] for k in keys}
    for key, reference in pairs:
        groups.setdefault(key, []).append(reference)
    return {k: _count(v) for k, v in groups.items()}


def referrer_kind(contact: ContactRow) -> ReferrerKind:
    """Anonymous by source; public if the referrer is a member of the public
    (or the source says so); a partner agency when one is named; else another
    professional."""
    if contact.source is ContactSource.ANONYMOUS:
        return ReferrerKind.ANONYMOUS
    if contact.referrer_is_public or contact.source is ContactSource.PUBLIC:
        return ReferrerKind.PUBLIC
    return ReferrerKind.AGENCY if contact.referrer_agency else ReferrerKind.PROFESSIONAL


def contacts_by_source(contacts: Iterable[ContactRow]) -> dict[ContactSource, Count]:
    """Contacts received per source, every source listed (zero where none)."""
    return _group(((c.source, c.reference) for c in contacts), ContactSource)


def contacts_by_referrer(contacts: Iterable[ContactRow]) -> dict[ReferrerKind, Count]:
    """Contacts received per kind of referrer (see :func:`referrer_kind`)."""
    return _group(((referrer_kind(c), c.reference) for c in contacts), ReferrerKind)


def contacts_by_agency(contacts: Iterable[ContactRow]) -> dict[str, Count]:
    """Contacts received per referring partner agency (by code); contacts
    naming no agency are left out."""
    rows = sorted((c.referrer_agency, c.reference) for c in contacts if c.referrer_agency)
    return _group(rows)


def contacts_by_day(contacts: Iterable[ContactRow], first: date, last: date,
                    calendar: HubCalendar) -> tuple[tuple[date, Count], ...]:
    """Contacts received on each local day from ``first`` to ``last``."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    groups = _group(((c.received_at.astimezone(calendar.zone).date(), c.reference) for c in contacts), days)
    return tuple((d, groups[d]) for d in days if d in groups)


def rag_at(changes: RagChanges, when: datetime) -> Rag | None:
    """The rating in force at ``when``: the last change at or before it."""
    current = None
    for at, rag in sorted(changes, key=lambda change: change[0]):
        if at > when:
            break
        current = rag
    return current


def decision_target(row: DecisionRow, calendar: HubCalendar,
                    timescales: Mapping[Rag, Timescale] = TIMESCALES) -> datetime | None:
    """When the decision was due: from receipt, on the rating in force when it
    was made (re-rating moves the due time); None without a target."""
    rag = rag_at(row.rag_changes, row.decided_at)
    return decision_due(rag, row.received_at, calendar, timescales=timescales) if rag else None


def decisions_on_time(decisions: Iterable[DecisionRow], calendar: HubCalendar,
                      timescales: Mapping[Rag, Timescale] = TIMESCALES) -> dict[Rag | None, Share]:
    """Per rating at decision (None: all ratings), first decisions made at or
    before their due time out of those with a target (Blue has none)."""
    part: list[tuple[Rag | None, str]] = []
    whole: list[tuple[Rag | None, str]] = []
    for row in decisions:
        due = decision_target(row, calendar, timescales)
        if due is None:
            continue
        rag = rag_at(row.rag_changes, row.decided_at)
        for key in (None, rag):
            whole.append((key, row.reference))
            if row.decided_at <= due:
                part.append((key, row.reference))
    keys = [None, *(r for r in Rag if timescales.get(r) and timescales[r].decision_hours is not None)]
    parts, wholes = _group(part, keys), _group(whole, keys)
    return {k: Share(parts[k], wholes[k]) for k in keys}


def research_on_time(returns: Iterable[ResearchRow], calendar: HubCalendar,
                     timescales: Mapping[Rag, Timescale] = TIMESCALES) -> dict[str | None, Share]:
    """Per agency code (None: all agencies), research returned at or before
    its due time (from the request, on the rating in force at return) out of
    returns that had a target."""
    part: list[tuple[str | None, str]] = []
    whole: list[tuple[str | None, str]] = []
    for row in returns:
        rag = rag_at(row.rag_changes, row.returned_at)
        due = research_due(rag, row.requested_at, calendar, timescales=timescales) if rag else None
        if due is None:
            continue
        for key in (None, row.agency):
            whole.append((key, row.reference))
            if row.returned_at <= due:
                part.append((key, row.reference))
    parts, wholes = _group(part, [None]), _group(whole, [None])
    return {k: Share(parts.get(k, Count()), wholes[k]) for k in sorted(wholes, key=lambda a: a or "")}


def hours_to_decision(row: DecisionRow, calendar: HubCalendar,
                      timescales: Mapping[Rag, Timescale] = TIMESCALES) -> float:
    """Hours from receipt to the first decision: clock hours for a rating on
    the clock (Red), else working hours of the hub calendar."""
    rag = rag_at(row.rag_changes, row.decided_at)
    scale = timescales.get(rag) if rag else None
    if scale is not None and scale.clock_hours:
        elapsed = row.decided_at - row.received_at
    else:
        elapsed = calendar.working_time_between(row.received_at, row.decided_at)
    return max(elapsed, timedelta(0)).total_seconds() / 3600


def time_to_decision(decisions: Iterable[DecisionRow], calendar: HubCalendar,
                     timescales: Mapping[Rag, Timescale] = TIMESCALES) -> dict[Rag, TimeToDecision]:
    """Time to first decision per rating at decision, every rating listed, with
    the median (the mean of the middle two of an even number) and the 90th
    :func:`percentile`."""
    found: dict[Rag, list[tuple[str, float]]] = {r: [] for r in Rag}
    for row in decisions:
        rag = rag_at(row.rag_changes, row.decided_at)
        if rag is not None:
            found[rag].append((row.reference, hours_to_decision(row, calendar, timescales)))
    result = {}
    for rag, pairs in found.items():
        hours = tuple(sorted(h for _, h in pairs))
        result[rag] = TimeToDecision(rag, bool(timescales.get(rag) and timescales[rag].clock_hours),
                                     _count(r for r, _ in pairs), hours,
                                     statistics.median(hours) if hours else None, percentile(hours, 90))
    return result


def outcomes(decisions: Iterable[DecisionRow]) -> dict[Outcome, Count]:
    """Decided contacts per (current) outcome, every outcome listed."""
    return _group(((d.outcome, d.reference) for d in decisions), Outcome)


def conversion(decisions: Iterable[DecisionRow]) -> dict[ContactSource | None, Share]:
    """Per source (None: all), decided contacts whose outcome is a social-care
    referral (:data:`SOCIAL_CARE_REFERRAL`) out of all decided contacts."""
    rows = list(decisions)
    whole = _group([(None, d.reference) for d in rows] + [(d.source, d.reference) for d in rows])
    hits = [d for d in rows if d.outcome in SOCIAL_CARE_REFERRAL]
    part = _group([(None, d.reference) for d in hits] + [(d.source, d.reference) for d in hits])
    order = [None, *(s for s in ContactSource if s in whole)]
    return {k: Share(part.get(k, Count()), whole.get(k, Count())) for k in order}


def step_down(decisions: Iterable[DecisionRow]) -> Share:
    """Decided contacts stepped down to early help out of all decided contacts."""
    rows = list(decisions)
    return Share(_count(d.reference for d in rows if d.outcome is STEP_DOWN), _count(d.reference for d in rows))


def months_after(instant: datetime, months: int, calendar: HubCalendar) -> datetime:
    """The same local wall-clock time ``months`` calendar months later (the
    29th to 31st fall back to the last day of a shorter month)."""
    local = instant.astimezone(calendar.zone)
    year, month = divmod(local.month - 1 + months, 12)
    year, month = local.year + year, month + 1
    return local.replace(year=year, month=month, day=min(local.day, monthrange(year, month)[1]))


def re_referrals(contacts: Iterable[ContactRow], prior: Iterable[PriorDecision],
                 calendar: HubCalendar) -> Share:
    """Contacts about a subject on whom a decision was made on another
    referral at most :data:`RE_REFERRAL_MONTHS` months before (a decision
    exactly twelve months before counts), out of all contacts."""
    by_person: dict[int, list[PriorDecision]] = {}
    for decision in prior:
        by_person.setdefault(decision.person_id, []).append(decision)
    rows = list(contacts)
    hits = [c.reference for c in rows if any(
        d.reference != c.reference and d.decided_at <= c.received_at
        and c.received_at <= months_after(d.decided_at, RE_REFERRAL_MONTHS, calendar)
        for person in c.subject_ids for d in by_person.get(person, ()))]
    return Share(_count(hits), _count(c.reference for c in rows))


def consultations(rows: Iterable[ConsultationRow]) -> ConsultationFigures:
    """Consultations received, converted to contacts, and by caller's agency."""
    items = list(rows)
    return ConsultationFigures(
        _count(str(c.id) for c in items),
        _count(c.converted_reference for c in items if c.converted_reference),
        _group(sorted((c.caller_agency, str(c.id)) for c in items if c.caller_agency)))


def seats_in_use(rows: Iterable[SeatRow]) -> tuple[SeatUse, ...]:
    """Each agency's seats against its active accounts, by agency code."""
    return tuple(SeatUse(r.agency, r.name, r.seats, r.active_users) for r in sorted(rows, key=lambda r: r.agency))


def measure(rows: PeriodRows, calendar: HubCalendar,
            timescales: Mapping[Rag, Timescale] = TIMESCALES) -> PeriodMeasures:
    """Every measure of one period from its rows."""
    contacts = rows.contacts
    return PeriodMeasures(
        rows.first, rows.last, _count(c.reference for c in contacts),
        contacts_by_source(contacts), contacts_by_referrer(contacts), contacts_by_agency(contacts),
        contacts_by_day(contacts, rows.first, rows.last, calendar),
        _count(d.reference for d in rows.decisions),
        decisions_on_time(rows.decisions, calendar, timescales),
        research_on_time(rows.research, calendar, timescales),
        time_to_decision(rows.decisions, calendar, timescales),
        outcomes(rows.decisions), conversion(rows.decisions), step_down(rows.decisions),
        re_referrals(contacts, rows.prior_decisions, calendar), consultations(rows.consultations))
