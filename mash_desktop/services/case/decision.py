"""The MASH decision as the decision maker records it.

:func:`decision_state` says what the decision maker needs to know first (the
case's status and which agencies have not returned their research);
:func:`record_decision` records it through the lifecycle's rules, which need
an override reason while research is outstanding.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...domain.codes import Outcome, Rag, Status
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import ResearchRequest
from .casework import decide, run_step
from ..intake.referrals import referral_by_reference
from ..intake.screening import AgencyChoice


@dataclass(frozen=True)
class DecisionState:
    reference: str
    status: Status
    rag: Rag | None
    outstanding: tuple[AgencyChoice, ...]


@dataclass(frozen=True)
class DecisionInput:
    outcome: Outcome
    level: int
    rationale: str
    next_steps: str = ""
    named_service: str = ""
    override_reason: str = ""


def decision_state(db: Database, reference: str) -> DecisionState:
    with db.read() as session:
        referral = referral_by_reference(session, reference)
        waiting = session.scalars(select(ResearchRequest).where(
            ResearchRequest.referral_id == referral.id, ResearchRequest.returned_at.is_(None)))
        outstanding = sorted((AgencyChoice(r.agency.code, r.agency.name) for r in waiting), key=lambda a: a.code)
        return DecisionState(referral.reference, referral.status, referral.rag, tuple(outstanding))


def record_decision(db: Database, signed: SignedIn, reference: str, given: DecisionInput) -> None:
    """Record the decision; refused while research is missing unless overridden with a reason."""
    run_step(db, signed.actor, reference, decide, outcome=given.outcome, level=given.level,
             rationale=given.rationale, next_steps=given.next_steps or None,
             named_service=given.named_service or None, override_reason=given.override_reason or None)
