"""Demo hub: a few contacts closed long ago, for the disposal review.

Two contacts that ended as a contact with no further action (no further
action, information and advice, or a referral on to another service) were
closed more than six years before the demo's "now", so their retention
(domain/retention.py: six years from closure) has run out and Governance >
Disposal review lists them. A third, closed as long ago, is kept by a legal
hold on the case, placed by the information-governance officer, so the
review leaves it out and Retention and holds shows why. Each case is taken
through the real services at its old moments, as the rest of the demo is
(cases.py), and its children get NHS numbers as the others have
(identifiers.py); nothing is approved or disposed of.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from ...domain.codes import Status
from ...domain.retention import RecordClass, class_of
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Referral
from ..calendar import hub_calendar
from ..governance import retention
from ..intake.referrals import HUB_ZONE
from . import cases
from .content import referral_payload
from .identifiers import add_identifiers

#: How long before the demo's "now" each old contact was as good as over (the "now" its steps
#: were planned against): two due since a while, the last one held.
AGES = (dt.timedelta(days=7 * 365 + 40), dt.timedelta(days=6 * 365 + 150), dt.timedelta(days=6 * 365 + 90))
#: The legal hold on the last one: why, and the reference it is placed under.
HOLD_REASON = "A civil claim about the family's care: keep until it is settled."
HOLD_REFERENCE = "Legal Services LS-2024-0117"
#: How long before "now" the hold was placed.
HELD_SINCE = dt.timedelta(days=23)
#: How many plans are drawn at most to find one that ends as a contact with no further action.
_TRIES = 200


def _old_contact(db: Database, staff, rng: random.Random, then: dt.datetime) -> str | None:
    """A contact received, decided with no further action and closed shortly before ``then``; its reference."""
    with db.read() as session:
        calendar = hub_calendar(session)
    for _ in range(_TRIES):
        plan = cases.plan_case(rng, calendar, lambda received: referral_payload(
            rng, today=received.astimezone(HUB_ZONE).date(), received_at=received), Status.CLOSED, then)
        if plan.target is Status.CLOSED and plan.decision is not None \
                and class_of(plan.decision.outcome) is RecordClass.CONTACT_NFA:
            break
    else:
        return None
    for item in cases.run_case(db, staff, plan, then):
        cases.share(db, staff, item)
    with db.read() as session:  # the contact just made is the newest
        return session.scalar(select(Referral.reference).order_by(Referral.id.desc()).limit(1))


def add_disposal(db: Database, staff, rng: random.Random, now: dt.datetime) -> list[str]:
    """Add the old contacts (the last one held by ``hub.ig``); their references, the held one last."""
    made = [ref for age in AGES if (ref := _old_contact(db, staff, rng, now - age)) is not None]
    if len(made) == len(AGES):
        ig: SignedIn = staff.signed["hub.ig"]
        retention.place_hold(db, ig, "case", made[-1], HOLD_REASON, HOLD_REFERENCE, now - HELD_SINCE)
    add_identifiers(db, now.astimezone(HUB_ZONE).date())  # their children have numbers, as every demo child has
    return made
