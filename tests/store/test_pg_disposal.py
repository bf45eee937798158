"""Disposal on PostgreSQL through the agencies' own database roles.

No agency role deletes anything by hand: a case is disposed of only through
``mash_dispose_referral``, which the hub's role alone may use, and only for
a closed case approved past its cancel window that no hold covers. An
insider with a partner's role can call neither it nor DELETE; one with the
hub's role cannot backdate an approval to skip the window. After a disposal
through the hub's role the subject's name is in no table and the audit
chain still verifies. Without a server these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text

from mash_desktop.domain.codes import Outcome, Rag, ResearchStatus, Role
from mash_desktop.security.accounts import sign_in
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.audit import trail
from mash_desktop.services.case import casework, decision, panels
from mash_desktop.services.governance import disposal, retention
from mash_desktop.services.intake import referrals, screening
from tests import hub_factory
from tests.pg_roles_support import changes_nothing, connect, refused
from tests.services.governance.support import CLOSED_AT, CONCERN, MOTHER, REFERRER, SUBJECT, payload
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow
NOW = dt.datetime.now(dt.timezone.utc)


def _closed_case(hub) -> str:
    csc = hub.db_as("CSC")
    reference = referrals.add_referral(csc, hub.sign_in("csc.officer").actor, payload())
    lead = hub.sign_in("csc.lead")
    screening.screen(csc, lead, reference, rag=Rag.AMBER, reason="first look", research=["POL"])
    panels.save_panel(hub.db_as("POL"), hub.sign_in("pol.officer"), reference, "Known: Wystan.",
                      research=ResearchStatus.RETURNED)
    casework.run_step(csc, lead.actor, reference, casework.submit_for_decision)
    decision.record_decision(csc, hub.sign_in("csc.decision"), reference,
                             decision.DecisionInput(Outcome.NO_FURTHER_ACTION, 1, "Rationale."))
    casework.run_step(csc, lead.actor, reference, casework.close, now=CLOSED_AT)
    return reference


def _texts(hub) -> str:
    found = []
    with hub.owner.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            found.extend(str(row) for row in conn.execute(text(f'SELECT * FROM "{table}"')))
    return "\n".join(found).casefold()


def test_only_the_hub_disposes_and_only_past_the_window(hub):
    users.add_account(hub.db_as("HUB"), hub.sign_in("hub.admin"), "hub.ig", "Hub IG", [Role.IG_OFFICER],
                      hub_factory.PASSWORD, ASVS_MINIMUM)
    reference = _closed_case(hub)
    ig = hub.sign_in("hub.ig")
    params = {"r": hub.ids("SELECT id FROM referrals WHERE reference = :r", r=reference)[0][0],
              "u": hub.user_id("hub.ig"), "lead": hub.user_id("pol.lead")}
    call = "SELECT mash_dispose_referral(CAST(:r AS integer), CAST(:u AS integer), 'DC-X')"

    # Approved through the hub's role now: the window has not passed, so the database refuses.
    disposal.approve(hub.db_as("HUB"), ig, reference)
    with connect(hub.url_as("HUB")) as conn:
        refused(conn, call, params)
        # Nor may the hub's role backdate an approval, or delete by hand.
        refused(conn, "INSERT INTO disposal_approvals (referral_id, record_class, due_on, approved_by_id, "
                      "approved_at, dispose_after) VALUES (:r, 'contact_nfa', '2020-01-01', :u, "
                      "now() - interval '30 days', now() - interval '16 days')", params)
        for table in ("people", "referral_people", "panels", "decisions", "referral_events"):
            refused(conn, f"DELETE FROM {table}")
        conn.rollback()
    disposal.cancel(hub.db_as("HUB"), ig, reference, "Approved in error")

    # An approval past its window (made as the owner, backdated, signed by the officer).
    owner_ig = sign_in(hub.owner, hub_factory.Hub(hub.owner, hub.built.kits).creds("HUB"), "hub.ig",
                       hub_factory.PASSWORD)
    disposal.approve(hub.owner, owner_ig, reference, NOW - dt.timedelta(days=20))
    with connect(hub.url_as("POL")) as conn:
        refused(conn, call, params | {"u": params["lead"]})
        refused(conn, call, params)
        for table in ("people", "referral_people", "panels", "disclosures", "decisions", "disposals"):
            refused(conn, f"DELETE FROM {table}")
        refused(conn, "INSERT INTO retention_holds (scope, referral_id, reason, reference, placed_by_id, placed_at) "
                      "VALUES ('case', :r, 'x', 'y', :lead, now())", params)
        conn.rollback()

    hold = retention.place_hold(hub.db_as("HUB"), ig, "person",
                                hub.ids("SELECT id FROM people WHERE given_name = :g", g=SUBJECT[0])[0][0],
                                "Inquiry", "INQ-1")
    with connect(hub.url_as("HUB")) as conn:
        assert "legal hold" in str(refused(conn, call, params))
        conn.rollback()
    with connect(hub.url_as("POL")) as conn:  # a partner lifts nobody's hold
        refused(conn, "UPDATE retention_holds SET lifted_at = now(), lifted_by_id = :lead, lift_reason = 'x'", params)
        conn.rollback()
    assert disposal.dispose_now(hub.db_as("HUB"), ig) == []
    retention.lift_hold(hub.db_as("HUB"), ig, hold, "Inquiry closed")

    [done] = disposal.dispose_now(hub.db_as("HUB"), ig)
    assert done.reference == reference and done.counts["people"] == 2
    everything = _texts(hub)
    for word in (*SUBJECT, *MOTHER, CONCERN, "Wystan", REFERRER):
        assert word.casefold() not in everything, word
    assert trail.verify(hub.db_as("HUB"), ig.trust).ok
    [stone] = disposal.disposals(hub.db_as("HUB"), ig)
    assert stone.verified and stone.reference == reference
    # The case's shell stays, its signed state intact; the tombstone is signed once.
    with connect(hub.url_as("HUB")) as conn:
        changes_nothing(conn, "UPDATE disposals SET signature = NULL")
        refused(conn, "UPDATE disposals SET counts = '{}'")
        conn.rollback()
