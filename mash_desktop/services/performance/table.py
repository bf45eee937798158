"""The performance figures as labelled lines: one wording for every view.

:func:`sections` and :func:`headline` turn the gathered
:class:`~mash_desktop.services.performance.figures.PerformanceFigures` into the
lines of domain/performance_lines.py, which the PDF, its CSV and a
dashboard all show. Each line keeps the references behind this period's
figure, so a view can list the cases behind a number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from ...domain import metrics
from ...domain.codes import ContactSource, Outcome, Rag
from ...domain.metric_types import Count, ReferrerKind, Share, TimeToDecision
from ...domain.performance_lines import FigureLine, Section, Value
from .figures import PerformanceFigures

K = TypeVar("K")


def _count(label: str, now: Count, before: Count) -> FigureLine:
    return FigureLine(label, Value("count", now.value), Value("count", before.value), now.references)


def _share(label: str, now: Share, before: Share) -> FigureLine:
    return FigureLine(label, Value("percent", now.percent, now.whole.value),
                      Value("percent", before.percent, before.whole.value), now.part.references)


def _keys(now: dict, before: dict, order: Iterable[K], shown: Callable[[object], bool]) -> list[K]:
    return [k for k in order if shown(now.get(k)) or shown(before.get(k))]


def _has_count(c: Count | None) -> bool:
    return bool(c and c.value)


def _has_share(s: Share | None) -> bool:
    return bool(s and s.whole.value)


def _times(rag: Rag, now: TimeToDecision, before: TimeToDecision) -> tuple[FigureLine, ...]:
    kind = "clock hours" if now.clock_hours else "working hours"
    n, b = now.decisions.value, before.decisions.value
    return (FigureLine(f"{rag.value.title()}: median ({kind})", Value("hours", now.median, n),
                       Value("hours", before.median, b), now.decisions.references),
            FigureLine(f"{rag.value.title()}: 90th percentile", Value("hours", now.p90, n),
                       Value("hours", before.p90, b), now.decisions.references))


def sections(figures: PerformanceFigures) -> tuple[Section, ...]:
    """Every figure of the report, in the report's order, this period against the last."""
    now, was = figures.current, figures.previous
    names = figures.agencies

    def agency(code: str) -> str:
        return f"{names.get(code, code)} ({code})"

    return (
        Section("contacts", "Contacts received", (
            _count("All contacts", now.contacts, was.contacts),
            *(_count(s.label, now.by_source[s], was.by_source[s])
              for s in _keys(now.by_source, was.by_source, ContactSource, _has_count))),
            "By the source recorded at intake, in the period they were received."),
        Section("referrers", "Contacts by referrer", tuple(
            _count(k.label, now.by_referrer[k], was.by_referrer[k]) for k in ReferrerKind),
            "Partner agency: the referrer named a partner agency. Member of the public: so marked, or the "
            "source is the public. Anonymous: the source is anonymous. Other professional: everyone else."),
        Section("agencies", "Contacts by referring partner agency", tuple(
            _count(agency(a), now.by_agency.get(a, Count()), was.by_agency.get(a, Count()))
            for a in sorted(set(now.by_agency) | set(was.by_agency)))),
        Section("timeliness", "Decisions within the RAG timescale", tuple(
            _share("All rated Red, Amber or Green" if r is None else r.value.title(), now.on_time[r], was.on_time[r])
            for r in now.on_time),
            "First decisions made in the period, on the rating in force when decided; Red in 4 clock hours, "
            "Amber in 24 and Green in 72 working hours from receipt. Blue has no target."),
        Section("research", "Agency research returned within its timescale", tuple(
            _share("All agencies" if a is None else agency(a),
                   now.research_on_time.get(a, Share()), was.research_on_time.get(a, Share()))
            for a in _keys(dict(now.research_on_time), dict(was.research_on_time),
                           [None, *sorted({*now.research_on_time, *was.research_on_time} - {None})], _has_share)),
            "Returns (findings or nothing known) made in the period; Red in 2 clock hours, Amber in 6 and "
            "Green in 24 working hours from the request."),
        Section("time", "Time to decision", tuple(
            line for r in Rag for line in _times(r, now.time_to_decision[r], was.time_to_decision[r])
            if now.time_to_decision[r].hours or was.time_to_decision[r].hours),
            "From receipt to first decision. The 90th percentile is by nearest rank."),
        Section("outcomes", "Outcomes", (
            _count("All decided contacts", now.decisions, was.decisions),
            *(_count(o.label, now.outcomes[o], was.outcomes[o])
              for o in _keys(now.outcomes, was.outcomes, Outcome, _has_count))),
            "The current outcome of each contact first decided in the period."),
        Section("conversion", "Conversion to a social-care referral", tuple(
            _share("All sources" if s is None else s.label, now.conversion.get(s, Share()),
                   was.conversion.get(s, Share()))
            for s in _keys(dict(now.conversion), dict(was.conversion), [None, *ContactSource], _has_share)),
            "Decided contacts whose outcome is a strategy discussion (s47 enquiry) or a child in need "
            "assessment (s17), by the source of the contact."),
        Section("step_down", "Step-down and re-referral", (
            _share("Stepped down to early help", now.step_down, was.step_down),
            _share(f"Re-referrals within {metrics.RE_REFERRAL_MONTHS} months", now.re_referrals, was.re_referrals)),
            "Step-down: decided contacts whose outcome is early help. Re-referral: contacts about a child on whom "
            "another referral was decided at most 12 months before (national rate about 22%)."),
        Section("notices", "Acknowledgements and Operation Encompass", (
            _share("Acknowledged within one working day", figures.notices.acknowledged,
                   figures.notices_before.acknowledged),
            _count("Acknowledgements overdue, not yet sent", figures.notices.acknowledgements_overdue,
                   figures.notices_before.acknowledgements_overdue),
            _share("Encompass: school told before the next school day", figures.notices.encompass,
                   figures.notices_before.encompass),
            _count("Encompass: school not yet told, overdue", figures.notices.encompass_overdue,
                   figures.notices_before.encompass_overdue)),
            "Contacts received in the period whose referrer can be reached are acknowledged within one working "
            "day of receipt; an Operation Encompass notification is passed to the school's key adult before "
            "the next school day starts. Those still within their time are not counted; overdue figures are "
            "as the report was produced."),
        Section("strategy", "Strategy discussions", (
            _count("Strategy discussions held", figures.strategy.held, figures.strategy_before.held),
            _count("Leading to s47 enquiries", figures.strategy.s47, figures.strategy_before.s47),
            _share("ICPC within 15 working days", figures.strategy.icpc_in_time,
                   figures.strategy_before.icpc_in_time),
            _count("ICPC past due, not yet recorded", figures.strategy.icpc_overdue,
                   figures.strategy_before.icpc_overdue)),
            "Strategy discussions held in the period. An initial child protection conference is due within 15 "
            "working days of the discussion that started s47 enquiries; one not yet due and not yet held is "
            "not counted; past due is as the report was produced."),
        Section("consultations", "Consultations", (
            _count("Consultations given", now.consultations.given, was.consultations.given),
            _count("Made into contacts", now.consultations.converted, was.consultations.converted),
            *(_count(f"From {agency(a)}", now.consultations.by_agency.get(a, Count()),
                     was.consultations.by_agency.get(a, Count()))
              for a in sorted({*now.consultations.by_agency, *was.consultations.by_agency})))),
    )


def headline(figures: PerformanceFigures) -> tuple[FigureLine, ...]:
    """The key figures of the period, for the report's first page and a dashboard's summary."""
    now, was = figures.current, figures.previous
    return (
        _count("Contacts received", now.contacts, was.contacts),
        _count("Contacts decided", now.decisions, was.decisions),
        _share("Decisions within the RAG timescale", now.on_time[None], was.on_time[None]),
        _share("Research returned within its timescale", now.research_on_time[None], was.research_on_time[None]),
        _share("Converted to a social-care referral", now.conversion[None], was.conversion[None]),
        _share("Stepped down to early help", now.step_down, was.step_down),
        _share("Re-referrals within 12 months", now.re_referrals, was.re_referrals),
        _count("Consultations given", now.consultations.given, was.consultations.given),
        _share("Acknowledged within one working day", figures.notices.acknowledged,
               figures.notices_before.acknowledged),
        _share("Encompass: school told in time", figures.notices.encompass, figures.notices_before.encompass),
    )

