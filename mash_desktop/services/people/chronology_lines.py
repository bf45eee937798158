"""The automatic lines of a person's chronology: from one case as its reader sees it, and from warnings.

Everything from a case comes from the :class:`CaseRecord` the one door gave
the reader, so nothing appears that the reader could not see in the case: a
disclosure only where they may read it and it was shared, a panel's text
only their own agency's. Warnings come from services/people/warnings.py,
which shows a reader only the warnings they may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from ...domain.case_record import CaseRecord
from ...domain.chronology import AUTOMATIC, Category, Item, hub_day
from ...domain.warnings import ENDED
from ..case.disclosures import HUB
from ..case.signed_state import ALTERED
from .warnings import visible_warnings

#: The case's own chronology lines that say it was closed or reopened.
_CLOSING = {"Closed": "Case closed", "Reopened": "Case reopened"}


def _line(case: CaseRecord, at, category: Category, source: str, what: str, detail: str | None = None,
          by: str | None = None, phase: int = 0, disclosure_id: int | None = None) -> Item:
    return Item(hub_day(at), AUTOMATIC, category, source, what, detail, at=at, reference=case.reference, by=by,
                phase=phase, disclosure_id=disclosure_id)


def case_items(case: CaseRecord, reader_agency: str | None, named_as: str | None = None) -> list[Item]:
    """The lines ``case`` gives a person's chronology; ``named_as``: how the
    contact names the person ("subject", "in the household (mother)")."""
    source = case.referrer.agency or case.source.label
    concerns = ", ".join(c.label for c in case.concern_categories) or "none recorded"
    about = f"; about them as {named_as}" if named_as else ""
    lines = [_line(case, case.received_at, Category.CONTACT, source,
                   f"Contact received from {case.source.label.lower()} ({case.channel.label.lower()})",
                   f"Concerns: {concerns}{about}.")]
    for change in case.rag_history:
        lines.append(_line(case, change.at, Category.RATING, "Hub", f"RAG set to {change.to_rag.value.title()}",
                           change.reason, change.by, phase=2))
    own = case.own_panel
    for r in case.research:
        if r.returned_at is None:
            continue
        text = own.text if own is not None and own.agency == r.agency and reader_agency == r.agency else None
        lines.append(_line(case, r.returned_at, Category.RESEARCH, r.agency,
                           f"Research returned by {r.agency_name}" + (": nothing known" * (r.panel == "nothing known")),
                           text, phase=5))
    for d in case.shared:
        to = "the hub" if d.to == HUB else d.to_name
        lines.append(_line(case, d.disclosed_at, Category.DISCLOSURE, d.from_agency,
                           f"{d.from_agency_name} shared information with {to}" + f" ({ALTERED})" * d.altered,
                           d.text, d.disclosed_by, phase=6, disclosure_id=d.id))
    for entry in case.chronology:
        if entry.what in _CLOSING:
            lines.append(_line(case, entry.at, Category.CLOSING, entry.agency, _CLOSING[entry.what], entry.note,
                               entry.by, phase=9))
    for talk in case.strategy_discussions:
        due = f"\nInitial child protection conference due {talk.icpc_due_on:%d %b %Y}." if talk.icpc_due_on else ""
        lines.append(_line(case, talk.convened_at, Category.STRATEGY, "Hub",
                           f"Strategy discussion: {talk.decision.label}" + f" ({ALTERED})" * (not talk.verified),
                           f"Reasons: {talk.reasons}{due}", talk.convened_by, phase=8))
    for dec in case.decisions:
        detail = dec.rationale + (f"\nNext steps: {dec.next_steps}" if dec.next_steps else "")
        lines.append(_line(case, dec.decided_at, Category.DECISION, "Hub",
                           f"Decision: {dec.outcome.label}" + (f", {dec.named_service}" if dec.named_service else "")
                           + f" ({ALTERED})" * (not dec.verified), detail, dec.decided_by, phase=8))
    return lines


def warning_lines(session: Session, signed, people: frozenset[int], references: tuple[str, ...]
                  ) -> Iterable[Item]:
    """A line when each warning the reader may see on the person began, and when it ended."""
    seen = {v.id: v for views in visible_warnings(session, signed, people).values() for v in views}
    for view in seen.values():
        if view.start is None:  # unreadable: altered outside the hub
            continue
        label = view.label + f" ({ALTERED})" * (view.kind is None)
        yield Item(view.start, AUTOMATIC, Category.WARNING, view.agency, f"Warning: {label}", view.reason,
                   by=view.added_by)
        ended = view.ended_on or (view.end if view.state == ENDED else None)
        if ended is not None:
            yield Item(ended, AUTOMATIC, Category.WARNING, view.agency, f"Warning ended: {label}",
                       view.end_reason, by=view.ended_by)
