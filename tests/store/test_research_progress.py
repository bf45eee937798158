"""A referral's research progress (``referrals.research_done``), kept by the database's triggers.

It is the share of the referral's research requests that have come back
(returned or nothing known), NULL when none was asked; the queue sorts by it
(services/queue/query.py). Migration 0018 fills it for referrals already
stored and keeps it with triggers on research_requests, on both databases.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from mash_desktop.domain.codes import AgencyKind, Rag, ResearchStatus, Role, Status
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.admin.agencies import create_agency
from mash_desktop.services.admin.users import create_user
from mash_desktop.services.case import casework, panels
from mash_desktop.services.intake import screening
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.queue.query import QueueFilter, QueueQuery, QueueSort, ids_query, queue_ids
from mash_desktop.store import pg_roles, schema
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral, ResearchRequest
from tests import hub_factory
from tests.conftest import DEMO_NOW
from tests.pg_roles_support import connect, drop_roles, existing_roles, refused, refused_at_commit, role_url

EXAMPLE = json.loads((Path(__file__).parents[2] / "resources" / "examples" / "referral.json").read_text())
RECEIVED = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.timezone.utc)
#: The share as the queue used to work it out for every query: requests come back over requests asked.
AGGREGATE = ("(SELECT CAST(sum(CASE WHEN q.status IN ('returned', 'nothing_known') THEN 1 ELSE 0 END) "
             "AS DOUBLE PRECISION) / count(*) FROM research_requests q WHERE q.referral_id = r.id)")


def _kept_and_counted(db: Database) -> tuple[dict[int, float | None], dict[int, float | None]]:
    """Per referral: research_done as stored, and as counted from its requests."""
    with db.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT r.id, r.research_done, {AGGREGATE} FROM referrals r")).all()
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}


# --- through the services -----------------------------------------------------------------------------


@pytest.fixture
def case(db):
    """Three agencies with an officer each and a supervisor; one referral, rated."""
    staff = {}
    with db.write() as s:
        csc = create_agency(s, LOCAL_ADMIN, "CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 10)
        pol = create_agency(s, LOCAL_ADMIN, "POL", "Police", AgencyKind.POLICE, 20)
        edu = create_agency(s, LOCAL_ADMIN, "EDU", "Education", AgencyKind.EDUCATION, 2)
        for name, agency, roles in [("sup", csc, [Role.SUPERVISOR]), ("poloff", pol, [Role.OFFICER]),
                                    ("eduoff", edu, [Role.OFFICER])]:
            staff[name] = Actor.of(create_user(s, LOCAL_ADMIN, name, name.title(), agency, roles))
    ref = add_referral(db, LOCAL_ADMIN, EXAMPLE | {"received_at": RECEIVED.isoformat()},
                       now=RECEIVED + dt.timedelta(minutes=5))
    casework.run_step(db, staff["sup"], ref, casework.set_rag, Rag.AMBER, "Bruising seen",
                      now=RECEIVED + dt.timedelta(minutes=10))
    return db, staff, ref


def _done(db: Database, ref: str) -> float | None:
    with db.read() as s:
        return s.scalar(select(Referral.research_done).where(Referral.reference == ref))


def test_research_done_follows_requests(case):
    db, staff, ref = case
    later = RECEIVED + dt.timedelta(hours=1)
    assert _done(db, ref) is None  # no research asked
    casework.run_step(db, staff["sup"], ref, casework.request_research, ["POL", "EDU"], now=later)
    assert _done(db, ref) == 0.0
    casework.run_step(db, staff["poloff"], ref, casework.set_research_status, ResearchStatus.IN_PROGRESS, now=later)
    assert _done(db, ref) == 0.0
    casework.run_step(db, staff["poloff"], ref, casework.set_research_status, ResearchStatus.RETURNED, now=later)
    assert _done(db, ref) == 0.5
    casework.run_step(db, staff["eduoff"], ref, casework.set_research_status, ResearchStatus.NOTHING_KNOWN,
                      now=later)
    assert _done(db, ref) == 1.0
    casework.run_step(db, staff["sup"], ref, casework.request_research, ["CSC"], now=later)
    assert _done(db, ref) == pytest.approx(2 / 3)
    # Taken back (as disposal removes a case's research): the share of what is left, then none.
    with db.write() as s:
        s.execute(ResearchRequest.__table__.delete().where(ResearchRequest.agency_id == staff["sup"].agency_id))
    assert _done(db, ref) == 1.0
    with db.write() as s:
        s.execute(ResearchRequest.__table__.update().values(status=ResearchStatus.REQUESTED.value)
                  .where(ResearchRequest.agency_id == staff["poloff"].agency_id))
    assert _done(db, ref) == 0.5
    with db.write() as s:
        s.execute(ResearchRequest.__table__.delete())
    assert _done(db, ref) is None
    kept, counted = _kept_and_counted(db)
    assert kept == counted


def test_a_request_moved_to_another_referral_counts_for_both(case):
    db, staff, ref = case
    other = add_referral(db, LOCAL_ADMIN, EXAMPLE | {"received_at": RECEIVED.isoformat()},
                         now=RECEIVED + dt.timedelta(minutes=6))
    later = RECEIVED + dt.timedelta(hours=1)
    casework.run_step(db, staff["sup"], ref, casework.request_research, ["POL", "EDU"], now=later)
    casework.run_step(db, staff["poloff"], ref, casework.set_research_status, ResearchStatus.RETURNED, now=later)
    with db.write() as s:
        other_id = s.scalar(select(Referral.id).where(Referral.reference == other))
        s.execute(ResearchRequest.__table__.update().values(referral_id=other_id)
                  .where(ResearchRequest.agency_id == staff["poloff"].agency_id))
    assert (_done(db, ref), _done(db, other)) == (0.0, 1.0)


# --- the migration --------------------------------------------------------------------------------------


def test_the_migration_fills_referrals_stored_before_it(demo_db_url):
    db = Database(demo_db_url)
    kept, counted = _kept_and_counted(db)
    assert kept == counted
    assert {v is None for v in kept.values()} == {True, False}  # some asked for research, some not
    assert len({v for v in kept.values() if v is not None}) > 1
    with db._guard(), db.engine.begin() as conn:
        command.downgrade(schema.alembic_config(conn), "0017")
    with db.engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("referrals")]
    assert "research_done" not in columns
    with db.engine.begin() as conn:  # research returned while at 0017
        conn.execute(text("UPDATE research_requests SET status = 'returned' WHERE id = (SELECT min(id) "
                          "FROM research_requests WHERE status NOT IN ('returned', 'nothing_known'))"))
    assert schema.upgrade(db) == ("0017", schema.HEAD)
    after, counted = _kept_and_counted(db)
    assert after == counted and after != kept
    # And the triggers are back.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE research_requests SET status = 'nothing_known'"))
    after, counted = _kept_and_counted(db)
    assert after == counted and {v for v in after.values() if v is not None} == {1.0}
    db.dispose()


# --- the queue's research order -------------------------------------------------------------------------


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("status_filter", [None, "researching"])
def test_the_research_order_is_the_one_counted_from_the_requests(demo_db_url, descending, status_filter):
    db = Database(demo_db_url)
    status = Status(status_filter) if status_filter else None
    query = QueueQuery(QueueFilter(status=status), sort=QueueSort.RESEARCH, descending=descending)
    with db.read() as s:
        got = queue_ids(s, query, DEMO_NOW)
    where = f"r.status = '{status_filter}'" if status_filter else "r.status <> 'closed'"
    way = " DESC" if descending else ""
    with db.engine.connect() as conn:
        expected = list(conn.scalars(text(f"SELECT r.id FROM referrals r WHERE {where} ORDER BY "
                                          f"{AGGREGATE} IS NULL, {AGGREGATE}{way}, r.id{way}")))
    assert got == expected and len(got) > 1
    db.dispose()


@pytest.mark.parametrize("descending", [False, True])
def test_an_index_serves_the_research_order(db, descending):
    """The first page comes from an index in either direction, without sorting every open referral."""
    query = QueueQuery(sort=QueueSort.RESEARCH, descending=descending)
    sql = str(ids_query(query, DEMO_NOW).limit(100).compile(db.engine, compile_kwargs={"literal_binds": True}))
    index = "ix_referrals_research_order" + ("_desc" if descending else "")
    with db.engine.begin() as conn:
        if db.is_sqlite:
            plan = " ".join(str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
        else:  # an empty table is read whole by choice: here only whether the index can serve the order
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")  # nor the few open ones gathered, sorted
            plan = " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert f"Index Scan using {index} " in plan and "Sort" not in plan, plan


# --- an agency's database role (PostgreSQL) -------------------------------------------------------------

REF = "MASH-2026-000001"
ROLES = [pg_roles.role_name(c) for c in ("CSC", "HLT", "HUB", "POL")]


@pytest.fixture(scope="module")
def roles_hub(pg_server, templates):
    """tests/hub_factory.py's hub with its agencies' roles: (template name, {code: (role, password)}, kits)."""
    drop_roles(pg_server.engine, ROLES)
    app_existed = bool(existing_roles(pg_server.engine, [pg_roles.APP_ROLE]))
    name = f"mash_progress_{os.getpid()}"
    db = Database(pg_server.create(name, templates("postgresql")))
    try:
        hub = hub_factory.build(db)
        roles = {code: (role, password) for code, role, password in pg_roles.setup_roles(db)}
    finally:
        db.dispose()
    yield name, roles, hub.kits
    pg_server.drop(name)
    drop_roles(pg_server.engine, ROLES + ([] if app_existed else [pg_roles.APP_ROLE]))


@pytest.fixture
def as_roles(roles_hub, pg_server, request):
    template, roles, kits = roles_hub
    name = f"mash_progress_{os.getpid()}_{request.node.name[:20].lower()}"
    url = pg_server.create(name, template)
    owner, dbs = Database(url), {}

    def db_as(code: str) -> Database:
        if code not in dbs:
            dbs[code] = Database(role_url(url, *roles[code]))
        return dbs[code]

    def sign_in(username: str):
        from mash_desktop.security.accounts import sign_in as signin

        code = username.split(".")[0].upper()
        return signin(db_as(code), hub_factory.Hub(owner, kits).creds(code), username, hub_factory.PASSWORD)

    yield owner, db_as, sign_in, lambda code: role_url(url, *roles[code])
    for db in [owner, *dbs.values()]:
        db.dispose()
    pg_server.drop(name)


def test_an_agency_returning_research_moves_research_done_without_a_grant(as_roles):
    owner, db_as, sign_in, url_as = as_roles
    screening.screen(db_as("CSC"), sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="first look",
                     research=["POL", "HLT"])
    assert _done(owner, REF) == 0.0
    with owner.engine.connect() as conn:
        assert not conn.scalar(text("SELECT has_column_privilege('mash_pol', 'referrals', 'research_done', "
                                    "'UPDATE')"))
    with connect(url_as("POL")) as conn:
        refused(conn, "UPDATE referrals SET research_done = 1 WHERE reference = :r", {"r": REF})
    # The case's state stays signed by the children's social care lead; the police's return is accepted.
    panels.save_panel(db_as("POL"), sign_in("pol.officer"), REF, "Known to police.", research=ResearchStatus.RETURNED)
    assert _done(owner, REF) == 0.5
    kept, counted = _kept_and_counted(owner)
    assert kept == counted


def test_returning_ones_own_research_does_not_let_another_agencys_due_time_move(as_roles):
    """Another agency's request moves its due time only with its case re-rated (signed at commit)."""
    owner, db_as, sign_in, url_as = as_roles
    screening.screen(db_as("CSC"), sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="first look",
                     research=["POL", "HLT"])
    requests = "SELECT agency_id, due_at, status FROM research_requests ORDER BY id"
    with owner.engine.connect() as conn:
        before = conn.execute(text(requests)).all()
        pol, hlt = (conn.scalar(text("SELECT id FROM agencies WHERE code = :c"), {"c": c}) for c in ("POL", "HLT"))
    with connect(url_as("POL")) as conn:
        conn.execute(text("UPDATE research_requests SET status = 'returned', returned_at = now() "
                          "WHERE agency_id = :a"), {"a": pol})
        refused_at_commit(conn, "UPDATE research_requests SET due_at = due_at + interval '30 days' "
                                "WHERE agency_id = :a", {"a": hlt})
    with owner.engine.connect() as conn:
        assert conn.execute(text(requests)).all() == before
