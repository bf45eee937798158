"""Every queue column fits the window at its default width, in the font the client uses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mash_desktop.domain.codes import Status
from mash_desktop.gui.queue.model import Column
from mash_desktop.gui.shell.main_window import MainWindow

from ..queue_helpers import column, wait_reloaded

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _window(qtbot, db, width: int) -> MainWindow:
    window = MainWindow(db, demo=True)
    qtbot.addWidget(window)
    window.resize(width, 760)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: window.model.complete and not window.loading, timeout=10_000)
    QApplication.processEvents()
    return window


@pytest.mark.parametrize("width", [1200, 1366, 1920])
def test_every_column_fits_without_a_horizontal_scroll_bar(qtbot, demo_db, client_font, width):
    window = _window(qtbot, demo_db, width)
    assert window.width() == width
    table, header = window.table, window.table.horizontalHeader()
    assert table.model().rowCount() > 20  # the demo hub's rows, with a vertical scroll bar
    assert table.verticalScrollBar().isVisible()
    assert header.length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    assert [header.logicalIndex(n) for n in range(header.count())] == list(Column)
    # The columns that carry the work show their usual text whole.
    metrics = table.fontMetrics()
    for col in (Column.REFERENCE, Column.AGE, Column.RECEIVED):
        widest = max(metrics.horizontalAdvance(text) for text in column(window.model, col))
        assert widest < header.sectionSize(col), col.name
    assert header.sectionSize(Column.CONCERNS) >= metrics.horizontalAdvance("Neglect, …")
    if width >= 1366:
        assert header.sectionSize(Column.CONCERNS) >= metrics.horizontalAdvance("Neglect, Physical abuse")


def test_text_a_narrow_column_elides_is_whole_in_its_tooltip(qtbot, demo_db, client_font):
    window = _window(qtbot, demo_db, 1200)
    model = window.model
    assert window.table.textElideMode() == Qt.TextElideMode.ElideRight
    for row in range(model.rowCount()):
        summary = model.row_at(row).summary
        tip = lambda col: model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)  # noqa: E731
        assert tip(Column.SUBJECT) == summary.subject
        assert tip(Column.STATUS) in (summary.status.label, None) or tip(Column.STATUS).startswith("This case")
        if summary.allocated_to:
            assert tip(Column.ALLOCATED) == f"Allocated to {summary.allocated_to}"
        concerns = model.index(row, Column.CONCERNS).data()
        if concerns != "—":
            assert tip(Column.CONCERNS) == f"Concerns: {concerns}"
    assert Status.SCREENED.label in column(model, Column.STATUS)


def test_research_follows_its_rows_until_resized_by_hand(qtbot, demo_db, client_font):
    window = _window(qtbot, demo_db, 1200)
    header = window.table.horizontalHeader()
    everything = header.sectionSize(Column.RESEARCH)
    assert everything > header.sectionSizeHint(Column.RESEARCH)  # some rows have research

    status = window.filters.status
    wait_reloaded(qtbot, window, lambda: status.setCurrentIndex(status.findText(Status.NEW.label)))
    assert set(column(window.model, Column.RESEARCH)) == {"—"}  # new contacts: none asked yet
    assert header.sectionSize(Column.RESEARCH) == header.sectionSizeHint(Column.RESEARCH)
    assert header.length() <= window.table.viewport().width()

    header.resizeSection(Column.RESEARCH, everything + 40)  # as a drag of its edge does
    wait_reloaded(qtbot, window, lambda: status.setCurrentIndex(0))
    assert header.sectionSize(Column.RESEARCH) == everything + 40
