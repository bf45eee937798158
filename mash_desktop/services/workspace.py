"""A case as the case workspace shows it to the signed-in reader.

Built on :func:`case_data.gather`, so the same rules hold as for documents:
casework staff only, a reason where the reader's agency is not involved (it
goes into the ``case.view`` audit event), other agencies' panels only as a
state, disclosures only where the reader may open them. On top of that the
workspace needs what a document leaves out: a chronology tagged by agency,
the state of every other agency's panel, and the disclosures waiting for a
manager's authorisation, listed without their text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.codes import ConsentPosition, ResearchStatus, Role
from ..domain.errors import NotPermitted
from ..reports.case_record import CaseRecord
from ..security.accounts import SignedIn
from ..store.database import Database
from ..store.models import Agency, Decision, Disclosure, Referral, ReferralEvent, ResearchRequest, User
from .case_data import gather
from .case_history import EarlierCase, earlier_cases
from .case_view import is_involved
from .panels import panel_states
from .referrals import referral_by_reference
from .signed_state import ALTERED, authorisation_verified, decision_verified, disclosure_verified

PURPOSE = "case_workspace"
_STEPS = {"screen": "Screened", "request_research": "Research requested", "submit_for_decision":
          "Sent for decision", "close": "Closed", "reopen": "Reopened"}
#: Where a line goes among lines of the same moment: the order a case runs in.
_PHASE = {"received": 0, "screen": 1, "rag": 2, "request_research": 3, "asked": 4, "returned": 5,
          "disclosed": 6, "submit_for_decision": 7, "decision": 8, "close": 9, "reopen": 10}


class ReasonNeeded(NotPermitted):
    """The case opens for this reader only with a reason, kept in the audit trail."""

    def __init__(self, reference: str, message: str) -> None:
        super().__init__(message)
        self.reference = reference


@dataclass(frozen=True)
class Entry:
    """One line of the chronology, tagged with the agency it concerns."""

    at: dt.datetime
    agency: str
    what: str
    by: str | None = None
    note: str | None = None


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
class PendingDisclosure:
    """A disclosure still waiting for a manager's authorisation: no text."""

    id: int
    from_agency: str
    to_name: str
    disclosed_by: str
    disclosed_at: dt.datetime


@dataclass(frozen=True)
class Workspace:
    case: CaseRecord
    chronology: tuple[Entry, ...]
    other_panels: tuple[PanelState, ...]
    pending: tuple[PendingDisclosure, ...]
    own_research: ResearchStatus | None  # the reader's agency's research request, if asked
    can_write_panel: bool
    reason: str | None  # the reason given to open the case; documents need it again
    #: Other referrals about the same subjects, newest first.
    earlier: tuple[EarlierCase, ...] = ()


def open_workspace(db: Database, signed: SignedIn, reference: str, reason: str | None = None) -> Workspace:
    """The case for the workspace; raises :class:`ReasonNeeded` where a reason is needed."""
    signed.require(Role.OFFICER, Role.SUPERVISOR, Role.DECISION_MAKER)
    reason = (reason or "").strip() or None
    try:
        case = gather(db, signed, reference, PURPOSE, reason)
    except NotPermitted as exc:
        if reason is None and not _involved(db, signed, reference):
            raise ReasonNeeded(reference, exc.message) from None
        raise
    with db.read() as session:
        referral = referral_by_reference(session, case.reference)
        names = {k: v for k, v in session.execute(select(Agency.code, Agency.name))}
        own_request = session.scalar(select(ResearchRequest.status).where(
            ResearchRequest.referral_id == referral.id, ResearchRequest.agency_id == signed.actor.agency_id))
        return Workspace(case, tuple(_chronology(session, signed, referral, names)),
                         tuple(_other_panels(session, signed, referral, names)),
                         tuple(_pending(session, signed, referral, names)), own_request,
                         bool(signed.actor.roles & {Role.OFFICER, Role.SUPERVISOR}), reason,
                         earlier_cases(session, referral))


def _involved(db: Database, signed: SignedIn, reference: str) -> bool:
    with db.read() as session:
        return is_involved(session, signed, referral_by_reference(session, reference))


def _other_panels(session: Session, signed: SignedIn, referral: Referral, names: dict[str, str]
                  ) -> list[PanelState]:
    own = signed.actor.agency_code
    written = {p.agency: p for p in panel_states(session, referral, signed.actor.agency_id)}
    asked = {r.agency.code: r.status for r in session.scalars(
        select(ResearchRequest).where(ResearchRequest.referral_id == referral.id))}
    states = []
    for code in sorted((set(written) | set(asked)) - {own}):
        panel = written.get(code)
        states.append(PanelState(code, names.get(code, code), panel is not None,
                                 bool(panel and panel.nothing_known), panel.updated_at if panel else None,
                                 asked.get(code)))
    return states


def _visible(session: Session, signed: SignedIn, referral: Referral) -> list[Disclosure]:
    """Disclosures the reader may know of (as the disclosure service lists them)."""
    mine = signed.actor.agency_id
    return list(session.scalars(select(Disclosure).where(Disclosure.referral_id == referral.id, or_(
        Disclosure.from_agency_id == mine, Disclosure.to_agency_id.is_(None), Disclosure.to_agency_id == mine)
    ).order_by(Disclosure.disclosed_at, Disclosure.id)))


def _is_pending(session: Session, signed: SignedIn, d: Disclosure) -> bool:
    """Without consent and without an authorisation that verifies."""
    return d.consent is not ConsentPosition.GIVEN and not authorisation_verified(session, signed.trust, d)


def _altered(session: Session, signed: SignedIn, d: Disclosure, reference: str) -> bool:
    claimed = d.authorised_by_id is not None or d.authorised_at is not None
    return not disclosure_verified(session, signed.trust, d, reference) or (
        claimed and not authorisation_verified(session, signed.trust, d))


def _to_name(d: Disclosure, codes: dict[int, str], names: dict[str, str]) -> str:
    return "the hub" if d.to_agency_id is None else names.get(codes[d.to_agency_id], codes[d.to_agency_id])


def _pending(session: Session, signed: SignedIn, referral: Referral, names: dict[str, str]
             ) -> list[PendingDisclosure]:
    codes = {k: v for k, v in session.execute(select(Agency.id, Agency.code))}
    people = {k: v for k, v in session.execute(select(User.id, User.display_name))}
    return [PendingDisclosure(d.id, codes[d.from_agency_id], _to_name(d, codes, names),
                              people.get(d.disclosed_by_id, "—"), d.disclosed_at)
            for d in _visible(session, signed, referral) if _is_pending(session, signed, d)]


def _chronology(session: Session, signed: SignedIn, referral: Referral, names: dict[str, str]) -> list[Entry]:
    codes = {k: v for k, v in session.execute(select(Agency.id, Agency.code))}
    people: dict[int, tuple[str | None, str]] = {
        uid: (name, codes[aid]) for uid, name, aid in session.execute(select(User.id, User.display_name,
                                                                              User.agency_id))}
    referrer_tag = codes.get(referral.referrer_agency_id or -1, referral.source.label)
    lines = [("received", Entry(referral.received_at, referrer_tag,
                                f"Referral received ({referral.channel.label.lower()})", referral.referrer_name))]
    for e in session.scalars(select(ReferralEvent).where(ReferralEvent.referral_id == referral.id,
                                                         ReferralEvent.kind != "decide")):  # a Decision says more
        name, tag = people.get(e.by_id or -1, (None, "—"))
        what = f"RAG set to {e.to_rag.value.title()}" if e.kind == "rag" and e.to_rag else \
            _STEPS.get(e.kind, e.kind)
        lines.append((e.kind, Entry(e.at, tag, what, name, e.reason)))
    for r in session.scalars(select(ResearchRequest).where(ResearchRequest.referral_id == referral.id)):
        lines.append(("asked", Entry(r.requested_at, r.agency.code, "Asked to research")))
        if r.returned_at:
            nothing = r.status is ResearchStatus.NOTHING_KNOWN
            lines.append(("returned", Entry(r.returned_at, r.agency.code,
                                            "Research returned" + (": nothing known" * nothing))))
    for d in _visible(session, signed, referral):
        to = _to_name(d, codes, names)
        what = f"Disclosure to {to} awaiting authorisation" if _is_pending(session, signed, d) \
            else f"Disclosed to {to}"
        if _altered(session, signed, d, referral.reference):
            what += f" ({ALTERED})"
        by, _ = people.get(d.disclosed_by_id, (None, "—"))
        lines.append(("disclosed", Entry(d.disclosed_at, codes[d.from_agency_id], what, by)))
    for dec in session.scalars(select(Decision).where(Decision.referral_id == referral.id)):
        name, tag = people.get(dec.decided_by_id, (None, "—"))
        what = f"Decision: {dec.outcome.label}"
        if not decision_verified(session, signed.trust, dec, referral.reference):
            what += f" ({ALTERED})"
        lines.append(("decision", Entry(dec.decided_at, tag, what, name)))
    lines.sort(key=lambda line: (line[1].at, _PHASE.get(line[0], 11)))
    return [entry for _, entry in lines]
