"""The filter bar above the queue, driven from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mash_desktop.gui.shell.main_window import MainWindow

from ..queue_helpers import shown_rows, wait_reloaded

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def window(qtbot, demo_db):
    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    w.refresh()
    qtbot.waitUntil(lambda: not w.loading, timeout=10_000)
    return w


def test_filters_narrow_the_queue_and_clear_restores_it(qtbot, window):
    model = window.model
    total = model.rowCount()
    window.filters.unallocated.setFocus()
    wait_reloaded(qtbot, window, lambda: qtbot.keyClick(window.filters.unallocated, Qt.Key.Key_Space))
    assert window.filters.unallocated.isChecked()
    assert 0 < model.rowCount() < total
    assert all(r.allocated_id is None for r in shown_rows(model))
    assert window.count_label.text().startswith(f"Showing {model.rowCount()} of ")

    rated = next(r.summary.rag for r in shown_rows(model) if r.summary.rag)  # one the demo has unallocated
    narrower = model.rowCount()
    wait_reloaded(qtbot, window, lambda: window.filters.rag.setCurrentIndex(window.filters.rag.findData(rated)))
    assert 0 < model.rowCount() < narrower
    assert all(r.summary.rag is rated and r.allocated_id is None for r in shown_rows(model))

    wait_reloaded(qtbot, window, lambda: qtbot.mouseClick(window.filters.clear, Qt.MouseButton.LeftButton))
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert model.rowCount() == total


def test_agencies_offered_are_those_in_the_queue(window):
    offered = [window.filters.agency.itemData(i) for i in range(1, window.filters.agency.count())]
    assert offered == window.model.agencies and offered


def test_every_filter_has_a_label_or_mnemonic(window):
    bar = window.filters
    for combo in (bar.rag, bar.status, bar.agency):
        assert combo.accessibleName()
    for box in (bar.unallocated, bar.overdue, bar.mine):
        assert "&" in box.text()
    assert not bar.mine.isVisibleTo(bar)  # nobody signed in: no "mine"
