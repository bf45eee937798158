"""Fifty supervisors in fifty processes allocating one case at once, two hundred times.

PostgreSQL only: each process holds its own connection, as each workstation
does. Every round exactly one allocation wins, and each of the others is
refused with a message naming the officer who got the case, the supervisor
who gave it and when. The same harness run against an allocation without
its version check must see the race.
"""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.codes import Role
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.case.allocation import allocation_state
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent
from tests import hub_factory
from tests.conftest import _fresh_url

from .race_workers import REF, allocator, round_problems

WORKERS, ROUNDS = 50, 200


@pytest.fixture
def race_hub(pg_server, templates, request, tmp_path):
    """CSC with a third officer and WORKERS supervisors (csc.lead and csc.sup01…), on PostgreSQL."""
    db = Database(_fresh_url("postgresql", request, tmp_path, templates("postgresql")))
    hub = hub_factory.build(db, agencies=("CSC",))
    lead = hub.sign_in("csc.lead")
    users.add_account(db, lead, "csc.extra", "CSC Extra Officer", [Role.OFFICER], hub_factory.PASSWORD,
                      ASVS_MINIMUM)
    for n in range(1, WORKERS):
        users.add_account(db, lead, f"csc.sup{n:02d}", f"CSC Supervisor {n:02d}", [Role.SUPERVISOR],
                          hub_factory.PASSWORD, ASVS_MINIMUM)
    yield hub
    db.dispose()


def race(hub, workers: int, rounds: int, broken: bool = False) -> list[tuple[int, int, str, str]]:
    """Run the race in ``workers`` spawned processes; return every outcome."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers, timeout=120)
    names = ["csc.lead"] + [f"csc.sup{n:02d}" for n in range(1, workers)]
    pipes = [ctx.Pipe() for _ in names]
    procs = [ctx.Process(target=allocator, args=(hub.db.url, hub.creds("CSC"), name, i, barrier, pipes[i][1],
                                                 broken), daemon=True)
             for i, name in enumerate(names)]
    conns = [mine for mine, _ in pipes]
    outcomes: list[tuple[int, int, str, str]] = []
    try:
        for proc in procs:
            proc.start()
        for conn in conns:
            answer = conn.recv() if conn.poll(300) else "no answer"
            if answer != "ready":
                return [(-1, -1, "error", f"a worker did not start: {answer}")]
        for n in range(rounds):
            seen = allocation_state(hub.db, REF)
            for conn in conns:
                conn.send((n, seen.version, seen.current.username if seen.current else None))
            for conn in conns:
                if not conn.poll(120):
                    return outcomes + [(n, -1, "error", "a worker did not answer")]
                outcomes.append(conn.recv())
            if any(kind == "error" for _, _, kind, _ in outcomes[-workers:]):
                return outcomes
    finally:
        for conn in conns:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join()
    return outcomes


@pytest.mark.slow
def test_fifty_allocators_two_hundred_rounds_exactly_one_winner_each(race_hub):
    outcomes = race(race_hub, WORKERS, ROUNDS)
    assert round_problems(outcomes, ROUNDS, WORKERS) == []
    with race_hub.db.read() as s:
        allocations = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "referral.allocate", AuditEvent.object_ref == REF))
    assert allocations == ROUNDS


@pytest.mark.slow
def test_the_race_is_seen_when_the_version_check_is_missing(race_hub):
    outcomes = race(race_hub, 8, 3, broken=True)
    problems = round_problems(outcomes, 3, 8)
    assert problems and all("winners" in p for p in problems)
