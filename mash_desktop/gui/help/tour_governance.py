"""The tour's pictures of the Governance menu's registers (see tour.py).

Signed in as the hub's information-governance officer (hub.ig), the tour
opens the subject access requests with the demo's requests
(services/demo/subject_access.py), the retention schedule with the legal
hold the demo placed, and the disposal review with the contacts closed
long ago (services/demo/disposal.py). Each window only loads (the review
is audited as any look at it is) and is closed: nothing is approved,
placed or disposed of.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from ..governance.disposal_window import DisposalWindow
from ..governance.retention_window import RetentionWindow
from ..governance.subject_access import SubjectAccessWindow
from .tour_kit import Hub, TourFailed, save, show, wait

OFFICER = "hub.ig"
#: Wide enough for every column of the registers, the longest words included.
WIDTH = 1240


def _picture(hub: Hub, kind: type[QDialog], what: str, rows, out: Path, name: str) -> Path:
    """Open a ``kind`` window as the officer, wait for ``rows(window)`` to show something, save it, close it."""
    window = kind(None, hub.db, hub.signed(OFFICER))
    window.resize(max(WIDTH, window.width()), window.height())
    try:
        show(window)
        window.load()
        wait(lambda: window.status.text() != "Loading…", what)
        if not rows(window):
            raise TourFailed(f"{what} shows nothing on the demo hub: {window.status.text()}")
        return save(window, out, name)
    finally:
        window.done(0)
        window.deleteLater()


def subject_access(hub: Hub, out: Path, name: str) -> Path:
    return _picture(hub, SubjectAccessWindow, "the subject access requests", lambda w: w.table.rowCount(),
                    out, name)


def retention(hub: Hub, out: Path, name: str) -> Path:
    def shown(window: RetentionWindow) -> int:
        held = [n for n, h in enumerate(window.holds) if h.active]
        if held:
            window.hold_table.selectRow(held[0])
        return window.schedule.rowCount() and len(held)

    return _picture(hub, RetentionWindow, "the retention schedule and holds", shown, out, name)


def disposal_review(hub: Hub, out: Path, name: str) -> Path:
    return _picture(hub, DisposalWindow, "the disposal review", lambda w: w.table.rowCount(), out, name)
