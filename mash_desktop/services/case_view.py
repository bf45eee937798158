"""One referral as a signed-in member of the hub may see it.

The shared record (people, concerns, status, due times, research, decisions),
which agencies have written panels, the caller's own agency panel in clear,
and the disclosures the caller may know of. Each look is audited
(``case.view``; DPA 2018 s62 consultation). A case that is not allocated to
the caller or to anyone of their agency, and that their agency was not asked
to research, opens only with a reason, kept as the event's justification.
The audit never holds what was seen.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotPermitted
from ..security.accounts import SignedIn
from ..security.audit import record
from ..security.vault import CASEWORK_ROLES
from ..store.database import Database
from ..store.models import Decision, Person, Referral, ReferralPerson, ResearchRequest, User
from .disclosures import DisclosureView, disclosures_for
from .panels import PanelView, panel_states, read_panel
from .referrals import referral_by_reference
from .signed_state import decision_verified, referral_state_verified

MAX_REASON = 1000


def _when(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _person(link: ReferralPerson) -> dict[str, object]:
    p: Person = link.person
    return {"given_name": p.given_name, "family_name": p.family_name,
            "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
            "expected_due_date": p.expected_due_date.isoformat() if p.expected_due_date else None,
            "gender": p.gender, "town": p.town, "postcode": p.postcode, "school": p.school, "gp": p.gp,
            "relationship": link.relationship_to_subject}


def _panel(view: PanelView) -> dict[str, object]:
    return {"agency": view.agency, "state": view.state, "nothing_known": view.nothing_known,
            "updated_at": _when(view.updated_at)}


def _disclosure(v: DisclosureView) -> dict[str, object]:
    return {"id": v.id, "from": v.from_agency, "to": v.to, "basis": v.basis.value,
            "gateway": v.gateway.value if v.gateway else None, "consent": v.consent.value,
            "consent_reason": v.consent_reason, "handling": v.handling.value, "justification": v.justification,
            "disclosed_by": v.disclosed_by, "disclosed_at": _when(v.disclosed_at),
            "authorised_by": v.authorised_by, "authorised_at": _when(v.authorised_at),
            "pending": v.pending, "altered": v.altered, "text": v.text}


def is_involved(session: Session, signed: SignedIn, referral: Referral) -> bool:
    """Allocated to the caller or their agency, or their agency asked to research."""
    if referral.allocated_to_id is not None:
        officer = session.get(User, referral.allocated_to_id)
        if officer.id == signed.actor.user_id or officer.agency_id == signed.actor.agency_id:
            return True
    asked = session.scalar(select(ResearchRequest.id).where(ResearchRequest.referral_id == referral.id,
                                                            ResearchRequest.agency_id == signed.actor.agency_id))
    return asked is not None


def _shared(session: Session, signed: SignedIn, referral: Referral) -> dict[str, object]:
    research = session.scalars(select(ResearchRequest).where(ResearchRequest.referral_id == referral.id)
                               .order_by(ResearchRequest.requested_at, ResearchRequest.id))
    decisions = session.scalars(select(Decision).where(Decision.referral_id == referral.id).order_by(Decision.id))
    officer = referral.allocated_to
    return {
        "reference": referral.reference, "status": referral.status.value,
        "state_verified": referral_state_verified(session, signed.trust, referral),
        "rag": referral.rag.value if referral.rag else None,
        "received_at": _when(referral.received_at), "decision_due_at": _when(referral.decision_due_at),
        "source": referral.source.value, "channel": referral.channel.value,
        "referrer": {"name": referral.referrer_name, "role": referral.referrer_role,
                     "organisation": referral.referrer_organisation},
        "subjects": [_person(p) for p in referral.people if p.is_subject],
        "household": [_person(p) for p in referral.people if not p.is_subject],
        "concerns": {"categories": sorted(c.category.value for c in referral.concerns),
                     "details": referral.concern_details},
        "parents_aware": referral.parents_aware, "consent_obtained": referral.consent_obtained,
        "allocated_to": {"username": officer.username, "name": officer.display_name} if officer else None,
        "research": [{"agency": r.agency.code, "status": r.status.value, "requested_at": _when(r.requested_at),
                      "due_at": _when(r.due_at), "returned_at": _when(r.returned_at)} for r in research],
        "decisions": [{"outcome": d.outcome.value, "level": d.threshold_level, "rationale": d.rationale,
                       "named_service": d.named_service, "decided_at": _when(d.decided_at),
                       "verified": decision_verified(session, signed.trust, d, referral.reference)}
                      for d in decisions],
    }


def view_case(db: Database, signed: SignedIn, reference: str, reason: str | None = None) -> dict[str, object]:
    """The referral as JSON-ready data; refused without a reason where one is needed."""
    reason = (reason or "").strip()[:MAX_REASON] or None
    with db.write() as session:
        referral = referral_by_reference(session, reference)
        involved = is_involved(session, signed, referral)
        if not involved and reason is None:
            record(session, signed.actor, "case.view_refused", "referral", referral.reference)
            view = None
        else:
            record(session, signed.actor, "case.view", "referral", referral.reference, justification=reason,
                   detail={"involved": involved})
            view = _shared(session, signed, referral)
            view["panels"] = [_panel(p) for p in panel_states(session, referral, signed.actor.agency_id)]
            view["disclosures"] = [_disclosure(d) for d in disclosures_for(session, signed, referral)]
    if view is None:
        raise NotPermitted(f"{referral.reference} is not allocated to you or your agency, nor is your agency "
                           "researching it: give the reason you need to open it.")
    own = None
    if signed.actor.roles & CASEWORK_ROLES:
        panel = read_panel(db, signed, referral.reference, signed.actor.agency_code)
        own = _panel(panel) | {"text": panel.text}
    view["own_panel"] = own
    return view
