"""Several real processes adding referrals to one database at once."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import AgencyKind
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.admin.agencies import add_agency
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral

EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "referral.json"
WORKERS, EACH = 5, 12

WORKER = textwrap.dedent("""
    import os, sys, time
    from mash_desktop.admin.cli import main
    url, example, go, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    while not os.path.exists(go):
        time.sleep(0.005)
    failures = sum(main(["--db", url, "referral", "add", "--json", example]) != 0 for _ in range(n))
    sys.exit(failures)
""")

HOG = textwrap.dedent("""
    import sys, time, sqlite3
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
""")


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(db_url, tmp_path):
    setup = Database(db_url)
    add_agency(setup, LOCAL_ADMIN, "EDU", "Education Safeguarding", AgencyKind.EDUCATION)
    setup.dispose()
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, db_url, str(EXAMPLE), str(go), str(EACH)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(WORKERS)
    ]
    hog = None
    if db_url.startswith("sqlite"):
        # Another writer holds the file's write lock for a while: the others
        # must wait for it, not fail with "database is locked".
        hog = subprocess.Popen([sys.executable, "-c", HOG, db_url.removeprefix("sqlite:///"), "2.5"],
                               stdout=subprocess.PIPE, text=True)
        assert hog.stdout.readline().strip() == "locked"
    time.sleep(1.0)  # let every worker import and wait at the start line
    go.touch()
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    if hog:
        assert hog.wait(timeout=30) == 0
    for rc, out, err in results:
        assert rc == 0, err
        assert "locked" not in err and "busy" not in err
        assert len(out.split()) == EACH
    db = Database(db_url)
    with db.read() as s:
        refs = sorted(s.scalars(select(Referral.reference)))
    db.dispose()
    expected = [f"MASH-2026-{n:06d}" for n in range(1, WORKERS * EACH + 1)]
    assert refs == expected
    printed = sorted(ref for _, out, _ in results for ref in out.split())
    assert printed == expected
