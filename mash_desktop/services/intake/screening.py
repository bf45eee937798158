"""Screening by a supervisor: rate (or re-rate) a case and ask agencies to research.

Both may be done at once, in one transaction: a refused research request
leaves the rating unchanged too, so the supervisor can correct and retry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.codes import AgencyKind, Rag, Status
from ...domain.errors import FieldError
from ...security.accounts import SignedIn
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency, Referral, ResearchRequest
from ..case.casework import request_research, run_step, set_rag
from .referrals import referral_by_reference


@dataclass(frozen=True)
class AgencyChoice:
    code: str
    name: str


@dataclass(frozen=True)
class ScreeningState:
    """The case's status and rating, and who has been or could be asked to research."""

    reference: str
    status: Status
    rag: Rag | None
    asked: frozenset[str]
    agencies: tuple[AgencyChoice, ...]


@dataclass(frozen=True)
class ScreeningDone:
    rag: Rag | None
    asked: tuple[str, ...]


def research_agencies(session: Session) -> tuple[AgencyChoice, ...]:
    """Active partner agencies that can research; the hub's own management is not one."""
    rows = session.scalars(select(Agency).where(Agency.active.is_(True), Agency.kind != AgencyKind.HUB)
                           .order_by(Agency.code))
    return tuple(AgencyChoice(a.code, a.name) for a in rows)


def screening_state(db: Database, reference: str) -> ScreeningState:
    with db.read() as session:
        referral = referral_by_reference(session, reference)
        asked = frozenset(session.scalars(
            select(Agency.code).join(ResearchRequest, ResearchRequest.agency_id == Agency.id)
            .where(ResearchRequest.referral_id == referral.id)))
        return ScreeningState(referral.reference, referral.status, referral.rag, asked,
                              research_agencies(session))


def _screen(session: Session, actor: Actor, referral: Referral, rag: Rag | None, reason: str,
            agencies: tuple[str, ...], *, now: dt.datetime) -> ScreeningDone:
    if rag is not None:
        set_rag(session, actor, referral, rag, reason, now)
    made = request_research(session, actor, referral, agencies, now) if agencies else []
    return ScreeningDone(rag, tuple(sorted(r.agency.code for r in made)))


def screen(db: Database, signed: SignedIn, reference: str, *, rag: Rag | None, reason: str = "",
           research: Iterable[str] = ()) -> ScreeningDone:
    """Set the rating (with its reason) and/or ask agencies to research, together."""
    agencies = tuple(sorted({c.strip().upper() for c in research if c.strip()}))
    if rag is None and not agencies:
        raise FieldError("rag", "choose a rating or at least one agency to research")
    return run_step(db, signed.actor, reference, _screen, rag, reason, agencies)
