"""The audit trail window, for auditors: search the events, verify the chain, seal it, export a log.

The table reads the trail a page at a time in the background (audit_model.py),
filtered by user, case, action and period (audit_filters.py). "Verify chain"
says in plain words whether the trail is intact or where it breaks, with a
button to show that event, and "Seal" signs the chain's head
(audit_chain.py). "Export DPA 2018 s62 log…" writes the CSV of a period
(audit_export.py). The services refuse anyone who is not an auditor,
whatever this window shows.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import access
from ...domain.errors import MashError, NotPermitted
from ...security.accounts import SignedIn
from ...services.audit.query import AuditFilter, action_names, count_events, find_events
from ...store.database import Database
from ..common import errors
from .chain import ChainPanel
from .export import AuditExportDialog
from .filters import AuditFilterBar
from .model import AuditModel, Column
from ..common.background import Operation
from ..intake.fields import REFUSAL_STYLE, note
from ..common.row_table import fit_columns, row_table
from ..common.windows import bring_forward

TITLE = "MASH Desktop — Audit trail"
REFUSED = "The audit trail is open to auditors only."
_WIDTHS = {Column.EVENT: "0000000", Column.TIME: "30 Sep 2026, 23:59:59 BST", Column.USER: "csc.decision.maker",
           Column.AGENCY: "Agency", Column.ACTION: "referral.request_research", Column.TARGET: "panel MASH-0000-000000/POL"}


def _table(model: AuditModel) -> QTableView:
    table = row_table(model, row_padding=10)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    fit_columns(table, _WIDTHS, 3)
    table.setAccessibleName("Audit events, newest first")
    return table


class AuditViewer(QMainWindow):
    """The audit trail of ``db`` for the auditor ``signed``."""

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.db, self.signed = db, signed
        self.export_dialog: AuditExportDialog | None = None
        self.setWindowTitle(f"{TITLE} — {signed.display_name}")
        actor = signed.actor
        self.model = AuditModel(self, pager=lambda where, before: find_events(db, actor, where, before=before),
                                counter=lambda where: count_events(db, actor, where))
        self.filters = AuditFilterBar()
        self.table = _table(self.model)
        heading = QLabel("Audit trail")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        self.chain = ChainPanel(db, signed)
        self.export_button = QPushButton("E&xport DPA 2018 s62 log…")
        self.export_button.setToolTip("Write the log of a period as a CSV file (the export is audited)")
        self.export_button.setAutoDefault(False)
        self.message = note("auditMessage", REFUSAL_STYLE)
        self.count_label = QLabel("Loading…")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        for button in (self.chain.verify_button, self.chain.seal_button, self.export_button):
            top.addWidget(button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.chain)
        layout.addWidget(self.message)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(body)
        self.statusBar().addWidget(self.count_label, 1)
        refresh = QAction("&Refresh", self)
        refresh.setShortcut(QKeySequence(Qt.Key.Key_F5))
        refresh.triggered.connect(self.reload)
        self.addAction(refresh)

        self.filters.changed.connect(self._filter)
        self.model.page_loaded.connect(self._update_count)
        self.model.counted.connect(lambda _total: self._update_count())
        self.model.failed.connect(self._failed)
        self.chain.failed.connect(self._failed)
        self.chain.sealed.connect(self.reload)
        self.chain.show_event.connect(self.show_event)
        self.export_button.clicked.connect(self.export)
        self.resize(1240, 760)
        self.reload()

    def reload(self) -> None:
        """Read the current filter again, and the list of actions."""
        self.model.set_filter(self.filters.current())
        db, actor = self.db, self.signed.actor
        Operation(self, lambda: action_names(db, actor)).success(self.filters.set_actions) \
            .failure(self._failed).run()

    def _filter(self, where: AuditFilter) -> None:
        self.message.setVisible(False)
        self.model.set_filter(where)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if self.model.first_event is not None:
            self.count_label.setText(f"Event {self.model.first_event:,} and older: {shown:,} shown. "
                                     "Refresh (F5) to see the newest again.")
        elif total is None:
            self.count_label.setText(f"{shown:,} events shown, counting…")
        elif total == 0:
            self.count_label.setText("No events match these filters.")
        else:
            self.count_label.setText(f"{shown:,} of {total:,} matching event{'s' if total != 1 else ''} shown, "
                                     "newest first" + ("; scroll down for older ones" if shown < total else ""))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, MashError):
            self.message.setText(exc.message)
            self.message.setVisible(True)
            self.count_label.setText("")
        else:
            errors.show_error(self, exc)

    def show_event(self, event_id: int) -> None:
        """Clear the filters and list the trail from event ``event_id`` down, selecting it."""
        self.message.setVisible(False)
        self.filters.blockSignals(True)
        self.filters.reset()
        self.filters.blockSignals(False)
        self.model.set_filter(AuditFilter(), before=event_id + 1)
        self.model.page_loaded.connect(self._select_first, Qt.ConnectionType.SingleShotConnection)

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.scrollToTop()
            self.table.setFocus()

    # --- export ---------------------------------------------------------------------------

    def export(self) -> None:
        """Open the export dialog, for the days the filters name."""
        first = self.filters.from_day.date().toPython() if self.filters.use_from.isChecked() else None
        last = self.filters.to_day.date().toPython() if self.filters.use_to.isChecked() else None
        dialog = AuditExportDialog(self, self.db, self.signed, first, last)
        dialog.finished.connect(lambda _result: self.reload() if dialog.written is not None else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()


def open_audit_viewer(parent: QWidget | None, db: Database, signed: SignedIn) -> AuditViewer | None:
    """Show the audit trail to an auditor (bringing an open one forward); refuse anyone else."""
    if not access.may_act(signed.actor.roles, access.Step.AUDIT):
        errors.show_error(parent, NotPermitted(REFUSED))
        return None
    existing = parent.findChild(AuditViewer) if parent is not None else None
    if existing is not None and shiboken6.isValid(existing):
        return bring_forward(existing)
    viewer = AuditViewer(db, signed, parent)
    viewer.show()
    return viewer


def add_audit_action(window: QMainWindow, db: Database, signed: SignedIn) -> QAction | None:
    """An Audit menu with "Audit trail…" on ``window`` for an auditor; nothing for anyone else."""
    if not access.may_act(signed.actor.roles, access.Step.AUDIT):
        return None
    action = QAction("Audit &trail…", window)
    action.setStatusTip("Search the audit trail, verify and seal the chain, export the DPA 2018 s62 log")
    action.triggered.connect(lambda: open_audit_viewer(window, db, signed))
    bar, menu = window.menuBar(), QMenu("&Audit", window)
    existing = bar.actions()  # Audit goes before the last menu (Session)
    bar.insertMenu(existing[-1], menu) if existing else bar.addMenu(menu)
    menu.addAction(action)
    return action
