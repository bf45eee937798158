"""The agreements register on PostgreSQL, through the agencies' own database roles.

Hub management records a partner's agreement through the hub's role; an
insider holding a partner's role cannot give that partner an agreement (nor
any other), and nobody changes or removes one already recorded. Without a
server these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.agreements import AgreementTerms
from mash_desktop.domain.codes import Role
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import agreements, users
from tests.hub_factory import PASSWORD
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

_INSERT = ("INSERT INTO sharing_agreements (agency_id, version, signed_on, review_due, scope, document_reference, "
           "recorded_by_id, recorded_at, signature) VALUES (:a, :v, :s, :d, 'Everything', 'SELF-MADE', :u, now(), "
           "'\\x00')")


def _versions(hub, code: str) -> list[tuple]:
    return hub.ids("SELECT g.version, g.document_reference FROM sharing_agreements g JOIN agencies a "
                   "ON a.id = g.agency_id WHERE a.code = :c ORDER BY g.version", c=code)


def test_only_hub_management_records_agreements_and_none_is_changed(hub):
    today = agreements.hub_today()
    users.add_account(hub.db_as("HUB"), hub.sign_in("hub.admin"), "hub.ig", "Ines Governance", [Role.IG_OFFICER],
                      PASSWORD, ASVS_MINIMUM)
    terms = AgreementTerms(today, today + dt.timedelta(days=365), "Children's safeguarding", "ISA-CSC-2")
    assert agreements.record_agreement(hub.db_as("HUB"), hub.sign_in("hub.ig"), "CSC", terms) == 2
    assert _versions(hub, "CSC") == [(1, "ISA-CSC-1"), (2, "ISA-CSC-2")]

    params = {"a": hub.agency_id("CSC"), "v": 3, "s": today, "d": today + dt.timedelta(days=1500),
              "u": hub.user_id("csc.lead")}
    with connect(hub.url_as("CSC")) as conn:
        # A partner's insider gives their own agency a long agreement, in their own name or the hub's.
        refused(conn, _INSERT, params)
        refused(conn, _INSERT, params | {"u": hub.user_id("hub.ig")})
        refused(conn, _INSERT, params | {"a": hub.agency_id("POL"), "u": hub.user_id("csc.lead")})
        refused(conn, "UPDATE sharing_agreements SET review_due = :d", params)
        refused(conn, "DELETE FROM sharing_agreements")
        conn.rollback()
    with connect(hub.url_as("HUB")) as conn:
        # Even the hub's role writes only in its own members' names, and changes nothing recorded.
        refused(conn, _INSERT, params)
        refused(conn, "UPDATE sharing_agreements SET review_due = :d", params)
        refused(conn, "UPDATE sharing_agreements SET signature = '\\x00'")
        refused(conn, "DELETE FROM sharing_agreements")
        conn.rollback()
    assert _versions(hub, "CSC") == [(1, "ISA-CSC-1"), (2, "ISA-CSC-2")]
    assert len(_versions(hub, "POL")) == 1
