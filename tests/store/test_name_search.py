"""The queue's name search through its index: the same rows as a LIKE on the name, found by the index."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from mash_desktop.services.queue.query import QueueQuery, QueueSort, ids_query
from mash_desktop.store import name_search
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral

from ..conftest import DEMO_NOW


@pytest.fixture
def demo(demo_db_url):
    db = Database(demo_db_url)
    yield db
    db.dispose()


def _found(db: Database, condition) -> set[int]:
    with db.read() as session:
        return set(session.scalars(select(Referral.id).where(condition)))


def _needles(keys: list[str]) -> list[str]:
    """Parts of the names stored: one, two and three letters, across the space, whole; and text in none."""
    picked = set()
    for key in keys[:12]:
        picked.update({key[:1], key[1:3], key[2:5], key[-4:], key})
        if " " in key:
            space = key.index(" ")
            picked.add(key[space - 2:space + 3])
    return sorted(p for p in picked if p.strip()) + ["zzq", "qxj w"]


def test_the_index_finds_exactly_what_a_like_on_the_name_finds(demo):
    with demo.read() as session:
        keys = [k for k in session.scalars(select(Referral.subject_key).order_by(Referral.id)) if k]
    assert len(keys) > 10
    for needle in _needles(keys):
        expected = _found(demo, Referral.subject_key.like(f"%{needle}%"))
        assert _found(demo, name_search.name_contains(needle)) == expected, needle
        assert bool(expected) == any(needle in k for k in keys), needle


def test_a_changed_name_is_found_by_its_new_name_only(demo):
    with demo.read() as session:
        rid, old = session.execute(select(Referral.id, Referral.subject_key).where(Referral.subject_key.is_not(None))
                                   .order_by(Referral.id).limit(1)).one()
    with demo.write() as session:
        session.execute(text("ALTER TABLE referrals DISABLE TRIGGER USER") if not demo.is_sqlite else text("SELECT 1"))
        session.execute(update(Referral).where(Referral.id == rid).values(subject_key="ottoline quibbleworth"))
        if not demo.is_sqlite:
            session.execute(text("ALTER TABLE referrals ENABLE TRIGGER USER"))
    assert _found(demo, name_search.name_contains("quibble")) == {rid}
    assert rid not in _found(demo, name_search.name_contains(old))


def test_the_search_reads_the_index(demo):
    """The plan of the queue's search for a name reads the name index, not every referral."""
    statement = ids_query(QueueQuery(search="Smith", sort=QueueSort.REFERENCE), DEMO_NOW)
    compiled = statement.compile(demo.engine, compile_kwargs={"literal_binds": True})
    with demo.engine.connect() as conn:
        if demo.is_sqlite:
            plan = " ".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
            assert "VIRTUAL TABLE INDEX" in plan and "referral_names" in plan, plan
        else:
            assert conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = :n"),
                                {"n": name_search.PG_INDEX}).scalar() == 1
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # a demo hub is small enough to scan
            # ... and to gather its few open referrals from any index of them: dropped, rolled back
            conn.execute(text("DROP INDEX ix_referrals_open_rag, ix_referrals_open_source"))
            plan = " ".join(row[0] for row in conn.execute(text(f"EXPLAIN {compiled}")))
            assert name_search.PG_INDEX in plan, plan
