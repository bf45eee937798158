"""A case as one reader may see it: what the workspace shows, the documents
print and ``mash-admin referral show`` prints as JSON.

One service fills it in for a signed-in reader (the case reader, in one
transaction) and leaves out what the reader's agency may not see: other
agencies' panels appear only as a state, disclosures only where the reader
may know of them, with text only where they may read it. Nothing in this
module reads the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .acknowledgement import Acknowledgement
from .encompass import EncompassState
from .household import Household
from .lawful_basis import LawfulGround
from .no_share import NoShareEntry
from .codes import (
    Channel,
    ConcernCategory,
    ConsentPosition,
    DisclosureOutcome,
    ContactSource,
    HandlingCode,
    LawfulBasis,
    Outcome,
    Rag,
    ResearchStatus,
    StatutoryGateway,
    Status,
)
from .strategy import DiscussionEntry


#: What documents call the hub when it has no name of its own, and the
#: recipient of a disclosure made to the whole hub.
HUB_TITLE = "Multi-Agency Safeguarding Hub"


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
    nhs_number: str | None = None  # ten digits (domain/identifiers.py shows them spaced)
    upn: str | None = None  # unique pupil number


@dataclass(frozen=True)
class Referrer:
    name: str | None
    role: str | None
    organisation: str | None
    agency: str | None
    email: str | None
    phone: str | None
    member_of_public: bool
    #: The referrer asks not to be identified to the family: documents print
    #: :data:`WITHHELD` instead of who they are; hub staff see them, warned.
    withheld: bool = False

    @property
    def shown(self) -> str:
        """Who referred, as a document that may reach the family names them."""
        if self.withheld:
            return WITHHELD
        named = ", ".join(x for x in (self.name, self.role, self.organisation) if x)
        return named or ("Member of the public" if self.member_of_public else "Anonymous")


#: What documents print instead of a referrer who asked not to be identified.
WITHHELD = "Withheld at the referrer's request"


@dataclass(frozen=True)
class RagChange:
    at: dt.datetime
    from_rag: Rag | None
    to_rag: Rag
    reason: str | None
    by: str | None


@dataclass(frozen=True)
class ChronologyEntry:
    """One line of the case's chronology, tagged with the agency it concerns."""

    at: dt.datetime
    agency: str
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
class PanelState:
    """Another agency's panel: whether it is written, never what it says."""

    agency: str
    agency_name: str
    written: bool
    nothing_known: bool
    updated_at: dt.datetime | None
    research: ResearchStatus | None  # None: that agency was not asked to research

    @property
    def status(self) -> str:
        if self.nothing_known or (not self.written and self.research is ResearchStatus.NOTHING_KNOWN):
            return "nothing known"
        if self.written:
            return "written"
        if self.research is ResearchStatus.RETURNED:
            return "research returned, no panel written"
        return f"research {self.research.label.lower()}, not written yet" if self.research else "not written"


@dataclass(frozen=True)
class OwnPanel:
    agency: str
    agency_name: str
    text: str | None  # None: not written yet, or it could not be opened
    state: str
    nothing_known: bool
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class DisclosureEntry:
    """A disclosure the reader may know of, with everything that makes it lawful."""

    id: int
    from_agency: str
    from_agency_name: str
    to: str  # "hub" or an agency code
    to_name: str
    text: str | None  # None: not readable by this reader (pending, or not addressed to them)
    basis: LawfulBasis | None  # a one-code basis, recorded before bases were recorded in parts
    gateway: StatutoryGateway | None
    consent: ConsentPosition
    consent_reason: str | None
    handling: HandlingCode
    justification: str
    disclosed_by: str
    disclosed_at: dt.datetime
    authorised_by: str | None  # only an authorisation that verifies is shown
    authorised_at: dt.datetime | None
    #: Still waiting for a manager's authorisation: shared with nobody yet.
    pending: bool = False
    #: Its signatures do not hold: changed outside the hub.
    altered: bool = False
    #: Refused or returned instead of authorised (only one that verifies),
    #: the reason (to the disclosing agency only), by whom and when.
    outcome: DisclosureOutcome | None = None
    outcome_reason: str | None = None
    outcome_by: str | None = None
    outcome_at: dt.datetime | None = None
    #: Returned to the discloser, and this reader may withdraw it (access.may_withdraw_disclosure).
    may_withdraw: bool = False
    #: What kind of data was shared and its grounds in parts (domain/lawful_basis.py);
    #: consent from whom and covering whom when it was given.
    ground: LawfulGround | None = None
    consent_from: str | None = None
    consent_covering: str | None = None

    @property
    def shared(self) -> bool:
        """Readable by this reader and actually shared (not waiting for authorisation, nor refused or returned)."""
        return self.text is not None and not self.pending and self.outcome is None


@dataclass(frozen=True)
class EarlierCase:
    """Another referral about one of this referral's subjects."""

    reference: str
    status: Status
    received_at: dt.datetime
    closed_at: dt.datetime | None
    linked: bool  # the case this referral was linked to on intake


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
    chronology: tuple[ChronologyEntry, ...]
    research: tuple[ResearchEntry, ...]
    own_panel: OwnPanel | None
    #: Every disclosure the reader may know of, oldest first; see :attr:`shared`.
    disclosures: tuple[DisclosureEntry, ...]
    decisions: tuple[DecisionEntry, ...]
    #: The status, RAG, due time, allocation and closing carry a valid
    #: signature of the member who set them (False: altered outside the hub).
    state_verified: bool = True
    allocated_username: str | None = None
    #: Every other agency's panel, as a state only.
    other_panels: tuple[PanelState, ...] = ()
    #: The reader's agency's research request, if it was asked.
    own_research: ResearchStatus | None = None
    #: The reader may write their agency's panel.
    can_write_panel: bool = False
    #: The reason given to open the case (documents need it again).
    reason: str | None = None
    #: Other referrals about the same subjects, newest first.
    earlier: tuple[EarlierCase, ...] = ()
    #: A phone contact is confirmed in writing: when that is due (None: not a
    #: phone contact) and when it came (None: not yet); the received time
    #: matches the signed audit event that recorded it (False: altered).
    confirmation_due_at: dt.datetime | None = None
    confirmation_received_at: dt.datetime | None = None
    confirmation_verified: bool = True
    #: Everyone in the household across contacts, with their open and recent
    #: contacts (domain/household.py; services/people/household.py).
    family: Household = Household()
    #: The referrer's acknowledgement (None: none expected) and an Operation
    #: Encompass notification's clock (None: not one); see services/intake/.
    acknowledgement: Acknowledgement | None = None
    encompass: EncompassState | None = None
    #: The case's strategy discussions, oldest first (domain/strategy.py).
    strategy_discussions: tuple[DiscussionEntry, ...] = ()
    #: The reader's agency's decisions not to share on this case, oldest first
    #: (domain/no_share.py), and how many disclosures on the case the reader
    #: may not see or read (addressed to another agency, awaiting
    #: authorisation, refused, returned or withdrawn): a count only.
    not_to_share: tuple[NoShareEntry, ...] = ()
    unseen_disclosures: int = 0

    def confirmation_overdue(self, now: dt.datetime) -> bool:
        """Written confirmation was due before ``now`` and has not come."""
        return (self.confirmation_due_at is not None and self.confirmation_received_at is None
                and now > self.confirmation_due_at)

    @property
    def due_caption(self) -> str:
        """What ``decision_due_at`` is the time of: a contact not yet rated is
        due for screening (one working day from receipt); a rated one, for the decision."""
        return "Screening due" if self.rag is None and self.status is Status.NEW else "Decision due"

    @property
    def shared(self) -> tuple[DisclosureEntry, ...]:
        """The disclosures the reader may read that have been shared: what documents print."""
        return tuple(d for d in self.disclosures if d.shared)

    @property
    def not_shared(self) -> tuple[DisclosureEntry, ...]:
        """The disclosures a supervisor refused or returned to the discloser, or its agency withdrew: never shared."""
        return tuple(d for d in self.disclosures if d.outcome is not None)

    @property
    def pending(self) -> tuple[DisclosureEntry, ...]:
        """The disclosures still waiting for a manager's authorisation (listed without their text)."""
        return tuple(d for d in self.disclosures if d.pending)

    @property
    def subject_line(self) -> str:
        return "; ".join(p.name for p in self.subjects) or "(no subject recorded)"

    @property
    def decision(self) -> DecisionEntry | None:
        return self.decisions[-1] if self.decisions else None
