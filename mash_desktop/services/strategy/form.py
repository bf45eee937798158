"""What the strategy discussion dialog needs before anything is typed.

The case's reference and whether its concerns call for a discussion the same
working day, the hub's partner agencies (to say who attended and who owns an
action), the members an action may be given to, and the hub calendar (to
show the ICPC due date as the decision is chosen). Nothing of the case's
text: the dialog shows the case through the case reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...domain import access
from ...domain.codes import AgencyKind, Status
from ...domain.strategy import same_day_expected
from ...domain.timescales import HubCalendar
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Agency, User
from ..calendar import hub_calendar
from ..enrolment.hub_setup import HUB_CODE
from ..intake.referrals import referral_by_reference


@dataclass(frozen=True)
class AgencyChoice:
    code: str
    name: str
    kind: AgencyKind


@dataclass(frozen=True)
class MemberChoice:
    username: str
    name: str
    agency: str  # code


@dataclass(frozen=True)
class StrategyForm:
    reference: str
    same_day: bool
    closed: bool
    agencies: tuple[AgencyChoice, ...]
    members: tuple[MemberChoice, ...]
    calendar: HubCalendar


def strategy_form(db: Database, signed: SignedIn, reference: str) -> StrategyForm:
    signed.require(*access.roles_for(access.Step.STRATEGY))
    with db.read() as session:
        referral = referral_by_reference(session, reference)
        agencies = tuple(AgencyChoice(a.code, a.name, a.kind) for a in session.scalars(
            select(Agency).where(Agency.active.is_(True), Agency.code != HUB_CODE).order_by(Agency.name)))
        members = tuple(MemberChoice(u.username, u.display_name, u.agency.code) for u in session.scalars(
            select(User).join(Agency, Agency.id == User.agency_id)
            .where(User.active.is_(True), Agency.code != HUB_CODE).order_by(User.display_name))
            if access.holds(u.roles, access.CASEWORK_ROLES))
        return StrategyForm(referral.reference, same_day_expected(c.category for c in referral.concerns),
                            referral.status is Status.CLOSED, agencies, members, hub_calendar(session))
