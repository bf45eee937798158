"""A change at one workstation seen at another (PostgreSQL).

One "workstation" runs a :class:`ChangeListener` on its own connection, as
the client does; the other saves csc.officer's panel of a case through
services/panels. The time runs from just before the save is called (so it
includes the save itself) until the listener reports the save's change
number. Baseline: a bare LISTEN/NOTIFY round trip between two connections.
"""

from __future__ import annotations

import threading
import time

import psycopg

from mash_desktop.services.queue.changes import ChangeListener, latest_change
from mash_desktop.services.case.panels import write_panel
from mash_desktop.store.database import Database

from .figures import Figure, percentile, spread
from .hub import BenchHub, staff

WAIT_SECONDS = 10.0


class _Seen:
    """The highest change number reported so far, with a way to wait for one."""

    def __init__(self) -> None:
        self.counter = 0
        self._cond = threading.Condition()

    def report(self, counter: int) -> None:
        with self._cond:
            self.counter = max(self.counter, counter)
            self._cond.notify_all()

    def wait_for(self, counter: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.counter >= counter, timeout)


def _changes_seen(db: Database, hub: BenchHub, times: int) -> list[float]:
    writer = staff(db, "csc.officer")
    seen = _Seen()
    listener = ChangeListener(db, seen.report, poll_seconds=0.2)
    listener.start()
    try:
        if not listener.watching.wait(WAIT_SECONDS):
            raise RuntimeError("the change listener did not start")
        out = []
        for n in range(times):
            start = time.perf_counter()
            write_panel(db, writer, hub.workspace_ref, f"Children's social care history, revision {n}.")
            if not seen.wait_for(latest_change(db), WAIT_SECONDS):
                raise RuntimeError("a change was not seen within 10 seconds")
            out.append(time.perf_counter() - start)
        return out
    finally:
        listener.stop()


def _bare_round_trips(db: Database, times: int) -> list[float]:
    args = dict(db.engine.url.translate_connect_args(username="user", database="dbname"))
    with psycopg.connect(autocommit=True, **args) as listen, psycopg.connect(autocommit=True, **args) as send:
        listen.execute("LISTEN mash_bench")
        out = []
        for n in range(times):
            start = time.perf_counter()
            send.execute("SELECT pg_notify('mash_bench', %s)", (str(n),))
            if not list(listen.notifies(timeout=WAIT_SECONDS, stop_after=1)):
                raise RuntimeError("a bare notification was not delivered within 10 seconds")
            out.append(time.perf_counter() - start)
        return out


def change_figure(db: Database, hub: BenchHub, backend: str, times: int) -> Figure:
    seen = _changes_seen(db, hub, times)
    bare = _bare_round_trips(db, times)
    return Figure("change_seen", "A change at one workstation seen at another (p95)", percentile(seen, 0.95) * 1000,
                  "ms", percentile(bare, 0.95) * 1000, "a bare LISTEN/NOTIFY round trip (p95)", backend,
                  hub.referrals, at_most=250, detail={"times": spread(seen), "baseline_times": spread(bare)})
