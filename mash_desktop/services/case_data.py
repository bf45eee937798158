"""A case as the signed-in reader may see it, gathered for a document.

Uses the same rules as opening the case on screen: casework staff only; a
case their agency is not involved in opens only with a reason (kept as the
audit event's justification); other agencies' panels are reported only as a
state; disclosures appear only where the reader can open them. Each look is
audited as the services it goes through audit it (``case.view``,
``disclosure.read``, ``panel.read``).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.codes import Rag, Role
from ..domain.errors import NotPermitted
from ..reports.case_record import (CaseRecord, DecisionEntry, Happening, OwnPanel, PersonEntry, RagChange,
                                   Referrer, ResearchEntry, SharedItem)
from ..security.accounts import SignedIn
from ..security.audit import record
from ..store.database import Database
from ..store.models import Agency, Decision, Referral, ReferralEvent, ReferralPerson, ResearchRequest, User
from .case_view import MAX_REASON, is_involved
from .disclosures import HUB, DisclosureView, disclosures_for
from .hub_setup import HUB_CODE
from .panels import panel_states, read_panel
from .referrals import referral_by_reference
from .signed_state import decision_verified, referral_state_verified

HUB_TITLE = "Multi-Agency Safeguarding Hub"
_DEFAULT_HUB_NAME = "Hub management"
_STEPS = {"screen": "Screened", "request_research": "Research requested from partner agencies",
          "submit_for_decision": "Sent for decision", "decide": "Decision recorded", "close": "Closed",
          "reopen": "Reopened"}


def hub_name(session: Session) -> str:
    """The hub's own name, if an administrator gave it one."""
    name = session.scalar(select(Agency.name).where(Agency.code == HUB_CODE))
    return name if name and name != _DEFAULT_HUB_NAME else HUB_TITLE


def _names(session: Session) -> tuple[dict[int, str], dict[str, str]]:
    people = {user_id: name for user_id, name in session.execute(select(User.id, User.display_name))}
    agencies = {code: name for code, name in session.execute(select(Agency.code, Agency.name))}
    return people, agencies


def _person(link: ReferralPerson) -> PersonEntry:
    p = link.person
    address = ", ".join(x for x in (p.address_line1, p.address_line2, p.town, p.postcode) if x) or None
    return PersonEntry(p.full_name, p.given_name, p.date_of_birth, p.expected_due_date, p.gender,
                       link.relationship_to_subject, p.ethnicity, p.first_language, p.interpreter_needed, address,
                       p.school, p.gp, link.care_and_support_needs, link.has_capacity)


def _shared(v: DisclosureView, agencies: dict[str, str]) -> SharedItem:
    return SharedItem(v.id, v.from_agency, agencies.get(v.from_agency, v.from_agency), v.to,
                      HUB_TITLE if v.to == HUB else agencies.get(v.to, v.to), v.text or "", v.basis, v.gateway,
                      v.consent, v.consent_reason, v.handling, v.justification, v.disclosed_by, v.disclosed_at,
                      v.authorised_by, v.authorised_at)


def _history(session: Session, referral: Referral, people: dict[int, str]
             ) -> tuple[list[RagChange], list[Happening]]:
    rags, happenings = [], []
    for e in session.scalars(select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)
                             .order_by(ReferralEvent.at, ReferralEvent.id)):
        by = people.get(e.by_id) if e.by_id else None
        if e.kind == "rag" and e.to_rag is not None:
            rags.append(RagChange(e.at, e.from_rag, e.to_rag, e.reason, by))
            happenings.append(Happening(e.at, f"RAG set to {Rag(e.to_rag).value.title()}", by, e.reason))
        else:
            happenings.append(Happening(e.at, _STEPS.get(e.kind, e.kind), by, e.reason))
    return rags, happenings


def _research(session: Session, referral: Referral, own_agency_id: int | None, agencies: dict[str, str]
              ) -> list[ResearchEntry]:
    states = {p.agency: "nothing known" if p.nothing_known else "written"
              for p in panel_states(session, referral, own_agency_id)}
    rows = session.scalars(select(ResearchRequest).where(ResearchRequest.referral_id == referral.id)
                           .order_by(ResearchRequest.requested_at, ResearchRequest.id))
    return [ResearchEntry(r.agency.code, agencies.get(r.agency.code, r.agency.code), r.status, r.requested_at,
                          r.due_at, r.returned_at, states.get(r.agency.code, "not written")) for r in rows]


def _decisions(session: Session, signed: SignedIn, referral: Referral, people: dict[int, str]
               ) -> list[DecisionEntry]:
    rows = session.scalars(select(Decision).where(Decision.referral_id == referral.id).order_by(Decision.id))
    return [DecisionEntry(d.outcome, d.threshold_level, d.rationale, d.next_steps, d.named_service,
                          d.research_override_reason, people.get(d.decided_by_id, "—"), d.decided_at,
                          decision_verified(session, signed.trust, d, referral.reference))
            for d in rows]


def _chronology(referral: Referral, happenings: list[Happening], research: list[ResearchEntry],
                shared: list[SharedItem], decisions: list[DecisionEntry]) -> tuple[Happening, ...]:
    lines = [Happening(referral.received_at, f"Referral received ({referral.channel.label.lower()})",
                       referral.referrer_name or referral.source.label), *happenings]
    lines += [Happening(r.returned_at, f"{r.agency_name} returned research", None, r.status.label)
              for r in research if r.returned_at]
    lines += [Happening(s.disclosed_at, f"{s.from_agency_name} disclosed to "
                        f"{'the hub' if s.to == HUB else s.to_name}", s.disclosed_by, s.basis.label)
              for s in shared]
    lines += [Happening(d.decided_at, f"Decision: {d.outcome.label}", d.decided_by, None) for d in decisions]
    return tuple(sorted(lines, key=lambda h: h.at))


def gather(db: Database, signed: SignedIn, reference: str, purpose: str, reason: str | None = None
           ) -> CaseRecord:
    """What ``signed`` may see of the case, for a document of ``purpose``."""
    signed.require(Role.OFFICER, Role.SUPERVISOR, Role.DECISION_MAKER)
    reason = (reason or "").strip()[:MAX_REASON] or None
    with db.write() as session:
        referral = referral_by_reference(session, reference)
        involved = is_involved(session, signed, referral)
        if not involved and reason is None:
            record(session, signed.actor, "case.view_refused", "referral", referral.reference,
                   detail={"purpose": purpose})
            case = None
        else:
            record(session, signed.actor, "case.view", "referral", referral.reference, justification=reason,
                   detail={"involved": involved, "purpose": purpose})
            case = _gather(session, signed, referral)
            agency_name = session.get(Agency, signed.actor.agency_id).name
    if case is None:
        raise NotPermitted(f"{referral.reference} is not allocated to you or your agency, nor is your agency "
                           "researching it: give the reason you need it.")
    own = read_panel(db, signed, case.reference, signed.actor.agency_code)
    return replace(case, own_panel=OwnPanel(own.agency, agency_name, own.text, own.state, own.nothing_known,
                                            own.updated_at))


def _gather(session: Session, signed: SignedIn, referral: Referral) -> CaseRecord:
    people, agencies = _names(session)
    shared = [_shared(v, agencies) for v in disclosures_for(session, signed, referral)
              if v.text is not None and not v.pending]  # pending: not shared with anyone yet
    rags, happenings = _history(session, referral, people)
    research = _research(session, referral, signed.actor.agency_id, agencies)
    decisions = _decisions(session, signed, referral, people)
    referrer_agency = session.get(Agency, referral.referrer_agency_id) if referral.referrer_agency_id else None
    return CaseRecord(
        hub=hub_name(session), reference=referral.reference, status=referral.status, rag=referral.rag,
        received_at=referral.received_at, decision_due_at=referral.decision_due_at, source=referral.source,
        channel=referral.channel,
        referrer=Referrer(referral.referrer_name, referral.referrer_role, referral.referrer_organisation,
                          referrer_agency.code if referrer_agency else None, referral.referrer_email,
                          referral.referrer_phone, referral.referrer_is_public),
        subjects=tuple(_person(p) for p in referral.people if p.is_subject),
        household=tuple(_person(p) for p in referral.people if not p.is_subject),
        concern_categories=tuple(sorted((c.category for c in referral.concerns), key=lambda c: c.value)),
        concern_details=referral.concern_details, parents_aware=referral.parents_aware,
        parents_not_aware_reason=referral.parents_not_aware_reason, consent_obtained=referral.consent_obtained,
        consent_from=referral.consent_from, consent_covering=referral.consent_covering,
        consent_reason_not_obtained=referral.consent_reason_not_obtained,
        allocated_to=referral.allocated_to.display_name if referral.allocated_to else None,
        rag_history=tuple(rags), chronology=_chronology(referral, happenings, research, shared, decisions),
        research=tuple(research), own_panel=None, disclosures=tuple(shared), decisions=tuple(decisions),
        state_verified=referral_state_verified(session, signed.trust, referral))
