"""A case as one reader may see it: the plain data documents are made from.

The services fill this in for a signed-in reader (services/case_data.py)
and leave out what the reader's agency may not see: other agencies' panels
appear only as a state, and only disclosures the reader can open are here.
Nothing in this module reads the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.codes import (Channel, ConcernCategory, ConsentPosition, ContactSource, HandlingCode, LawfulBasis,
                            Outcome, Rag, ResearchStatus, StatutoryGateway, Status)


@dataclass(frozen=True)
class PersonEntry:
    name: str
    given_name: str = ""
    date_of_birth: dt.date | None = None
    expected_due_date: dt.date | None = None
    gender: str = "unknown"
    relationship: str | None = None
    ethnicity: str | None = None
    first_language: str | None = None
    interpreter_needed: bool = False
    address: str | None = None
    school: str | None = None
    gp: str | None = None
    care_and_support_needs: str | None = None
    has_capacity: bool | None = None


@dataclass(frozen=True)
class Referrer:
    name: str | None
    role: str | None
    organisation: str | None
    agency: str | None
    email: str | None
    phone: str | None
    member_of_public: bool


@dataclass(frozen=True)
class RagChange:
    at: dt.datetime
    from_rag: Rag | None
    to_rag: Rag
    reason: str | None
    by: str | None


@dataclass(frozen=True)
class Happening:
    """One line of the chronology."""

    at: dt.datetime
    what: str
    by: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ResearchEntry:
    agency: str
    agency_name: str
    status: ResearchStatus
    requested_at: dt.datetime
    due_at: dt.datetime | None
    returned_at: dt.datetime | None
    panel: str  # "written", "nothing known", "not written"


@dataclass(frozen=True)
class OwnPanel:
    agency: str
    agency_name: str
    text: str | None  # None: not written yet, or it could not be opened
    state: str
    nothing_known: bool
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class SharedItem:
    """A disclosure the reader may read, with everything that makes it lawful."""

    id: int
    from_agency: str
    from_agency_name: str
    to: str  # "hub" or an agency code
    to_name: str
    text: str
    basis: LawfulBasis
    gateway: StatutoryGateway | None
    consent: ConsentPosition
    consent_reason: str | None
    handling: HandlingCode
    justification: str
    disclosed_by: str
    disclosed_at: dt.datetime
    authorised_by: str | None
    authorised_at: dt.datetime | None


@dataclass(frozen=True)
class DecisionEntry:
    outcome: Outcome
    level: int
    rationale: str
    next_steps: str | None
    named_service: str | None
    override_reason: str | None
    decided_by: str
    decided_at: dt.datetime
    #: The decision maker's signature holds (False: altered outside the hub).
    verified: bool = True


@dataclass(frozen=True)
class CaseRecord:
    hub: str
    reference: str
    status: Status
    rag: Rag | None
    received_at: dt.datetime
    decision_due_at: dt.datetime | None
    source: ContactSource
    channel: Channel
    referrer: Referrer
    subjects: tuple[PersonEntry, ...]
    household: tuple[PersonEntry, ...]
    concern_categories: tuple[ConcernCategory, ...]
    concern_details: str
    parents_aware: bool
    parents_not_aware_reason: str | None
    consent_obtained: bool
    consent_from: str | None
    consent_covering: str | None
    consent_reason_not_obtained: str | None
    allocated_to: str | None
    rag_history: tuple[RagChange, ...]
    chronology: tuple[Happening, ...]
    research: tuple[ResearchEntry, ...]
    own_panel: OwnPanel | None
    disclosures: tuple[SharedItem, ...]
    decisions: tuple[DecisionEntry, ...]
    #: The status, RAG, due time, allocation and closing carry a valid
    #: signature of the member who set them (False: altered outside the hub).
    state_verified: bool = True

    @property
    def subject_line(self) -> str:
        return "; ".join(p.name for p in self.subjects) or "(no subject recorded)"

    @property
    def decision(self) -> DecisionEntry | None:
        return self.decisions[-1] if self.decisions else None
