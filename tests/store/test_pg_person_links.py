"""Who is who, on PostgreSQL through the agencies' own database roles.

The person check works through an agency's role (an exact match linked at
intake, a link and route by the screening supervisor), and an insider with
another agency's role can neither record a link in someone else's name nor
change or remove one already recorded. Without a server these tests skip.
"""

from __future__ import annotations

import copy

import pytest

from mash_desktop.services.intake import referrals, screening_matches
from tests.hub_factory import EXAMPLE
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import REF, built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def _payload(given: str) -> dict:
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    payload["subjects"][0]["given_name"] = given
    return payload


def _links(hub, reference: str) -> list[tuple]:
    return hub.ids("SELECT k.kind, k.person_id, k.known_person_id, k.by_id FROM person_links k "
                   "JOIN referrals r ON r.id = k.referral_id WHERE r.reference = :r ORDER BY k.id", r=reference)


def _subject(hub, reference: str) -> int:
    return hub.ids("SELECT p.person_id FROM referral_people p JOIN referrals r ON r.id = p.referral_id "
                   "WHERE r.reference = :r AND p.is_subject ORDER BY p.position", r=reference)[0][0]


def test_links_through_the_agency_role_and_none_in_another_agencys_name(hub):
    csc = hub.db_as("CSC")
    officer, lead = hub.sign_in("csc.officer"), hub.sign_in("csc.lead")
    ruby = _subject(hub, REF)
    exact = referrals.add_referral(csc, officer.actor, _payload("Ruby"))
    assert _links(hub, exact) == [("exact", ruby, ruby, hub.user_id("csc.officer"))]
    near = referrals.add_referral(csc, officer.actor, _payload("Rubi"))
    rubi = _subject(hub, near)
    screening_matches.link_person(csc, lead, near, rubi, ruby, route_to=REF)
    assert _links(hub, near) == [("linked", rubi, ruby, hub.user_id("csc.lead"))]
    assert hub.ids("SELECT l.reference FROM referrals r JOIN referrals l ON l.id = r.linked_referral_id "
                   "WHERE r.reference = :r", r=near) == [(REF,)]

    params = {"r": hub.ids("SELECT id FROM referrals WHERE reference = :r", r=exact)[0][0], "p": ruby,
              "u": hub.user_id("csc.lead")}
    with connect(hub.url_as("POL")) as conn:
        # A link in a CSC supervisor's name, by someone holding the police's role.
        refused(conn, "INSERT INTO person_links (referral_id, person_id, known_person_id, kind, at, by_id) "
                      "VALUES (:r, :p, NULL, 'new', now(), :u)", params)
        # Links already recorded stay as they are, whoever asks.
        refused(conn, "UPDATE person_links SET known_person_id = NULL, kind = 'new'")
        refused(conn, "DELETE FROM person_links")
        conn.rollback()
    with connect(hub.url_as("CSC")) as conn:
        refused(conn, "UPDATE person_links SET by_id = :u", params)
        refused(conn, "DELETE FROM person_links WHERE referral_id = :r", params)
        conn.rollback()
    assert _links(hub, exact) == [("exact", ruby, ruby, hub.user_id("csc.officer"))]
    assert _links(hub, near) == [("linked", rubi, ruby, hub.user_id("csc.lead"))]
