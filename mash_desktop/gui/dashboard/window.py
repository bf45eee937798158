"""The performance dashboard: the hub's figures for a period, against the period before.

For the people who watch the hub's work (supervisors, decision makers,
administrators and auditors; services/performance/figures.py refuses anyone else).
It shows the key figures with their change, three charts and the PDF's
figures tables, all made from one gathering of figures, which the export
buttons save as they are. Figures load in the background; a newer request
supersedes an older one still under way. A click (or Enter) on any figure
lists the cases behind it.
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMainWindow, QMenu, QProgressBar, QScrollArea, QTabWidget,
                               QVBoxLayout, QWidget)

from ...domain import access
from ...domain.performance_lines import FigureLine
from ...security.accounts import SignedIn
from ...services.performance.figures import PerformanceFigures, Period, gather
from ...services.performance.export import report
from ...services.intake.referrals import HUB_ZONE
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..common.banner import demo_banner
from .agreement_notices import AgreementNotices
from .cases import CasesDialog
from .charts import ChartsPanel
from .export import ExportButtons
from .headline import HeadlineGrid
from .periods import PeriodPicker
from .sar_notices import SarNotices
from .tables import SectionsView
from ..common.windows import bring_forward

TITLE = "MASH Desktop — Performance dashboard"


def _heading(text: str, scale: float) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(scale > 1)
    label.setFont(font)
    return label


class DashboardWindow(QMainWindow):
    """The figures of the period picked, for ``signed``, from ``db``."""

    #: The figures of the period asked for last are on screen.
    loaded = Signal()
    #: A list of the cases behind a figure opened (the CasesDialog).
    cases_opened = Signal(object)

    def __init__(self, db: Database, signed: SignedIn, *, today: dt.date | None = None, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.db, self.signed = db, signed
        self.today = today or dt.datetime.now(HUB_ZONE).date()
        self.figures: PerformanceFigures | None = None
        self._asked = 0
        self._busy = False
        self.setWindowTitle(TITLE)

        self.subtitle = _heading("", 1.0)
        self.picker = PeriodPicker(self.today)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy, with no end known
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Loading")
        self.loading_label = QLabel("Loading…")
        self.headline = HeadlineGrid()
        self.charts = ChartsPanel()
        self.tables = SectionsView()
        self.exports = ExportButtons(self, db, signed)
        self.tabs = QTabWidget()
        charts = QScrollArea()  # a small screen scrolls the charts rather than cut them
        charts.setWidgetResizable(True)
        charts.setFrameShape(QFrame.Shape.NoFrame)
        charts.setWidget(self.charts)
        self.tabs.addTab(charts, "C&harts")
        self.tabs.addTab(self.tables, "Figures t&ables")
        self.setCentralWidget(self._build(demo))

        self.picker.chosen.connect(self.load)
        self.headline.chosen.connect(self._line_chosen)
        self.tables.chosen.connect(self._line_chosen)
        self.charts.figure_chosen.connect(self.list_cases)
        self.exports.message.connect(self.statusBar().showMessage)
        self.resize(1280, 900)
        self.agreement_notices.load()
        self.sar_notices.load()
        self.picker.ask()

    def _build(self, demo: bool) -> QWidget:
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(_heading("Hub performance", 1.4))
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        for button in self.exports.buttons.values():
            top.addWidget(button)
        pick = QHBoxLayout()
        pick.addWidget(self.picker, 1)
        pick.addWidget(self.loading_label)
        pick.addWidget(self.progress)
        body = QVBoxLayout()
        body.setContentsMargins(12, 10, 12, 10)
        body.addLayout(top)
        self.sar_notices = SarNotices(self, self.db, self.signed)
        body.addWidget(self.sar_notices)
        self.agreement_notices = AgreementNotices(self, self.db, self.signed)
        body.addWidget(self.agreement_notices)
        body.addLayout(pick)
        body.addWidget(self.headline)
        body.addWidget(self.tabs, 1)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if demo:
            outer.addWidget(demo_banner())
        outer.addLayout(body, 1)
        return page

    @property
    def loading(self) -> bool:
        """Whether figures are being gathered now."""
        return self._busy

    def load(self, period: Period) -> None:
        """Gather the figures of ``period`` (and the one before) in the background and show them."""
        self._asked += 1
        asked, db, actor = self._asked, self.db, self.signed.actor
        self._set_loading(True, f"Loading the figures for {period.label}…")
        self.exports.set_figures(None)  # the figures on screen are about to be replaced
        Operation(self, lambda: gather(db, actor, period)) \
            .success(lambda figures: self._loaded(asked, figures)) \
            .failure(lambda exc: self._failed(asked, exc)).run()

    def _loaded(self, asked: int, figures: PerformanceFigures) -> None:
        if asked != self._asked:  # a later request is under way
            return
        self.figures = figures
        period, previous = figures.period, figures.previous_period
        so_far = " (figures so far: the period has not ended)" if period.last >= self.today else ""
        self.subtitle.setText(f"{period.label} compared with {previous.label}{so_far}")
        content = report(figures, self.signed.display_name)  # what the PDF and CSV show
        self.headline.show_lines(content.headline, previous.label)
        self.charts.show_figures(figures, self.today)
        self.tables.show_sections(content.sections, period.label, previous.label, content.seats)
        self.exports.set_figures(figures)
        self._set_loading(False, "")
        self.loaded.emit()

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked != self._asked:
            return
        self._set_loading(False, "")
        self.exports.set_figures(self.figures)
        self.statusBar().showMessage("The figures could not be loaded.")
        errors.show_error(self, exc)

    def _set_loading(self, busy: bool, message: str) -> None:
        self._busy = busy
        for stale in (self.headline, self.tabs):  # greyed out until the new figures replace them
            stale.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.loading_label.setVisible(busy)
        self.picker.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        if message:
            self.statusBar().showMessage(message)
        else:
            self.statusBar().clearMessage()

    def _line_chosen(self, line: FigureLine) -> None:
        self.list_cases(line.label, line.references)

    def list_cases(self, title: str, references: tuple[str, ...]) -> CasesDialog | None:
        """Open a list of the cases behind a figure (None, with a status message, when it counts none)."""
        if self.figures is None:
            return None
        if not references:
            self.statusBar().showMessage(f"No cases are counted in “{title}” this period.", 8000)
            return None
        dialog = CasesDialog(self.db, self.signed, title, self.figures.period.label, references, self,
                             case_parent=self.parentWidget())
        dialog.show()
        dialog.load()
        self.cases_opened.emit(dialog)
        return dialog


class DashboardMenu(QObject):
    """The Reports menu's "Dashboard…" (Ctrl+D), which opens one dashboard and brings it back."""

    def __init__(self, window: QMainWindow, db: Database, signed: SignedIn, demo: bool = False) -> None:
        super().__init__(window)
        self.window, self.db, self.signed, self.demo = window, db, signed, demo
        self.dashboard: DashboardWindow | None = None
        self.action = QAction("&Dashboard…", window)
        self.action.setShortcut(QKeySequence("Ctrl+D"))
        self.action.setStatusTip("The hub's performance figures for a period, against the period before")
        self.action.triggered.connect(self.open)
        menu = QMenu("&Reports", window)
        menu.addAction(self.action)
        bar = window.menuBar()
        existing = bar.actions()  # before the last menu (Session), as the Case menu goes
        bar.insertMenu(existing[-1], menu) if existing else bar.addMenu(menu)

    def open(self) -> DashboardWindow:
        """Show the dashboard (as it was left, if it was closed), opening it the first time."""
        shown = self.dashboard
        if shown is not None and shiboken6.isValid(shown):
            return bring_forward(shown)
        self.dashboard = DashboardWindow(self.db, self.signed, demo=self.demo, parent=self.window)
        self.dashboard.show()
        return self.dashboard


def add_dashboard_menu(window: QMainWindow, db: Database, signed: SignedIn, demo: bool = False) -> DashboardMenu | None:
    """Add the Reports menu with "Dashboard…" for those who may see the figures; None for others."""
    if not access.may_act(signed.actor.roles, access.Step.WATCH):
        return None
    return DashboardMenu(window, db, signed, demo)
