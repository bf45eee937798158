"""One process of the hub-day generator: many signed-in people as threads.

The process opens one :class:`Database` whose pool holds a connection for
every few users, as a hub's application servers would share them, and runs
each user as a thread with a :class:`SignedIn` of their own. At the parent's
word every user signs in at once (the shift starting) and each sign-in is
timed; each then opens the queue and a case once, untimed (a workstation in
use a while, as in :mod:`.workstation`). Then, phase by phase, each user works at the rates the parent gives
for the steps their roles allow: pauses are exponential (a Poisson stream
per user), so the phase's total rate of each step is the model's. Only the
step itself is timed; what it needs to have read first (the panel as last
seen, the allocation state, the outstanding research) is read untimed, as a
person has it on screen already. The steps of :mod:`.workstation` are used
as they are, and two are added: a disclosure from the user's agency panel to
the hub (:func:`services.case.disclosures.disclose`, the panel written first,
untimed, if the agency has none on that case) and a decision on a case
awaiting one (:func:`services.case.casework.decide`; each case is decided
once, from a share of the hub's waiting cases given to this process).
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections import defaultdict
from unittest import mock

from sqlalchemy import create_engine

from mash_desktop.domain.access import Step, may_act
from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Outcome as Decided, \
    StatutoryGateway
from mash_desktop.domain.errors import Conflict
from mash_desktop.domain.timescales import preload_bank_holidays
from mash_desktop.domain.zone import HUB_ZONE
from mash_desktop.services.case import casework, disclosures, panels
from mash_desktop.services.intake.referrals import referral_by_reference
from mash_desktop.store import database as store_database
from mash_desktop.store.database import Database

from .workstation import _Desk, _line, _sign_in, Outcome

JUSTIFICATION = "Necessary for the hub to assess risk and decide on the right response."
DISCLOSED = ("Relevant history summarised for the hub's decision, with dates and sources as recorded in the "
             "agency's own systems.")


class NoneLeft(Exception):
    """No case is left for this step (every waiting case has been decided)."""


class _Waiting:
    """This process's share of the cases awaiting a decision, each handed out once."""

    def __init__(self, references: list[str]) -> None:
        self.references, self.lock = list(references), threading.Lock()

    def take(self) -> str:
        with self.lock:
            if not self.references:
                raise NoneLeft
            return self.references.pop()


class HubDesk(_Desk):
    """A workstation's steps, with a disclosure and a decision."""

    def __init__(self, db, signed, references, officers, rng, waiting: _Waiting, tally: list) -> None:
        super().__init__(db, signed, references, officers, rng)
        self.waiting, self.tally = waiting, tally

    def steps(self) -> list[str]:
        roles = self.signed.actor.roles
        return ([s for s, _ in self.allowed()] + ["disclosure"] * may_act(roles, Step.DISCLOSE)
                + ["decision"] * may_act(roles, Step.DECIDE))

    def prepare(self, step: str):
        if step == "disclosure":
            return self._disclosure()
        if step == "decision":
            return self._decision()
        return super().prepare(step)

    def _disclosure(self):
        ref, code = self.rng.choice(self.references), self.signed.actor.agency_code
        if panels.read_panel(self.db, self.signed, ref, code).state == "empty":
            panels.save_panel(self.db, self.signed, ref, f"{code} checked its systems: one previous contact.")
            self.tally.append(ref)  # list.append is atomic across threads
        request = disclosures.DisclosureRequest(
            to=disclosures.HUB, basis=LawfulBasis.DPA_PART3_S35_SCH8_4 if code == "POL" else LawfulBasis.ART6_1E,
            consent=ConsentPosition.GIVEN, consent_reason=None, handling=HandlingCode.P,
            gateway=StatutoryGateway.CA2004_S11, justification=JUSTIFICATION, text=DISCLOSED)
        return lambda: disclosures.disclose(self.db, self.signed, ref, request)

    def _decision(self):
        ref = self.waiting.take()
        with self.db.read() as session:
            missing = casework.outstanding_research(session, referral_by_reference(session, ref))
        override = "Decided on the research returned: the risk is clear." if missing else None
        return lambda: casework.run_step(
            self.db, self.signed.actor, ref, casework.decide, outcome=Decided.CHILD_IN_NEED_S17, level=3,
            rationale="Needs are clear from the research; an assessment under s17 follows.",
            override_reason=override)


def _database(url: str, pool: int) -> Database:
    """The process's database, with ``pool`` connections shared by its users."""
    def sized(*args, **kwargs):
        return create_engine(*args, pool_size=pool, max_overflow=0, pool_timeout=120, **kwargs)
    with mock.patch.object(store_database, "create_engine", sized):
        return Database(url)


def _sign_in_all(db: Database, people: list[tuple[str, list[str]]], index: int) -> tuple[list, list, list]:
    """Everyone signs in at once: (signed-in or None, seconds each, errors)."""
    signed: list = [None] * len(people)
    times: list[float] = []
    errors: list[str] = []
    start = threading.Barrier(len(people))

    def one(i: int, username: str) -> None:
        outcome = Outcome(index, username)
        start.wait()
        began = time.perf_counter()
        try:
            signed[i] = _sign_in(db, username, outcome)
            times.append(time.perf_counter() - began)
        except Exception as exc:
            errors.append(f"sign-in: {_line(exc)}")
        errors.extend(outcome.start_errors)

    threads = [threading.Thread(target=one, args=(i, u)) for i, (u, _) in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return signed, times, errors


def _phase(desks: list[HubDesk], rates: dict[str, float], seconds: float, start_at: float, seed: int) -> dict:
    """Every desk works at ``rates`` (per user able to do the step, per second) from ``start_at``."""
    out = {"times": defaultdict(list), "conflicts": defaultdict(int), "errors": [], "done": defaultdict(int),
           "none_left": defaultdict(int)}
    lock = threading.Lock()

    def work(n: int, desk: HubDesk) -> None:
        rng = random.Random(seed * 1000 + n)
        mine = {s: rates[s] for s in desk.steps() if rates.get(s)}
        if not mine:
            return
        steps, weights, total = list(mine), list(mine.values()), sum(mine.values())
        end = start_at + seconds
        time.sleep(max(0.0, start_at - time.time()))
        while True:
            pause = rng.expovariate(total)
            if time.time() + pause >= end:
                return
            time.sleep(pause)
            step = rng.choices(steps, weights)[0]
            began = None
            try:
                action = desk.prepare(step)
                began = time.perf_counter()
                action()
                took = time.perf_counter() - began
                with lock:
                    out["times"][step].append(took)
                    out["done"][step] += 1
            except NoneLeft:
                with lock:
                    out["none_left"][step] += 1
            except Conflict:
                with lock:
                    if began is not None:
                        out["times"][step].append(time.perf_counter() - began)
                    out["conflicts"][step] += 1
            except Exception as exc:  # every failure is counted and described, none stops the phase
                with lock:
                    out["errors"].append(f"{step}: {_line(exc)}")

    threads = [threading.Thread(target=work, args=(n, d)) for n, d in enumerate(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {k: dict(v) if isinstance(v, defaultdict) else v for k, v in out.items()}


def run(url: str, index: int, people: list[tuple[str, list[str]]], references: list[str], waiting: list[str],
        pool: int, commands, results) -> None:
    """The process's life: sign everyone in when told, then run each phase it is sent until ``None``."""
    db = _database(url, pool)
    tally: list[str] = []  # panels written first, untimed, for a disclosure
    try:
        results.put(("ready", index, None))
        commands.get()
        signed, times, errors = _sign_in_all(db, people, index)
        rng = random.Random(index)
        shared = _Waiting(waiting)
        desks = [HubDesk(db, s, references, officers, random.Random(rng.random()), shared, tally)
                 for s, (_, officers) in zip(signed, people) if s is not None]
        preload_bank_holidays(dt.datetime.now(HUB_ZONE).date())  # as each client does while a password is typed
        for desk in desks:  # a workstation that has been in use a while, as in .workstation
            for warm_up in ("queue_load", "case_open"):
                desk.prepare(warm_up)()
        able: dict[str, int] = defaultdict(int)
        for desk in desks:
            for step in desk.steps():
                able[step] += 1
        results.put(("signed", index, {"times": times, "errors": errors, "able": dict(able)}))
        while (command := commands.get()) is not None:
            rates, seconds, start_at = command
            phase = _phase(desks, rates, seconds, start_at, index)
            phase["panel_prepared"], tally[:] = len(tally), []
            results.put(("phase", index, phase))
    except Exception as exc:
        results.put(("failed", index, _line(exc)))
    finally:
        db.dispose()
