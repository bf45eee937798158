"""A realistic synthetic hub for demonstrations, training and tests.

The seven agencies of DOMAIN.md with their seats, staff in every role, and
referrals in every state of the lifecycle with plausible concerns, household
members and due times (older open cases run overdue). Every name is generated.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.codes import AgencyKind, Outcome, Rag, ResearchStatus, Role, Status
from ..domain.errors import Conflict, FieldError
from ..domain.intake import parse_referral
from ..security.identity import LOCAL_ADMIN, Actor
from ..store.database import Database
from ..store.models import Agency, User
from ..store.types import utcnow
from . import casework
from .agencies import create_agency
from .demo_content import referral_payload, staff_name
from .referrals import HUB_ZONE, create_referral
from .users import create_user

#: (code, name, kind, seats): one founding hub's 50 seats.
AGENCIES = (
    ("POL", "County Police", AgencyKind.POLICE, 22),
    ("CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 12),
    ("ASC", "Adult Social Care", AgencyKind.ADULT_SOCIAL_CARE, 5),
    ("HLT", "Health Safeguarding Team", AgencyKind.HEALTH, 5),
    ("EDU", "Education Safeguarding", AgencyKind.EDUCATION, 3),
    ("EH", "Early Help Service", AgencyKind.EARLY_HELP, 2),
    ("PRB", "Probation Service", AgencyKind.PROBATION, 1),
)

#: Staff per agency: (username suffix, roles). Usernames are "<code>.<suffix>".
STAFF = {
    "POL": (("officer", [Role.OFFICER]), ("officer2", [Role.OFFICER]), ("supervisor", [Role.SUPERVISOR])),
    "CSC": (("officer", [Role.OFFICER]), ("officer2", [Role.OFFICER]), ("supervisor", [Role.SUPERVISOR]),
            ("decision", [Role.DECISION_MAKER]), ("admin", [Role.ADMIN]), ("auditor", [Role.AUDITOR])),
    "ASC": (("officer", [Role.OFFICER]), ("supervisor", [Role.SUPERVISOR]), ("decision", [Role.DECISION_MAKER])),
    "HLT": (("officer", [Role.OFFICER]), ("supervisor", [Role.SUPERVISOR])),
    "EDU": (("officer", [Role.OFFICER]), ("supervisor", [Role.SUPERVISOR])),
    "EH": (("officer", [Role.OFFICER]), ("supervisor", [Role.SUPERVISOR])),
    "PRB": (("officer", [Role.OFFICER, Role.SUPERVISOR]),),
}

#: How far along the lifecycle demo referrals get, and how often.
TARGETS = (
    (Status.NEW, 14), (Status.SCREENED, 12), (Status.RESEARCHING, 30),
    (Status.AWAITING_DECISION, 14), (Status.DECIDED, 10), (Status.CLOSED, 20),
)
OUTCOME_BY_RAG = {
    Rag.RED: (Outcome.STRATEGY_S47, Outcome.IMMEDIATE_PROTECTION, Outcome.STRATEGY_S47),
    Rag.AMBER: (Outcome.CHILD_IN_NEED_S17, Outcome.STRATEGY_S47, Outcome.EARLY_HELP),
    Rag.GREEN: (Outcome.EARLY_HELP, Outcome.INFORMATION_ADVICE, Outcome.NO_FURTHER_ACTION, Outcome.REFER_ON),
    Rag.BLUE: (Outcome.INFORMATION_ADVICE, Outcome.NO_FURTHER_ACTION),
}
LEVEL_BY_OUTCOME = {Outcome.STRATEGY_S47: 4, Outcome.IMMEDIATE_PROTECTION: 4, Outcome.CHILD_IN_NEED_S17: 3,
                    Outcome.EARLY_HELP: 2, Outcome.REFER_ON: 2, Outcome.INFORMATION_ADVICE: 1,
                    Outcome.NO_FURTHER_ACTION: 1, Outcome.CARE_ACT_S42: 4, Outcome.NEEDS_ASSESSMENT: 3}


@dataclass(frozen=True)
class DemoSummary:
    agencies: int
    users: int
    referrals: int
    by_status: dict[Status, int]


def _create_staff(session: Session, rng: random.Random) -> dict[str, Actor]:
    agencies = {a.code: a for a in session.scalars(select(Agency))}
    staff: dict[str, Actor] = {}
    for code, members in STAFF.items():
        for suffix, roles in members:
            given, family = staff_name(rng)
            user = create_user(session, LOCAL_ADMIN, f"{code.lower()}.{suffix}", f"{given} {family}",
                               agencies[code], roles)
            staff[user.username] = Actor.of(user)
    return staff


def _advance(session: Session, staff: dict[str, Actor], rng: random.Random, payload: dict,
             target: Status, received: dt.datetime, now: dt.datetime) -> None:
    intake = parse_referral(payload, today=now.astimezone(HUB_ZONE).date())
    referral = create_referral(session, staff["csc.officer"], intake, received)
    if target is Status.NEW:
        return
    # Steps happen at plausible moments after receipt, never in the future.
    clock = received

    def later(max_minutes: int) -> dt.datetime:
        nonlocal clock
        clock = min(now, clock + dt.timedelta(minutes=rng.randint(5, max_minutes)))
        return clock

    sup = staff["csc.supervisor"]
    rag = rng.choices(list(Rag), weights=(15, 40, 35, 10))[0]
    casework.set_rag(session, sup, referral, rag, "Initial screening of the contact and known history.", later(90))
    if rng.random() < 0.7:
        officer = rng.choice([staff["csc.officer"], staff["csc.officer2"]])
        casework.allocate(session, sup, referral, session.get(User, officer.user_id), later(30))
    if target is Status.SCREENED:
        return
    partners = rng.sample(["POL", "HLT", "EDU", "EH", "PRB", "ASC"], k=rng.randint(2, 4))
    casework.request_research(session, sup, referral, partners, later(60))
    done = target is not Status.RESEARCHING
    for code in partners:
        roll = rng.random()
        if done or roll < 0.45:
            status = ResearchStatus.NOTHING_KNOWN if rng.random() < 0.3 else ResearchStatus.RETURNED
        elif roll < 0.75:
            status = ResearchStatus.IN_PROGRESS
        else:
            continue
        casework.set_research_status(session, staff[f"{code.lower()}.officer"], referral, status, later(240))
    if target is Status.RESEARCHING:
        return
    casework.submit_for_decision(session, sup, referral, later(60))
    if target is Status.AWAITING_DECISION:
        return
    outcome = rng.choice(OUTCOME_BY_RAG[rag])
    service = {Outcome.EARLY_HELP: "Family Support Team (Early Help)",
               Outcome.REFER_ON: "Young People's Substance Misuse Service"}.get(outcome)
    casework.decide(session, staff["csc.decision"], referral, outcome=outcome, level=LEVEL_BY_OUTCOME[outcome],
                    rationale="Research from partner agencies considered against the threshold document.",
                    next_steps="Feedback to the referrer; case transferred as set out in the outcome.",
                    named_service=service, now=later(120))
    if target is Status.CLOSED:
        casework.close(session, sup, referral, later(600))


def build_demo(db: Database, *, referrals: int = 60, seed: int = 1, now: dt.datetime | None = None) -> DemoSummary:
    """Fill an empty database with a demo hub; refuse if it already has agencies."""
    if not 0 <= referrals <= 100_000:
        raise FieldError("referrals", "choose between 0 and 100000 demo referrals")
    now = now or utcnow()
    rng = random.Random(seed)
    with db.write() as session:
        if session.scalar(select(func.count(Agency.id))):
            raise Conflict("This database already holds a hub; demo data goes into an empty database.")
        for code, name, kind, seats in AGENCIES:
            create_agency(session, LOCAL_ADMIN, code, name, kind, seats)
        staff = _create_staff(session, rng)
        statuses, weights = zip(*TARGETS)
        by_status = {s: 0 for s in Status}
        for _ in range(referrals):
            # Most contacts are recent; a tail runs back five weeks.
            age = dt.timedelta(hours=min(rng.expovariate(1 / 60), 24 * 35))
            received = now - age
            target = rng.choices(statuses, weights=weights)[0]
            payload = referral_payload(rng, today=received.astimezone(HUB_ZONE).date(), received_at=received)
            _advance(session, staff, rng, payload, target, received, now)
            by_status[target] += 1
        return DemoSummary(len(AGENCIES), len(staff), referrals, by_status)
