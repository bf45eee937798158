"""Strategy discussions on PostgreSQL, through the agencies' own database roles.

A supervisor records a discussion and an action's owner marks it done through
their agency's role; an insider holding another agency's role can neither
record a discussion, an attendee or an action in someone else's name, nor
change a discussion, undo an action or mark it done in another's name.
Without a server these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.strategy import S47Decision
from mash_desktop.services.strategy.discussions import (
    ActionInput, AttendeeInput, DiscussionInput, complete_action, record_discussion, record_icpc,
)
from tests.pg_roles_support import changes_nothing, connect, refused
from tests.store.test_pg_insider import REF, built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

HELD = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)


def _rows(hub) -> list[tuple]:
    return hub.ids("SELECT d.decision, d.reasons, d.recorded_by_id, a.done_by_id, a.done_at IS NULL "
                   "FROM strategy_discussions d JOIN strategy_actions a ON a.discussion_id = d.id ORDER BY a.id")


def test_recorded_through_the_agency_role_and_nothing_in_another_agencys_name(hub):
    lead = hub.sign_in("csc.lead")
    made = record_discussion(hub.db_as("CSC"), lead.actor, REF, DiscussionInput(
        HELD, (AttendeeInput("Sam Social", "Team manager", "CSC"), AttendeeInput("Pat Police", "DS", "POL")),
        "Shared", S47Decision.START_S47, "Reasons",
        (ActionInput("Medical", dt.date(2026, 11, 24), owner_agency="HLT"),
         ActionInput("Visit", dt.date(2026, 11, 24), owner_username="csc.officer"))))
    medical, visit = [r[0] for r in hub.ids("SELECT id FROM strategy_actions ORDER BY position")]
    complete_action(hub.db_as("HLT"), hub.sign_in("hlt.officer").actor, medical)
    before = _rows(hub)
    csc_lead, csc_officer = hub.user_id("csc.lead"), hub.user_id("csc.officer")
    assert [r[2:] for r in before] == [(csc_lead, hub.user_id("hlt.officer"), False), (csc_lead, None, True)]

    params = {"d": made, "r": hub.ids("SELECT id FROM referrals WHERE reference = :r", r=REF)[0][0],
              "u": csc_lead, "o": csc_officer, "a": visit}
    with connect(hub.url_as("POL")) as conn:
        # A discussion, an attendee or an action in a CSC supervisor's name.
        refused(conn, "INSERT INTO strategy_discussions (referral_id, convened_at, recorded_at, recorded_by_id, "
                      "shared, decision, reasons) VALUES (:r, now(), now(), :u, 'x', 'no_further_action', 'x')",
                params)
        refused(conn, "INSERT INTO strategy_attendees (discussion_id, position, name, role, present, added_by_id) "
                      "VALUES (:d, 9, 'Someone', 'x', true, :u)", params)
        refused(conn, "INSERT INTO strategy_actions (discussion_id, position, text, owner_agency_id, due_on, "
                      "added_by_id) VALUES (:d, 9, 'x', NULL, '2026-12-01', :u)", params)
        # A recorded discussion stays as it is; a done action is not undone.
        refused(conn, "UPDATE strategy_discussions SET decision = 'no_further_action', reasons = 'x'")
        refused(conn, "DELETE FROM strategy_discussions")
        refused(conn, "UPDATE strategy_actions SET due_on = '2027-01-01'")
        changes_nothing(conn, "UPDATE strategy_actions SET done_at = NULL, done_by_id = NULL, done_signature = NULL "
                              "WHERE id = :m", {"m": medical})
        # An open action marked done in a CSC officer's name; an ICPC recorded in a CSC supervisor's.
        refused(conn, "UPDATE strategy_actions SET done_at = now(), done_by_id = :o WHERE id = :a", params)
        refused(conn, "UPDATE strategy_discussions SET icpc_held_on = '2026-11-30', icpc_by_id = :u", params)
        conn.rollback()
    with connect(hub.url_as("CSC")) as conn:
        refused(conn, "DELETE FROM strategy_actions")
        refused(conn, "UPDATE strategy_attendees SET name = 'Other'")
        conn.rollback()
    assert _rows(hub) == before
    complete_action(hub.db_as("CSC"), hub.sign_in("csc.officer").actor, visit)
    assert _rows(hub)[1][3:] == (csc_officer, False)
    record_icpc(hub.db_as("CSC"), lead.actor, made, dt.date(2026, 11, 30), now=HELD + dt.timedelta(days=10))
    with connect(hub.url_as("CSC")) as conn:
        # Recorded once: not even the recording agency changes it.
        changes_nothing(conn, "UPDATE strategy_discussions SET icpc_held_on = '2026-11-24'")
        conn.rollback()
    assert hub.ids("SELECT icpc_held_on, icpc_by_id FROM strategy_discussions") == [(dt.date(2026, 11, 30), csc_lead)]
