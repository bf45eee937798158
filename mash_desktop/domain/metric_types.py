"""The plain rows the performance measures read, and the figures they give.

Rows are gathered from the database by services/performance/figures.py; the
measures themselves are defined in domain/metrics.py. A figure keeps the
references it counted, so a screen can list the cases behind a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from .codes import ContactSource, Outcome, Rag, _Coded

RagChanges = tuple[tuple[datetime, Rag], ...]


class ReferrerKind(_Coded):
    """Who made a contact, in the broad kinds the hub reports."""

    AGENCY = ("agency", "Partner agency")
    PROFESSIONAL = ("professional", "Other professional")
    PUBLIC = ("public", "Member of the public")
    ANONYMOUS = ("anonymous", "Anonymous")


@dataclass(frozen=True)
class ContactRow:
    """One contact: when and from whom it came, and its subjects' person ids."""

    reference: str
    received_at: datetime
    source: ContactSource
    referrer_agency: str | None = None
    referrer_is_public: bool = False
    subject_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DecisionRow:
    """A referral's first decision, its current outcome and its RAG history."""

    reference: str
    source: ContactSource
    received_at: datetime
    decided_at: datetime
    outcome: Outcome
    rag_changes: RagChanges = ()


@dataclass(frozen=True)
class ResearchRow:
    """One agency's returned research on a referral, with the referral's RAG history."""

    reference: str
    agency: str
    requested_at: datetime
    returned_at: datetime
    rag_changes: RagChanges = ()


@dataclass(frozen=True)
class PriorDecision:
    """A decision made on a referral that had ``person_id`` as a subject."""

    person_id: int
    reference: str
    decided_at: datetime


@dataclass(frozen=True)
class ConsultationRow:
    id: int
    received_at: datetime
    caller_agency: str | None = None
    converted_reference: str | None = None


@dataclass(frozen=True)
class SeatRow:
    """An agency's paid seats and its active user accounts."""

    agency: str
    name: str
    seats: int
    active_users: int


@dataclass(frozen=True)
class Count:
    """How many things were counted, and which (referral references, or consultation numbers)."""

    references: tuple[str, ...] = ()

    @property
    def value(self) -> int:
        return len(self.references)


@dataclass(frozen=True)
class Share:
    """A part of a whole, e.g. decisions on time out of decisions with a target."""

    part: Count = Count()
    whole: Count = Count()

    @property
    def percent(self) -> float | None:
        """The part as a percentage of the whole; None when the whole is empty."""
        return 100 * self.part.value / self.whole.value if self.whole.value else None


@dataclass(frozen=True)
class TimeToDecision:
    """Hours from receipt to first decision of one RAG rating's decisions
    (clock hours or working hours), with their median and 90th percentile."""

    rag: Rag
    clock_hours: bool
    decisions: Count = Count()
    hours: tuple[float, ...] = ()
    median: float | None = None
    p90: float | None = None


@dataclass(frozen=True)
class SeatUse:
    """Seats paid for against accounts in use; ``spare`` is negative when over."""

    agency: str
    name: str
    seats: int
    in_use: int

    @property
    def spare(self) -> int:
        return self.seats - self.in_use


@dataclass(frozen=True)
class ConsultationFigures:
    """Consultations given (keys are consultation numbers), those made into
    contacts (keys are the contacts' references), and per calling agency."""

    given: Count = Count()
    converted: Count = Count()
    by_agency: Mapping[str, Count] = field(default_factory=dict)


@dataclass(frozen=True)
class PeriodRows:
    """Everything the measures of one period (local days ``first`` to ``last``) read.

    ``prior_decisions`` are the decisions, on referrals sharing a subject with
    a contact of the period, that could make it a re-referral.
    """

    first: date
    last: date
    contacts: tuple[ContactRow, ...] = ()
    decisions: tuple[DecisionRow, ...] = ()
    research: tuple[ResearchRow, ...] = ()
    prior_decisions: tuple[PriorDecision, ...] = ()
    consultations: tuple[ConsultationRow, ...] = ()


@dataclass(frozen=True)
class PeriodMeasures:
    """Every measure of one period; ``None`` keys are the totals over all."""

    first: date
    last: date
    contacts: Count
    by_source: Mapping[ContactSource, Count]
    by_referrer: Mapping[ReferrerKind, Count]
    by_agency: Mapping[str, Count]
    by_day: tuple[tuple[date, Count], ...]
    decisions: Count
    on_time: Mapping[Rag | None, Share]
    research_on_time: Mapping[str | None, Share]
    time_to_decision: Mapping[Rag, TimeToDecision]
    outcomes: Mapping[Outcome, Count]
    conversion: Mapping[ContactSource | None, Share]
    step_down: Share
    re_referrals: Share
    consultations: ConsultationFigures
