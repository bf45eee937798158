"""Migration 0003 on a database holding people from before it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from mash_desktop.store import schema
from mash_desktop.store.database import Database


def test_existing_people_get_name_keys(empty_db_url):
    db = Database(empty_db_url)
    with db.engine.begin() as conn:
        command.upgrade(schema.alembic_config(conn), "0002")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (given_name, family_name, gender, interpreter_needed, created_at) "
                          "VALUES ('Mohammed', 'Rahman', 'male', false, CURRENT_TIMESTAMP), "
                          "('Siobhán', 'O''Neill', 'female', false, CURRENT_TIMESTAMP), "
                          "('محمد', 'علي', 'male', false, CURRENT_TIMESTAMP)"))
        # A row elsewhere that refers to a person, as referral_people rows do.
        conn.execute(text("CREATE TABLE person_refs (person_id INTEGER NOT NULL REFERENCES people (id))"))
        conn.execute(text("INSERT INTO person_refs (person_id) SELECT id FROM people"))
    assert schema.upgrade(db) == ("0002", schema.head_revision())
    with db.engine.connect() as conn:
        keys = conn.execute(text("SELECT given_key, family_key FROM people ORDER BY id")).all()
    assert [tuple(k) for k in keys] == [("MHMT", "RMN"), ("XBHN", "ONL"), ("محمد", "علي")]
    db.dispose()
