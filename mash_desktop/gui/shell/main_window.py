"""The main window: the hub's queue of open referrals.

It loads through ``background.Operation`` so the window never freezes on a
slow or unreachable database, and it ticks the "Decision due" countdown every
30 seconds from the rows it already has, without asking the database again.
Sorting, filtering and searching change the model's query, and the database
answers it (services/queue/query.py): the queue never holds every referral.
The session (session.py) locks it and signs out through its Session menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import EnvironmentFault
from ...security.accounts import SignedIn
from ...services.admin.fingerprints import own_fingerprint
from ...services.queue.query import QueueLoad, QueueQuery, counts, fetch_rows, first_page, load_queue, window
from ...store.database import Database, describe_url
from ..common import errors
from ..help import content as help_content
from ..admin.menu import AdminMenu
from ..audit.viewer import add_audit_action
from ..common.background import Operation
from ..common.banner import demo_banner
from ..case.menu import CaseMenu
from ..dashboard.window import add_dashboard_menu
from ..governance.menu import add_governance_menu
from ..enrolment.menu import add_workstation_actions
from ..help.window import install_help_menu
from ..queue.live import LiveQueue, Place, capture_place, restore_place
from ..queue.filters import QueueFilterBar, legend_label
from ..queue.model import PAGE, QueueModel
from ..queue.table import build_queue_table

TITLE = "MASH Desktop — Referral queue"
DUE_TICK_MS = 30_000
#: Typing pauses this long before the search goes to the database.
SEARCH_DELAY_MS = 250


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class MainWindow(QMainWindow):
    """The referral queue of one hub database, for the person signed in."""

    #: Emitted on the GUI thread after each successful load.
    loaded = Signal()
    #: The person asked to lock the window now, or to sign out.
    lock_requested = Signal()
    sign_out_requested = Signal()
    #: The window was closed (the person quit).
    closed = Signal()

    def __init__(self, db: Database, *, signed: SignedIn | None = None, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.signed = signed
        self._trust = signed.trust if signed is not None else None  # rows' signed state is checked with it
        self.demo = demo
        self._loading = False
        self._again = False
        self._moved = False
        self._place = Place(None, 0)
        self.setWindowTitle(self._title())

        self.model = QueueModel(self, fetch=lambda ids: fetch_rows(db, ids, self._trust, self.signed),
                                window=lambda query, at, offset, size: window(
                                    db, query, at, offset, size, trust=self._trust, reader=self.signed))
        self._search_delay = QTimer(self)
        self._search_delay.setSingleShot(True)
        self._search_delay.setInterval(SEARCH_DELAY_MS)
        self._search_delay.timeout.connect(lambda: self.model.set_search(self.search.text()))

        self._build_actions()
        self.setCentralWidget(self._build_central())
        self._build_status_bar()
        self.search.textChanged.connect(self._search_delay.start)
        self.model.query_changed.connect(self._query_changed)
        if signed is not None:
            self.case_menu = CaseMenu(self, db, signed, self.table, self.reference_at, self.refresh,
                                      self.status_at)
            self.model.rows_fetched.connect(self.case_menu.update)
            self.audit_action = add_audit_action(self, db, signed)  # auditors only
            self.dashboard_menu = add_dashboard_menu(self, db, signed, demo)  # those who watch the figures
            self.admin_menu = AdminMenu(self, db, signed)  # administrators and supervisors
            self.governance_actions = add_governance_menu(self, db, signed)  # information governance
        self.help_actions = install_help_menu(self, help_content.QUEUE)  # last, after Case

        self._tick = QTimer(self)
        self._tick.setInterval(DUE_TICK_MS)
        self._tick.timeout.connect(self.model.refresh_due)
        self._tick.start()
        # Changes made at other workstations reload the queue by themselves.
        self.live = LiveQueue(db, self)
        self.live.reload_wanted.connect(self.refresh)
        self.statusBar().addPermanentWidget(self.live.label)
        self.resize(1200, 760)

    def reference_at(self, row: int) -> str | None:
        """The reference of the referral shown at ``row`` of the table (None until its row is fetched)."""
        found = self.model.row_at(row) if 0 <= row < self.model.rowCount() else None
        return found.summary.reference if found else None

    def status_at(self, row: int):
        """The status of the referral shown at ``row`` (None until its row is fetched)."""
        found = self.model.row_at(row) if 0 <= row < self.model.rowCount() else None
        return found.summary.status if found else None

    def _title(self) -> str:
        if self.signed is None:
            return TITLE
        return f"{TITLE} — {self.signed.display_name} ({self.signed.actor.agency_code})"

    # --- building ------------------------------------------------------------

    def _build_actions(self) -> None:
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setStatusTip("Load the queue again from the hub database")
        self.refresh_action.triggered.connect(self.refresh)
        self.lock_action = QAction("&Lock now", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip("Hide the window until you enter your password again")
        self.lock_action.triggered.connect(self.lock_requested)
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.setStatusTip("Sign out so that someone else can sign in")
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&Queue").addAction(self.refresh_action)
        session = self.menuBar().addMenu("&Session")
        if self.signed is not None:  # without a session there is nothing to lock or leave
            session.addAction(self.lock_action)
            session.addAction(self.sign_out_action)
            self.fingerprint_action = session.addAction("My key &fingerprint…", self.show_fingerprint)
            self.fingerprint_action.setStatusTip("The fingerprint a supervisor compares before confirming you")
            session.addSeparator()
            if not self.demo:  # a demo workstation's credentials live in memory only
                add_workstation_actions(self, session, self.signed)
                session.addSeparator()
        session.addAction(self.quit_action)

    def show_fingerprint(self) -> QMessageBox:
        """Show the signed-in person's key fingerprint (non-modal, for reading out)."""
        box = QMessageBox(QMessageBox.Icon.Information, "My key fingerprint",
                          f"Your key fingerprint:\n\n{own_fingerprint(self.db, self.signed)}\n\n"
                          "A supervisor confirming you sees the same groups on their screen; read them out so "
                          "they can check every group before they confirm you.", QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box

    def _build_central(self) -> QWidget:
        heading = QLabel("Referral queue")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by reference, name or date of birth")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 48)
        self.search.setAccessibleName("Search the queue")

        refresh = QToolButton()
        refresh.setDefaultAction(self.refresh_action)
        refresh.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        top = QHBoxLayout()
        top.addWidget(heading)
        self.legend_label = legend_label()  # what the Research column's marks mean
        top.addWidget(self.legend_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.search)
        top.addWidget(refresh)

        self.table = build_queue_table(self.model)
        queue = QVBoxLayout()
        queue.setContentsMargins(9, 9, 9, 9)
        queue.addLayout(top)
        self.filters = QueueFilterBar(self.model, self.signed.actor.user_id if self.signed else None)
        queue.addWidget(self.filters)
        queue.addWidget(self.table, 1)
        self.demo_banner = demo_banner()
        self.demo_banner.setVisible(self.demo)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.demo_banner)
        outer.addLayout(queue, 1)
        return body

    def _build_status_bar(self) -> None:
        where = describe_url(self.db.url)
        self.database_label = QLabel(f"Database: {where}")
        self.database_label.setToolTip(where)
        self.count_label = QLabel()
        self.user_label = QLabel()
        labels = [self.count_label, self.database_label]
        if self.signed is not None:
            actor = self.signed.actor
            self.user_label.setText(f"Signed in as {self.signed.display_name} ({actor.username}), {actor.agency_code}")
            labels.append(self.user_label)
        for n, label in enumerate(labels):
            label.setContentsMargins(8, 0, 8, 0)
            if n:
                self.statusBar().addPermanentWidget(_separator())
            self.statusBar().addPermanentWidget(label)

    # --- loading ---------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        """Load the queue again in the background (once more after a load under way).

        A new order or filter (or the first load) shows its first page as soon
        as the database has it, then learns how many rows there are; a reload
        of the same query (live changes, F5) swaps in the counts and the rows
        around the person's place at once, keeping it. Rows further down come
        a window at a time as they are scrolled to.
        """
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.refresh_action.setEnabled(False)
        self.statusBar().showMessage("Loading…")
        db, query, now = self.db, self.model.query, self.model.now()
        shown = self._shown_ids()
        around = max(0, self.table.rowAt(0) - PAGE // 2)
        if self._moved or not self.model.complete:
            Operation(self, lambda: first_page(db, query, now, also=shown, trust=self._trust,
                                               reader=self.signed)).success(
                lambda page: self._first_page(page, query, now)).failure(self._load_failed).run()
        else:
            Operation(self, lambda: load_queue(db, query, now, also=shown, around=around, first=2 * PAGE,
                                               trust=self._trust, reader=self.signed)).success(
                self._loaded).failure(self._load_failed).run()

    def _query_changed(self) -> None:
        self._moved = True  # another order or filter: start from the top
        self.refresh()

    def _shown_ids(self) -> list[int]:
        """Ids on screen now (and the selected one), so a reload brings their rows at once."""
        viewport = self.table.viewport()
        first = self.table.rowAt(0)
        last = self.table.rowAt(viewport.height() - 1)
        if first < 0:
            return []
        ids = self.model.visible_ids(first, last if last >= 0 else self.model.rowCount() - 1)
        place = capture_place(self.table)
        return ids + ([place.referral_id] if place.referral_id is not None else [])

    def _first_page(self, page: QueueLoad, query: QueueQuery, now) -> None:
        self._place = capture_place(self.table)
        self.model.set_load(page)
        restore_place(self.table, self._place, keep_scroll=False)
        db = self.db
        Operation(self, lambda: counts(db, query, now)).success(
            lambda rest: self._loaded(rest, page.change)).failure(self._load_failed).run()

    def _loaded(self, result: QueueLoad, change: int | None = None) -> None:
        self._finish_loading()
        moved, self._moved = self._moved, False
        if change is None:  # one step: the whole queue at once
            place = capture_place(self.table)
            self.model.set_load(result)
        else:  # the rest after a first page
            place = self._place
            self.model.complete_with(result)
        restore_place(self.table, place, keep_scroll=not moved)
        self._update_count()
        self.live.loaded(result.change if change is None else change)
        self.live.start()
        self.loaded.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _load_failed(self, exc: Exception) -> None:
        self._finish_loading()
        if isinstance(exc, EnvironmentFault) and "cannot be reached" in exc.message:
            # The database went away (perhaps while the live queue had not
            # noticed yet): no box to dismiss; the live queue shows it is
            # offline and reloads by itself when the database is back.
            self.statusBar().showMessage(f"The queue could not be loaded: {exc.message}")
            return
        self.statusBar().showMessage("The queue could not be loaded.")
        if self.live.online:  # offline, the status bar says so and it reloads on reconnect
            errors.show_error(self, exc)

    def _finish_loading(self) -> None:
        self._loading = False
        self.refresh_action.setEnabled(True)
        self.statusBar().clearMessage()

    def _update_count(self) -> None:
        open_count, shown = self.model.open_count, self.model.rowCount()
        text = f"{open_count} open referral{'s' if open_count != 1 else ''} ({self.model.total} in all)"
        if shown != open_count:
            text = f"Showing {shown} of {text}"
        self.count_label.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        self._search_delay.stop()
        super().closeEvent(event)
        if event.isAccepted():
            self.live.stop()
            self.closed.emit()
