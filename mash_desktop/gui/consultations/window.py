"""The consultations the hub has recorded: search them, read one, make one into a contact.

The list is newest first and read from the database a page at a time in
the background (services/consultations/search.py); the search words and the
"Not converted" filter are applied by the database. Opening a row shows the
whole consultation, read-only; "Convert to contact…" opens the intake form
filled in from it, as the consultation dialog does, and the list then shows
which contact it became.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow, QPushButton,
                               QVBoxLayout, QWidget)

from ...domain import access
from ...domain.errors import MashError, NotPermitted
from ...security.accounts import SignedIn
from ...services.consultations.records import ConsultationRecord
from ...store.database import Database
from ..common import errors
from ..steps.consultation import convert_consultation
from .model import Column, ConsultationModel
from .view import show_consultation
from ..intake.fields import REFUSAL_STYLE, note
from ..common.windows import bring_forward
from ..common.row_table import fit_columns, row_table

TITLE = "MASH Desktop — Consultations"
REFUSED = "Consultations are kept by officers, supervisors and decision makers."
SEARCH_DELAY_MS = 250
#: Sample text per column, for widths that fit their content.
_WIDTHS = {Column.DATE: "30 Sep 2026, 23:59", Column.CALLER: "Alexandra Montgomery", Column.AGENCY: "Agency",
           Column.ADVICE: "Advice given", Column.CONVERTED: "MASH-0000-000000"}


class ConsultationList(QMainWindow):
    """Search, read and convert consultations."""

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.db, self.signed = db, signed
        self.setWindowTitle(TITLE)
        self.model = ConsultationModel(self, db, signed)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by caller, organisation, agency, topic or reference")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the consultations")
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 48)
        self.unconverted = QCheckBox("&Not converted")
        self.unconverted.setToolTip("Only consultations not yet made into a contact")
        self.table = row_table(self.model, grid=True)
        self.table.horizontalHeader().setSectionResizeMode(Column.TOPIC, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table, _WIDTHS, 3)
        self.open_button, self.convert_button = QPushButton("&Open"), QPushButton("Con&vert to contact…")
        self.close_button = QPushButton("Close")
        self.message = note("consultListMessage", REFUSAL_STYLE)
        self.count_label = QLabel("Loading…")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.unconverted)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.convert_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setCentralWidget(body)
        self.statusBar().addWidget(self.count_label, 1)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self.reload)
        self.search.textChanged.connect(self._delay.start)
        self.unconverted.toggled.connect(self.reload)
        self.model.page_loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.open_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.open_button.clicked.connect(self.open_selected)
        self.convert_button.clicked.connect(self.convert_selected)
        self.close_button.clicked.connect(self.close)
        self.resize(1100, 620)
        self._buttons()
        self.reload()

    def selected(self) -> ConsultationRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.records[rows[0].row()] if rows else None

    def reload(self) -> None:
        self._delay.stop()
        self.message.setVisible(False)
        self.model.reload(self.search.text().strip(), self.unconverted.isChecked())
        self._buttons()

    def _loaded(self) -> None:
        shown, total = self.model.rowCount(), self.model.total or 0
        kind = "consultations not converted" if self.model.unconverted_only else "consultations"
        self.count_label.setText(f"{shown} of {total} {kind} shown, newest first" if total
                                 else "No consultations match.")
        self._buttons()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, MashError):
            self.message.setText(exc.message)
            self.message.setVisible(True)
        else:
            errors.show_error(self, exc)

    def _buttons(self) -> None:
        record = self.selected()
        self.open_button.setEnabled(record is not None)
        self.convert_button.setEnabled(record is not None and record.converted_reference is None)

    def open_selected(self) -> None:
        record = self.selected()
        if record is not None:
            show_consultation(self, record)

    def convert_selected(self) -> str | None:
        """Make the selected consultation into a contact; return its reference (None if not done)."""
        record = self.selected()
        if record is None or record.converted_reference is not None:
            return None
        reference = convert_consultation(self, self.db, self.signed, record)
        if reference is not None:
            self.statusBar().showMessage(f"Consultation made into contact {reference}.", 10_000)
            self.reload()
        return reference


def show_consultations(parent: QWidget | None, db: Database, signed: SignedIn) -> ConsultationList | None:
    """Open the list of consultations (or bring it forward); refuse those who do not give advice."""
    if not access.may_act(signed.actor.roles, access.Step.CONSULT):
        errors.show_error(parent, NotPermitted(REFUSED))
        return None
    existing = parent.findChild(ConsultationList) if parent is not None else None
    if existing is not None and shiboken6.isValid(existing):
        return bring_forward(existing)
    window = ConsultationList(db, signed, parent)
    window.show()
    return window
