"""Demo hub: referrers acknowledged, most in time, a few late and a few not yet.

So the case header, the dashboard's acknowledgement figure and its overdue
list show something a trainer can talk about. Every time is before the
demo's "now" (and the real one): nothing is recorded in the future.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from ...domain.acknowledgement import AckMethod
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Referral
from ...store.types import utcnow
from ..intake.acknowledgement import record_acknowledgement

#: Of the contacts due an acknowledgement: share sent in time, share sent late (the rest: not yet).
IN_TIME, LATE = 0.8, 0.1


def acknowledge(db: Database, officer: SignedIn, rng: random.Random, now: dt.datetime) -> int:
    """Record acknowledgements for the demo contacts; how many were recorded."""
    with db.read() as session:
        due = session.execute(select(Referral.reference, Referral.received_at, Referral.acknowledgement_due_at)
                              .where(Referral.acknowledgement_due_at.is_not(None))
                              .order_by(Referral.id)).all()
    latest = min(now, utcnow())
    done = 0
    for reference, received, due_at in due:
        roll = rng.random()
        if roll < IN_TIME:
            sent = received + (due_at - received) * rng.uniform(0.05, 0.9)
        elif roll < IN_TIME + LATE:
            sent = due_at + dt.timedelta(hours=rng.uniform(1, 30))
        else:
            continue
        if sent > latest:
            continue
        record_acknowledgement(db, officer, reference, rng.choice(list(AckMethod)), sent)
        done += 1
    return done
