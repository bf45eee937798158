"""The queue grouped by household: one key press brings a family's contacts together, numbered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mash_desktop.gui.shell.main_window import MainWindow

from ...services.people.test_household import _family
from ..queue_helpers import wait_reloaded

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def test_group_by_household_brings_a_familys_contacts_together(qtbot, db):
    refs = _family(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    model, box = window.model, window.filters.by_household
    assert "&" in box.text() and not window.table.verticalHeader().isVisible()

    box.setFocus()
    wait_reloaded(qtbot, window, lambda: qtbot.keyClick(box, Qt.Key.Key_Space))
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert box.isChecked() and model.query.by_household and window.table.verticalHeader().isVisible()
    shown = [model.row_at(r).summary.reference for r in range(model.rowCount())]
    family = [refs[n] for n in ("ruby", "jakes", "neighbour")]
    rows = sorted(shown.index(r) for r in family)
    assert rows == list(range(rows[0], rows[0] + 3))
    headers = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert [headers[r] for r in rows] == ["H1"] * 3
    assert headers[shown.index(refs["stranger"])] == ""
    assert "Household 1" in model.headerData(rows[0], Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)

    wait_reloaded(qtbot, window, lambda: qtbot.keyClick(box, Qt.Key.Key_Space))
    assert not model.households and not window.table.verticalHeader().isVisible()
