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

from ...domain import access
from ...domain.codes import AgencyKind, Role, Status
from ...domain.errors import Conflict, FieldError
from ...security import crypto, vault
from ...security.accounts import SignedIn, sign_in
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency
from ...store.types import utcnow
from ..admin import users
from ..calendar import hub_calendar
from . import cases
from .notices import acknowledge
from .strategy import add_strategy
from .chronology import add_chronology
from .person_warnings import add_warnings
from .no_share import add_no_share
from .household import join_a_family
from .agreements import demo_agreement
from .subject_access import add_subject_access
from .disposal import add_disposal
from .identifiers import add_identifiers
from .content import referral_payload, staff_name
from .keys import DEMO_AGENCY, DEMO_PASSWORD, DEMO_WORKSTATION, demo_credentials, demo_recovery, demo_secret
from ..enrolment.hub_setup import HUB_CODE, create_partner, init_hub
from ..intake.referrals import HUB_ZONE

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
    HUB_CODE: (("auditor", [Role.AUDITOR]), ("ig", [Role.IG_OFFICER])),
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


@dataclass(frozen=True)
class DemoSummary:
    agencies: int
    users: int
    referrals: int
    by_status: dict[Status, int]
    panels: int = 0
    disclosures: int = 0


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
                       agreement=demo_agreement(code), secret=demo_secret(code), recovery=demo_recovery(code))
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


#: A demo of at least this many referrals also holds a few contacts closed years ago (disposal.py), beyond them.
OLD_CONTACTS_FROM = 20


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
    with db.read() as session:
        calendar = hub_calendar(session)
    statuses, weights = zip(*TARGETS)
    by_status = {s: 0 for s in Status}
    written: list[cases.Shared] = []
    red = cases.RedCases()
    for number in range(referrals):
        target = rng.choices(statuses, weights=weights)[0]
        # The last contacts fill in what a trainer shows: every state, and a Red case in progress.
        needs = [s for s in statuses if not by_status[s]] + ([] if red.live else [cases.LIVE_RED])
        if len(needs) >= referrals - number:
            target = needs[0]
        plan = cases.plan_case(rng, calendar, lambda received: referral_payload(
            rng, today=received.astimezone(HUB_ZONE).date(), received_at=received), target, now, red)
        written += cases.run_case(db, staff, plan, now)
        by_status[plan.target] += 1
    cases.keep_waiting(written)
    shared = sum(cases.share(db, staff, item) for item in written)
    join_a_family(db)  # before the chronology, which reads the people
    add_identifiers(db, now.astimezone(HUB_ZONE).date())
    add_warnings(db, staff.signed, now.astimezone(HUB_ZONE).date())  # before the chronology, which shows them
    add_chronology(db, staff.signed["csc.officer"])
    add_no_share(db, staff.signed["pol.officer"])
    acknowledge(db, staff.signed["csc.officer"], rng, now)
    add_strategy(db, staff.signed["csc.decision"], staff.signed["csc.officer"], now)
    add_subject_access(db, staff.signed["hub.ig"], now.astimezone(HUB_ZONE).date())
    old = add_disposal(db, staff, rng, now) if referrals >= OLD_CONTACTS_FROM else []  # for the disposal review
    by_status[Status.CLOSED] += len(old)
    for signed in staff.signed.values():
        signed.keychain.forget()
    return DemoSummary(len(AGENCIES), len(staff.signed), referrals + len(old), by_status, len(written), shared)
