"""A writer killed with SIGKILL at random moments, two hundred times per database.

After every kill the database must be whole: no referral without its people,
concerns or audit event, no panel save or allocation without its audit
event (nor an event without its change), references issued only for stored
referrals, and an audit chain that verifies. See crash_writer.py for the
writer and crash_checks.py for the checks.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from mash_desktop.services.case import allocation, panels
from tests import hub_factory

from .crash_checks import problems, totals

KILLS = 200
REF = "MASH-2026-000001"
ROOT = Path(__file__).parents[2]


def _line(writer: subprocess.Popen, log: Path) -> str:
    line = writer.stdout.readline()
    assert line, f"the writer stopped: {log.read_text()}"
    return line.strip()


@pytest.mark.slow
def test_killing_the_writer_at_random_points_leaves_no_partial_change(db, tmp_path):
    hub = hub_factory.build(db, agencies=("CSC",))
    creds = hub.creds("CSC")
    log = tmp_path / "writer.log"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.crash_writer", db.url, creds.agency_code, creds.workstation_name,
         creds.secret.hex(), "csc.lead"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
    rng = random.Random(20261129)
    pid = None
    try:
        assert _line(writer, log) == "ready"
        start = totals(db)
        for kill in range(KILLS):
            writer.stdin.write(f"go {kill}\n")
            writer.stdin.flush()
            pid = int(_line(writer, log))
            time.sleep(rng.uniform(0.01, 0.25))
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # it died by itself: the status below says how
                pass
            status = int(_line(writer, log).removeprefix("reaped "))
            pid = None  # reaped: the number may be reused
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, log.read_text()
            found = problems(db, creds)
            assert found == [], f"after kill {kill + 1}: {found}"
        end = totals(db)
    finally:
        if pid is not None:  # never leave a writer running behind a failed test
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        writer.stdin.close()
        try:
            writer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            writer.kill()
            writer.wait()
    done = [b - a for a, b in zip(start, end)]
    assert all(n >= 20 for n in done), f"too little work between kills to prove anything: {done}"


def test_the_checks_see_a_partial_change(db):
    """Each promise, broken by hand, is reported: the kill test above could fail."""
    hub = hub_factory.build(db, agencies=("CSC",))
    lead = hub.sign_in("csc.lead")
    panels.write_panel(db, lead, REF, "Findings.")
    seen = allocation.allocation_state(db, REF)
    allocation.allocate_case(db, lead, REF, "csc.officer", seen.version)
    assert problems(db, hub.creds("CSC")) == []
    breakages = [
        ("UPDATE panels SET version = version + 1", "1 panel.write events"),
        ("UPDATE referrals SET allocated_to_id = (SELECT id FROM users WHERE username = 'csc.new')",
         "allocated to csc.new, the trail says"),
        ("DELETE FROM referral_people", "stored without its subjects"),
        ("UPDATE reference_counters SET last = last + 1", "2 references issued, 1 referrals stored"),
        ("DELETE FROM audit_events WHERE action = 'referral.add'", "0 referral.add events"),
    ]
    for statement, problem in breakages:
        with db.engine.begin() as conn:
            conn.execute(text(statement))
        found = problems(db, hub.creds("CSC"))
        assert any(problem in f for f in found), (problem, found)
    assert any("Audit chain broken" in f for f in problems(db, hub.creds("CSC")))
