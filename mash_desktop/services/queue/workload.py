"""How busy each officer of an agency is, for a supervisor choosing who takes a case.

A case counts against an officer while it is allocated to them and not
closed. It is overdue while its decision is due before now and no decision
has been recorded yet. Cases are also counted by RAG rating ("not rated" for
a contact still waiting for screening).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select

from ...domain.access import CASE_HOLDERS
from ...domain.codes import Rag, Role, Status
from ...store.database import Database
from ...store.models import Referral, User
from ...store.types import utcnow
from ..admin.agencies import agency_by_code

# CASE_HOLDERS (domain/access.py): who may be given a case, and so is listed here.
_DONE = (Status.DECIDED, Status.CLOSED)


@dataclass(frozen=True)
class OfficerLoad:
    """One officer's open cases, how many are overdue, and their ratings."""

    username: str
    name: str
    roles: frozenset[Role]
    open_cases: int = 0
    overdue: int = 0
    by_rag: Mapping[Rag | None, int] = field(default_factory=dict)

    def count(self, rag: Rag | None) -> int:
        """Open cases rated ``rag`` (None: not rated yet)."""
        return self.by_rag.get(rag, 0)


def agency_workload(db: Database, agency_code: str, now: dt.datetime | None = None) -> list[OfficerLoad]:
    """Every active member of the agency who can take cases, by name, with their load."""
    now = now or utcnow()
    with db.read() as session:
        agency = agency_by_code(session, agency_code)
        people = [u for u in session.scalars(
            select(User).where(User.agency_id == agency.id, User.active.is_(True))
            .order_by(User.display_name, User.username)) if u.roles & CASE_HOLDERS]
        overdue = case((and_(Referral.decision_due_at < now, Referral.status.not_in(_DONE)), 1), else_=0)
        rows = session.execute(
            select(Referral.allocated_to_id, Referral.rag, func.count(Referral.id), func.sum(overdue))
            .where(Referral.allocated_to_id.in_([u.id for u in people]), Referral.status != Status.CLOSED)
            .group_by(Referral.allocated_to_id, Referral.rag))
        counts: dict[int, dict[Rag | None, int]] = {}
        late: dict[int, int] = {}
        for user_id, rag, number, overdue_number in rows:
            counts.setdefault(user_id, {})[rag] = number
            late[user_id] = late.get(user_id, 0) + int(overdue_number or 0)
        return [OfficerLoad(u.username, u.display_name, u.roles, sum(counts.get(u.id, {}).values()),
                            late.get(u.id, 0), counts.get(u.id, {})) for u in people]
