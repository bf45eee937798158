"""Subject access on PostgreSQL through the agencies' own database roles.

The hub's information-governance officer records a request and a redaction
through the hub's role; an insider holding a partner's role can write
neither in the hub's name, nor change or remove what was recorded, and the
hub's own role cannot change who a request is about or rewrite a decision.
Without a server these tests skip.
"""

from __future__ import annotations

import pytest

from mash_desktop.domain.codes import Role
from mash_desktop.domain.subject_access import RedactionDecision, Requester
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.subject_access import redactions, requests
from tests import hub_factory
from tests.pg_roles_support import changes_nothing, connect, refused
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def _ig(hub):
    users.add_account(hub.db_as("HUB"), hub.sign_in("hub.admin"), "hub.ig", "Imogen Grant", [Role.IG_OFFICER],
                      hub_factory.PASSWORD, ASVS_MINIMUM)
    return hub.sign_in("hub.ig")


def test_requests_and_redactions_are_the_hubs_and_stay_as_signed(hub):
    ig = _ig(hub)
    ruby = hub.ids("SELECT id FROM people WHERE given_name = 'Ruby'")[0][0]
    request_id = requests.new_request(hub.db_as("HUB"), ig, ruby, Requester.SELF, requests.today())
    requests.extend(hub.db_as("HUB"), ig, request_id, 1, "Several contacts over years to search.")
    redactions.decide(hub.db_as("HUB"), ig, request_id, "Dean Whitlock", RedactionDecision.ADDED, "A third party.")
    params = {"r": request_id, "p": ruby, "u": hub.user_id("hub.ig"), "pol": hub.user_id("pol.lead")}
    with connect(hub.url_as("POL")) as conn:
        refused(conn, "INSERT INTO subject_access_requests (person_id, requester, received_on, extended_months, "
                      "due_on, status, recorded_by_id, recorded_at, signed_by_id) VALUES (:p, 'self', current_date, 0, "
                      "current_date, 'open', :u, now(), :u)", params)
        refused(conn, "INSERT INTO subject_access_redactions (request_id, phrase, kind, decision, reason, by_id, at) "
                      "VALUES (:r, 'Ruby', 'phrase', 'lifted', 'x', :u, now())", params)
        changes_nothing(conn, "UPDATE subject_access_requests SET status = 'answered'")
        refused(conn, "DELETE FROM subject_access_requests")
        refused(conn, "DELETE FROM subject_access_redactions")
        conn.rollback()
    with connect(hub.url_as("HUB")) as conn:
        refused(conn, "UPDATE subject_access_requests SET person_id = :p + 1", params)
        refused(conn, "UPDATE subject_access_requests SET received_on = current_date - 90")
        refused(conn, "UPDATE subject_access_requests SET status = 'answered', signed_by_id = :pol", params)
        refused(conn, "UPDATE subject_access_redactions SET decision = 'lifted'")
        refused(conn, "DELETE FROM subject_access_redactions")
        conn.rollback()
    view = requests.request_view(hub.db_as("HUB"), ig, request_id)
    assert view.verified and view.extended_months == 1 and view.status.value == "extended"
    found = redactions.review(hub.db_as("HUB"), ig, request_id)
    assert not found.altered and found.decided["dean whitlock"].decision is RedactionDecision.ADDED
