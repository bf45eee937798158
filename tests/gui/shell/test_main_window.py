"""The queue window on a demo hub, driven as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from mash_desktop.domain.codes import Status
from mash_desktop.gui.common.banner import DEMO_BANNER
from mash_desktop.gui.shell.main_window import TITLE, MainWindow
from mash_desktop.gui.queue.model import Column
from mash_desktop.services.intake.referrals import list_referrals
from mash_desktop.store.database import Database

from ..queue_helpers import column, wait_reloaded

# The offscreen platform cannot pass a window's size limits to a window
# manager and says so whenever a main window is shown; nothing else may warn.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")



def _open_window(qtbot, db, *, demo: bool) -> MainWindow:
    window = MainWindow(db, demo=demo)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    return window


def _loaded(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)


def test_window_lists_the_open_referrals(qtbot, demo_db):
    everything = list_referrals(demo_db)
    open_count = sum(r.status is not Status.CLOSED for r in everything)
    assert 0 < open_count < len(everything)

    window = _open_window(qtbot, demo_db, demo=True)
    assert window.windowTitle() == TITLE
    assert window.statusBar().currentMessage() == "Loading…"
    _loaded(qtbot, window)

    assert window.table.model().rowCount() == open_count
    assert window.statusBar().currentMessage() == ""
    assert window.count_label.text() == f"{open_count} open referrals ({len(everything)} in all)"
    assert Status.CLOSED.label not in set(column(window.model, Column.STATUS))


def test_search_filters_rows(qtbot, demo_db):
    window = _open_window(qtbot, demo_db, demo=True)
    _loaded(qtbot, window)
    total = window.model.rowCount()
    reference = window.model.index(3, Column.REFERENCE).data()

    wait_reloaded(qtbot, window, lambda: qtbot.keyClicks(window.search, reference.lower()))
    assert window.model.rowCount() == 1
    assert window.model.index(0, Column.REFERENCE).data() == reference
    assert window.count_label.text().startswith("Showing 1 of ")

    wait_reloaded(qtbot, window, window.search.clear)
    assert window.model.rowCount() == total


def test_demo_banner_only_in_demo_mode(qtbot, demo_db):
    demo = _open_window(qtbot, demo_db, demo=True)
    real = _open_window(qtbot, demo_db, demo=False)
    assert demo.demo_banner.isVisible() and demo.demo_banner.text() == DEMO_BANNER
    assert "memory only" in DEMO_BANNER
    assert not real.demo_banner.isVisible()
    for window in (demo, real):
        _loaded(qtbot, window)


def test_without_a_session_there_is_nothing_to_lock_or_sign_out(qtbot, demo_db):
    window = _open_window(qtbot, demo_db, demo=False)
    _loaded(qtbot, window)
    session_menu = window.menuBar().actions()[1].menu()
    assert window.quit_action in session_menu.actions()
    assert window.lock_action not in session_menu.actions()
    assert window.user_label.text() == ""


def test_status_bar_names_the_database_without_password(qtbot):
    db = Database("postgresql://hub:secret-pw@db.example:5432/mash")
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert "db.example" in window.database_label.text()
    assert "secret-pw" not in window.database_label.text()


def test_refresh_action_reloads_and_has_f5(qtbot, demo_db):
    window = _open_window(qtbot, demo_db, demo=True)
    _loaded(qtbot, window)
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.refresh_action.trigger()


def test_table_sorts_most_urgent_first(qtbot, demo_db):
    window = _open_window(qtbot, demo_db, demo=True)
    _loaded(qtbot, window)
    assert window.table.horizontalHeader().sortIndicatorSection() == -1  # no column: most urgent first
    assert window.filters.order.currentText() == "Most urgent first"
    assert window.model.index(0, Column.DUE).data().startswith("overdue")

    wait_reloaded(qtbot, window, lambda: qtbot.mouseClick(
        window.table.horizontalHeader().viewport(), Qt.MouseButton.LeftButton,
        pos=_header_centre(window, Column.REFERENCE)))
    references = column(window.model, Column.REFERENCE)
    assert references == sorted(references) and len(references) > 1
    wait_reloaded(qtbot, window, lambda: qtbot.mouseClick(
        window.table.horizontalHeader().viewport(), Qt.MouseButton.LeftButton,
        pos=_header_centre(window, Column.REFERENCE)))
    assert column(window.model, Column.REFERENCE) == sorted(references, reverse=True)
    assert window.filters.order.currentText() == "By reference"
    # A third click clears the arrow: most urgent first again.
    wait_reloaded(qtbot, window, lambda: qtbot.mouseClick(
        window.table.horizontalHeader().viewport(), Qt.MouseButton.LeftButton,
        pos=_header_centre(window, Column.REFERENCE)))
    assert window.table.horizontalHeader().sortIndicatorSection() == -1
    assert window.filters.order.currentText() == "Most urgent first"
    assert window.model.index(0, Column.DUE).data().startswith("overdue")


def _header_centre(window: MainWindow, column: Column) -> QPoint:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def test_a_failed_load_is_shown_as_a_message(qtbot, empty_db_url, shown_boxes):
    db = Database(empty_db_url)
    try:
        window = _open_window(qtbot, db, demo=False)
        _loaded(qtbot, window)
        assert len(shown_boxes) == 1
        assert shown_boxes[0].icon() == QMessageBox.Icon.Critical
        assert "mash-admin init" in shown_boxes[0].text()
        assert window.model.rowCount() == 0
    finally:
        db.dispose()
