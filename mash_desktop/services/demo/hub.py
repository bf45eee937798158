"""A realistic synthetic hub for demonstrations, training and tests.

The seven agencies of DOMAIN.md with their seats, staff in every role with
keys and confirmed membership, and referrals in every state of the lifecycle
with plausible concerns, household members, due times (older open cases run
overdue), sealed agency panels and disclosures. Every name is generated.

Every demo user's password is :data:`DEMO_PASSWORD`, and each demo agency's
workstation secret and recovery key are derived from public constants
(:func:`demo_secret`, :func:`demo_recovery`): a demo hub is open to anyone
who has this code, which is the point of it. Never put real data in one.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.codes import (
    AgencyKind,
    ConsentPosition,
    HandlingCode,
    LawfulBasis,
    Outcome,
    Rag,
    ResearchStatus,
    Role,
    StatutoryGateway,
    Status,
)
from ...domain.errors import Conflict, FieldError
from ...domain.intake import parse_referral
from ...security import crypto, vault
from ...security.accounts import SignedIn, sign_in
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency, Panel, Referral
from ...store.types import utcnow
from ..case import allocation, casework, disclosures, panels
from ..admin import users
from .content import referral_payload, staff_name
from .keys import DEMO_AGENCY, DEMO_PASSWORD, DEMO_WORKSTATION, demo_credentials, demo_recovery, demo_secret
from .findings import finding
from ..enrolment.hub_setup import HUB_CODE, create_partner, init_hub
from ..intake.referrals import HUB_ZONE, create_referral, referral_by_reference

__all__ = ["DEMO_AGENCY", "DEMO_KDF", "DEMO_PASSWORD", "DEMO_WORKSTATION", "build_demo", "demo_credentials",
           "demo_recovery", "demo_secret"]

DEMO_KDF = crypto.ASVS_MINIMUM  # demo accounts use the ASVS minimum work factor so the demo builds quickly


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

#: Staff per agency besides its lead "<code>.supervisor" (supervisor and admin
#: of the agency): (username suffix, roles). Usernames are "<code>.<suffix>".
STAFF = {
    HUB_CODE: (("auditor", [Role.AUDITOR]),),
    "POL": (("officer", [Role.OFFICER]), ("officer2", list(access.DEPUTY_OFFICER_ROLES))),
    "CSC": (("officer", [Role.OFFICER]), ("officer2", [Role.OFFICER]), ("decision", [Role.DECISION_MAKER])),
    "ASC": (("officer", [Role.OFFICER]), ("decision", [Role.DECISION_MAKER])),
    "HLT": (("officer", [Role.OFFICER]),),
    "EDU": (("officer", [Role.OFFICER]),),
    "EH": (("officer", [Role.OFFICER]),),
    "PRB": (("officer", [Role.OFFICER]),),
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
    panels: int = 0
    disclosures: int = 0


@dataclass
class _Research:
    """A panel to write once the referrals exist."""

    reference: str
    agency: str
    first_name: str
    returned: bool
    at: dt.datetime


@dataclass
class _Staff:
    signed: dict[str, SignedIn] = field(default_factory=dict)

    def __getitem__(self, username: str) -> Actor:
        return self.signed[username].actor


def _sign_in(db: Database, code: str, username: str) -> SignedIn:
    return sign_in(db, demo_credentials(code, "demo"), username, DEMO_PASSWORD)


def _create_staff(db: Database, rng: random.Random) -> _Staff:
    """The hub admin, every agency with its lead, staff, keys and confirmations."""
    def name() -> str:
        return " ".join(staff_name(rng))

    init_hub(db, "hub.admin", name(), DEMO_PASSWORD, workstation=f"{DEMO_WORKSTATION}-hub", params=DEMO_KDF,
             secret=demo_secret(HUB_CODE), recovery=demo_recovery(HUB_CODE))
    staff = _Staff()
    admin = staff.signed["hub.admin"] = _sign_in(db, HUB_CODE, "hub.admin")
    for code, agency_name, kind, seats in AGENCIES:
        create_partner(db, admin, code, agency_name, kind, seats, lead=f"{code.lower()}.supervisor",
                       lead_name=name(), lead_password=DEMO_PASSWORD, params=DEMO_KDF,
                       secret=demo_secret(code), recovery=demo_recovery(code))
    for code in (HUB_CODE, *(a[0] for a in AGENCIES)):
        lead = admin if code == HUB_CODE else _sign_in(db, code, f"{code.lower()}.supervisor")
        staff.signed[lead.actor.username] = lead
        for suffix, roles in STAFF[code]:
            username = f"{code.lower()}.{suffix}"
            users.add_account(db, lead, username, name(), roles, DEMO_PASSWORD, DEMO_KDF)
            if set(roles) & vault.CASEWORK_ROLES:
                users.confirm_member(db, lead, username)
            staff.signed[username] = _sign_in(db, code, username)
    return staff


def _advance(db: Database, staff: _Staff, rng: random.Random, payload: dict,
             target: Status, received: dt.datetime, now: dt.datetime) -> list[_Research]:
    intake = parse_referral(payload, today=now.astimezone(HUB_ZONE).date())
    # Steps happen at plausible moments after receipt, never in the future.
    clock = received

    def later(max_minutes: int) -> dt.datetime:
        nonlocal clock
        clock = min(now, clock + dt.timedelta(minutes=rng.randint(5, max_minutes)))
        return clock

    sup = staff["csc.supervisor"]
    with db.write() as session:
        referral = create_referral(session, staff["csc.officer"], intake, received)
        reference = referral.reference
        if target is Status.NEW:
            return []
        rag = rng.choices(list(Rag), weights=(15, 40, 35, 10))[0]
        casework.set_rag(session, sup, referral, rag, "Initial screening of the contact and known history.",
                         later(90))
    if rng.random() < 0.7:
        # As a supervisor allocates in the client: to an officer of their own agency.
        officer = rng.choice([staff["csc.officer"], staff["csc.officer2"]])
        allocation.allocate_case(db, staff.signed["csc.supervisor"], reference, officer.username,
                                 allocation.allocation_state(db, reference).version, later(30))
    if target is Status.SCREENED:
        return []
    with db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        return _carry_on(session, staff, rng, referral, payload, target, rag, later)


def _carry_on(session: Session, staff: _Staff, rng: random.Random, referral: Referral, payload: dict,
              target: Status, rag: Rag, later) -> list[_Research]:
    """Research, decision and closure of a screened case, up to ``target``."""
    sup = staff["csc.supervisor"]
    partners = rng.sample(["POL", "HLT", "EDU", "EH", "PRB", "ASC"], k=rng.randint(2, 4))
    casework.request_research(session, sup, referral, partners, later(60))
    done = target is not Status.RESEARCHING
    first_name = payload["subjects"][0]["given_name"]
    research = []
    for code in partners:
        roll = rng.random()
        if done or roll < 0.45:
            status = ResearchStatus.NOTHING_KNOWN if rng.random() < 0.3 else ResearchStatus.RETURNED
        elif roll < 0.75:
            status = ResearchStatus.IN_PROGRESS
        else:
            continue
        at = later(240)
        casework.set_research_status(session, staff[f"{code.lower()}.officer"], referral, status, at)
        if status is not ResearchStatus.NOTHING_KNOWN:
            research.append(_Research(referral.reference, code, first_name, status is ResearchStatus.RETURNED, at))
    if target is Status.RESEARCHING:
        return research
    casework.submit_for_decision(session, sup, referral, later(60))
    if target is Status.AWAITING_DECISION:
        return research
    outcome = rng.choice(OUTCOME_BY_RAG[rag])
    service = {Outcome.EARLY_HELP: "Family Support Team (Early Help)",
               Outcome.REFER_ON: "Young People's Substance Misuse Service"}.get(outcome)
    casework.decide(session, staff["csc.decision"], referral, outcome=outcome, level=LEVEL_BY_OUTCOME[outcome],
                    rationale="Research from partner agencies considered against the threshold document.",
                    next_steps="Feedback to the referrer; case transferred as set out in the outcome.",
                    named_service=service, now=later(120))
    if target is Status.CLOSED:
        casework.close(session, sup, referral, later(600))
    return research


def _share(db: Database, staff: _Staff, rng: random.Random, item: _Research) -> int:
    """Write one agency panel and, for returned research, perhaps disclose it."""
    officer = staff.signed[f"{item.agency.lower()}.officer"]
    text = finding(rng, item.agency, item.first_name)
    panels.write_panel(db, officer, item.reference, text)
    with db.write() as session:  # the panel was written back then, not today
        referral = session.scalar(select(Referral).where(Referral.reference == item.reference))
        panel = session.scalar(select(Panel).where(Panel.referral_id == referral.id,
                                                   Panel.agency_id == officer.actor.agency_id))
        panel.updated_at = item.at
    if not item.returned or rng.random() < 0.3:
        return 0
    consent = rng.choices(list(ConsentPosition), weights=(5, 1, 3))[0]
    reason = {ConsentPosition.REFUSED: "Parent declined; risk of significant harm outweighs the refusal.",
              ConsentPosition.NOT_SOUGHT: "Seeking consent could place the child at increased risk."}.get(consent)
    basis = LawfulBasis.DPA_PART3_S35_SCH8_4 if item.agency == "POL" else LawfulBasis.ART6_1E
    request = disclosures.DisclosureRequest(
        to=disclosures.HUB if rng.random() < 0.7 else "CSC", basis=basis, consent=consent,
        consent_reason=reason, handling=rng.choice(list(HandlingCode)),
        justification="Necessary for the hub to assess risk and decide on the right response.",
        text=text, gateway=StatutoryGateway.CA2004_S11)
    disclosure_id = disclosures.disclose(db, officer, item.reference, request)
    if consent is not ConsentPosition.GIVEN and rng.random() < 0.6:
        disclosures.authorise(db, staff.signed[f"{item.agency.lower()}.supervisor"], disclosure_id)
    return 1


def build_demo(db: Database, *, referrals: int = 60, seed: int = 1, now: dt.datetime | None = None) -> DemoSummary:
    """Fill an empty database with a demo hub; refuse if it already has agencies."""
    if not 0 <= referrals <= 100_000:
        raise FieldError("referrals", "choose between 0 and 100000 demo referrals")
    now = now or utcnow()
    rng = random.Random(seed)
    with db.read() as session:
        if session.scalar(select(func.count(Agency.id))):
            raise Conflict("This database already holds a hub; demo data goes into an empty database.")
    staff = _create_staff(db, rng)
    statuses, weights = zip(*TARGETS)
    by_status = {s: 0 for s in Status}
    research: list[_Research] = []
    for _ in range(referrals):
        # Most contacts are recent; a tail runs back five weeks.
        age = dt.timedelta(hours=min(rng.expovariate(1 / 60), 24 * 35))
        received = now - age
        target = rng.choices(statuses, weights=weights)[0]
        payload = referral_payload(rng, today=received.astimezone(HUB_ZONE).date(), received_at=received)
        research += _advance(db, staff, rng, payload, target, received, now)
        by_status[target] += 1
    shared = sum(_share(db, staff, rng, item) for item in research)
    for signed in staff.signed.values():
        signed.keychain.forget()
    return DemoSummary(len(AGENCIES), len(staff.signed), referrals, by_status, len(research), shared)
