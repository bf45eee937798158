"""Two clients on one hub: what one adds appears in the other's queue by itself."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from mash_desktop.gui.queue import live
from mash_desktop.gui.queue.live import BACK_TEXT, OFFLINE_TEXT
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.gui.queue.model import Column
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.database import Database

from ...hub_factory import EXAMPLE
from ..queue_helpers import shown_rows, wait_reloaded

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
PAYLOAD = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}}
#: NOTIFY arrives at once; SQLite is polled about once a second.
WITHIN_MS = {"postgresql": 1000, "sqlite": 2500}


@pytest.fixture
def client(qtbot, demo_db_url, request):
    """Opens a client window on its own connection to the demo hub, loaded and watching."""
    def open_client() -> MainWindow:
        db = Database(demo_db_url)
        request.addfinalizer(db.dispose)
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        window.refresh()
        qtbot.waitUntil(lambda: window.live.watching and not window.loading, timeout=10_000)
        return window

    return open_client


def _references(window: MainWindow) -> set[str]:
    return {row.summary.reference for row in shown_rows(window.model)}


def test_a_referral_added_in_one_client_appears_in_the_other(qtbot, client, backend):
    first, second = client(), client()
    before = _references(first)

    reference = add_referral(second.db, LOCAL_ADMIN, PAYLOAD)

    qtbot.waitUntil(lambda: reference in _references(first), timeout=WITHIN_MS[backend])
    assert _references(first) == before | {reference}


def test_a_live_reload_keeps_search_and_selection(qtbot, client, backend):
    first, second = client(), client()
    selected = first.model.index(2, Column.REFERENCE).data()
    first.table.selectRow(2)
    wait_reloaded(qtbot, first, lambda: qtbot.keyClicks(first.search, "mash"))
    shown = first.model.rowCount()

    reference = add_referral(second.db, LOCAL_ADMIN, PAYLOAD)
    qtbot.waitUntil(lambda: reference in _references(first), timeout=WITHIN_MS[backend])

    assert first.search.text() == "mash"
    assert first.model.rowCount() == shown + 1
    rows = first.table.selectionModel().selectedRows(Column.REFERENCE)
    assert [r.data() for r in rows] == [selected]


def test_offline_is_shown_and_a_reconnect_reloads(qtbot, client, backend, request):
    if backend != "postgresql":
        pytest.skip("only a server can refuse connections")
    window, other = client(), client()
    name = window.db.engine.url.database
    admin = create_engine(request.getfixturevalue("pg_server").url, isolation_level="AUTOCOMMIT")
    request.addfinalizer(admin.dispose)

    def allow(yes: bool) -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(yes).lower()}'))
            if not yes:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :db AND application_name LIKE 'mash-desktop%'"),
                             {"db": name})

    allow(False)
    request.addfinalizer(lambda: allow(True))
    qtbot.waitUntil(lambda: window.live.label.isVisible(), timeout=5000)
    assert window.live.label.text() == OFFLINE_TEXT and not window.live.online
    qtbot.keyClicks(window.search, "mash")

    allow(True)
    reference = add_referral(other.db, LOCAL_ADMIN, PAYLOAD)
    qtbot.waitUntil(lambda: reference in _references(window), timeout=5000)
    qtbot.waitUntil(lambda: window.live.online, timeout=5000)
    assert window.live.label.isVisible() and window.live.label.text() == BACK_TEXT  # for a few seconds
    assert window.search.text() == "mash"
    qtbot.waitUntil(lambda: not window.live.label.isVisible(), timeout=live.BACK_MS + 5000)
