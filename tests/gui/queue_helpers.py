"""Reading the queue the way the table shows it."""

from __future__ import annotations

from mash_desktop.gui.queue.model import Column, QueueModel
from mash_desktop.services.queue.query import QueueRow


def shown_rows(model: QueueModel) -> list[QueueRow]:
    """Every row in table order (all fetched: the demo hub fits in the first page)."""
    rows = [model.row_at(r) for r in range(model.rowCount())]
    assert all(rows), "some rows were not fetched"
    return rows


def column(model: QueueModel, which: Column) -> list:
    return [model.index(r, which).data() for r in range(model.rowCount())]


def wait_reloaded(qtbot, window, change) -> None:
    """Do ``change`` (which changes the query) and wait for the load it causes."""
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        change()
