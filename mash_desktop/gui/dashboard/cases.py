"""The cases behind a dashboard figure: reference, subject, RAG, status and receipt.

Only the queue's hub-wide summary of each case is shown, never a panel or
a disclosure. Consultations are counted by number and are not cases, so
they are listed as such. A case opens from here (double-click, Enter or
"Open case") through the client's one way of opening cases, which asks for
a reason where the person has no part in the case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain import access
from ...security.accounts import SignedIn
from ...services.intake.referrals import HUB_ZONE, ReferralSummary, summaries_for
from ...store.database import Database
from ..case import opening as case_open
from ..common.background import Operation
from ..queue.formats import rag_word

HEADERS = ("Reference", "Subject", "RAG", "Status", "Received")
_REFERENCE = re.compile(r"^MASH-\d{4}-\d+$")


def case_summaries(db: Database, references: Iterable[str]) -> dict[str, ReferralSummary]:
    """The queue summary of each referral named (consultation numbers are left out), by reference."""
    return summaries_for(db, [r for r in references if _REFERENCE.match(r)])


def _cells(reference: str, summary: ReferralSummary | None) -> tuple[str, ...]:
    if not _REFERENCE.match(reference):
        return (f"Consultation {reference}", "—", "—", "Consultation (not a case)", "—")
    if summary is None:
        return (reference, "—", "—", "Not found", "—")
    received = summary.received_at.astimezone(HUB_ZONE)
    return (reference, summary.subject, rag_word(summary.rag), summary.status.label, f"{received:%d %b %Y %H:%M}")


def _how_many(cases: int, counted: int) -> str:
    """"3 cases", or "3 cases, counted 5 times" where a case counts more than once (one per agency)."""
    text = f"{cases} case{'s' if cases != 1 else ''}"
    return text if counted == cases else f"{text}, counted {counted} times (once for each agency's return)"


class CasesDialog(QDialog):
    """Lists the cases behind one figure and opens the chosen one."""

    #: The summaries are on screen.
    loaded = Signal()

    def __init__(self, db: Database, signed: SignedIn, title: str, period: str, references: Sequence[str],
                 parent: QWidget | None = None, case_parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed, self.case_parent = db, signed, case_parent
        self.references = tuple(dict.fromkeys(references))
        self.setWindowTitle(f"Cases behind: {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        heading = QLabel(f"{title} — {period}\n{_how_many(len(self.references), len(references))}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.status = QLabel("Loading…")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Cases behind the figure")
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._update_open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("&Open case")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_selected)
        buttons.rejected.connect(self.reject)
        self._may_open = access.may_act(signed.actor.roles, access.Step.OPEN_CASE)
        if not self._may_open:
            self.open_button.setToolTip("Cases are opened by officers, supervisors and decision makers")
        self._update_open()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)

    def load(self) -> None:
        """Fetch the summaries in the background and list them."""
        db, references = self.db, self.references
        Operation(self, lambda: case_summaries(db, references)).success(self._show).run()

    def _show(self, found: dict[str, ReferralSummary]) -> None:
        self.table.setRowCount(len(self.references))
        for row, reference in enumerate(self.references):
            for column, text in enumerate(_cells(reference, found.get(reference))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, reference)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.status.setText("Nothing is counted in this figure." if not self.references else
                            "Double-click a case, or select it and press Enter, to open it.")
        if self.references:
            self.table.selectRow(0)
        self.loaded.emit()

    def listed(self) -> list[str]:
        """The references listed, in order."""
        return [self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(self.table.rowCount())]

    def selected(self) -> str | None:
        """The selected case's reference (None for none, or for a consultation)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        reference = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return reference if _REFERENCE.match(reference) else None

    def open_selected(self) -> None:
        """Open the selected case's workspace (the case window asks for a reason where needed)."""
        reference = self.selected()
        if reference and self._may_open:
            case_open.open_case(self.case_parent, self.db, self.signed, reference)

    def _update_open(self) -> None:
        self.open_button.setEnabled(self._may_open and self.selected() is not None)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)
