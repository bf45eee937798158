"""Agency panels: each agency's findings on a referral, sealed to that agency.

A panel is AES-256-GCM ciphertext under the agency's current data key, with
associated data binding referral, agency and key version: copied to another
row it no longer opens. Only the agency's own members read it; everyone else
sees whether it exists. Every read, refusal and failure is audited.

Two people of one agency may edit the same panel at once. A writer says
which saved version they started from (:class:`SeenPanel`, the panel's
``updated_at`` as they read it); if someone saved the panel since, the write
is refused with :class:`PanelChanged`, naming who saved it and when, and the
other person's text is never silently replaced. Only a caller that passes no
``seen`` (the command line, which writes a whole panel from a file) replaces
whatever is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import ResearchStatus
from ...domain.errors import Conflict, FieldError, NotPermitted
from ...security import sealing, trust, vault
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...store.models import Agency, DataKey, Panel, Referral, ResearchRequest, User
from ...store.types import utcnow
from ..admin.agencies import agency_by_code
from ..intake.referrals import HUB_ZONE, referral_by_reference

MAX_PANEL_CHARS = 100_000


@dataclass(frozen=True)
class PanelView:
    agency: str
    state: str  # "readable", "unreadable", "sealed" (another agency's), "empty"
    text: str | None = None
    nothing_known: bool = False
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class SeenPanel:
    """The panel as a writer last saw it: when it was saved (None: not written then)."""

    updated_at: dt.datetime | None

    @classmethod
    def of(cls, view: PanelView) -> SeenPanel:
        """What a writer who read ``view`` has seen."""
        return cls(view.updated_at if view.state != "empty" else None)


@dataclass(frozen=True)
class SavedPanel:
    """A saved panel: the key version used and the panel as it now stands."""

    key_version: int
    seen: SeenPanel


class PanelChanged(Conflict):
    """Someone saved the panel after the writer last saw it."""

    def __init__(self, message: str, by_name: str | None, at: dt.datetime | None) -> None:
        super().__init__(message)
        self.by_name, self.at = by_name, at


def _when(at: dt.datetime, today: dt.date | None = None) -> str:
    local = at.astimezone(HUB_ZONE)
    text = f"at {local:%H:%M}"
    if local.date() != (today or utcnow().astimezone(HUB_ZONE).date()):
        text += f" on {local.day} {local:%b %Y}"
    return text


def _changed(session: Session, reference: str, agency: Agency, panel: Panel | None) -> PanelChanged:
    if panel is None:
        return PanelChanged(f"The {agency.code} panel on {reference} is no longer there. Reload the case.",
                            None, None)
    user = session.get(User, panel.updated_by_id) if panel.updated_by_id is not None else None
    who = user.display_name if user else "Someone"
    return PanelChanged(f"{who} saved the {agency.code} panel on {reference} {_when(panel.updated_at)}, after "
                        "you opened it. Your text was not saved: reload the panel to see theirs, then add "
                        "yours.", user.display_name if user else None, panel.updated_at)


def agency_write_key(session: Session, signed: SignedIn, agency: Agency) -> tuple[DataKey, bytes]:
    """The agency's current key, rotated first if a member was removed."""
    me = session.get(User, signed.actor.user_id)
    checked = signed.trust
    if not vault.is_verified_member(session, me, checked):
        raise NotPermitted("Your account has not been confirmed by a supervisor of your agency yet.")
    if agency.rotation_needed:
        checked.own_agency_check(agency)
        members = vault.verified_members(session, agency.id, checked)
        key, key_bytes = vault.new_data_key(session, vault.AGENCY, agency, members, me, signed.keychain.keys.signing,
                                            checked)
        agency.rotation_needed = False
        record(session, signed.actor, "key.rotate", "agency", agency.code, detail={"version": key.version})
        return key, key_bytes
    key = vault.current_key(session, vault.AGENCY, agency.id)
    if key is None:
        raise NotPermitted(f"{agency.code} has no keys yet.")
    return key, signed.keychain.open(session, key)


def write_panel(db: Database, signed: SignedIn, reference: str, text: str, *,
                research: ResearchStatus | None = None, seen: SeenPanel | None = None) -> int:
    """Save the caller's agency panel; return the key version used.

    ``seen`` is the panel as the writer last saw it: if it was saved since,
    :class:`PanelChanged` says who saved it and when, and nothing changes.
    Without ``seen`` the stored panel is replaced whatever it holds.
    """
    return save_panel(db, signed, reference, text, research=research, seen=seen).key_version


def save_panel(db: Database, signed: SignedIn, reference: str, text: str, *,
               research: ResearchStatus | None = None, seen: SeenPanel | None = None) -> SavedPanel:
    """:func:`write_panel`, returning also the panel as saved (for the next ``seen``)."""
    signed.require(*access.roles_for(access.Step.WRITE_PANEL))
    if len(text) > MAX_PANEL_CHARS:
        raise FieldError("text", f"a panel holds at most {MAX_PANEL_CHARS:,} characters")
    if "\x00" in text:
        raise FieldError("text", "the text contains a NUL character")
    with trust.audited(db, signed.actor), db.write() as session:
        # The referral's lock serialises writers of its panels, also of a first one.
        referral = referral_by_reference(session, reference, for_update=True)
        agency = session.get(Agency, signed.actor.agency_id)
        panel = session.scalar(select(Panel).where(Panel.referral_id == referral.id,
                                                   Panel.agency_id == agency.id).with_for_update())
        if seen is not None and seen.updated_at != (panel.updated_at if panel else None):
            raise _changed(session, referral.reference, agency, panel)
        key, key_bytes = agency_write_key(session, signed, agency)
        nonce, ct = sealing.seal_panel(key_bytes, referral.reference, agency.code, key.version, text)
        if panel is None:
            panel = Panel(referral_id=referral.id, agency_id=agency.id, key_version=key.version, nonce=nonce,
                          ciphertext=ct)
            session.add(panel)
        panel.key_version, panel.nonce, panel.ciphertext = key.version, nonce, ct
        panel.nothing_known = research is ResearchStatus.NOTHING_KNOWN
        panel.updated_at, panel.updated_by_id = utcnow(), signed.actor.user_id
        request = session.scalar(select(ResearchRequest).where(ResearchRequest.referral_id == referral.id,
                                                               ResearchRequest.agency_id == agency.id))
        if request is not None:
            request.status = research or (ResearchStatus.IN_PROGRESS if request.returned_at is None
                                          else request.status)
            if research in (ResearchStatus.RETURNED, ResearchStatus.NOTHING_KNOWN):
                request.returned_at = utcnow()
        record(session, signed.actor, "panel.write", "panel", f"{referral.reference}/{agency.code}",
               detail={"key_version": key.version, "characters": len(text),
                       "research": research.value if research else None,
                       "overwrite": seen is None})
        session.flush()
        return SavedPanel(key.version, SeenPanel(panel.updated_at))


def _open(session: Session, signed: SignedIn, referral: Referral, agency: Agency, panel: Panel) -> PanelView:
    key = session.scalar(select(DataKey).where(DataKey.scope == vault.AGENCY, DataKey.agency_id == agency.id,
                                               DataKey.version == panel.key_version))
    try:
        if key is None:
            raise sealing.DecryptionFailed("no such key version")
        text = sealing.open_panel(signed.keychain.open(session, key), referral.reference, agency.code,
                                  panel.key_version, panel.nonce, panel.ciphertext)
    except sealing.DecryptionFailed:
        record(session, signed.actor, "panel.unreadable", "panel", f"{referral.reference}/{agency.code}",
               detail={"key_version": panel.key_version})
        return PanelView(agency.code, "unreadable", None, panel.nothing_known, panel.updated_at)
    record(session, signed.actor, "panel.read", "panel", f"{referral.reference}/{agency.code}")
    return PanelView(agency.code, "readable", text, panel.nothing_known, panel.updated_at)


def read_panel(db: Database, signed: SignedIn, reference: str, agency_code: str) -> PanelView:
    """The caller's own agency panel in clear; any other agency's is refused."""
    with trust.audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference)
        agency = agency_by_code(session, agency_code)
        if not access.may_read_panel(signed.actor.roles, signed.actor.agency_id, agency.id):
            record(session, signed.actor, "panel.read_refused", "panel", f"{referral.reference}/{agency.code}")
            refused = NotPermitted(f"The {agency.code} panel is sealed: only {agency.code}'s own staff read it.")
        else:
            panel = session.scalar(select(Panel).where(Panel.referral_id == referral.id,
                                                       Panel.agency_id == agency.id))
            if panel is None:
                return PanelView(agency.code, "empty")
            return _open(session, signed, referral, agency, panel)
    raise refused


def own_panel(session: Session, signed: SignedIn, referral: Referral) -> PanelView | None:
    """The reader's own agency panel on a case, opened (and audited) in the caller's transaction.

    None for a reader who reads no panel (not casework staff).
    """
    agency = session.get(Agency, signed.actor.agency_id) if signed.actor.agency_id is not None else None
    if agency is None or not signed.actor.roles & vault.CASEWORK_ROLES:
        return None
    panel = session.scalar(select(Panel).where(Panel.referral_id == referral.id, Panel.agency_id == agency.id))
    if panel is None:
        return PanelView(agency.code, "empty")
    return _open(session, signed, referral, agency, panel)


def panel_states(session: Session, referral: Referral, own_agency_id: int | None) -> list[PanelView]:
    """Which agencies have written a panel; text only ever for the caller's own."""
    rows = session.execute(select(Panel, Agency).join(Agency, Agency.id == Panel.agency_id)
                           .where(Panel.referral_id == referral.id).order_by(Agency.code))
    return [PanelView(a.code, "readable" if a.id == own_agency_id else "sealed", None, p.nothing_known,
                      p.updated_at) for p, a in rows]


def require_panel(session: Session, referral: Referral, agency_id: int) -> Panel:
    panel = session.scalar(select(Panel).where(Panel.referral_id == referral.id, Panel.agency_id == agency_id))
    if panel is None:
        raise Conflict("Write your agency's panel before disclosing from it.")
    return panel
