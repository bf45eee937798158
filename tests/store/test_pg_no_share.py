"""Decisions not to share, on PostgreSQL through the agencies' own database roles.

The police record a decision not to share through their role; an insider
holding the children's services role reads the table directly and finds
neither what was considered, with whom, nor why not, and can neither write a
decision in the police's or a police officer's name, nor seal one under the
police key, nor change or remove one. Without a server these tests skip.
"""

from __future__ import annotations

import pytest

from mash_desktop.services.case import no_share, panels, reader
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import REF, built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

CONSIDERED = "The partner's licence conditions and probation contact"
WHY_NOT = "Children's services already hold them; naming the officer adds nothing"


def test_an_insider_reads_nothing_and_writes_nothing_in_anothers_name(hub):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db_as("POL"), pol, REF, "Police findings.")
    made = no_share.decline(hub.db_as("POL"), pol, REF, "CSC", CONSIDERED, WHY_NOT)
    seen = reader.open_case(hub.db_as("POL"), pol, REF, reader.WORKSPACE, "checking").not_to_share
    assert [(e.id, e.to, e.considered, e.why_not, e.altered) for e in seen] == [(made, "CSC", CONSIDERED, WHY_NOT,
                                                                                 False)]
    csc = hub.sign_in("csc.officer")
    assert reader.open_case(hub.db_as("CSC"), csc, REF, reader.WORKSPACE, "checking").not_to_share == ()

    with connect(hub.url_as("CSC")) as conn:
        rows = [dict(r) for r in conn.exec_driver_sql("SELECT * FROM no_share_decisions").mappings().all()]
        assert len(rows) == 1
        raw = repr(rows).lower()
        assert not any(word in raw for word in ("licence", "probation", "children", "csc"))
        row = rows[0]
        params = {"uid": "f" * 32, "r": row["referral_id"], "a": hub.agency_id("POL"), "k": row["data_key_id"],
                  "n": row["nonce"], "c": row["ciphertext"], "u": hub.user_id("pol.officer"),
                  "s": row["signature"], "own": hub.agency_id("CSC"), "me": hub.user_id("csc.officer")}
        insert = ("INSERT INTO no_share_decisions (uid, referral_id, agency_id, data_key_id, nonce, ciphertext, "
                  "decided_by_id, decided_at, signature) VALUES (:uid, :r, {a}, :k, :n, :c, {u}, now(), :s)")
        # A decision in the police's name, or in a police officer's name,
        refused(conn, insert.format(a=":a", u=":u"), params)
        refused(conn, insert.format(a=":own", u=":u"), params)
        # or under the police key in the own agency's name.
        refused(conn, insert.format(a=":own", u=":me"), params)
        # Decisions already recorded stay as they are.
        refused(conn, "UPDATE no_share_decisions SET ciphertext = :c", params)
        refused(conn, "DELETE FROM no_share_decisions")
        conn.rollback()
    with connect(hub.url_as("POL")) as conn:
        refused(conn, "UPDATE no_share_decisions SET decided_by_id = :u", {"u": hub.user_id("pol.lead")})
        refused(conn, "DELETE FROM no_share_decisions")
        conn.rollback()
    again = reader.open_case(hub.db_as("POL"), pol, REF, reader.WORKSPACE, "checking").not_to_share
    assert [(e.id, e.considered, e.altered) for e in again] == [(made, CONSIDERED, False)]
