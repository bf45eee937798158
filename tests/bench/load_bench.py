"""Many workstations at once (PostgreSQL): latency, errors and lost updates.

Each workstation is a real process with its own connection
(:mod:`.workstation`). While they work, this process runs a trivial
``SELECT 1`` on a connection of its own every few milliseconds: the
baseline, the database's floor under the same load. At the end the counts
are checked against what the workstations say they did: new referrals,
panel saves (panel versions) and allocations (referral versions); any
difference is a lost update.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections import defaultdict

from sqlalchemy import func, select, text

from mash_desktop.domain.codes import Status
from mash_desktop.store.database import Database
from mash_desktop.store.models import Panel, Referral

from . import workstation
from .figures import Figure, percentile
from .hub import BenchHub

#: Demo casework staff the workstations sign in as (several workstations may share one).
USERS = ("csc.supervisor", "csc.officer", "csc.officer2", "pol.supervisor", "pol.officer", "pol.officer2",
         "hlt.supervisor", "hlt.officer", "edu.supervisor", "edu.officer", "asc.supervisor", "asc.officer",
         "eh.supervisor", "eh.officer", "prb.supervisor", "prb.officer", "csc.decision")
#: Cases the workstations work on.
CASES = 300
START_SECONDS = 600


def _officers(username: str) -> list[str]:
    code = username.split(".")[0]
    if not username.endswith(".supervisor"):
        return []
    return [u for u in USERS if u.startswith(code + ".officer")]


def _counts(db: Database, last_id: int) -> dict[str, int]:
    with db.read() as session:
        return {"referrals": session.scalar(select(func.count(Referral.id))),
                "referral_versions": session.scalar(select(func.sum(Referral.version))
                                                    .where(Referral.id <= last_id)) or 0,
                "panel_versions": session.scalar(select(func.sum(Panel.version))) or 0}


def _cases(db: Database) -> tuple[list[str], int]:
    with db.read() as session:
        refs = list(session.scalars(select(Referral.reference).where(Referral.status.in_(
            (Status.NEW, Status.SCREENED, Status.RESEARCHING, Status.AWAITING_DECISION)))
            .order_by(Referral.id.desc()).limit(CASES)))
        return refs, session.scalar(select(func.max(Referral.id)))


def _floor(db: Database, stop_at: float) -> list[float]:
    times = []
    with db.engine.connect() as conn:
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            conn.execute(text("SELECT 1")).scalar()
            times.append(time.perf_counter() - start)
            time.sleep(0.02)
    return times


def load_figure(db: Database, hub: BenchHub, backend: str, workstations: int, seconds: float,
                think: float) -> Figure:
    refs, last_id = _cases(db)
    before = _counts(db, last_id)
    ctx = multiprocessing.get_context("spawn")  # no Qt or open connections carried into the children
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = []
    for i in range(workstations):
        user = USERS[i % len(USERS)]
        procs.append(ctx.Process(target=workstation.run, args=(hub.url, i, user, _officers(user), refs, seconds,
                                                               think, ready, go, results), daemon=True))
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=START_SECONDS)
    go.set()
    floor = _floor(db, time.monotonic() + seconds)
    outcomes = []
    for _ in procs:
        try:
            outcomes.append(results.get(timeout=seconds + START_SECONDS))
        except queue.Empty:
            break
    for p in procs:
        p.join(timeout=30)
    after = _counts(db, last_id)
    return _figure(outcomes, workstations, before, after, floor, backend, hub, seconds, think)


def _figure(outcomes: list[dict], workstations: int, before: dict, after: dict, floor: list[float],
            backend: str, hub: BenchHub, seconds: float, think: float) -> Figure:
    times: dict[str, list[float]] = defaultdict(list)
    done: dict[str, int] = defaultdict(int)
    conflicts: dict[str, int] = defaultdict(int)
    errors: list[str] = [f"{workstations - len(outcomes)} workstations never reported"] * (len(outcomes) < workstations)
    start_errors: list[str] = []
    for o in outcomes:
        for step, values in o["times"].items():
            times[step] += values
        for step, count in o["done"].items():
            done[step] += count
        for step, count in o["conflicts"].items():
            conflicts[step] += count
        errors += o["errors"]
        start_errors += o["start_errors"]
    lost = {"referral_add": done["referral_add"] - (after["referrals"] - before["referrals"]),
            "panel_save": done["panel_save"] - (after["panel_versions"] - before["panel_versions"]),
            "allocate": done["allocate"] - (after["referral_versions"] - before["referral_versions"])}
    every = [t for values in times.values() for t in values]
    lost_total = sum(abs(v) for v in lost.values())
    failed = len(errors) + len(start_errors)
    return Figure(
        "workstations", f"{workstations} workstations, {seconds:g} s of mixed work (p95 per operation)",
        percentile(every, 0.95) * 1000, "ms", percentile(floor, 0.95) * 1000, "a trivial SELECT 1 under the same load (p95)",
        backend, hub.referrals, at_most=100,
        detail={"workstations": workstations, "seconds": seconds, "think_seconds_mean": think,
                "operations": len(every), "errors": failed, "operation_errors": len(errors),
                "sign_in_errors": len(start_errors), "lost_updates": lost_total,
                "also_targets": ["0 errors", "0 lost updates"], "also_met": [failed == 0, lost_total == 0],
                "p95_ms_by_step": {s: percentile(v, 0.95) * 1000 for s, v in sorted(times.items())},
                "count_by_step": {s: len(v) for s, v in sorted(times.items())},
                "conflicts_by_step": dict(conflicts), "lost_by_step": lost, "error_samples": errors[:10], "sign_in_error_samples": start_errors[:10]})
