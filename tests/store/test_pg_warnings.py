"""Warnings on people, on PostgreSQL through the agencies' own database roles.

The police add a warning through their role; an insider holding the
children's services role reads the table directly and finds neither the
person, the kind nor the reason, and can neither write a record in a police
officer's name, seal one under the police key, nor change or remove one.
Without a server these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.warnings import CURRENT, OWN, WarningKind
from mash_desktop.services.people import warnings
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import REF, built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

REASON = "Heard at MARAC on 12 May: partner made threats to kill."


def _subject(hub) -> int:
    return hub.ids("SELECT p.person_id FROM referral_people p JOIN referrals r ON r.id = p.referral_id "
                   "WHERE r.reference = :r AND p.is_subject ORDER BY p.position", r=REF)[0][0]


def test_an_insider_learns_nothing_and_writes_nothing_in_anothers_name(hub):
    person = _subject(hub)
    pol = hub.sign_in("pol.officer")
    made = warnings.add_warning(hub.db_as("POL"), pol, person, WarningKind.MARAC, REASON, dt.date(2026, 5, 12))
    with hub.db_as("POL").read() as s:
        seen = warnings.visible_warnings(s, pol, [person])[person]
    assert [(v.id, v.kind, v.source, v.state) for v in seen] == [(made, WarningKind.MARAC, OWN, CURRENT)]
    csc = hub.sign_in("csc.officer")
    with hub.db_as("CSC").read() as s:
        assert warnings.visible_warnings(s, csc, [person])[person] == []

    with connect(hub.url_as("CSC")) as conn:
        rows = [dict(r) for r in conn.exec_driver_sql("SELECT * FROM person_warnings").mappings().all()]
        assert len(rows) == 1 and "person_id" not in rows[0]
        raw = repr(rows).lower()
        assert not any(word in raw for word in ("marac", "threats", "2026-05-12"))
        row = rows[0]
        params = {"uid": "f" * 32, "a": hub.agency_id("POL"), "k": row["data_key_id"], "t": row["person_tag"],
                  "n": row["nonce"], "c": row["ciphertext"], "u": hub.user_id("pol.officer"), "s": row["signature"],
                  "own": hub.agency_id("CSC"), "me": hub.user_id("csc.officer")}
        insert = ("INSERT INTO person_warnings (uid, agency_id, data_key_id, person_tag, nonce, ciphertext, by_id, "
                  "signature) VALUES (:uid, {a}, :k, :t, :n, :c, {u}, :s)")
        # A record in the police's name, or in a police officer's name,
        refused(conn, insert.format(a=":a", u=":u"), params)
        refused(conn, insert.format(a=":own", u=":u"), params)
        # or under the police key in the own agency's name.
        refused(conn, insert.format(a=":own", u=":me"), params)
        # Records already written stay as they are.
        refused(conn, "UPDATE person_warnings SET ciphertext = :c", params)
        refused(conn, "DELETE FROM person_warnings")
        conn.rollback()
    with connect(hub.url_as("POL")) as conn:
        refused(conn, "UPDATE person_warnings SET by_id = :u", {"u": hub.user_id("pol.lead")})
        refused(conn, "DELETE FROM person_warnings")
        conn.rollback()
    with hub.db_as("POL").read() as s:
        again = warnings.visible_warnings(s, pol, [person])[person]
    assert [(v.id, v.reason, v.state) for v in again] == [(made, REASON, CURRENT)]
