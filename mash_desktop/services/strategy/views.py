"""What a reader sees of a case's strategy discussions, and the queue's figures.

The case reader (services/case/reader.py) lists a case's discussions through
:func:`discussions_for`, each with its signature checked; the queue asks
:func:`queue_flags` what to say of a case: a discussion expected today, or
actions past due (:func:`open_actions_by_case`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ...domain.codes import Status
from ...domain.strategy import SAME_DAY_CONCERNS, SAME_DAY_LABEL, ActionEntry, AttendeeEntry, DiscussionEntry
from ...security.trust import Trust
from ...store.models import Agency, Referral, ReferralConcern, User
from ...store.strategy_models import StrategyAction, StrategyDiscussion
from .signing import action_done_verified, discussion_verified, icpc_verified


class _Names:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.agencies = {a.id: a for a in session.scalars(select(Agency))}

    def person(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        user = self.session.get(User, user_id)
        return user.display_name if user else "—"

    def owner(self, a: StrategyAction) -> str:
        if a.owner_user_id is not None:
            return self.person(a.owner_user_id) or "—"
        agency = self.agencies.get(a.owner_agency_id)
        return agency.name if agency else "—"


def _entry(session: Session, trust: Trust, d: StrategyDiscussion, reference: str, names: _Names
           ) -> DiscussionEntry:
    attendees = []
    for a in d.attendees:
        agency = names.agencies.get(a.agency_id) if a.agency_id else None
        attendees.append(AttendeeEntry(a.name, agency.code if agency else None,
                                       agency.name if agency else "Outside the hub", a.role,
                                       agency.kind if agency else None, bool(a.present)))
    actions = tuple(ActionEntry(a.id, a.text, names.owner(a), a.due_on, a.done_at, names.person(a.done_by_id),
                                action_done_verified(session, trust, a)) for a in d.actions)
    return DiscussionEntry(d.id, d.convened_at, names.person(d.recorded_by_id) or "—", tuple(attendees), d.shared,
                           d.decision, d.reasons, d.icpc_due_on, actions,
                           discussion_verified(session, trust, d, reference), d.icpc_held_on,
                           icpc_verified(session, trust, d, reference))


def discussions_for(session: Session, trust: Trust, referral: Referral) -> tuple[DiscussionEntry, ...]:
    """The case's strategy discussions, oldest first, each verified."""
    rows = session.scalars(select(StrategyDiscussion).where(StrategyDiscussion.referral_id == referral.id)
                           .order_by(StrategyDiscussion.convened_at, StrategyDiscussion.id))
    names = _Names(session)
    return tuple(_entry(session, trust, d, referral.reference, names) for d in rows)


@dataclass(frozen=True)
class OpenActions:
    open: int
    overdue: int
    next_due: dt.date | None


def open_actions_by_case(session: Session, referral_ids: Iterable[int], today: dt.date) -> dict[int, OpenActions]:
    """Per case (referral id), how many strategy actions are open and how many are past due."""
    ids = list(referral_ids)
    found: dict[int, OpenActions] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        overdue = func.sum(case((StrategyAction.due_on < today, 1), else_=0))
        rows = session.execute(
            select(StrategyDiscussion.referral_id, func.count(StrategyAction.id), overdue,
                   func.min(StrategyAction.due_on))
            .join(StrategyAction, StrategyAction.discussion_id == StrategyDiscussion.id)
            .where(StrategyDiscussion.referral_id.in_(chunk), StrategyAction.done_at.is_(None))
            .group_by(StrategyDiscussion.referral_id))
        for referral_id, count, late, first in rows:
            found[referral_id] = OpenActions(int(count), int(late or 0), first)
    return found



def queue_flags(session: Session, referral_ids: Iterable[int], today: dt.date) -> dict[int, str]:
    """Per case (referral id), what the queue says of its strategy discussions, in words:
    "Strategy discussion today" where its concerns call for one the same working
    day and none is recorded yet (and the case is not closed), and how many of
    its strategy actions are overdue."""
    ids = list(referral_ids)
    flags: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        held = set(session.scalars(select(StrategyDiscussion.referral_id)
                                   .where(StrategyDiscussion.referral_id.in_(chunk))))
        urgent = session.scalars(
            select(ReferralConcern.referral_id).distinct().join(Referral, Referral.id == ReferralConcern.referral_id)
            .where(ReferralConcern.referral_id.in_(chunk), ReferralConcern.category.in_(list(SAME_DAY_CONCERNS)),
                   Referral.status != Status.CLOSED))
        for referral_id in urgent:
            if referral_id not in held:
                flags.setdefault(referral_id, []).append(SAME_DAY_LABEL)
        for referral_id, counts in open_actions_by_case(session, chunk, today).items():
            if counts.overdue:
                plural = "s" if counts.overdue > 1 else ""
                flags.setdefault(referral_id, []).append(f"{counts.overdue} strategy action{plural} overdue")
    return {referral_id: "; ".join(words) for referral_id, words in flags.items()}
