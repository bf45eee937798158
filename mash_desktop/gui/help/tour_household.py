"""The tour's pictures of households (see tour.py): the queue grouped by household, and a family network.

The demo hub makes two open contacts one family (services/demo/household.py).
The queue is shown grouped by household with that family's rows in view,
then put back as it was; the family network of the first of the two
contacts is drawn as a CSC supervisor may see it (the reason a look at a
contact outside CSC needs is given and kept in the audit trail).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView

from ...services.case.reader import WORKSPACE, open_case
from ...services.demo.household import family_references
from ..people.network_window import NetworkWindow
from ..shell.main_window import MainWindow
from .tour_kit import Hub, TourFailed, save, show, wait

#: The reason the tour gives for a contact CSC is not involved in (kept in the audit trail).
REASON = "Screenshot tour of the demo hub"


def grouped_queue(hub: Hub, window: MainWindow, out: Path, name: str) -> Path:
    found = family_references(hub.db)
    if found is None:
        raise TourFailed("the demo hub has no family across two open contacts")
    box = window.filters.by_household
    box.setChecked(True)
    wait(lambda: not window.loading and window.model.complete and bool(window.model.households),
         "the queue grouped by household")
    try:
        rows = [r for r in range(window.model.rowCount())
                if (row := window.model.row_at(r)) is not None and row.summary.reference in found]
        if rows:
            window.table.scrollTo(window.model.index(rows[0], 0), QAbstractItemView.ScrollHint.PositionAtCenter)
            window.table.selectRow(rows[0])
        return save(window, out, name)
    finally:
        box.setChecked(False)
        wait(lambda: not window.loading and not window.model.households, "the queue as it was")


def family_network(hub: Hub, out: Path, name: str) -> Path:
    found = family_references(hub.db)
    if found is None:
        raise TourFailed("the demo hub has no family across two open contacts")
    case = open_case(hub.db, hub.signed("csc.supervisor"), found[0], WORKSPACE, REASON)
    window = NetworkWindow(case, today=dt.date.today())
    try:
        show(window)
        wait(lambda: window.isVisible(), f"the family network of {found[0]}")
        return save(window, out, name)
    finally:
        window.close()
