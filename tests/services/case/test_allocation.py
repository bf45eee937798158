"""Allocation that stays right when two supervisors allocate one case at once."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import text

from mash_desktop.domain.codes import Rag
from mash_desktop.domain.errors import Conflict, NotPermitted
from mash_desktop.services.case import casework
from mash_desktop.services.case.allocation import Allocation, allocate_case, allocation_state
from mash_desktop.services.intake.referrals import HUB_ZONE, list_referrals, referral_by_reference
from mash_desktop.store.database import Database
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)


@pytest.fixture
def hub(sup_hub):
    return sup_hub


def _hhmm(at: dt.datetime) -> str:
    return f"{at.astimezone(HUB_ZONE):%H:%M}"


def test_allocating_records_who_gave_the_case_to_whom(hub):
    lead = hub.sign_in("csc.lead")
    before = allocation_state(hub.db, REF)
    assert before.current is None
    after = allocate_case(hub.db, lead, REF.lower(), "csc.officer", before.version)
    assert after.version == before.version + 1  # one change, one version
    assert after.current.username == "csc.officer" and after.current.by_name == "CSC Lead"
    assert allocation_state(hub.db, REF) == after
    assert list_referrals(hub.db)[0].allocated_to == "CSC Officer"


def test_the_second_supervisor_is_told_who_got_there_first(hub):
    lead, deputy = hub.sign_in("csc.lead"), hub.sign_in("csc.deputy")
    seen = allocation_state(hub.db, REF)  # both look at the case
    won = allocate_case(hub.db, lead, REF, "csc.officer", seen.version)
    with pytest.raises(Conflict) as refused:
        allocate_case(hub.db, deputy, REF, "csc.new", seen.version)
    assert refused.value.message == f"Already allocated to CSC Officer by CSC Lead at {_hhmm(won.current.at)}."
    assert allocation_state(hub.db, REF).current.username == "csc.officer"
    # Looking again, the deputy may re-allocate on purpose.
    again = allocate_case(hub.db, deputy, REF, "csc.new", allocation_state(hub.db, REF).version)
    assert again.current.username == "csc.new" and again.current.by_name == "CSC Deputy"


def test_any_change_meanwhile_refuses_a_stale_allocation(hub):
    lead = hub.sign_in("csc.lead")
    seen = allocation_state(hub.db, REF)
    casework.run_step(hub.db, lead.actor, REF, casework.set_rag, Rag.AMBER, "Bruising seen")
    with pytest.raises(Conflict, match="changed MASH-2026-000001 while you were looking"):
        allocate_case(hub.db, lead, REF, "csc.officer", seen.version)


def test_only_a_supervisor_allocates_and_only_within_their_agency(hub):
    version = allocation_state(hub.db, REF).version
    with pytest.raises(NotPermitted):
        allocate_case(hub.db, hub.sign_in("csc.officer"), REF, "csc.officer", version)
    with pytest.raises(NotPermitted, match="works for POL"):
        allocate_case(hub.db, hub.sign_in("csc.lead"), REF, "pol.officer", version)
    allocate_case(hub.db, hub.sign_in("csc.lead"), REF, "csc.officer", version)
    with pytest.raises(Conflict, match="already allocated to CSC Officer"):
        allocate_case(hub.db, hub.sign_in("csc.lead"), REF, "csc.officer", allocation_state(hub.db, REF).version)


def test_the_date_is_given_unless_it_was_today():
    at = dt.datetime(2026, 11, 20, 14, 5, tzinfo=dt.timezone.utc)
    who = Allocation("csc.officer", "CSC Officer", "CSC Lead", at)
    assert who.describe(today=dt.date(2026, 11, 20)) == "CSC Officer by CSC Lead at 14:05"
    assert who.describe(today=dt.date(2026, 11, 21)) == "CSC Officer by CSC Lead at 14:05 on 20 Nov 2026"
    assert Allocation("x", "X").describe() == "X"


def _waiting_on_locks(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND wait_event_type = 'Lock'"))


def test_two_supervisors_at_the_same_moment_exactly_one_wins(hub):
    """Each supervisor on their own connection; both wait on the case's lock, then race."""
    seen = allocation_state(hub.db, REF)
    choices = {"csc.lead": "csc.officer", "csc.deputy": "csc.new"}
    people = {name: hub.sign_in(name) for name in choices}
    db_url = hub.db.url
    databases = {name: Database(db_url) for name in choices}
    results: dict[str, object] = {}
    started = threading.Barrier(len(choices) + 1)

    def attempt(name: str) -> None:
        started.wait()
        try:
            results[name] = allocate_case(databases[name], people[name], REF, choices[name], seen.version)
        except Conflict as exc:
            results[name] = exc

    threads = [threading.Thread(target=attempt, args=(name,)) for name in choices]
    gate = Database(db_url)
    try:
        with gate.write() as session:  # holds the case until both are waiting for it
            referral_by_reference(session, REF, for_update=True)
            for thread in threads:
                thread.start()
            started.wait()
            deadline = time.monotonic() + 10
            if hub.db.is_sqlite:
                time.sleep(0.5)  # both now queue on the database's write lock
            else:
                while _waiting_on_locks(hub.db) < len(choices):
                    assert time.monotonic() < deadline, "the two supervisors never both waited"
                    time.sleep(0.02)
        for thread in threads:
            thread.join(timeout=60)
    finally:
        gate.dispose()
        for database in databases.values():
            database.dispose()
    winners = [name for name, result in results.items() if not isinstance(result, Conflict)]
    assert len(winners) == 1 and len(results) == 2
    [winner], [loser] = winners, [name for name in results if name not in winners]
    won = results[winner].current
    assert won.username == choices[winner] and won.by_name == people[winner].display_name
    assert results[loser].message == (
        f"Already allocated to {won.name} by {won.by_name} at {_hhmm(won.at)}.")
    assert allocation_state(hub.db, REF).current == won
