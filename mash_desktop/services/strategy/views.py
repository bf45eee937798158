"""What a reader sees of a case's strategy discussions, and the queue's figures.

The case reader (services/case/reader.py) lists a case's discussions through
:func:`discussions_for`, each with its signature checked; the queue asks
:func:`open_actions_by_case` for the actions still open and past due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ...domain.strategy import ActionEntry, AttendeeEntry, DiscussionEntry
from ...security.trust import Trust
from ...store.models import Agency, Referral, User
from ...store.strategy_models import StrategyAction, StrategyDiscussion
from .signing import action_done_verified, discussion_verified


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
                           discussion_verified(session, trust, d, reference))


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

