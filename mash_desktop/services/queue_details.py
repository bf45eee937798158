"""What the shared queue shows beside each referral's summary.

Per open referral: the id of the officer it is allocated to (for "mine") and
each agency's research progress, in agency-code order. Two queries for the
whole queue, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from ..domain.codes import ResearchStatus, Status
from ..store.database import Database
from ..store.models import Agency, Referral, ResearchRequest

#: (agency code, how far its research has got)
Research = tuple[tuple[str, ResearchStatus], ...]


@dataclass(frozen=True)
class QueueDetails:
    """Allocation ids and research progress, by referral reference."""

    allocated_ids: dict[str, int | None] = field(default_factory=dict)
    research: dict[str, Research] = field(default_factory=dict)

    def research_of(self, reference: str) -> Research:
        return self.research.get(reference, ())

    @property
    def agencies(self) -> list[str]:
        """Every agency asked for research on some referral, sorted."""
        return sorted({code for steps in self.research.values() for code, _ in steps})


def queue_details(db: Database) -> QueueDetails:
    """Allocation and research progress of every referral not closed."""
    open_only = Referral.status != Status.CLOSED
    research: dict[str, list[tuple[str, ResearchStatus]]] = defaultdict(list)
    with db.read() as session:
        allocated = {ref: user for ref, user in session.execute(
            select(Referral.reference, Referral.allocated_to_id).where(open_only))}
        rows = session.execute(
            select(Referral.reference, Agency.code, ResearchRequest.status)
            .join(ResearchRequest, ResearchRequest.referral_id == Referral.id)
            .join(Agency, Agency.id == ResearchRequest.agency_id)
            .where(open_only)
            .order_by(Referral.reference, Agency.code)
        )
        for reference, code, status in rows:
            research[reference].append((code, status))
    return QueueDetails(allocated, {ref: tuple(steps) for ref, steps in research.items()})
