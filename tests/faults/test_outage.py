"""The hub database stops while someone is writing: told, words kept, saved once it is back.

A real PostgreSQL cluster of this test's own is stopped and started again
(.ci/postgres.sh); nothing is mocked.
"""

from __future__ import annotations

import shutil

import pytest

from mash_desktop.gui.common import background
from mash_desktop.gui.case import opening as case_open, panel_editor
from mash_desktop.gui.queue import live
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.services.case import drafts, panels
from mash_desktop.store import schema
from mash_desktop.store.database import Database
from tests import document_hub

from .clusters import folder, free_port, pg

pytestmark = [pytest.mark.slow,
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]

WORDS = "OUTAGE-WORDS: the health visitor saw the children on Friday; the flat was cold."


@pytest.fixture
def server():
    """A throwaway PostgreSQL cluster: (url, stop, start again)."""
    cluster = folder("mash-outage-")
    port = free_port()
    url = pg("start", str(cluster), str(port))
    yield url.rsplit("/", 1)[0] + "/postgres", lambda: pg("stop", str(cluster)), \
        lambda: pg("resume", str(cluster), str(port))
    pg("stop", str(cluster))
    shutil.rmtree(cluster, ignore_errors=True)


def test_a_panel_typed_during_an_outage_is_saved_when_the_database_is_back(qtbot, server, tmp_path, monkeypatch):
    url, stop, start = server
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    monkeypatch.setattr(panel_editor, "RETRY_MS", 300)
    db = Database(url)
    schema.upgrade(db)
    h = document_hub.build(db)
    officer = h["csc.officer"]
    queue = MainWindow(db, signed=officer)
    qtbot.addWidget(queue)
    queue.show()
    queue.refresh()
    qtbot.waitUntil(lambda: queue.live.watching and not queue.loading, timeout=15_000)
    window = case_open.open_case(None, db, officer, document_hub.REF)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    try:
        stop()
        qtbot.waitUntil(lambda: not queue.live.online and queue.live.label.isVisible(), timeout=15_000)  # the queue says it is offline
        window.panels.editor.setPlainText(WORDS)
        results: list[bool] = []
        window.panels.save(results.append)
        qtbot.waitUntil(lambda: bool(results), timeout=30_000)
        assert results == [False]
        assert window.panels.waiting_to_retry
        assert window.panels.status.text() == panel_editor.OFFLINE_NOTE
        assert drafts.load_draft(officer, document_hub.REF).text == WORDS  # kept, encrypted, at once
        assert window.panels.text() == WORDS

        start()
        with qtbot.waitSignal(window.panels.saved, timeout=60_000):  # saved by itself, nobody pressed a key
            pass
        assert panels.read_panel(db, h["csc.lead"], document_hub.REF, "CSC").text == WORDS
        assert drafts.load_draft(officer, document_hub.REF) is None
        assert not window.panels.is_dirty() and not window.panels.waiting_to_retry
        qtbot.waitUntil(lambda: queue.live.online, timeout=30_000)  # back online by itself
        assert queue.live.label.text() == live.BACK_TEXT
    finally:
        case_open.close_all()
        queue.close()
        qtbot.waitUntil(lambda: background.running() == 0, timeout=30_000)
        db.dispose()
