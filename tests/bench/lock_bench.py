"""The hub-wide write locks: 16 writers with the audit chain, and the same writes without it.

Every change appends an event to the hash-chained audit trail under a lock
on the single ``audit_head`` row (on SQLite the whole write is serialised by
``BEGIN IMMEDIATE`` anyway), and every new referral also takes its year's
``reference_counters`` row. Sixteen writer processes, each signed in as a
member of staff with a case of its own, start together behind a barrier and
change as fast as they can for a fixed time, in phases:

* panel saves on their own case (from the version last saved, as the client
  saves), with the audit chain as the product records it (``audited``) and
  with the audit recording replaced by a no-op inside the writer processes
  (``plain``);
* new referrals, ``audited``, ``plain``, and ``uncounted``: plain and also
  without the reference counter (a reference made up in the process), which
  separates the counter's share from the audit head's.

Phases run in mirrored order (A B B A) so a drift of the machine's load
falls on both sides. Throughput is the changes committed within the window
(from each writer's start line for the phase's seconds) over its length; a
change committed after the window closed is counted apart. Each writer also times, per
change, the wait for the hub-wide lock (the ``SELECT … FOR UPDATE`` of the
audit head, the counter's ``UPDATE``, or SQLite's ``BEGIN IMMEDIATE``) and
its hold from then until the change has committed: the profile asked for when
the target is missed.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections import defaultdict

from sqlalchemy import event, select

from mash_desktop.domain.codes import Status
from mash_desktop.security import audit
from mash_desktop.services.case import panels
from mash_desktop.services.demo.content import referral_payload
from mash_desktop.services.intake import referrals
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, Referral

from .figures import Figure
from .hub import BenchHub, staff
from .load_bench import USERS

WRITERS = 16
#: (kind, variant) in mirrored order.
PHASES = (("panel", "audited"), ("panel", "plain"), ("panel", "plain"), ("panel", "audited"),
          ("referral", "audited"), ("referral", "plain"), ("referral", "uncounted"),
          ("referral", "uncounted"), ("referral", "plain"), ("referral", "audited"))
START_SECONDS = 600
#: How long past its phase a writer may take to report (its last change, under a lock).
RESULT_SECONDS = 120
TARGET_RATIO = 2 / 3
_REAL_RECORD = audit.record
_REAL_NEXT_REFERENCE = referrals.next_reference


# --- in the writer process ---------------------------------------------------------------------------------

def _no_record(session, actor, action, object_type, object_ref=None, *, justification=None, detail=None):
    """The baseline's stand-in for ``audit.record``: no event, no head lock, no notification."""
    return AuditEvent(id=0, hash=bytes(audit.HASH_BYTES), prev_hash=bytes(audit.HASH_BYTES))


def _switch(audited: bool, counted: bool) -> None:
    """Point every loaded module's ``record`` at the real one or the no-op (this process only)."""
    wanted = _REAL_RECORD if audited else _no_record
    for name, module in list(sys.modules.items()):
        if name.startswith("mash_desktop") and getattr(module, "record", None) in (_REAL_RECORD, _no_record):
            module.record = wanted
    audit.record = wanted
    referrals.next_reference = _REAL_NEXT_REFERENCE if counted else _made_up_reference


_made_up = {"writer": 0, "phase": 0, "count": 0}


def _made_up_reference(session, received_at: dt.datetime) -> str:
    """A reference no counter issued (a year no real case has), unique to this writer, phase and run."""
    _made_up["count"] += 1
    return f"MASH-9{_made_up['writer']:02d}{_made_up['phase'] % 10}-{os.getpid() % 10_000:04d}{_made_up['count']:06d}"


class _Profile:
    """Per change: when the hub-wide lock was asked for and got, from the statements sent."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite
        self.asked = self.got = None
        self.statements = 0

    def reset(self) -> None:
        self.asked = self.got = None
        self.statements = 0

    def _is_lock(self, statement: str) -> bool:
        if self.sqlite:
            return statement.startswith("BEGIN IMMEDIATE")
        return ("FROM audit_head" in statement and "FOR UPDATE" in statement) or \
            statement.startswith("UPDATE reference_counters")

    def before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.got is None and self._is_lock(statement):
            self.asked = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.got is not None:
            self.statements += 1  # sent while holding the lock (the commit not counted)
        elif self.asked is not None and self._is_lock(statement):
            self.got = time.perf_counter()


def _changer(db: Database, signed, reference: str, rng: random.Random, kind: str):
    agency = signed.actor.agency_code
    state = {"seen": panels.SeenPanel.of(panels.read_panel(db, signed, reference, agency))}

    def save_panel() -> None:
        text = f"Checked our systems at {dt.datetime.now():%H:%M:%S.%f}: nothing further to add."
        state["seen"] = panels.save_panel(db, signed, reference, text, seen=state["seen"]).seen

    def add_referral() -> None:
        now = dt.datetime.now(dt.timezone.utc)
        payload = referral_payload(rng, today=now.astimezone(referrals.HUB_ZONE).date(), received_at=now)
        referrals.add_referral(db, signed.actor, payload)

    return save_panel if kind == "panel" else add_referral


def writer(url: str, index: int, username: str, reference: str, phases, seconds: float, ready, barrier,
           results) -> None:
    """One writer's life: sign in, warm up, then for each phase wait at the start line and change for ``seconds``."""
    db = Database(url)
    try:
        signed = staff(db, username)
        rng = random.Random(index)
        changes = {kind: _changer(db, signed, reference, rng, kind) for kind in ("panel", "referral")}
        for change in changes.values():
            change()  # warm: connection, statement caches, keys
        profile = _Profile(db.is_sqlite)
        event.listen(db.engine, "before_cursor_execute", profile.before)
        event.listen(db.engine, "after_cursor_execute", profile.after)
        _made_up["writer"] = index
    except Exception as exc:
        ready.put(f"writer {index} ({username}) could not start: {type(exc).__name__}: {exc}"[:500])
        db.dispose()
        return
    ready.put(None)
    try:
        for number, (kind, variant) in enumerate(phases):
            _switch(variant == "audited", variant != "uncounted")
            _made_up["phase"], _made_up["count"] = number, 0
            change, done, errors, samples = changes[kind], 0, 0, []
            waits, holds, latencies, statements, late = [], [], [], [], 0
            barrier.wait(timeout=START_SECONDS)
            start = time.perf_counter()
            end = start + seconds
            while time.perf_counter() < end:
                profile.reset()
                began = time.perf_counter()
                try:
                    change()
                except Exception as exc:  # counted and described, never stops the run
                    errors += 1
                    samples.append(f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}")
                    continue
                last = time.perf_counter()
                if last > end:  # committed after the window closed: not counted in the rate
                    late += 1
                else:
                    done += 1
                latencies.append(last - began)
                if profile.got is not None:
                    waits.append(profile.got - profile.asked)
                    holds.append(last - profile.got)
                    statements.append(profile.statements)
            results.put({"index": index, "phase": number, "done": done, "late": late, "errors": errors,
                         "samples": samples[:3], "latencies": latencies, "waits": waits, "holds": holds,
                         "statements": statements})
    finally:
        _switch(True, True)
        db.dispose()


# --- in the benchmark process -------------------------------------------------------------------------------

def _cases(db: Database, count: int) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Referral.reference).where(Referral.status.in_(
            (Status.NEW, Status.SCREENED, Status.RESEARCHING, Status.AWAITING_DECISION)))
            .order_by(Referral.id.desc()).limit(count)))


def _ms(values: list[float], share: float | None = None) -> float | None:
    if not values:
        return None
    if share is None:
        return statistics.median(values) * 1000
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _measure(hub: BenchHub, seconds: float) -> dict[tuple[str, str], dict]:
    """Run every phase; per (kind, variant) the pooled counts, times and errors."""
    db = Database(hub.url)
    try:
        references = _cases(db, WRITERS)
    finally:
        db.dispose()
    if len(references) < WRITERS:
        raise RuntimeError(f"the hub has {len(references)} open cases, {WRITERS} writers need one each")
    ctx = multiprocessing.get_context("spawn")  # no open connections carried into the writers
    ready, barrier, results = ctx.Queue(), ctx.Barrier(WRITERS + 1), ctx.Queue()
    procs = [ctx.Process(target=writer, args=(hub.url, i, USERS[i], references[i], PHASES, seconds, ready, barrier,
                                              results), daemon=True) for i in range(WRITERS)]
    for p in procs:
        p.start()
    pooled: dict[tuple[str, str], dict] = defaultdict(lambda: defaultdict(list))
    try:
        problems = [problem for problem in (ready.get(timeout=START_SECONDS) for _ in procs) if problem]
        if problems:
            barrier.abort()
            raise RuntimeError("; ".join(problems[:3]))
        for number, phase in enumerate(PHASES):
            barrier.wait(timeout=START_SECONDS)
            reports = [results.get(timeout=seconds + RESULT_SECONDS) for _ in procs]
            pooled[phase]["elapsed"].append(seconds)
            for r in reports:
                for key in ("done", "late", "errors"):
                    pooled[phase][key].append(r[key])
                for key in ("latencies", "waits", "holds", "statements", "samples"):
                    pooled[phase][key] += r[key]
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    return pooled


def _summary(phase: dict) -> dict:
    done = sum(phase["done"])
    return {"changes": done, "committed_after_window": sum(phase["late"]), "errors": sum(phase["errors"]),
            "seconds": sum(phase["elapsed"]),
            "statements_under_lock_median": statistics.median(phase["statements"]) if phase["statements"] else None,
            "per_second": done / sum(phase["elapsed"]) if sum(phase["elapsed"]) else float("nan"),
            "latency_median_ms": _ms(phase["latencies"]), "latency_p95_ms": _ms(phase["latencies"], 0.95),
            "lock_wait_median_ms": _ms(phase["waits"]), "lock_wait_p95_ms": _ms(phase["waits"], 0.95),
            "lock_hold_median_ms": _ms(phase["holds"]), "lock_hold_p95_ms": _ms(phase["holds"], 0.95),
            "error_samples": phase["samples"][:5]}


def phase_seconds(total: float) -> float:
    """Seconds per phase for a run whose workstations work ``total`` seconds: a sixth, 1 to 10."""
    return min(10.0, max(1.0, total / 6))


def lock_figure(hub: BenchHub, backend: str, seconds: float) -> Figure:
    """The audit chain's cost in throughput, 16 writers, ``seconds`` per phase.

    The writers add referrals and save panels: run it after the figures that
    count what the hub holds."""
    pooled = _measure(hub, seconds)
    by = {f"{kind}_{variant}": _summary(pooled[(kind, variant)]) for kind, variant in dict.fromkeys(PHASES)}
    panel_ratio = by["panel_audited"]["per_second"] / by["panel_plain"]["per_second"]
    referral_ratio = by["referral_audited"]["per_second"] / by["referral_plain"]["per_second"]
    counter_ratio = by["referral_plain"]["per_second"] / by["referral_uncounted"]["per_second"]
    errors = sum(v["errors"] for v in by.values())
    lock = "the write lock (BEGIN IMMEDIATE)" if backend == "sqlite" else \
        "the audit head (SELECT … FOR UPDATE), or for new referrals the reference counter's row"
    return Figure(
        "audit_lock_throughput", f"{WRITERS} writers' panel saves per second, with the audit chain",
        by["panel_audited"]["per_second"], "changes/s", by["panel_plain"]["per_second"],
        f"the same panel saves by the same {WRITERS} processes with audit.record replaced by a no-op in them: "
        "no audit event, hash, signature, head lock or change notification (the change, its encryption, "
        "row locks and commit kept)",
        backend, hub.referrals, ratio_at_least=round(TARGET_RATIO, 3),
        detail={"writers": WRITERS, "seconds_per_phase": seconds, "phases": [f"{k}_{v}" for k, v in PHASES],
                "by_phase": by, "panel_ratio": panel_ratio, "referral_ratio": referral_ratio,
                "reference_counter_ratio": counter_ratio,
                "reference_counter_note": "referral_plain over referral_uncounted: new referrals without the "
                                          "audit chain, with and without the reference counter",
                "lock_profiled": lock, "errors": errors,
                "also_targets": [f"new referrals ≥ {TARGET_RATIO:.3g}× baseline", "0 errors"],
                "also_met": [referral_ratio >= TARGET_RATIO, errors == 0]})
