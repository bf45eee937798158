"""Point-in-time recovery from a base backup and a WAL archive, as docs/failover.md tells administrators.

A real PostgreSQL cluster of this test's own archives every finished WAL file. After a base backup, the
hub takes in some referrals; the moment is noted; then come changes to be undone (two more referrals),
and the server is lost. A copy of the base backup replays the archive up to the noted moment:
what came before is there, whole, with an audit chain that verifies; the mistake is not.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time

import pytest
from sqlalchemy import select, text

from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store import schema
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral
from tests import hub_factory

from .clusters import folder, free_port, pg
from .crash_checks import problems
from .crash_writer import PAYLOAD

pytestmark = pytest.mark.slow

@pytest.fixture
def top():
    made = folder("mash-pitr-")
    yield made
    for cluster in ("live", "restored"):
        if (made / cluster / "data").exists():
            pg("stop", str(made / cluster))
    shutil.rmtree(made, ignore_errors=True)


def _archived(db: Database) -> None:
    """Close the current WAL file and wait until the archive holds it."""
    with db.write() as s:
        segment = s.scalar(text("SELECT pg_walfile_name(pg_switch_wal())"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with db.read() as s:
            last = s.scalar(text("SELECT last_archived_wal FROM pg_stat_archiver"))
        if last is not None and last >= segment:
            return
        time.sleep(0.2)
    raise AssertionError(f"WAL file {segment} was not archived")


def test_a_base_backup_and_the_archive_bring_the_hub_back_to_a_moment(top):
    live, base, restored, archive = top / "live", top / "base", top / "restored", top / "archive"
    port = free_port()
    url = pg("start", str(live), str(port))
    pg("archiving", str(live), str(port), str(archive))
    db = Database(url)
    schema.upgrade(db)
    hub = hub_factory.build(db, agencies=("CSC",))
    lead = hub.sign_in("csc.lead")
    pg("basebackup", str(base), str(port))

    kept = [add_referral(db, lead.actor, PAYLOAD) for _ in range(3)]
    time.sleep(0.5)
    with db.read() as s:
        moment: dt.datetime = s.scalar(text("SELECT clock_timestamp()"))
    time.sleep(0.5)
    mistaken = [add_referral(db, lead.actor, PAYLOAD) for _ in range(2)]
    _archived(db)
    db.dispose()
    pg("crash", str(live))  # the server is lost; only the base backup and the archive are left

    again = free_port(port)
    pg("restore", str(restored), str(again), str(base), str(archive), moment.isoformat())
    back = Database(url.replace(f":{port}/", f":{again}/"))
    try:
        deadline = time.monotonic() + 60
        while True:  # replaying up to the moment, then taking writes
            with back.read() as s:
                if not s.scalar(text("SELECT pg_is_in_recovery()")):
                    break
            assert time.monotonic() < deadline, "the restored server did not finish recovery"
            time.sleep(0.2)
        with back.read() as s:
            references = set(s.scalars(select(Referral.reference)))
        assert set(kept) <= references
        assert not set(mistaken) & references
        assert problems(back, hub.creds("CSC")) == []  # whole changes; the audit chain verifies
        assert add_referral(back, hub_factory.Hub(back, hub.kits).sign_in("csc.lead").actor, PAYLOAD)
    finally:
        back.dispose()
