"""Revision 0013 copies each one-code lawful basis already recorded into the
parts it names, keeps the code, and invents nothing."""

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text

from mash_desktop.domain.codes import LawfulBasis
from mash_desktop.store import schema
from mash_desktop.store.database import Database

EXPECTED = {
    "art6_1a": ("personal", "6_1_a", None, None), "art6_1c": ("personal", "6_1_c", None, None),
    "art6_1d": ("personal", "6_1_d", None, None), "art6_1e": ("personal", "6_1_e", None, None),
    "art9_2g_sch1_18": ("special", None, "9_2_g_sch1_18", None),  # no Article 6 invented
    "dpa_part3_s35_sch8_4": ("law_enforcement", None, None, "sch8_4"),
}


def _to(db: Database, revision: str, *statements: tuple[str, dict]) -> None:
    with db.engine.connect() as conn:
        # Rows as an older release left them; what they refer to is not the point here.
        if db.is_sqlite:  # outside a transaction, where SQLite takes it
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
        for sql, params in statements:
            conn.execute(text(sql), params)
        command.upgrade(schema.alembic_config(conn), revision)
        conn.commit()


def test_existing_disclosures_keep_their_code_and_gain_its_parts(empty_db_url):
    db = Database(empty_db_url)
    _to(db, "0012")
    rows = [(f"INSERT INTO disclosures (id, referral_id, from_agency_id, lawful_basis, consent, handling_code, "
             "justification, disclosed_by_id, disclosed_at, nonce, ciphertext, sender_key_id, sender_seal) "
             "VALUES (:i, 1, 1, :b, 'refused', 'C', 'why', 1, :at, :x, :x, 1, :x)",
             {"i": i, "b": b.value, "at": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "x": b"\x00"})
            for i, b in enumerate(LawfulBasis, start=1)]
    _to(db, "0013", *rows)
    with db.engine.connect() as conn:
        got = {r[0]: tuple(r[1:]) for r in conn.execute(text(
            "SELECT lawful_basis, data_kinds, article6, article9, schedule8 FROM disclosures"))}
        assert conn.execute(text("SELECT count(*) FROM disclosures WHERE article10 IS NOT NULL OR consent_from "
                                 "IS NOT NULL OR consent_covering IS NOT NULL")).scalar() == 0
    assert got == EXPECTED
    db.dispose()
