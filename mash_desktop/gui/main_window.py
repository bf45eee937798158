"""The main window: the hub's queue of open referrals.

It loads through ``background.Operation`` so the window never freezes on a
slow or unreachable database, and it ticks the "Decision due" countdown every
30 seconds from the rows it already has, without asking the database again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.codes import Status
from ..services.referrals import ReferralSummary, count_referrals, list_referrals
from ..store.database import Database, describe_url
from . import errors
from .background import Operation
from .queue_model import Column, QueueModel, QueueProxy

TITLE = "MASH Desktop — Referral queue"
DEMO_BADGE = "Demo hub: synthetic data"
DUE_TICK_MS = 30_000

#: Sample text per column, for widths that fit their content.
_WIDTH_SAMPLES = {
    Column.REFERENCE: "MASH-0000-000000",
    Column.AGE: "Age 00",
    Column.RAG: "Not rated",
    Column.STATUS: max((s.label for s in Status), key=len),
    Column.DUE: "overdue 00d 00h",
    Column.ALLOCATED: "Alexandra Montgomery",
}


@dataclass(frozen=True)
class QueueLoad:
    """What one load of the queue brings back."""

    open_rows: list[ReferralSummary]
    total: int


def load_queue(db: Database) -> QueueLoad:
    """Open referrals and the count of all referrals (runs on a worker)."""
    rows = [r for r in list_referrals(db) if r.status is not Status.CLOSED]
    return QueueLoad(rows, count_referrals(db))


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class MainWindow(QMainWindow):
    """The referral queue of one hub database."""

    #: Emitted on the GUI thread after each successful load.
    loaded = Signal()

    def __init__(self, db: Database, *, demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.demo = demo
        self._loading = False
        self._total = 0
        self.setWindowTitle(TITLE)

        self.model = QueueModel(self)
        self.proxy = QueueProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_actions()
        self.setCentralWidget(self._build_central())
        self._build_status_bar()
        self.search.textChanged.connect(self._search_changed)

        self._tick = QTimer(self)
        self._tick.setInterval(DUE_TICK_MS)
        self._tick.timeout.connect(self.model.refresh_due)
        self._tick.start()
        self.resize(1200, 760)

    # --- building ------------------------------------------------------------

    def _build_actions(self) -> None:
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setStatusTip("Load the queue again from the hub database")
        self.refresh_action.triggered.connect(self.refresh)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu("&Queue")
        menu.addAction(self.refresh_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

    def _build_central(self) -> QWidget:
        heading = QLabel("Referral queue")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by reference or name")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 22))
        self.search.setAccessibleName("Search the queue")

        refresh = QToolButton()
        refresh.setDefaultAction(self.refresh_action)
        refresh.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.search)
        top.addWidget(refresh)

        self.table = self._build_table()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        return body

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.SUBJECT, QHeaderView.ResizeMode.Stretch)
        padding = 4 * self.fontMetrics().averageCharWidth()
        for column, sample in _WIDTH_SAMPLES.items():
            table.setColumnWidth(column, self.fontMetrics().horizontalAdvance(sample) + padding)
        # Most urgent first: overdue decisions, then those due soonest.
        table.sortByColumn(Column.DUE, Qt.SortOrder.AscendingOrder)
        return table

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.badge = QLabel(DEMO_BADGE)
        self.badge.setObjectName("demoBadge")
        self.badge.setStyleSheet(
            "#demoBadge { background: #5c2d91; color: white; font-weight: bold;"
            " padding: 2px 10px; border-radius: 3px; }"
        )
        self.badge.setToolTip("Every name and case here is made up, for training and demonstrations.")
        self.badge.setVisible(self.demo)
        where = describe_url(self.db.url)
        self.database_label = QLabel(f"Database: {where}")
        self.database_label.setToolTip(where)
        self.count_label = QLabel()
        for label in (self.count_label, self.database_label):
            label.setContentsMargins(8, 0, 8, 0)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(_separator())
        bar.addPermanentWidget(self.database_label)
        bar.addPermanentWidget(self.badge)

    # --- loading ---------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        """Load the queue again in the background; ignored while loading."""
        if self._loading:
            return
        self._loading = True
        self.refresh_action.setEnabled(False)
        self.statusBar().showMessage("Loading…")
        db = self.db
        Operation(self, lambda: load_queue(db)).success(self._loaded).failure(self._load_failed).run()

    def _loaded(self, result: QueueLoad) -> None:
        self._finish_loading()
        self._total = result.total
        self.model.set_rows(result.open_rows)
        self._update_count()
        self.loaded.emit()

    def _load_failed(self, exc: Exception) -> None:
        self._finish_loading()
        self.statusBar().showMessage("The queue could not be loaded.")
        errors.show_error(self, exc)

    def _finish_loading(self) -> None:
        self._loading = False
        self.refresh_action.setEnabled(True)
        self.statusBar().clearMessage()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        open_count, shown = self.model.rowCount(), self.proxy.rowCount()
        text = f"{open_count} open referral{'s' if open_count != 1 else ''} ({self._total} in all)"
        if shown != open_count:
            text = f"Showing {shown} of {text}"
        self.count_label.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        super().closeEvent(event)
