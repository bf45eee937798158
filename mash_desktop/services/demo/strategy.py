"""Demo hub: strategy discussions on the cases decided for one, for a trainer to show.

The first two open demo cases rated Red (screened, not closed) get one,
recorded by the CSC decision maker two hours after the contact came in, with
children's social care, the police and health (the school sent apologies): the first
starts s47 enquiries (one action done, one open), the second continues as a
child in need. Every time is before the demo's "now" (and the real one).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ...domain.codes import Rag, Status
from ...domain.strategy import S47Decision
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Referral
from ...store.strategy_models import StrategyAction, StrategyDiscussion
from ...store.types import utcnow
from ..intake.referrals import HUB_ZONE
from ..strategy.discussions import ActionInput, AttendeeInput, DiscussionInput, complete_action, record_discussion

ATTENDEES = (AttendeeInput("Social work team manager", "Chair", "CSC"),
             AttendeeInput("Detective sergeant, child protection", "Police lead", "POL"),
             AttendeeInput("Named nurse for safeguarding", "Health lead", "HLT"),
             AttendeeInput("Designated safeguarding lead", "School", "EDU", present=False))
SHARED = ("Police: two call-outs to the address this year, no charges. Health: a missed paediatric appointment. "
          "Children's social care: the contact and the hub's research. School: sent a written update.")


def add_strategy(db: Database, decider: SignedIn, officer: SignedIn, now: dt.datetime) -> int:
    """Record the demo discussions; how many were recorded."""
    latest = min(now, utcnow())
    with db.read() as session:
        rows = session.execute(
            select(Referral.reference, Referral.received_at)
            .where(Referral.rag == Rag.RED, Referral.status.not_in([Status.NEW, Status.CLOSED]))
            .order_by(Referral.received_at)).all()
    made = 0
    for (reference, received_at), decision in zip(rows, (S47Decision.START_S47, S47Decision.CONTINUE_S17)):
        held = received_at + dt.timedelta(hours=2)
        if held > latest:
            continue
        day = held.astimezone(HUB_ZONE).date()
        actions = (ActionInput("Joint visit to see the child", day, owner_username=officer.actor.username),
                   ActionInput("Child protection medical", day + dt.timedelta(days=1), owner_agency="HLT"))
        discussion = record_discussion(db, decider.actor, reference, DiscussionInput(
            held, ATTENDEES, SHARED, decision,
            "Reasonable cause to suspect significant harm: the incidents together, and the missed appointment."
            if decision is S47Decision.START_S47 else
            "Needs are clear but the threshold for s47 is not met: a child in need assessment follows.",
            actions if decision is S47Decision.START_S47 else ()), now=held + dt.timedelta(minutes=30))
        if decision is S47Decision.START_S47:
            with db.read() as session:
                first = session.scalar(select(StrategyAction.id).where(StrategyAction.discussion_id == discussion)
                                       .order_by(StrategyAction.position))
            complete_action(db, officer.actor, first, now=min(latest, held + dt.timedelta(hours=5)))
        made += 1
    return made


def sample_case(db: Database) -> str | None:
    """The reference of the first demo case with a strategy discussion (the tour shows it)."""
    with db.read() as session:
        return session.scalar(select(Referral.reference).join(StrategyDiscussion,
                                                              StrategyDiscussion.referral_id == Referral.id)
                              .order_by(StrategyDiscussion.id).limit(1))
