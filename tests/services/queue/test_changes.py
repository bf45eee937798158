"""Changes made through another connection are noticed: by NOTIFY or by polling."""

from __future__ import annotations

import json
import queue
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.queue.changes import ChangeListener, latest_change
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.database import Database

from ...hub_factory import EXAMPLE

PAYLOAD = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}}


@pytest.fixture
def hub_db(demo_db_url):
    database = Database(demo_db_url)
    yield database
    database.dispose()


@pytest.fixture
def other_db(demo_db_url):
    """A second client of the same database: its own engine and connections."""
    database = Database(demo_db_url)
    yield database
    database.dispose()


@pytest.fixture
def listener(hub_db):
    changes: queue.Queue[int] = queue.Queue()
    online: queue.Queue[bool] = queue.Queue()
    watcher = ChangeListener(hub_db, changes.put, online.put, poll_seconds=0.2, retry_seconds=0.2)
    watcher.changes, watcher.online = changes, online  # type: ignore[attr-defined]
    watcher.start()
    assert watcher.watching.wait(5)
    yield watcher
    watcher.stop()


def _drain(q: queue.Queue) -> list:
    items = []
    while not q.empty():
        items.append(q.get_nowait())
    return items


def _wait_for(q: queue.Queue, predicate, timeout: float = 1.0):
    while True:
        item = q.get(timeout=timeout)  # raises queue.Empty when nothing comes in time
        if predicate(item):
            return item


def test_latest_change_moves_with_every_write(hub_db, other_db):
    before = latest_change(hub_db)
    assert before > 0
    add_referral(other_db, LOCAL_ADMIN, PAYLOAD)
    assert latest_change(hub_db) > before


def test_listener_reports_the_counter_on_start(listener, hub_db):
    assert listener.online.get(timeout=1) is True
    assert _wait_for(listener.changes, lambda c: True) == latest_change(hub_db)


def test_a_write_elsewhere_is_seen_within_a_second(listener, other_db):
    _wait_for(listener.changes, lambda c: True)
    _drain(listener.changes)
    add_referral(other_db, LOCAL_ADMIN, PAYLOAD)
    counter = latest_change(other_db)
    assert _wait_for(listener.changes, lambda c: c == counter) == counter


def test_a_write_from_another_process_is_seen(listener, other_db, demo_db_url):
    _wait_for(listener.changes, lambda c: True)
    script = (
        "import json, sys\n"
        "from mash_desktop.security.identity import LOCAL_ADMIN\n"
        "from mash_desktop.services.intake.referrals import add_referral\n"
        "from mash_desktop.store.database import Database\n"
        "db = Database(sys.argv[1])\n"
        "add_referral(db, LOCAL_ADMIN, json.loads(sys.argv[2]))\n"
        "db.dispose()\n"
    )
    subprocess.run([sys.executable, "-c", script, demo_db_url, json.dumps(PAYLOAD)], check=True, timeout=60)
    counter = latest_change(other_db)
    assert _wait_for(listener.changes, lambda c: c == counter, timeout=2) == counter


def test_stop_ends_the_thread(hub_db):
    watcher = ChangeListener(hub_db, lambda _c: None, poll_seconds=0.2)
    watcher.start()
    assert watcher.watching.wait(5)
    watcher.stop()
    assert watcher.stopped and not watcher._thread.is_alive()


def test_a_dropped_connection_goes_offline_and_reports_on_reconnect(backend, listener, hub_db, request):
    if backend != "postgresql":
        pytest.skip("only a server connection can be cut")
    _wait_for(listener.changes, lambda c: True)
    assert listener.online.get(timeout=1) is True
    name = hub_db.engine.url.database
    admin = create_engine(request.getfixturevalue("pg_server").url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :db AND application_name = 'mash-desktop-changes'"), {"db": name})
    admin.dispose()
    assert listener.online.get(timeout=5) is False
    assert listener.online.get(timeout=5) is True
    assert _wait_for(listener.changes, lambda c: True, timeout=2) > 0
