"""Contacts for the acknowledgement and Operation Encompass tests."""

from __future__ import annotations

import datetime as dt

from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.referrals import add_referral
from tests.hub_factory import EXAMPLE

UTC = dt.timezone.utc
POLICE = {"name": "PC Dana Reeve", "role": "Domestic abuse officer", "organisation": "County Police",
          "agency": None, "phone": "0115 496 0100", "email": "d.reeve@police.example.org",
          "member_of_public": False, "identity_withheld": False}


def contact(hub, received: dt.datetime, **changes) -> str:
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}, "received_at": received.isoformat()}
    return add_referral(hub.db, hub.sign_in("csc.officer").actor, payload | changes, now=received)


def notification(hub, received: dt.datetime, incident: dt.datetime | None = None, **changes) -> str:
    """An Operation Encompass notification from the police, received at ``received``."""
    incident = incident or received - dt.timedelta(hours=2)
    return contact(hub, received, **({"source": "police", "referrer": POLICE,
                                      "encompass": {"incident_at": incident.isoformat()}} | changes))


def case(hub, reference: str, who: str = "csc.lead"):
    return open_case(hub.db, hub.sign_in(who), reference, WORKSPACE, "Checking the notices of this contact.")
