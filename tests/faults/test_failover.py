"""The hub's primary server dies under load and its synchronous standby takes over.

Two real PostgreSQL clusters of this test's own: a primary and a streaming standby that every commit
waits for (.ci/postgres.sh standby and sync). Workstations use one multi-host address naming both, with
``target_session_attrs=read-write``. Writers in their own processes add referrals and save panels
without pause; the primary is stopped as by a power cut and the standby promoted. Every change a writer
was told had been saved must be on the standby, whole, with an audit chain that verifies; the writers
carry on against the standby, having been told in words (never a traceback) while no server took
changes; and the queue window says it is offline, then comes back by itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text

from mash_desktop.gui.common import background
from mash_desktop.gui.queue import live
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.services.case import panels
from mash_desktop.store import schema
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral
from tests import hub_factory

from .clusters import folder, free_port, pg
from .crash_checks import problems
from .failover_writer import panel_text

pytestmark = [pytest.mark.slow,
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 3


@pytest.fixture
def pair():
    """(multi-host url, primary folder, standby folder, standby port): a primary with a synchronous standby."""
    top = folder("mash-failover-")
    primary, standby = top / "primary", top / "standby"
    first = free_port()
    ports = first, free_port(first)
    try:
        pg("start", str(primary), str(ports[0]))
        pg("standby", str(standby), str(ports[1]), str(ports[0]))
        pg("sync", str(primary))
        url = (f"postgresql+psycopg://postgres@/postgres?host=127.0.0.1:{ports[0]}&host=127.0.0.1:{ports[1]}"
               "&target_session_attrs=read-write")
        yield url, primary, standby, ports[1]
    finally:
        for cluster in (primary, standby):
            pg("stop", str(cluster))
        shutil.rmtree(top, ignore_errors=True)


class Writer:
    """A writer process and the lines it has printed so far (read on a thread of their own)."""

    def __init__(self, url: str, creds, stop: Path, log: Path) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.failover_writer", url, creds.agency_code, creds.workstation_name,
             creds.secret.hex(), "csc.lead", str(stop)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.strip())

    def saved(self, since: int = 0) -> int:
        return sum(1 for line in self.lines[since:] if line.startswith(("added ", "panel ")))

    def finish(self) -> int:
        rc = self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        return rc


def _serving_port(db: Database) -> int:
    with db.read() as s:
        return s.scalar(text("SELECT inet_server_port()"))


def test_the_standby_takes_over_and_nothing_committed_is_lost(qtbot, pair, tmp_path):
    url, primary, _standby, standby_port = pair
    db = Database(url)
    with db.read() as s:  # the standby follows, and every commit waits for it
        assert list(s.execute(text("SELECT application_name, sync_state FROM pg_stat_replication"))) == [
            ("standby", "sync")]
    schema.upgrade(db)
    hub = hub_factory.build(db, agencies=("CSC",))
    creds = hub.creds("CSC")
    queue = MainWindow(db, signed=hub.sign_in("csc.officer"))
    qtbot.addWidget(queue)
    queue.show()
    queue.refresh()
    qtbot.waitUntil(lambda: queue.live.watching and not queue.loading, timeout=15_000)
    stop = tmp_path / "stop"
    writers = [Writer(url, creds, stop, tmp_path / f"writer-{i}.log") for i in range(WRITERS)]
    try:
        qtbot.waitUntil(lambda: all(w.saved() >= 10 for w in writers), timeout=60_000)

        pg("crash", str(primary))  # a power cut: no clean shutdown
        qtbot.waitUntil(lambda: not queue.live.online and queue.live.label.isVisible(), timeout=30_000)  # the queue says it is offline
        qtbot.waitUntil(lambda: all(any(line.startswith("fault ") for line in w.lines) for w in writers),
                        timeout=30_000)  # every writer has been refused while no server takes changes
        promoted_at = [len(w.lines) for w in writers]
        pg("promote", str(_standby))

        qtbot.waitUntil(lambda: all(w.saved(n) >= 10 for w, n in zip(writers, promoted_at)), timeout=60_000)
        qtbot.waitUntil(lambda: queue.live.online, timeout=30_000)  # back online by itself
        assert queue.live.label.text() == live.BACK_TEXT
    finally:
        stop.touch()
        codes = [w.finish() for w in writers]
        queue.close()
        qtbot.waitUntil(lambda: background.running() == 0, timeout=30_000)
    logs = "\n".join((tmp_path / f"writer-{i}.log").read_text() for i in range(WRITERS))
    assert codes == [0] * WRITERS, logs

    lines = [line for w in writers for line in w.lines]
    after = sum(w.saved(n) for w, n in zip(writers, promoted_at))
    print(f"{sum(w.saved() for w in writers)} changes acknowledged, {after} after the promotion; "
          f"{sum(line.startswith('fault ') for line in lines)} refusals in words")
    assert not [line for line in lines if line.startswith("error ")], "a writer met an error not put in words"
    faults = {line for line in lines if line.startswith("fault ")}
    assert all("cannot be reached" in f for f in faults), faults

    check = Database(url)
    try:
        assert _serving_port(check) == standby_port  # the address found the promoted standby by itself
        added = {line.split()[1] for line in lines if line.startswith("added ")}
        with check.read() as s:
            stored = set(s.scalars(select(Referral.reference)))
        assert added <= stored, f"acknowledged but lost: {sorted(added - stored)}"
        assert problems(check, creds) == []  # whole changes, each with its event; the audit chain verifies
        lead = hub_factory.Hub(check, hub.kits).sign_in("csc.lead")
        for w in writers:
            own = w.lines[0].split()[1]
            last = [int(line.split()[2]) for line in w.lines if line.startswith("panel ")][-1]
            assert panels.read_panel(check, lead, own, "CSC").text == panel_text(own, last)
    finally:
        check.dispose()
        db.dispose()
