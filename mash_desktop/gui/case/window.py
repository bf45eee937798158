"""The case workspace: one referral, everything the signed-in reader may see of it.

It opens in a busy state and loads through ``background.Operation``; if the
reader's agency is not involved, it asks for a reason first (see
reason_dialog.py) and loads with it. The sections come from case_sections.py,
the own-panel editor from panel_editor.py, the Documents menu from
document_actions.py. Closing with unsaved panel text asks whether to save it,
keep it as an encrypted draft, or stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.case_record import CaseRecord
from ...domain.codes import DocumentKind
from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...services.case.reader import WORKSPACE, ReasonNeeded, open_case
from ...store.database import Database
from . import sections as case_sections
from ..common import errors
from ..help import content as help_content
from ..common.background import Operation
from .header import CaseHeader
from .widgets import text_label
from .documents import DocumentActions
from .steps_menu import CaseSteps
from .confirmation import ConfirmationAction
from ..people.warnings_dialog import WarningsAction
from .acknowledgement import AcknowledgementAction
from .encompass import InformedAction
from .no_share import NoShareAction
from ..people.chronology_open import ChronologyAction
from ..strategy.action import StrategyMenuAction, done_handler
from ..steps.withdraw import withdraw_handler
from ..help.window import install_help_menu
from .panel_editor import PanelEditor
from ..people.household_page import HouseholdPage, open_contact
from ..people.network_window import NetworkWindow
from ..steps.reason import ReasonDialog
from ..common.unsaved_prompt import Unsaved, ask_unsaved

TITLE = "MASH Desktop"
#: The sections, in tab order; Alt+1… jumps to each.
SECTIONS = ("Summary", "Chronology", "RAG history", "Research", "Panels", "Disclosures", "Decision", "Household")


class CaseWindow(QMainWindow):
    """One case, loaded in the background, with its sections as tabs."""

    #: The case is on screen (after each successful load).
    loaded = Signal()

    def __init__(self, db: Database, signed: SignedIn, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.db, self.signed, self.reference = db, signed, reference
        self.workspace: CaseRecord | None = None
        self.panels: PanelEditor | None = None
        self.tabs: QTabWidget | None = None
        self._leave_now = False
        self.setWindowTitle(f"{reference} — {TITLE}")
        self.documents = DocumentActions(self, db, signed)
        self.documents.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._build_menus()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._loading_page())
        self.setCentralWidget(self.stack)
        self.resize(1120, 800)

    # -- building ------------------------------------------------------------------

    def _action(self, text: str, keys: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[..., object],
                enabled: bool = True) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        return action

    def _build_menus(self) -> None:
        case = self.menuBar().addMenu("&Case")
        self.save_action = self._action("&Save panel", QKeySequence.StandardKey.Save, self.save_panel, False)
        self.draft_action = self._action("&Keep panel as draft", "Ctrl+Shift+K", self.keep_draft, False)
        self.reload_action = self._action("Re&load", QKeySequence.StandardKey.Refresh, self.reload, False)
        self.close_action = self._action("Close &window", QKeySequence.StandardKey.Close, self.close)
        self.steps = CaseSteps(self, self.db, self.signed, self.reload)
        self.confirmation = ConfirmationAction(self, self.db, self.signed, self.reload)
        self.loaded.connect(lambda: self.confirmation.set_case(self.workspace))
        self.acknowledgement = AcknowledgementAction(self, self.db, self.signed, self.reload)
        self.loaded.connect(lambda: self.acknowledgement.set_case(self.workspace))
        self.informed = InformedAction(self, self.db, self.signed, self.reload)
        self.loaded.connect(lambda: self.informed.set_case(self.workspace))
        self.no_share = NoShareAction(self, self.db, self.signed, self.reload)
        self.loaded.connect(lambda: self.no_share.set_case(self.workspace))
        self.chronology = ChronologyAction(self, self.db, self.signed)
        self.loaded.connect(lambda: self.chronology.set_case(self.workspace.reference))
        self.strategy = StrategyMenuAction(self, self.db, self.signed, self.reload)
        self.loaded.connect(lambda: self.strategy.set_case(self.workspace))
        self._strategy_done = done_handler(self, self.db, self.signed, self.reload)
        self._withdraw = withdraw_handler(self, self.db, self.signed, self.reload)
        for action in (self.save_action, self.draft_action, self.reload_action, None, *self.steps.actions.values(),
                       self.no_share.action, self.confirmation.action, self.strategy.action,
                       self.acknowledgement.action, self.informed.action, None, self.close_action):
            case.addSeparator() if action is None else case.addAction(action)
        case.insertAction(case.actions()[-2], self.chronology.action)  # the last of the steps
        self.warnings = WarningsAction(self, self.db, self.signed, self.reload)
        self.loaded.connect(lambda: self.warnings.set_case(self.workspace.reference, self.workspace.reason))
        case.insertAction(case.actions()[-2], self.warnings.action)  # before Close window
        documents = self.menuBar().addMenu("D&ocuments")
        for action in self.documents.actions.values():
            documents.addAction(action)
        go = self.menuBar().addMenu("&Go")
        for number, name in enumerate(SECTIONS):
            go.addAction(self._action(f"&{number + 1} {name}", f"Alt+{number + 1}",
                                      lambda _=False, n=number: self.show_section(n)))
        install_help_menu(self, help_content.CASE_WORKSPACE)

    def _loading_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.loading_label = text_label(f"Opening {self.reference}…", bold=True)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy = QProgressBar()
        busy.setRange(0, 0)  # indeterminate: "working"
        busy.setFixedWidth(320)
        busy.setAccessibleName("Loading the case")
        layout.addWidget(self.loading_label)
        layout.addWidget(busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    # -- loading -------------------------------------------------------------------

    def is_loading(self) -> bool:
        return self.stack.currentIndex() == 0

    def load(self, reason: str | None = None) -> None:
        """Load (or reload) the case in the background; a reason if one was asked for."""
        self.stack.setCurrentIndex(0)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.reload_action.setEnabled(False)
        self.steps.set_case(None, None)
        Operation(self, lambda: open_case(self.db, self.signed, self.reference, WORKSPACE, reason)) \
            .success(self._show).failure(self._failed).run()

    def reload(self) -> None:
        if self.panels is not None and self.panels.is_dirty():
            self.keep_draft()  # the reloaded editor offers it back
        self.load(self.workspace.reason if self.workspace else None)

    def _failed(self, exc: Exception) -> None:
        self.unsetCursor()
        if isinstance(exc, ReasonNeeded):
            self._ask_reason(exc.reference)
            return
        errors.show_error(self, exc)
        self._after_failure()

    def _ask_reason(self, reference: str) -> None:
        """Ask why, window-modal, without a nested event loop; load with the answer."""
        dialog = ReasonDialog(reference, self)
        dialog.finished.connect(lambda result: self._reason_given(dialog, result))
        dialog.open()

    def _reason_given(self, dialog: ReasonDialog, result: int) -> None:
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.load(dialog.reason())
        else:
            self._after_failure()

    def _after_failure(self) -> None:
        if self.workspace is None:  # nothing to show: the window goes
            self._leave_now = True
            self.close()
        else:
            self.stack.setCurrentIndex(1)
            self.reload_action.setEnabled(True)
            self.steps.set_case(self.workspace.reference, self.workspace.status)

    def _show(self, ws: CaseRecord) -> None:
        self.unsetCursor()
        previous = self.tabs.currentIndex() if self.tabs is not None else 0
        self.workspace = ws
        now = dt.datetime.now(dt.timezone.utc)
        self.panels = PanelEditor(self.db, self.signed, ws)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        pages = (case_sections.summary_page(ws, now), case_sections.chronology_page(ws),
                 case_sections.rag_page(ws), case_sections.research_page(ws), self.panels,
                 case_sections.disclosures_page(ws, self._withdraw), case_sections.decision_page(ws, self._strategy_done))
        pages += (HouseholdPage(ws, now, lambda ref: open_contact(self.parentWidget(), self.db, self.signed, ref),
                                self.show_network),)
        for number, (name, page) in enumerate(zip(SECTIONS, pages, strict=True)):
            self.tabs.addTab(page, name)
            self.tabs.setTabToolTip(number, f"{name} (Alt+{number + 1})")
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(CaseHeader(ws, now))
        layout.addWidget(self.tabs, 1)
        while (old := self.stack.widget(1)) is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.addWidget(content)
        self.stack.setCurrentIndex(1)
        self.tabs.setCurrentIndex(previous)
        self.setWindowTitle(f"{ws.reference} — {ws.subject_line} — {TITLE}")
        self.save_action.setEnabled(self.panels.writable)
        self.draft_action.setEnabled(self.panels.writable)
        self.reload_action.setEnabled(True)
        self.documents.set_case(ws.reference, ws.reason, ws.decision is not None)
        self.documents.set_applicable({DocumentKind.ACKNOWLEDGEMENT_LETTER: ws.acknowledgement is not None,
                                       DocumentKind.ENCOMPASS_NOTICE: ws.encompass is not None,
                                       DocumentKind.STRATEGY_MINUTES: bool(ws.strategy_discussions)})
        self.steps.set_case(ws.reference, ws.status)
        self.loaded.emit()

    # -- actions -------------------------------------------------------------------

    def show_section(self, number: int) -> None:
        if self.tabs is not None:
            self.tabs.setCurrentIndex(number)
            self.tabs.currentWidget().setFocus()

    def show_network(self) -> NetworkWindow | None:
        """The family network of the case as loaded, in its own window (printable)."""
        if self.workspace is None:
            return None
        window = NetworkWindow(self.workspace, lambda: self.documents.produce(DocumentKind.FAMILY_NETWORK),
                               parent=self)
        window.setWindowFlag(Qt.WindowType.Window)
        window.show()
        return window

    def save_panel(self) -> None:
        if self.panels is not None:
            self.panels.save()

    def keep_draft(self) -> None:
        if self.panels is None or not self.panels.is_dirty():
            return
        try:
            self.panels.keep_draft()
        except MashError as exc:
            errors.show_error(self, exc)

    def close_keeping_draft(self) -> None:
        """Close without asking, keeping unsaved panel text as a draft (for sign-out or lock)."""
        if self.panels is not None and self.panels.is_dirty():
            try:
                self.panels.keep_draft()
            except MashError:
                pass  # nobody is there to tell; the text is lost as it would be on a crash
        self._leave_now = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._leave_now or self.panels is None or not self.panels.is_dirty():
            event.accept()
            return
        choice = ask_unsaved(self)
        if choice is Unsaved.SAVE:
            event.ignore()
            self.panels.save(on_done=self._leave_if_saved)
        elif choice is Unsaved.DRAFT:
            try:
                self.panels.keep_draft()
            except MashError as exc:
                event.ignore()
                errors.show_error(self, exc)
                return
            event.accept()
        else:
            event.ignore()

    def _leave_if_saved(self, saved: bool) -> None:
        if saved:
            self._leave_now = True
            self.close()
