"""Written confirmation on PostgreSQL, through the agencies' own roles.

Recording that a phone contact was confirmed in writing signs the case's
state again, as every change of a case does: a CSC officer records it on a
case a police supervisor rated last, and the case still verifies. Without a
server these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.codes import Rag
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake import confirmation, referrals, screening
from tests.hub_factory import EXAMPLE
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow
RECEIVED = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone.utc)


def test_confirmed_by_one_agency_after_another_signed_the_case(hub):
    csc, officer = hub.db_as("CSC"), hub.sign_in("csc.officer")
    payload = EXAMPLE | {"channel": "phone", "received_at": RECEIVED.isoformat(),
                         "referrer": EXAMPLE["referrer"] | {"agency": None}}
    reference = referrals.add_referral(csc, officer.actor, payload, now=RECEIVED)
    screening.screen(hub.db_as("POL"), hub.sign_in("pol.lead"), reference, rag=Rag.AMBER, reason="first look")
    when = confirmation.record_confirmation(csc, officer, reference, RECEIVED + dt.timedelta(hours=20))
    case = open_case(csc, hub.sign_in("csc.lead"), reference, WORKSPACE, "Checking the confirmation.")
    assert when == RECEIVED + dt.timedelta(hours=20)
    assert case.state_verified and case.confirmation_verified
