"""Migration 0006 adds the outcome of a disclosure to a hub stored before it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select

from mash_desktop.store import schema
from mash_desktop.store.database import Database
from mash_desktop.store.models import Disclosure

OUTCOME = {"outcome", "outcome_reason", "outcome_by_id", "outcome_at", "outcome_signature"}


def _columns(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns("disclosures")}


def test_an_existing_hub_gains_the_outcome_columns_and_keeps_its_disclosures(demo_db_url):
    db = Database(demo_db_url)
    with db.read() as s:
        before = [(d.id, d.signature, d.authorisation_signature) for d in s.scalars(select(Disclosure))]
    assert before
    with db.engine.begin() as conn:
        command.downgrade(schema.alembic_config(conn), "0005")
    assert schema.current_revision(db) == "0005" and not OUTCOME & _columns(db)
    assert schema.upgrade(db) == ("0005", schema.head_revision())
    assert OUTCOME <= _columns(db)
    with db.read() as s:
        rows = list(s.scalars(select(Disclosure)))
    assert [(d.id, d.signature, d.authorisation_signature) for d in rows] == before
    assert all(d.outcome is None and d.outcome_signature is None for d in rows)
    db.dispose()
