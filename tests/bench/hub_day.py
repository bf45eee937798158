"""A hub's working day as load (PostgreSQL): p95 per operation, and capacity.

The model. A large MASH takes 185 contacts in a working day of 8 hours
(28,800 s); about 250 people are signed in at once. Per contact we assume:

====================  ====  =============================================
step                  per   why
====================  ====  =============================================
referral_add           1    the contact is recorded
allocate               1    a supervisor gives it to an officer
case_open             12    everyone who works on it opens it, often twice
panel_save             8    four agencies research it; each saves twice
disclosure             3    three of them disclose to the hub
decision               1    a decision-maker decides it
queue_load            25    people go back to the queue between steps
====================  ====  =============================================

51 steps a contact. At 185 contacts a day the average is
185 × 51 / 28,800 = 0.33 steps/s; the peak, 10× the average, is 3.3
steps/s. Each step's rate at C contacts a day and peak factor P is
``per × C × P / 28,800``, and a user of U who may do every step pauses
``U / total rate`` on average (76 s at 250 users and a large hub's peak).
Sign-ins are not per contact: the shift starts with everyone signing in
at once, a burst timed as its own operation (its cost is mostly the
deliberate key derivation, so it is reported beside the figures rather
than held to 100 ms). Not simulated: screening and RAG ratings, research
requests, chronology, documents, strategy discussions and the live queue's
change notices (measured elsewhere); the steps above are the real service
calls.

The generator (:mod:`.hub_day_users`) runs the users as threads in a few
processes, each thread a person signed in with keys of their own, each
process sharing one engine, so the server and its locks are measured
rather than the start-up of 250 clients; with only 2 cores the generator's
own CPU still competes with the server, and each figure says whether it
kept the rate it was asked for. Users take the demo hub's casework
accounts in turn (several people share one account). A step's rate is
split evenly among the users whose roles allow it, so the total of each
step is the model's. While a phase runs, this process times a trivial
``SELECT 1`` on its own connection: the floor under the same load. Before
the users start, each step is also timed alone (:func:`alone`), so a step
slow by itself can be told from one slowed by the load.

Capacity: phases at the peak of 1, 10, 30, 100 and 300 times a large
hub's contacts a day, stopping at the first where a step's p95 passes
100 ms or the generator could not keep the rate; the capacity is the
highest rate that passed (the true limit is between it and the next).
"""

from __future__ import annotations

import math
import multiprocessing
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from mash_desktop.domain.codes import Status
from mash_desktop.domain.errors import Conflict
from mash_desktop.store.database import Database
from mash_desktop.store.models import Decision, Disclosure, Panel, Referral

from . import hub_day_users
from .figures import Figure, percentile
from .hub import BenchHub, staff
from .load_bench import USERS, _floor, _officers

PER_CONTACT = {"queue_load": 25, "case_open": 12, "panel_save": 8, "disclosure": 3, "allocate": 1,
               "decision": 1, "referral_add": 1}
DAY_SECONDS = 8 * 3600
LARGE_HUB = 185
PEAK = 10
LADDER = (1, 10, 30, 100, 300)
TARGET_MS = 100
PROCESSES = 5
CASES = 300
WAITING = 3000
START_SECONDS = 600


def rates(contacts_per_day: float, peak: float = PEAK) -> dict[str, float]:
    """Steps a second, each, at the peak of a day of ``contacts_per_day``."""
    return {step: per * contacts_per_day * peak / DAY_SECONDS for step, per in PER_CONTACT.items()}


def think_seconds(users: int, contacts_per_day: float, peak: float = PEAK) -> float:
    """A user's mean pause between steps when every user may do every step."""
    return users / sum(rates(contacts_per_day, peak).values())


@dataclass
class Phase:
    """What every process did in one phase, merged."""

    contacts_per_day: float
    seconds: float
    intended: dict[str, float]
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    errors: list[str] = field(default_factory=list)
    panel_prepared: int = 0
    floor: list[float] = field(default_factory=list)

    def add(self, part: dict) -> None:
        for step, values in part["times"].items():
            self.times[step] += values
        for kind in ("done", "conflicts", "none_left"):
            for step, n in part[kind].items():
                self.counts[kind][step] += n
        self.errors += part["errors"]
        self.panel_prepared += part["panel_prepared"]

    def p95_ms(self) -> dict[str, float]:
        return {s: percentile(v, 0.95) * 1000 for s, v in sorted(self.times.items())}

    def worst(self) -> tuple[str, float]:
        p95 = self.p95_ms()
        return max(p95.items(), key=lambda kv: kv[1]) if p95 else ("", math.nan)

    def attempted(self) -> int:
        return sum(len(v) for v in self.times.values()) + len(self.errors) + sum(self.counts["none_left"].values())

    def kept_rate(self) -> bool:
        """Whether the steps tried were as many as asked, within Poisson noise (3 standard deviations)."""
        expected = sum(self.intended.values()) * self.seconds
        return self.attempted() >= expected - 3 * math.sqrt(expected)

    def summary(self) -> dict:
        step, worst = self.worst()
        return {"contacts_per_day": self.contacts_per_day, "times_large_hub": self.contacts_per_day / LARGE_HUB,
                "intended_steps_per_s": sum(self.intended.values()),
                "achieved_steps_per_s": self.attempted() / self.seconds, "kept_rate": self.kept_rate(),
                "worst_step": step, "worst_p95_ms": worst, "p95_ms_by_step": self.p95_ms(),
                "count_by_step": {s: len(v) for s, v in sorted(self.times.items())}, "errors": len(self.errors),
                "floor_p95_ms": percentile(self.floor, 0.95) * 1000,
                "passed": self.kept_rate() and worst <= TARGET_MS and not self.errors}


def work_cases(db: Database) -> list[str]:
    """The open cases people work on (those awaiting a decision are kept for the decisions)."""
    with db.read() as session:
        return list(session.scalars(select(Referral.reference).where(Referral.status.in_(
            (Status.NEW, Status.SCREENED, Status.RESEARCHING))).order_by(Referral.id.desc()).limit(CASES)))


def alone(db: Database, repeat: int = 10) -> dict[str, float]:
    """Each step's p95 in ms with no other load from us: one supervisor, one step at a time.

    Beside the figures it tells a step that is slow by itself from one slowed by the load.
    """
    desk = hub_day_users.HubDesk(db, staff(db, "csc.supervisor"), work_cases(db), _officers("csc.supervisor"),
                                 random.Random(7), hub_day_users._Waiting([]), [])
    out = {}
    for step in ("queue_load", "case_open", "panel_save", "disclosure", "allocate", "referral_add"):
        times = []
        for _ in range(repeat + 1):  # the first warms up
            action = desk.prepare(step)
            began = time.perf_counter()
            try:
                action()
            except Conflict:  # allocating to whoever already holds the case: timed all the same
                pass
            times.append(time.perf_counter() - began)
        out[step] = percentile(times[1:], 0.95) * 1000
    return out


class Generator:
    """``users`` people in ``processes`` processes, signed in at once, then working phase by phase."""

    def __init__(self, db: Database, url: str, users: int, processes: int = PROCESSES) -> None:
        self.db, self.users = db, users
        self.references = work_cases(db)
        with db.read() as session:
            waiting = list(session.scalars(select(Referral.reference).where(
                Referral.status == Status.AWAITING_DECISION).order_by(Referral.id.desc()).limit(WAITING)))
        self.waiting_cases = len(waiting)
        processes = max(1, min(processes, users))
        ctx = multiprocessing.get_context("spawn")  # no Qt or open connections carried into the children
        self.results = ctx.Queue()
        self.commands = [ctx.Queue() for _ in range(processes)]
        self.procs = []
        for p in range(processes):
            people = [(USERS[i % len(USERS)], _officers(USERS[i % len(USERS)])) for i in range(p, users, processes)]
            self.procs.append(ctx.Process(target=hub_day_users.run, daemon=True, args=(
                url, p, people, self.references, waiting[p::processes], max(2, min(len(people), 30)),
                self.commands[p], self.results)))
        self.able: dict[str, int] = defaultdict(int)
        self.before = self._counts()

    def _gather(self, kind: str, timeout: float) -> list[dict]:
        parts = []
        for _ in self.procs:
            what, index, body = self.results.get(timeout=timeout)
            if what == "failed":
                raise RuntimeError(f"generator process {index} failed: {body}")
            assert what == kind, (what, kind)
            parts.append(body)
        return parts

    def sign_in(self) -> dict:
        """Start the processes; everyone signs in at once. The burst's times."""
        for p in self.procs:
            p.start()
        self._gather("ready", START_SECONDS)
        began = time.perf_counter()
        for c in self.commands:
            c.put("sign in")
        parts = self._gather("signed", START_SECONDS)
        burst = time.perf_counter() - began
        times = [t for part in parts for t in part["times"]]
        for part in parts:
            for step, n in part["able"].items():
                self.able[step] += n
        errors = [e for part in parts for e in part["errors"]]
        return {"count": len(times), "p95_ms": percentile(times, 0.95) * 1000,
                "median_ms": percentile(times, 0.5) * 1000, "burst_seconds": burst, "errors": len(errors),
                "error_samples": errors[:5]}

    def phase(self, contacts_per_day: float, seconds: float) -> Phase:
        intended = {s: r for s, r in rates(contacts_per_day).items() if self.able.get(s)}
        per_user = {s: r / self.able[s] for s, r in intended.items()}
        start_at = time.time() + 0.5
        for c in self.commands:
            c.put((per_user, seconds, start_at))
        phase = Phase(contacts_per_day, seconds, intended)
        time.sleep(max(0.0, start_at - time.time()))
        phase.floor = _floor(self.db, time.monotonic() + seconds)
        for part in self._gather("phase", seconds + START_SECONDS):
            phase.add(part)
        return phase

    def stop(self) -> None:
        for c in self.commands:
            c.put(None)
        for p in self.procs:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()

    def _counts(self) -> dict[str, int]:
        with self.db.read() as session:
            return {"referrals": session.scalar(select(func.count(Referral.id))),
                    "allocations": session.scalar(select(func.sum(Referral.version)).where(
                        Referral.reference.in_(self.references))) or 0,
                    "panel_versions": session.scalar(select(func.sum(Panel.version))) or 0,
                    "disclosures": session.scalar(select(func.count(Disclosure.id))),
                    "decisions": session.scalar(select(func.count(Decision.id)))}

    def lost(self, phases: list[Phase]) -> dict[str, int]:
        """Steps reported done that the database does not show, by step (none is the target)."""
        after = self._counts()
        done = defaultdict(int)
        for ph in phases:
            for step, n in ph.counts["done"].items():
                done[step] += n
        prepared = sum(ph.panel_prepared for ph in phases)
        grew = {k: after[k] - self.before[k] for k in after}
        return {"referral_add": done["referral_add"] - grew["referrals"],
                "allocate": done["allocate"] - grew["allocations"],
                "panel_save": done["panel_save"] + prepared - grew["panel_versions"],
                "disclosure": done["disclosure"] - grew["disclosures"],
                "decision": done["decision"] - grew["decisions"]}


def hub_day_figures(db: Database, hub: BenchHub, backend: str, users: int, seconds: float,
                    processes: int = PROCESSES) -> list[Figure]:
    """``hub_day_peak`` (p95 per step at a large hub's peak) and ``hub_capacity`` (contacts a day)."""
    lone = alone(db)
    gen = Generator(db, hub.url, users, processes)
    try:
        signs = gen.sign_in()
        phases = [gen.phase(LARGE_HUB * LADDER[0], seconds)]
        while phases[-1].summary()["passed"] and len(phases) < len(LADDER):
            phases.append(gen.phase(LARGE_HUB * LADDER[len(phases)], seconds))
    finally:
        gen.stop()
    lost = gen.lost(phases)
    return [_peak_figure(phases[0], signs, lost, gen, backend, hub, users, processes, lone),
            _capacity_figure(phases, backend, hub, users)]


def _peak_figure(peak: Phase, signs: dict, lost: dict, gen: Generator, backend: str, hub: BenchHub,
                 users: int, processes: int, lone: dict[str, float]) -> Figure:
    step, worst = peak.worst()
    lost_total = sum(abs(v) for v in lost.values())
    return Figure(
        "hub_day_peak", f"{users} users at a large hub's peak ({LARGE_HUB} contacts/day, {PEAK}× average): "
        "worst p95 of a step", worst, "ms", percentile(peak.floor, 0.95) * 1000,
        "a trivial SELECT 1 under the same load (p95)", backend, hub.referrals, at_most=TARGET_MS,
        detail={"users": users, "processes": processes, "seconds": peak.seconds, "worst_step": step,
                "think_seconds_mean": think_seconds(users, LARGE_HUB), "per_contact": PER_CONTACT,
                **peak.summary(), "intended_by_step": peak.intended,
                "p95_ms_by_step": peak.p95_ms(), "alone_p95_ms_by_step": lone,
                "count_by_step": {s: len(v) for s, v in sorted(peak.times.items())},
                "conflicts_by_step": dict(peak.counts["conflicts"]),
                "none_left_by_step": dict(peak.counts["none_left"]),
                "waiting_cases": gen.waiting_cases, "operation_errors": len(peak.errors),
                "error_samples": peak.errors[:10], "sign_in_burst": signs, "lost_by_step": lost,
                "lost_updates": lost_total, "also_targets": ["0 errors", "0 lost updates"],
                "also_met": [not peak.errors and not signs["errors"], lost_total == 0]})


def _capacity_figure(phases: list[Phase], backend: str, hub: BenchHub, users: int) -> Figure:
    steps = [ph.summary() for ph in phases]
    passed = [s["contacts_per_day"] for s in steps if s["passed"]]
    failed = next((s for s in steps if not s["passed"]), None)
    return Figure(
        "hub_capacity", f"Contacts/day with every step's p95 ≤ {TARGET_MS} ms at the peak ({users} users)",
        max(passed, default=0.0), "contacts/day", LARGE_HUB, f"a large hub ({LARGE_HUB} contacts/day)",
        backend, hub.referrals, at_least=PEAK * LARGE_HUB,
        detail={"users": users, "peak_factor": PEAK, "step_seconds": phases[0].seconds, "steps": steps,
                "first_failure": failed, "untried": [LARGE_HUB * m for m in LADDER[len(phases):]],
                "generator_kept_up": all(s["kept_rate"] for s in steps)})
