"""The referral queue as a Qt table model that keeps ids and fetches rows lazily.

A load (services/queue/query.py) brings the first page of the referrals
the current query picks, already filtered, searched and sorted by the
database, with their rows; then how many the query picks, so the table has
that many rows and the scroll bar is true. Ids and rows scrolled into view
later are fetched a window at a time on a worker thread (never every id);
until they arrive the row says "Loading…". The first order is most urgent first (no column: the header
shows no sort arrow); clicking a column header sorts by that column, and
``sort_by_urgency`` (or a header's third click) goes back. Changing the order,
a filter or the search text changes the model's :class:`QueueQuery` and emits
``query_changed``: the window then loads again. The model itself never
queries on the GUI thread.

Time left is worked out from a clock the model is given, and ``refresh_due``
re-reads that clock without a new query, so the countdowns keep moving
between loads. What each cell shows is in cells.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from ...services.queue.query import QueueFilter, QueueLoad, QueueQuery, QueueRow, QueueSort
from ...services.intake.referrals import ReferralSummary
from ..common.background import Operation
from .cells import OVERDUE_COLOUR, RAG_COLOURS, Cells, Column
from .formats import age_in_years, rag_word, time_left, utcnow

__all__ = ["Column", "OVERDUE_COLOUR", "QueueModel", "RAG_COLOURS", "SORT_ROLE", "age_in_years", "rag_word",
           "time_left", "utcnow"]

#: The raw value a column sorts by (a datetime for Due, a rank for RAG...).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Rows fetched together when one of them is needed, and rows kept at most.
PAGE = 100
CACHE_LIMIT = 20_000
LOADING = "Loading…"
#: Fetches the rows of these ids (on a worker thread).
Fetch = Callable[[Sequence[int]], dict[int, QueueRow]]
#: Fetches a window of a query's order as of a time: (query, at, offset, size) -> the ids there with their rows.
FetchWindow = Callable[[QueueQuery, dt.datetime, int, int], QueueLoad]

Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    """Open referrals, one per row, formatted for the queue table."""

    #: The query changed (a header was clicked, a filter or the search changed): load again.
    query_changed = Signal()
    #: Rows fetched after a load arrived and are shown.
    rows_fetched = Signal()
    #: A complete load arrived: counts and agencies are known.
    counts_changed = Signal()

    def __init__(self, parent=None, clock: Callable[[], dt.datetime] = utcnow, fetch: Fetch | None = None,
                 window: FetchWindow | None = None) -> None:
        super().__init__(parent)
        #: The referral at each position; None: not fetched yet (further down than any window so far).
        self._ids: list[int | None] = []
        self._rows: dict[int, QueueRow] = {}
        #: Grouped by household: each grouped referral's household number.
        self.households: dict[int, int] = {}
        self._positions: dict[int, int] | None = None
        self._query = QueueQuery()
        self._fetch = fetch
        self._window = window
        self._wanted: set[int] = set()
        #: Starts of windows wanted, and of windows asked for already in this load (asked once each).
        self._wanted_windows: set[int] = set()
        self._windows_asked: set[int] = set()
        #: The load's query and time: windows further down are of that same order.
        self._load_query = self._query
        self._load_at: dt.datetime | None = None
        self._in_flight = False
        self._fetch_failed = False
        self._generation = 0
        self.agencies: list[str] = []
        self.open_count = 0
        self.total = 0
        self.complete = False
        self._clock = clock
        self.cells = Cells(clock())

    # --- the query ----------------------------------------------------------------

    @property
    def query(self) -> QueueQuery:
        return self._query

    def set_query(self, query: QueueQuery) -> None:
        if query != self._query:
            self._query = query
            self.query_changed.emit()

    def set_filter(self, queue_filter: QueueFilter) -> None:
        self.set_query(replace(self._query, filter=queue_filter))

    def set_search(self, text: str) -> None:
        self.set_query(replace(self._query, search=text.strip()))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the rows in another order (the view calls this on a header click);
        a column below 0 (no sort indicator) is most urgent first."""
        if column < 0:
            self.sort_by_urgency()
        elif column < len(Column):
            self.set_query(replace(self._query, sort=QueueSort(column),
                                   descending=order == Qt.SortOrder.DescendingOrder))

    def set_by_household(self, grouped: bool) -> None:
        """Bring each household's contacts together (numbered in the row header), or not."""
        self.set_query(replace(self._query, by_household=grouped))

    def sort_by_urgency(self) -> None:
        """Most urgent first, the default order."""
        self.set_query(replace(self._query, sort=QueueSort.URGENCY, descending=False))

    def now(self) -> dt.datetime:
        """The model's clock, for a load's "overdue"."""
        return self._clock()

    # --- filling -----------------------------------------------------------

    def set_load(self, load: QueueLoad) -> None:
        """Show a load: its ids in order (from its offset), the rows it brought, and (if complete) the counts."""
        self.beginResetModel()
        self._generation += 1
        self._ids = [None] * load.offset + list(load.ids)
        if load.size is not None:
            self._ids = self._ids[:load.size] + [None] * (load.size - len(self._ids))
        self._rows = dict(load.rows)
        self.households = dict(load.households)
        self._positions = None
        self._wanted.clear()
        self._wanted_windows.clear()
        self._windows_asked.clear()
        self._load_query, self._load_at = self._query, load.at
        self._fetch_failed = False
        self.cells.now = self._clock()
        if load.calendar is not None:
            self.cells.calendar = load.calendar
        self.complete = load.complete
        self.endResetModel()
        if load.complete:
            self._counts(load)

    def complete_with(self, load: QueueLoad) -> None:
        """The rest after a first page: how many rows (or, grouped by household,
        every id) are added below it (the view keeps its place); if the order
        changed meanwhile, start again."""
        if load.size is not None:
            self._resize(load.size)
            self.complete = True
            self._counts(load)
            return
        if load.ids[:len(self._ids)] != self._ids:
            self.set_load(replace(load, rows={i: r for i, r in self._rows.items()} | load.rows))
            return
        self._rows.update(load.rows)
        if load.households != self.households:
            self.households = dict(load.households)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, len(self._ids) - 1))
        if len(load.ids) > len(self._ids):
            self.beginInsertRows(QModelIndex(), len(self._ids), len(load.ids) - 1)
            self._ids = list(load.ids)
            self._positions = None
            self.endInsertRows()
        self.complete = True
        self._counts(load)

    def _resize(self, size: int) -> None:
        """As many rows as the query picks: the ones below the first page wait for their window."""
        if size > len(self._ids):
            self.beginInsertRows(QModelIndex(), len(self._ids), size - 1)
            self._ids += [None] * (size - len(self._ids))
            self.endInsertRows()
        elif size < len(self._ids):
            self.beginRemoveRows(QModelIndex(), size, len(self._ids) - 1)
            del self._ids[size:]
            self._positions = None
            self.endRemoveRows()

    def _counts(self, load: QueueLoad) -> None:
        self.agencies = list(load.agencies)
        self.open_count, self.total = load.open_count, load.total
        self.counts_changed.emit()

    def set_rows(self, rows: Iterable[QueueRow]) -> None:
        """Show exactly these rows, in this order (no database)."""
        rows = list(rows)
        self.set_load(QueueLoad([r.id for r in rows], {r.id: r for r in rows}, len(rows), len(rows),
                                agencies=sorted({code for r in rows for code, _ in r.research})))

    def refresh_due(self) -> None:
        """Re-read the clock and repaint the Due and Waiting since columns; no query."""
        self.cells.now = self._clock()
        if self._ids:
            self.dataChanged.emit(self.index(0, Column.DUE), self.index(len(self._ids) - 1, Column.RECEIVED))

    def id_at(self, row: int) -> int | None:
        """The referral at this position, or None until its window has been fetched."""
        return self._ids[row]

    def row_at(self, row: int) -> QueueRow | None:
        """The row's data if it has been fetched (it is, once painted)."""
        referral_id = self._ids[row]
        return None if referral_id is None else self._rows.get(referral_id)

    def row_of(self, referral_id: int) -> int | None:
        """Where the referral with this id is in the queue now, if it is (among the positions fetched)."""
        if self._positions is None:
            self._positions = {rid: n for n, rid in enumerate(self._ids) if rid is not None}
        return self._positions.get(referral_id)

    def visible_ids(self, first: int, last: int) -> list[int]:
        return [i for i in self._ids[max(0, first):max(0, last + 1)] if i is not None]

    @property
    def fetching(self) -> bool:
        """Whether rows are on their way or waiting to be asked for."""
        return self._in_flight or bool(self._wanted) or bool(self._wanted_windows)

    def is_overdue(self, summary: ReferralSummary) -> bool:
        """Whether its screening or decision is still awaited and past due, as of the last tick."""
        return self.cells.is_overdue(summary)

    def due_of(self, summary: ReferralSummary) -> dt.datetime | None:
        """The screening or decision due time still pending, or None once decided."""
        return self.cells.due_of(summary)

    # --- fetching rows as they come into view ------------------------------------

    def _want(self, row: int) -> None:
        if self._fetch_failed:
            return
        start = row - row % PAGE
        if self._ids[row] is None:  # further down than any window so far
            if self._window is None or self._load_at is None or start in self._windows_asked:
                return
            self._ask(lambda: self._wanted_windows.add(start))
            return
        if self._fetch is None:
            return
        page = {i for i in self._ids[start:start + PAGE] if i is not None and i not in self._rows}
        if page - self._wanted:
            self._ask(lambda: self._wanted.update(page))

    def _ask(self, add: Callable[[], None]) -> None:
        if not self.fetching:
            QTimer.singleShot(0, self._fetch_wanted)
        add()

    def _fetch_wanted(self) -> None:
        if self._in_flight:
            return
        generation = self._generation
        if self._wanted_windows and self._window is not None and self._load_at is not None:
            start = min(self._wanted_windows)
            self._wanted_windows.discard(start)
            self._windows_asked.add(start)
            window, query, at = self._window, self._load_query, self._load_at
            self._in_flight = True
            Operation(self, lambda: window(query, at, start, PAGE)).success(
                lambda load: self._window_arrived(generation, load)).failure(self._failed).run()
            return
        if not self._wanted or self._fetch is None:
            return
        ids, fetch = sorted(self._wanted), self._fetch
        self._wanted.clear()
        self._in_flight = True
        Operation(self, lambda: fetch(ids)).success(
            lambda rows: self._arrived(generation, rows)).failure(self._failed).run()

    def _window_arrived(self, generation: int, load: QueueLoad) -> None:
        """A window's ids in their places (those still empty), with their rows."""
        if generation == self._generation:
            end = min(len(self._ids), load.offset + len(load.ids))
            for place in range(load.offset, end):
                if self._ids[place] is None:
                    self._ids[place] = load.ids[place - load.offset]
            self._positions = None
            if end > load.offset:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, load.offset, end - 1)
        self._arrived(generation, load.rows)

    def _arrived(self, generation: int, rows: dict[int, QueueRow]) -> None:
        self._in_flight = False
        if generation == self._generation and rows:
            if len(self._rows) + len(rows) > CACHE_LIMIT:
                self._rows.clear()
            self._rows.update(rows)
            places = [p for p in (self.row_of(i) for i in rows) if p is not None]
            if places:
                self.dataChanged.emit(self.index(min(places), 0), self.index(max(places), len(Column) - 1))
            self.rows_fetched.emit()
        if self._wanted or self._wanted_windows:
            self._fetch_wanted()

    def _failed(self, _exc: Exception) -> None:
        # Offline: rows stay "Loading…" until the next load; no retry storm.
        self._in_flight = False
        self._fetch_failed = True
        self._wanted.clear()
        self._wanted_windows.clear()

    # --- QAbstractTableModel -----------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return Column(section).title
            if role == Qt.ItemDataRole.ToolTipRole:
                return Column(section).tip
            if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.AGE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return self._household_header(section, role)
        return None

    def _household_header(self, section: int, role: int) -> Any:
        """Grouped by household: "H2" beside each contact of the second household, in words in its tooltip."""
        referral_id = self._ids[section]
        number = self.households.get(referral_id) if referral_id is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"H{number}" if number else ""
        if role == Qt.ItemDataRole.ToolTipRole and number:
            return f"Household {number}: contacts about the same family or address"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        referral_id = self._ids[index.row()]
        row = None if referral_id is None else self._rows.get(referral_id)
        column = Column(index.column())
        if row is None:
            self._want(index.row())
            if role == Qt.ItemDataRole.DisplayRole:
                return LOADING if column == Column.SUBJECT else ""
            return None
        summary = row.summary
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells.text(row, column)
        if role == SORT_ROLE:
            return self.cells.sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cells.tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.RAG and summary.rag:
            return RAG_COLOURS[summary.rag][0]
        if column == Column.CONCERNS and self.cells.school_overdue(row):  # "School overdue …" in red words
            if role == Qt.ItemDataRole.ForegroundRole:
                return OVERDUE_COLOUR
            if role == Qt.ItemDataRole.FontRole:
                return self.cells.school_font()
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.cells.foreground(summary, column)
        if role == Qt.ItemDataRole.FontRole:
            return self.cells.font(summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == Column.AGE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == Column.RAG:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

