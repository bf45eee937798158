"""Keeping the queue current while other workstations change the hub.

:class:`LiveQueue` runs a :class:`~mash_desktop.services.queue.changes.ChangeListener`
and brings its reports onto the GUI thread. It remembers the change counter
of the last load and asks for a reload (``reload_wanted``, debounced, so a
burst of changes costs one load) only when the hub has moved past it. When
the database cannot be reached it shows "Offline — retrying" in its status
label; when the database is back (the same server, or a standby that took
over) the label says so for a few seconds and it asks for a full reload.

:func:`capture_place` and :func:`restore_place` keep the selected referral
and the scroll position across a reload.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QTableView

from ...services.queue.changes import ChangeListener
from ...store.database import Database
from .model import Column

DEBOUNCE_MS = 150
OFFLINE_TEXT = "Offline — retrying"
BACK_TEXT = "Connected again"
#: How long "Connected again" stays in the status bar.
BACK_MS = 6000
_OFFLINE_STYLE = "color: #b71c1c; font-weight: bold;"
_BACK_STYLE = "color: #1b5e20; font-weight: bold;"


class LiveQueue(QObject):
    """Watches the hub database and says when the queue should be reloaded."""

    #: The queue is out of date: load it again.
    reload_wanted = Signal()
    #: The database became unreachable (False) or reachable again (True).
    online_changed = Signal(bool)
    # Reports from the listener's thread; queued onto this object's thread.
    _changed = Signal(int)
    _reachable = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.online = True
        self._seen: int | None = None
        self._latest: int | None = None
        self._listener: ChangeListener | None = None
        self._db = db
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.reload_wanted)
        self._changed.connect(self._on_change)
        self._reachable.connect(self._on_reachable)
        self.label = QLabel(OFFLINE_TEXT)
        self.label.setContentsMargins(8, 0, 8, 0)
        self.label.setAccessibleName("Connection to the hub database")
        self.label.hide()
        self._back = QTimer(self)
        self._back.setSingleShot(True)
        self._back.setInterval(BACK_MS)
        self._back.timeout.connect(self.label.hide)

    @property
    def watching(self) -> bool:
        """Whether the listener is connected and watching the hub now."""
        return self._listener is not None and self._listener.watching.is_set()

    def start(self) -> None:
        """Start watching (once); later calls do nothing."""
        if self._listener is None:
            self._listener = ChangeListener(self._db, self._report_change, self._report_reachable)
            self._listener.start()

    def stop(self) -> None:
        self._debounce.stop()
        if self._listener is not None:
            self._listener.stop(timeout=1.0)

    def loaded(self, counter: int) -> None:
        """A load that saw the hub at ``counter`` has been shown."""
        self._seen = counter
        if self._latest is not None and self._latest > counter:
            self._debounce.start()  # something changed while it was loading

    # --- listener thread -> GUI thread ------------------------------------------

    def _report_change(self, counter: int) -> None:
        self._emit(self._changed, counter)

    def _report_reachable(self, online: bool) -> None:
        self._emit(self._reachable, online)

    def _emit(self, signal, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # this object is gone: nobody is watching any more
            if self._listener is not None:
                self._listener.stop(timeout=0)

    # --- GUI thread -----------------------------------------------------------------

    def _on_change(self, counter: int) -> None:
        self._latest = max(self._latest or 0, counter)
        if counter < 0 or self._seen is None or counter > self._seen:
            self._debounce.start()

    def _on_reachable(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        self._show(online)
        self.online_changed.emit(online)
        if online:
            self._seen = None  # refresh fully, whatever the counter says
            self._debounce.start()


    def _show(self, online: bool) -> None:
        """Offline: say so until it is back. Back: say so for a few seconds."""
        self._back.stop()
        if online:
            self.label.setText(BACK_TEXT)
            self.label.setStyleSheet(_BACK_STYLE)
            self.label.setToolTip("The hub database can be reached again; the queue has been reloaded.")
            self._back.start()
        else:
            self.label.setText(OFFLINE_TEXT)
            self.label.setStyleSheet(_OFFLINE_STYLE)
            self.label.setToolTip("The hub database cannot be reached. What you typed is kept; "
                                  "the queue reloads when the connection is back.")
        self.label.show()


@dataclass(frozen=True)
class Place:
    """Where the person was in the queue: the selected referral and the scroll."""

    referral_id: int | None
    scroll: int


def capture_place(table: QTableView) -> Place:
    model = table.model()
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    referral_id = model.id_at(rows[0].row()) if rows and rows[0].row() < model.rowCount() else None
    return Place(referral_id, table.verticalScrollBar().value())


def restore_place(table: QTableView, place: Place, *, keep_scroll: bool = True) -> None:
    """Select the same referral again if it is still in the queue; keep the
    scroll position (or, with ``keep_scroll=False``, show the selection or the top)."""
    model = table.model()
    row = model.row_of(place.referral_id) if place.referral_id is not None else None
    selection = table.selectionModel()
    if row is not None:
        index = model.index(row, Column.REFERENCE)
        selection.select(index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
        selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
    if keep_scroll:
        table.verticalScrollBar().setValue(place.scroll)
    elif row is not None:
        table.scrollTo(model.index(row, Column.REFERENCE))
    else:
        table.scrollToTop()
