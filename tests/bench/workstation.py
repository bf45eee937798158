"""One simulated workstation: a process of its own, with its own connection.

It signs in as a demo member of staff, waits for the start, then for the
given seconds does mixed work with a pause between steps (exponential, mean
``think`` seconds, as a person reads and types): queue loads, case opens,
panel saves (from the version last read, as the client saves), allocations
(from the state last looked at, as the allocation dialog does) and new
referrals. Only the step itself is timed. A conflict the hub reports to a
person (someone else saved or allocated first) is counted as such; any
other exception is an error. What happened goes back on ``results``.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from mash_desktop.domain.codes import Role
from mash_desktop.domain.errors import Conflict
from mash_desktop.domain.timescales import preload_bank_holidays
from mash_desktop.security.accounts import SignedIn
from mash_desktop.services.case import allocation, panels
from mash_desktop.services.demo.content import referral_payload
from mash_desktop.services.queue.query import QueueQuery, first_page
from mash_desktop.services.intake.referrals import HUB_ZONE, add_referral
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.database import Database

from .hub import staff

#: (step, weight): what a workstation does, how often.
STEPS = (("queue_load", 35), ("case_open", 25), ("panel_save", 15), ("allocate", 10), ("referral_add", 15))
REASON = "Covering a colleague's cases today."
SIGN_IN_TRIES = 3


@dataclass
class Outcome:
    """What one workstation did: step times, conflicts, errors and successful changes."""

    index: int
    username: str
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[str] = field(default_factory=list)
    start_errors: list[str] = field(default_factory=list)
    done: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def plain(self) -> dict:
        return {"index": self.index, "username": self.username, "times": dict(self.times),
                "conflicts": dict(self.conflicts), "errors": self.errors,
                "start_errors": self.start_errors, "done": dict(self.done)}


class _Desk:
    """A signed-in person's work, one step at a time."""

    def __init__(self, db: Database, signed: SignedIn, references: list[str], officers: list[str],
                 rng: random.Random) -> None:
        self.db, self.signed, self.references, self.officers, self.rng = db, signed, references, officers, rng

    def allowed(self) -> list[tuple[str, int]]:
        roles = self.signed.actor.roles
        return [(step, weight) for step, weight in STEPS
                if not (step == "allocate" and (Role.SUPERVISOR not in roles or not self.officers))
                and not (step == "panel_save" and not roles & {Role.OFFICER, Role.SUPERVISOR})]

    def prepare(self, step: str):
        """What the step needs to have been read first (untimed), and the timed step itself."""
        ref = self.rng.choice(self.references)
        if step == "queue_load":
            return lambda: first_page(self.db, QueueQuery(), dt.datetime.now(dt.timezone.utc))
        if step == "case_open":
            return lambda: open_case(self.db, self.signed, ref, WORKSPACE, REASON)
        if step == "panel_save":
            seen = panels.SeenPanel.of(panels.read_panel(self.db, self.signed, ref, self.signed.actor.agency_code))
            text = f"Checked our systems at {dt.datetime.now():%H:%M:%S}: nothing further to add."
            return lambda: panels.save_panel(self.db, self.signed, ref, text, seen=seen)
        if step == "allocate":
            state = allocation.allocation_state(self.db, ref)
            holder = state.current.username if state.current else None
            to = self.rng.choice([o for o in self.officers if o != holder] or self.officers)
            return lambda: allocation.allocate_case(self.db, self.signed, ref, to, state.version)
        now = dt.datetime.now(dt.timezone.utc)
        payload = referral_payload(self.rng, today=now.astimezone(HUB_ZONE).date(), received_at=now)
        return lambda: add_referral(self.db, self.signed.actor, payload)


def _line(exc: Exception) -> str:
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}"


def _sign_in(db: Database, username: str, outcome: Outcome) -> SignedIn:
    """Sign in as a person would: a refusal for a passing fault is noted, and they try again."""
    for attempt in range(SIGN_IN_TRIES):
        try:
            return staff(db, username)
        except Exception as exc:
            outcome.start_errors.append(f"sign-in: {_line(exc)}")
            if attempt == SIGN_IN_TRIES - 1:
                raise
            time.sleep(0.5)
    raise AssertionError("unreachable")


def run(url: str, index: int, username: str, officers: list[str], references: list[str], seconds: float,
        think: float, ready, go, results) -> None:
    """The workstation's life: sign in, say ready, wait for ``go``, work for ``seconds``, report."""
    outcome = Outcome(index, username)
    db = Database(url)
    rng = random.Random(index)
    try:
        desk = _Desk(db, _sign_in(db, username, outcome), references, officers, rng)
        preload_bank_holidays(dt.datetime.now(HUB_ZONE).date())  # as the client does while a password is typed
        steps, weights = zip(*desk.allowed())
        for warm_up in ("queue_load", "case_open"):  # a workstation that has been in use a while
            desk.prepare(warm_up)()
        ready.put(index)
        go.wait()
        end = time.monotonic() + seconds
        while True:
            pause = rng.expovariate(1 / think) if think > 0 else 0.0
            if time.monotonic() + pause >= end:
                break
            time.sleep(pause)
            step = rng.choices(steps, weights)[0]
            start = None
            try:
                action = desk.prepare(step)
                start = time.perf_counter()
                action()
                outcome.times[step].append(time.perf_counter() - start)
                outcome.done[step] += 1
            except Conflict:
                if start is not None:
                    outcome.times[step].append(time.perf_counter() - start)
                outcome.conflicts[step] += 1
            except Exception as exc:  # every failure is counted and described, none stops the run
                outcome.errors.append(f"{step}: {_line(exc)}")
    except Exception as exc:
        outcome.start_errors.append(f"start: {_line(exc)}")
        ready.put(index)
    finally:
        db.dispose()
        results.put(outcome.plain())
