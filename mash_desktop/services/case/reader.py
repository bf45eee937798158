"""The one door into a case: what a signed-in reader may see of it.

:func:`open_case` reads a case for the workspace, for every document and for
``mash-admin referral show`` alike, in one transaction, under the rules of
``domain/access.py``: casework staff only; a case the reader's agency is not
involved in opens only with a reason, kept as the ``case.view`` event's
justification, unless its status makes it the reader's routine work
(a supervisor screening a new contact, a decision maker deciding a case sent
for decision); other agencies' panels appear only as a state; a disclosure
is listed only where the reader may know of it, with text only where they
may read it. Each look is audited (``case.view``, ``panel.read``,
``disclosure.read``; DPA 2018 s62 consultation), never with what was seen.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.case_record import (
    HUB_TITLE,
    CaseRecord,
    ChronologyEntry,
    DecisionEntry,
    DisclosureEntry,
    OwnPanel,
    PanelState,
    PersonEntry,
    RagChange,
    Referrer,
    ResearchEntry,
)
from ...domain.codes import Rag, ResearchStatus
from ...domain.errors import NotPermitted
from ...domain.household import Household
from ...security.accounts import SignedIn
from ...security.audit import record, recorded_last
from ...security.trust import audited
from ...store.database import Database
from ...store.models import Agency, Decision, Referral, ReferralEvent, ReferralPerson, ResearchRequest, User
from .history import earlier_cases
from ..people.household import household_for
from ...store.types import utcnow
from .disclosures import HUB, disclosures_for
from .no_share import decisions_for, unseen_disclosures
from ..enrolment.hub_setup import HUB_CODE
from .panels import PanelView, own_panel, panel_states
from ..intake.referrals import referral_by_reference
from ..intake.confirmation import confirmation_verified
from ..intake.acknowledgement import acknowledgement_of
from ..intake.encompass import encompass_of
from ..intake.withheld import referrer_withheld
from .signed_state import ALTERED, decision_verified, referral_state_verified
from ..strategy.views import discussions_for

#: The purpose a look at a case is audited with when it is for the workspace.
WORKSPACE = "case_workspace"
#: ... and when it is ``mash-admin referral show``.
COMMAND_LINE = "referral_show"
MAX_REASON = 1000
_DEFAULT_HUB_NAME = "Hub management"
#: What the chronology says for each step of the referral's own events.
_STEPS = {"screen": "Screened", "request_research": "Research requested", "submit_for_decision":
          "Sent for decision", "close": "Closed", "reopen": "Reopened",
          "confirmation": "Written confirmation received", "acknowledged": "Acknowledged to the referrer",
          "school_informed": "School's key adult told (Operation Encompass)"}
#: Where a line goes among lines of the same moment: the order a case runs in.
_PHASE = {"received": 0, "screen": 1, "rag": 2, "request_research": 3, "asked": 4, "returned": 5,
          "disclosed": 6, "submit_for_decision": 7, "decision": 8, "close": 9, "reopen": 10}


class ReasonNeeded(NotPermitted):
    """The case opens for this reader only with a reason, kept in the audit trail."""

    def __init__(self, reference: str, message: str) -> None:
        super().__init__(message)
        self.reference = reference


def clean_reason(reason: str | None) -> str | None:
    return (reason or "").strip()[:MAX_REASON] or None


def hub_name(session: Session) -> str:
    """The hub's own name, if an administrator gave it one."""
    name = session.scalar(select(Agency.name).where(Agency.code == HUB_CODE))
    return name if name and name != _DEFAULT_HUB_NAME else HUB_TITLE


def is_involved(session: Session, signed: SignedIn, referral: Referral) -> bool:
    """Allocated to the reader or their agency, their agency asked to research,
    or a member of their agency took a step on it (screened, rated, decided...):
    the decision maker who has just decided a case goes on to close it without
    being asked why they look."""
    agency = signed.actor.agency_id
    if referral.allocated_to_id is not None:
        officer = session.get(User, referral.allocated_to_id)
        if officer.id == signed.actor.user_id or officer.agency_id == agency:
            return True
    asked = select(ResearchRequest.id).where(ResearchRequest.referral_id == referral.id,
                                             ResearchRequest.agency_id == agency)
    acted = (select(ReferralEvent.id).join(User, User.id == ReferralEvent.by_id)
             .where(ReferralEvent.referral_id == referral.id, User.agency_id == agency))
    return session.scalar(asked.union_all(acted).limit(1)) is not None


def open_case(db: Database, signed: SignedIn, reference: str, purpose: str, reason: str | None = None, *,
              family: bool = True) -> CaseRecord:
    """What ``signed`` may see of the case, looked at for ``purpose``.

    ``family``: gather the household across contacts (``CaseRecord.family``);
    a document that does not show it leaves it out, and the record's family
    is then empty.

    Raises :class:`ReasonNeeded` (the refusal is audited) where the reader's
    agency is not involved and no reason is given.
    """
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    reason = clean_reason(reason)
    with audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference)
        involved = is_involved(session, signed, referral)
        decided = access.case_access(signed.actor.roles, involved, referral.status)
        if decided is access.CaseAccess.OPEN or (decided is access.CaseAccess.REASON_NEEDED and reason):
            detail = {"involved": involved, "purpose": purpose}
            if not involved and decided is access.CaseAccess.OPEN:
                detail["routine"] = referral.status.value  # opened for the work its status asks of this role
            # The view, the disclosures read and the panel opened are appended after the reading: the audit
            # chain's head is locked from the first append to the commit, and every writer of the hub waits.
            with recorded_last(session):
                record(session, signed.actor, "case.view", "referral", referral.reference, justification=reason,
                       detail=detail)
                return _read(session, signed, referral, reason, family)
        record(session, signed.actor, "case.view_refused", "referral", referral.reference,
               detail={"purpose": purpose})
    raise ReasonNeeded(referral.reference, f"{referral.reference} is not allocated to you or your agency, nor is "
                                           "your agency researching it: give the reason you need to open it.")


def _read(session: Session, signed: SignedIn, referral: Referral, reason: str | None, family: bool = True
          ) -> CaseRecord:
    names = _Names(session)
    disclosures = tuple(disclosures_for(session, signed, referral))
    asked = list(session.scalars(select(ResearchRequest).where(ResearchRequest.referral_id == referral.id)
                                 .order_by(ResearchRequest.requested_at, ResearchRequest.id)))
    panels = panel_states(session, referral, signed.actor.agency_id)
    decisions = _decisions(session, signed, referral, names)
    events = list(session.scalars(select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)
                                  .order_by(ReferralEvent.at, ReferralEvent.id)))
    own = own_panel(session, signed, referral)
    officer = referral.allocated_to
    referrer_agency = names.code(referral.referrer_agency_id) if referral.referrer_agency_id else None
    withheld = referrer_withheld(session, referral)
    return CaseRecord(
        hub=hub_name(session), reference=referral.reference, status=referral.status, rag=referral.rag,
        received_at=referral.received_at, decision_due_at=referral.decision_due_at, source=referral.source,
        channel=referral.channel,
        referrer=Referrer(referral.referrer_name, referral.referrer_role, referral.referrer_organisation,
                          referrer_agency, referral.referrer_email, referral.referrer_phone,
                          referral.referrer_is_public, withheld),
        subjects=tuple(_person(p) for p in referral.people if p.is_subject),
        household=tuple(_person(p) for p in referral.people if not p.is_subject),
        concern_categories=tuple(sorted((c.category for c in referral.concerns), key=lambda c: c.value)),
        concern_details=referral.concern_details, parents_aware=referral.parents_aware,
        parents_not_aware_reason=referral.parents_not_aware_reason, consent_obtained=referral.consent_obtained,
        consent_from=referral.consent_from, consent_covering=referral.consent_covering,
        consent_reason_not_obtained=referral.consent_reason_not_obtained,
        allocated_to=officer.display_name if officer else None,
        allocated_username=officer.username if officer else None,
        rag_history=tuple(RagChange(e.at, e.from_rag, e.to_rag, e.reason, names.person(e.by_id))
                          for e in events if e.kind == "rag" and e.to_rag is not None),
        chronology=_chronology(referral, events, asked, disclosures, decisions, names, withheld),
        research=_research(asked, panels, names),
        own_panel=None if own is None else OwnPanel(own.agency, names.agency_name(own.agency), own.text,
                                                    own.state, own.nothing_known, own.updated_at),
        disclosures=disclosures, decisions=tuple(d for d, _ in decisions),
        state_verified=referral_state_verified(session, signed.trust, referral),
        other_panels=_other_panels(signed, asked, panels, names),
        own_research=next((r.status for r in asked if r.agency_id == signed.actor.agency_id), None),
        can_write_panel=access.may_act(signed.actor.roles, access.Step.WRITE_PANEL),
        reason=reason, earlier=earlier_cases(session, referral),
        confirmation_due_at=referral.confirmation_due_at,
        confirmation_received_at=referral.confirmation_received_at,
        confirmation_verified=confirmation_verified(session, referral),
        acknowledgement=acknowledgement_of(session, referral), encompass=encompass_of(session, referral),
        strategy_discussions=discussions_for(session, signed.trust, referral),
        not_to_share=decisions_for(session, signed, referral),
        unseen_disclosures=unseen_disclosures(session, referral, sum(1 for d in disclosures if d.shared)),
        family=household_for(session, referral, utcnow(), signed) if family else Household())


class _Names:
    """Agency and member names, looked up once per case."""

    def __init__(self, session: Session) -> None:
        self.agencies = {i: (code, name) for i, code, name in session.execute(
            select(Agency.id, Agency.code, Agency.name))}
        self.by_code = {code: name for code, name in self.agencies.values()}
        self._session = session
        self._people: dict[int, tuple[str, int]] = {}

    def code(self, agency_id: int) -> str:
        return self.agencies[agency_id][0]

    def agency_name(self, code: str) -> str:
        return self.by_code.get(code, code)

    def _member(self, user_id: int) -> tuple[str, int] | None:
        if user_id not in self._people:
            row = self._session.execute(select(User.display_name, User.agency_id).where(User.id == user_id)).first()
            if row is None:
                return None
            self._people[user_id] = (row[0], row[1])
        return self._people[user_id]

    def person(self, user_id: int | None) -> str | None:
        member = self._member(user_id) if user_id is not None else None
        return member[0] if member else None

    def tag(self, user_id: int | None) -> str:
        """The code of the member's agency, for the chronology."""
        member = self._member(user_id) if user_id is not None else None
        return self.code(member[1]) if member else "—"


def _person(link: ReferralPerson) -> PersonEntry:
    p = link.person
    address = ", ".join(x for x in (p.address_line1, p.address_line2, p.town, p.postcode) if x) or None
    return PersonEntry(p.full_name, p.given_name, p.date_of_birth, p.expected_due_date, p.gender,
                       link.relationship_to_subject, p.ethnicity, p.first_language, p.interpreter_needed, address,
                       p.school, p.gp, link.care_and_support_needs, link.has_capacity, p.nhs_number, p.upn)


def _research(asked: list[ResearchRequest], panels: list[PanelView], names: _Names) -> tuple[ResearchEntry, ...]:
    states = {p.agency: "nothing known" if p.nothing_known else "written" for p in panels}
    return tuple(ResearchEntry(names.code(r.agency_id), names.agency_name(names.code(r.agency_id)), r.status,
                               r.requested_at, r.due_at, r.returned_at,
                               states.get(names.code(r.agency_id), "not written")) for r in asked)


def _other_panels(signed: SignedIn, asked: list[ResearchRequest], panels: list[PanelView], names: _Names
                  ) -> tuple[PanelState, ...]:
    written = {p.agency: p for p in panels}
    research = {names.code(r.agency_id): r.status for r in asked}
    states = []
    for code in sorted((set(written) | set(research)) - {signed.actor.agency_code}):
        panel = written.get(code)
        states.append(PanelState(code, names.agency_name(code), panel is not None,
                                 bool(panel and panel.nothing_known), panel.updated_at if panel else None,
                                 research.get(code)))
    return tuple(states)


def _decisions(session: Session, signed: SignedIn, referral: Referral, names: _Names
               ) -> list[tuple[DecisionEntry, str]]:
    """Each decision the case holds, with the code of the decision maker's agency."""
    rows = session.scalars(select(Decision).where(Decision.referral_id == referral.id).order_by(Decision.id))
    return [(DecisionEntry(d.outcome, d.threshold_level, d.rationale, d.next_steps, d.named_service,
                           d.research_override_reason, names.person(d.decided_by_id) or "—", d.decided_at,
                           decision_verified(session, signed.trust, d, referral.reference)),
             names.tag(d.decided_by_id)) for d in rows]


def _chronology(referral: Referral, events: list[ReferralEvent], asked: list[ResearchRequest],
                disclosures: tuple[DisclosureEntry, ...], decisions: list[tuple[DecisionEntry, str]],
                names: _Names, withheld: bool = False) -> tuple[ChronologyEntry, ...]:
    """Every step of the case the reader may know of, oldest first, tagged by agency."""
    referrer = names.code(referral.referrer_agency_id) if referral.referrer_agency_id else referral.source.label
    lines = [("received", ChronologyEntry(referral.received_at, referrer, "Referral received "
                                          f"({referral.channel.label.lower()})",
                                          None if withheld else referral.referrer_name))]
    for e in events:
        if e.kind == "decide":
            continue  # the decision itself says more
        what = f"RAG set to {Rag(e.to_rag).value.title()}" if e.kind == "rag" and e.to_rag else \
            _STEPS.get(e.kind, e.kind)
        lines.append((e.kind, ChronologyEntry(e.at, names.tag(e.by_id), what, names.person(e.by_id), e.reason)))
    for r in asked:
        code = names.code(r.agency_id)
        lines.append(("asked", ChronologyEntry(r.requested_at, code, "Asked to research")))
        if r.returned_at:
            nothing = r.status is ResearchStatus.NOTHING_KNOWN
            lines.append(("returned", ChronologyEntry(r.returned_at, code,
                                                      "Research returned" + (": nothing known" * nothing))))
    for d in disclosures:
        to = "the hub" if d.to == HUB else d.to_name
        what = (f"Disclosure to {to} awaiting authorisation" if d.pending else f"Disclosed to {to}" if not d.outcome
                else f"Disclosure to {to} {d.outcome.label.lower()}")
        lines.append(("disclosed", ChronologyEntry(d.disclosed_at, d.from_agency,
                                                   what + f" ({ALTERED})" * d.altered, d.disclosed_by)))
    for dec, tag in decisions:
        what = f"Decision: {dec.outcome.label}" + f" ({ALTERED})" * (not dec.verified)
        lines.append(("decision", ChronologyEntry(dec.decided_at, tag, what, dec.decided_by)))
    lines.sort(key=lambda line: (line[1].at, _PHASE.get(line[0], 11)))
    return tuple(entry for _, entry in lines)
