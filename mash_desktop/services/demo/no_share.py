"""Demo hub: a decision not to share, for a trainer to show where one is recorded and who reads it.

On the first open case with a police panel, the police officer records that
the police considered sharing a partner's bail conditions with Children's
Social Care and decided not to: only police staff read it, on the case and
on their sharing record.
"""

from __future__ import annotations

from sqlalchemy import select

from ...domain.codes import Status
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Panel, Referral
from ..case.no_share import decline

CONSIDERED = "The partner's bail conditions (not to contact the mother or attend the address) and the date of his " \
             "next court appearance."
WHY_NOT = "Children's Social Care were told of the bail conditions at the strategy discussion; the court date adds " \
          "nothing to the safeguarding decision and is not proportionate to share."


def add_no_share(db: Database, officer: SignedIn) -> int:
    """Record the demo's decision not to share; how many (0 if no open case has the officer's agency's panel)."""
    with db.read() as session:
        reference = session.scalar(
            select(Referral.reference).join(Panel, Panel.referral_id == Referral.id)
            .where(Panel.agency_id == officer.actor.agency_id, Referral.status != Status.CLOSED)
            .order_by(Referral.id).limit(1))
    if reference is None:
        return 0
    decline(db, officer, reference, "CSC", CONSIDERED, WHY_NOT)
    return 1
