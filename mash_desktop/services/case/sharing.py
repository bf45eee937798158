"""What the disclosure and authorisation dialogs show before anything is shared.

:func:`sharing_state` gives the caller's own agency panel (read, and so
audited, through services/case/panels.py) and the agencies a disclosure may go to.
:func:`pending_disclosures` lists the disclosures of the caller's agency made
without consent that still wait for a supervisor, with their text: whoever
authorises a disclosure must see what it lets go. Each read is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...domain import access
from ...domain.case_record import DisclosureEntry
from ...domain.codes import ConsentPosition
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...security.account_state import account_roles
from ...store.models import Disclosure, Referral, User
from .disclosures import disclosure_view
from .panels import PanelView, read_panel
from ..intake.referrals import referral_by_reference
from ..intake.screening import AgencyChoice, research_agencies


@dataclass(frozen=True)
class SharingState:
    reference: str
    panel: PanelView
    recipients: tuple[AgencyChoice, ...]  # besides the whole hub
    #: Who else in the caller's agency may authorise a disclosure made
    #: without consent (supervisors and deputy authorisers); never the caller.
    authorisers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingDisclosure:
    reference: str
    view: DisclosureEntry
    mine: bool  # made by the caller, who may not authorise it


def sharing_state(db: Database, signed: SignedIn, reference: str) -> SharingState:
    """The caller's own panel on the case and the agencies they may disclose to."""
    panel = read_panel(db, signed, reference, signed.actor.agency_code or "")
    with db.read() as session:
        referral = referral_by_reference(session, reference)
        others = tuple(a for a in research_agencies(session) if a.code != signed.actor.agency_code)
        return SharingState(referral.reference, panel, others, _authorisers(session, signed))


def _authorisers(session, signed: SignedIn) -> tuple[str, ...]:
    """Active members of the caller's agency, other than the caller, whose signed roles may authorise."""
    members = session.scalars(select(User).where(User.agency_id == signed.actor.agency_id, User.active.is_(True),
                                                 User.id != signed.actor.user_id).order_by(User.display_name))
    return tuple(u.display_name for u in members
                 if access.may_act(account_roles(session, signed.trust, u) or frozenset(), access.Step.AUTHORISE))


def pending_disclosures(db: Database, signed: SignedIn, reference: str | None = None) -> list[PendingDisclosure]:
    """The agency's disclosures waiting for authorisation, oldest first; one case or all."""
    signed.require(*access.AUTHORISERS)
    with db.write() as session:
        query = (select(Disclosure, Referral).join(Referral, Referral.id == Disclosure.referral_id)
                 .where(Disclosure.from_agency_id == signed.actor.agency_id,
                        Disclosure.consent != ConsentPosition.GIVEN)
                 .order_by(Disclosure.disclosed_at, Disclosure.id))
        if reference is not None:
            query = query.where(Referral.id == referral_by_reference(session, reference).id)
        found: list[PendingDisclosure] = []
        read: dict[str, list[int]] = {}
        for disclosure, referral in session.execute(query):
            # Pending unless a verified authorisation exists: one written into
            # the row by hand does not take it off the supervisors' list.
            view = disclosure_view(session, signed, disclosure, referral)
            if view is None or not view.pending:
                continue
            found.append(PendingDisclosure(referral.reference, view,
                                           disclosure.disclosed_by_id == signed.actor.user_id))
            if view.text is not None:
                read.setdefault(referral.reference, []).append(view.id)
        for ref, ids in read.items():
            record(session, signed.actor, "disclosure.read", "referral", ref, detail={"ids": ids})
        return found
