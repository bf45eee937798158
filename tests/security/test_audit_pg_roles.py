"""The audit chain on a PostgreSQL hub with its agency roles and guards: an insider holding their
agency's role appends a row of their own at the head, and the hub works on through every role."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mash_desktop.services.audit import trail as audit_trail
from mash_desktop.services.intake.referrals import add_referral
from tests import hub_factory
from tests.pg_roles_support import connect
from tests.security.test_audit_insider import PAYLOAD
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures: the hub with its roles)

pytestmark = pytest.mark.slow  # the agencies' database roles are created for it


def test_a_row_an_agency_role_appends_at_the_head_stops_nothing_and_is_named(hub):
    (last_id, last_hash), = hub.ids("SELECT last_event_id, last_hash FROM audit_head")
    forged = b"\x07" * 32
    with connect(hub.url_as("POL")) as conn:  # the guards let an agency append and move the head to it
        conn.execute(text("INSERT INTO audit_events (id, at, agency_id, actor_name, action, object_type, prev_hash, "
                          "hash) VALUES (:i, now(), :a, 'mash-admin', 'db.restore', 'database', :p, :h)"),
                     {"i": last_id + 1, "a": hub.agency_id("POL"), "p": last_hash, "h": forged})
        conn.execute(text("UPDATE audit_head SET last_event_id = :i, last_hash = :h"), {"i": last_id + 1, "h": forged})
        conn.commit()
    officer = hub.sign_in("csc.officer")  # through CSC's own role
    assert add_referral(hub.db_as("CSC"), officer.actor, PAYLOAD).startswith("MASH-")
    hub.sign_in("pol.lead")
    creds = hub_factory.Hub(hub.owner, hub.built.kits).creds("HUB")
    verdict = audit_trail.verify(hub.owner, audit_trail.station_trust(hub.owner, creds))
    # The row sits on the chain (the head was moved to it) but does not hash to what it says.
    assert not verdict.ok and verdict.first_bad_event == last_id + 1, verdict
    assert verdict.problem == "its content was altered"


def test_the_head_cannot_be_thrown_to_the_largest_id(hub):
    """A head moved to 2**63-1 would leave no number for the next event: the guard refuses the jump."""
    from sqlalchemy.exc import DBAPIError

    (last_id, last_hash), = hub.ids("SELECT last_event_id, last_hash FROM audit_head")
    far = 2**63 - 1
    with connect(hub.url_as("POL")) as conn:
        conn.execute(text("INSERT INTO audit_events (id, at, agency_id, actor_name, action, object_type, prev_hash, "
                          "hash) VALUES (:i, now(), :a, 'mash-admin', 'db.restore', 'database', :p, :h)"),
                     {"i": far, "a": hub.agency_id("POL"), "p": last_hash, "h": b"\x07" * 32})
        try:
            conn.execute(text("UPDATE audit_head SET last_event_id = :i, last_hash = :h"),
                         {"i": far, "h": b"\x07" * 32})
            conn.commit()
        except DBAPIError as exc:
            assert "a step at a time" in str(exc.orig)
        else:
            raise AssertionError("the head was moved to the largest id")
    officer = hub.sign_in("csc.officer")
    assert add_referral(hub.db_as("CSC"), officer.actor, PAYLOAD).startswith("MASH-")
