"""Keys the queue sorts and lists by, kept by the database (migration 0019).

``referrals.concern_rank`` is the rank of the referral's first concern in
ConcernCategory's order, NULL when it has none; triggers on referral_concerns
keep it, on both databases, and the queue's concerns order reads it
(services/queue/query.py). An index on research_requests (agency_id,
referral_id) serves the queue's list of agencies asked for research.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, inspect, select, text

from mash_desktop.domain.codes import ConcernCategory, Status
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.queue.query import (QueueFilter, QueueQuery, QueueSort, _counts, _rank, ids_query,
                                               queue_ids)
from mash_desktop.store import schema
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral, ReferralConcern
from tests import hub_factory
from tests.conftest import DEMO_NOW
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

EXAMPLE = json.loads((Path(__file__).parents[2] / "resources" / "examples" / "referral.json").read_text())
RECEIVED = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.timezone.utc)
MIGRATION = schema.MIGRATIONS / "versions" / "0019_queue_order_keys.py"
#: The first concern's rank as the queue used to work it out for every query.
RANKED = select(func.min(_rank(ReferralConcern.category, ConcernCategory))).where(
    ReferralConcern.referral_id == Referral.id).scalar_subquery()


def _migration():
    spec = importlib.util.spec_from_file_location("migration_0019", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kept_and_ranked(db: Database) -> tuple[dict[int, int | None], dict[int, int | None]]:
    """Per referral: concern_rank as stored, and as ranked from its concerns."""
    with db.read() as s:
        rows = s.execute(select(Referral.id, Referral.concern_rank, RANKED)).all()
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}


def _referral(db: Database, categories: list[str], minutes: int = 5) -> int:
    payload = EXAMPLE | {"received_at": RECEIVED.isoformat(), "referrer": EXAMPLE["referrer"] | {"agency": None},
                         "concerns": EXAMPLE["concerns"] | {"categories": categories}}
    ref = add_referral(db, LOCAL_ADMIN, payload, now=RECEIVED + dt.timedelta(minutes=minutes))
    with db.read() as s:
        return s.scalar(select(Referral.id).where(Referral.reference == ref))


def _rank_of(db: Database, rid: int) -> int | None:
    with db.read() as s:
        return s.scalar(select(Referral.concern_rank).where(Referral.id == rid))


def _sql(db: Database, sql: str, **params) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_the_migrations_ranks_are_concern_categorys_order():
    """A category added or moved in ConcernCategory needs a migration that ranks concerns again."""
    assert _migration().CONCERN_ORDER == tuple(c.value for c in ConcernCategory)


# --- through the services and the tables ---------------------------------------------------------------


def test_concern_rank_follows_concerns(db):
    rank = {c.value: n for n, c in enumerate(ConcernCategory)}
    rid = _referral(db, ["domestic_abuse", "radicalisation"])
    other = _referral(db, ["other"], minutes=6)
    assert (_rank_of(db, rid), _rank_of(db, other)) == (rank["domestic_abuse"], rank["other"])
    _sql(db, "DELETE FROM referral_concerns WHERE referral_id = :o", o=other)
    assert _rank_of(db, other) is None
    _sql(db, "INSERT INTO referral_concerns (referral_id, category) VALUES (:r, 'physical')", r=rid)
    assert _rank_of(db, rid) == rank["physical"]
    _sql(db, "UPDATE referral_concerns SET category = 'other' WHERE referral_id = :r AND category = 'physical'",
         r=rid)
    assert _rank_of(db, rid) == rank["domestic_abuse"]
    _sql(db, "DELETE FROM referral_concerns WHERE referral_id = :r AND category = 'domestic_abuse'", r=rid)
    assert _rank_of(db, rid) == rank["radicalisation"]
    # A concern moved to another referral counts for both.
    _sql(db, "UPDATE referral_concerns SET referral_id = :o WHERE referral_id = :r AND category = 'radicalisation'",
         r=rid, o=other)
    assert (_rank_of(db, rid), _rank_of(db, other)) == (rank["other"], rank["radicalisation"])
    _sql(db, "DELETE FROM referral_concerns WHERE referral_id = :r", r=rid)
    assert _rank_of(db, rid) is None
    kept, ranked = _kept_and_ranked(db)
    assert kept == ranked


# --- the migration --------------------------------------------------------------------------------------


def test_the_migration_fills_referrals_stored_before_it(demo_db_url):
    db = Database(demo_db_url)
    kept, ranked = _kept_and_ranked(db)
    assert kept == ranked and len({v for v in kept.values() if v is not None}) > 1
    with db._guard(), db.engine.begin() as conn:
        command.downgrade(schema.alembic_config(conn), "0018")
    with db.engine.connect() as conn:
        assert "concern_rank" not in [c["name"] for c in inspect(conn).get_columns("referrals")]
        indexes = [i["name"] for i in inspect(conn).get_indexes("research_requests")]
        assert "ix_research_requests_agency_referral" not in indexes
        first = conn.scalar(text("SELECT min(referral_id) FROM referral_concerns"))
    _sql(db, "DELETE FROM referral_concerns WHERE referral_id = :r", r=first)  # changed while at 0018
    assert schema.upgrade(db) == ("0018", schema.HEAD)
    after, ranked = _kept_and_ranked(db)
    assert after == ranked and after != kept and after[first] is None
    # And the triggers are back.
    _sql(db, "INSERT INTO referral_concerns (referral_id, category) VALUES (:r, 'missing')", r=first)
    after, ranked = _kept_and_ranked(db)
    assert after == ranked and after[first] == list(ConcernCategory).index(ConcernCategory.MISSING)
    db.dispose()


# --- the queue's concerns order -------------------------------------------------------------------------


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("status_filter", [None, "researching"])
def test_the_concerns_order_is_the_one_ranked_from_the_concerns(demo_db_url, descending, status_filter):
    db = Database(demo_db_url)
    status = Status(status_filter) if status_filter else None
    query = QueueQuery(QueueFilter(status=status), sort=QueueSort.CONCERNS, descending=descending)
    with db.read() as s:
        got = queue_ids(s, query, DEMO_NOW)
        where = Referral.status == status if status else Referral.status != Status.CLOSED
        tie = Referral.id.desc() if descending else Referral.id
        expected = list(s.scalars(select(Referral.id).where(where).order_by(
            RANKED.is_(None), RANKED.desc() if descending else RANKED, tie)))
    assert got == expected and len(got) > 1
    db.dispose()


def _plan(db: Database, sql: str, *, bitmaps: bool = True) -> str:
    with db.engine.begin() as conn:
        if db.is_sqlite:
            return " ".join(str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        # An empty table is read whole by choice: here only whether the index can serve the query.
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        if not bitmaps:  # nor, for an order, all its open referrals gathered and sorted (few, here)
            conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        return " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))


@pytest.mark.parametrize("descending", [False, True])
def test_an_index_serves_the_concerns_order(db, descending):
    """The first page comes from an index in either direction, without sorting every open referral."""
    query = QueueQuery(sort=QueueSort.CONCERNS, descending=descending)
    sql = str(ids_query(query, DEMO_NOW).limit(100).compile(db.engine, compile_kwargs={"literal_binds": True}))
    index = "ix_referrals_concern_order" + ("_desc" if descending else "")
    plan = _plan(db, sql, bitmaps=False)
    if db.is_sqlite:
        assert f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
    else:
        assert f"Index Scan using {index} " in plan and "Sort" not in plan, plan


def test_an_index_serves_the_agencies_asked_for_research(db):
    with db.read() as s:
        assert _counts(s) == (0, 0, [])
    sql = ("SELECT a.code FROM agencies a WHERE EXISTS (SELECT 1 FROM research_requests q "
           "WHERE q.agency_id = a.id) ORDER BY a.code")
    plan = _plan(db, sql)
    assert "ix_research_requests_agency_referral" in plan, plan


# --- an agency's database role (PostgreSQL) -------------------------------------------------------------


@pytest.mark.parametrize("code", ["CSC", "POL"])
def test_an_agency_making_a_contact_ranks_its_concerns_without_a_grant(hub, code):  # noqa: F811
    """Concerns are written with a new contact: the rank moves by trigger and the case's signed state holds."""
    officer = hub.sign_in(f"{code.lower()}.officer")
    payload = hub_factory.EXAMPLE | {"received_at": RECEIVED.isoformat(),
                                     "referrer": EXAMPLE["referrer"] | {"agency": None},
                                     "concerns": EXAMPLE["concerns"] | {"categories": ["missing", "sexual"]}}
    reference = add_referral(hub.db_as(code), officer.actor, payload, now=RECEIVED)
    assert hub.ids("SELECT concern_rank FROM referrals WHERE reference = :r", r=reference) == [
        (list(ConcernCategory).index(ConcernCategory.SEXUAL),)]
    assert not hub.ids(f"SELECT has_column_privilege('{hub.built.roles[code][0]}', 'referrals', 'concern_rank', "
                       "'UPDATE')")[0][0]
    with connect(hub.url_as(code)) as conn:
        refused(conn, "UPDATE referrals SET concern_rank = 0 WHERE reference = :r", {"r": reference})
    case = open_case(hub.db_as("CSC"), hub.sign_in("csc.lead"), reference, WORKSPACE, "Checking the contact.")
    assert case.state_verified
    kept, ranked = _kept_and_ranked(hub.owner)
    assert kept == ranked
