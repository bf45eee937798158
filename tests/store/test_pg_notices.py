"""Acknowledgements and Operation Encompass on PostgreSQL, through the agencies' own roles.

A CSC officer records both through the CSC role; nobody can move a clock (the
due times and the incident are never updatable), and another agency cannot
record either in a case another agency signed. Without a server these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake import acknowledgement, encompass, referrals
from tests.hub_factory import EXAMPLE
from tests.pg_roles_support import connect, refused, refused_at_commit
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow
UTC = dt.timezone.utc
RECEIVED = dt.datetime(2026, 11, 20, 23, 40, tzinfo=UTC)


def test_notices_through_the_agency_role_and_no_clock_moved(hub):
    csc, officer = hub.db_as("CSC"), hub.sign_in("csc.officer")
    payload = EXAMPLE | {"source": "police", "received_at": RECEIVED.isoformat(),
                         "referrer": EXAMPLE["referrer"] | {"agency": None},
                         "encompass": {"incident_at": (RECEIVED - dt.timedelta(hours=1)).isoformat()}}
    reference = referrals.add_referral(csc, officer.actor, payload, now=RECEIVED)
    acknowledgement.record_acknowledgement(csc, officer, reference, "email", RECEIVED + dt.timedelta(hours=1))
    encompass.record_informed(csc, officer, reference, RECEIVED + dt.timedelta(hours=8))
    case = open_case(csc, hub.sign_in("csc.lead"), reference, WORKSPACE, "Checking the notices.")
    assert case.acknowledgement.verified and case.encompass.verified and case.encompass.in_time()

    params = {"r": reference}
    for code in ("CSC", "POL"):
        with connect(hub.url_as(code)) as conn:
            for column in ("acknowledgement_due_at", "encompass_due_at", "encompass_incident_at"):
                refused(conn, f"UPDATE referrals SET {column} = now() + interval '30 days' WHERE reference = :r",
                        params)
            conn.rollback()
    with connect(hub.url_as("POL")) as conn:
        # The police's role cannot record either in a case CSC's officer signed.
        refused_at_commit(conn, "UPDATE referrals SET school_informed_at = NULL, acknowledged_at = NULL "
                                "WHERE reference = :r", params)
    assert hub.ids("SELECT acknowledged_how, school_informed_at FROM referrals WHERE reference = :r", r=reference) \
        == [("email", RECEIVED + dt.timedelta(hours=8))]


def test_recorded_by_one_agency_after_another_signed_the_case(hub):
    """A police supervisor rated the case last; the CSC officer still records both notices."""
    from mash_desktop.domain.codes import Rag
    from mash_desktop.services.intake import screening

    csc, officer = hub.db_as("CSC"), hub.sign_in("csc.officer")
    payload = EXAMPLE | {"source": "police", "received_at": RECEIVED.isoformat(),
                         "referrer": EXAMPLE["referrer"] | {"agency": None},
                         "encompass": {"incident_at": (RECEIVED - dt.timedelta(hours=1)).isoformat()}}
    reference = referrals.add_referral(csc, officer.actor, payload, now=RECEIVED)
    screening.screen(hub.db_as("POL"), hub.sign_in("pol.lead"), reference, rag=Rag.AMBER, reason="first look")
    acknowledgement.record_acknowledgement(csc, officer, reference, "email", RECEIVED + dt.timedelta(hours=1))
    encompass.record_informed(csc, officer, reference, RECEIVED + dt.timedelta(hours=8))
    case = open_case(csc, hub.sign_in("csc.lead"), reference, WORKSPACE, "Checking the notices.")
    assert case.state_verified and case.acknowledgement.verified and case.encompass.verified
