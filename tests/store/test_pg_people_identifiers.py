"""A person's NHS number and UPN on PostgreSQL, through the agencies' own roles.

Intake through an agency's role fills in a known person's missing number; an
insider holding any agency's role may fill in a number where none is
recorded (as intake does) but never change or clear one already recorded.
Without a server these tests skip.
"""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import text

from mash_desktop.services.intake import referrals
from tests.hub_factory import EXAMPLE
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def _payload(**subject) -> dict:
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    payload["subjects"][0] |= subject
    return payload


def _numbers(hub, person_id: int) -> tuple:
    return tuple(hub.ids("SELECT nhs_number, upn FROM people WHERE id = :p", p=person_id)[0])


def test_identifiers_are_filled_in_once_and_never_changed(hub):
    csc = hub.db_as("CSC")
    officer = hub.sign_in("csc.officer")
    # Ruby Calder is known without numbers; a later contact gives hers.
    later = referrals.add_referral(csc, officer.actor, _payload(nhs_number="943 476 5919"))
    [(ruby,)] = hub.ids("SELECT p.person_id FROM referral_people p JOIN referrals r ON r.id = p.referral_id "
                        "WHERE r.reference = :r AND p.is_subject", r=later)
    assert _numbers(hub, ruby) == ("9434765919", None)

    with connect(hub.url_as("POL")) as conn:
        # Another agency's insider may not change or clear the number recorded...
        refused(conn, "UPDATE people SET nhs_number = '4010232137' WHERE id = :p", {"p": ruby})
        refused(conn, "UPDATE people SET nhs_number = NULL WHERE id = :p", {"p": ruby})
        refused(conn, "UPDATE people SET date_of_birth = '2017-06-15' WHERE id = :p", {"p": ruby})
        # ...but may fill in a missing one, as intake through its role does.
        with conn.begin_nested():
            conn.execute(text("UPDATE people SET upn = 'B801200005001' WHERE id = :p"), {"p": ruby})
        refused(conn, "UPDATE people SET upn = 'H801200001001' WHERE id = :p", {"p": ruby})
        conn.commit()
    with connect(hub.url_as("CSC")) as conn:  # nor may the agency that wrote it
        refused(conn, "UPDATE people SET nhs_number = '4010232137' WHERE id = :p", {"p": ruby})
        refused(conn, "UPDATE people SET upn = NULL WHERE id = :p", {"p": ruby})
        conn.rollback()
    assert _numbers(hub, ruby) == ("9434765919", "B801200005001")
