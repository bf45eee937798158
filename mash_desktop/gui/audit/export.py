"""Exporting the DPA 2018 s62 log of a period: which days, which file, then the CSV.

The export itself is audited (``audit.export``) and the file is written
whole or not at all, readable by its owner only (services/audit/query.py
``export_to_file``). The work runs in the background; the dialog stays
open to say how many events were written, or why nothing was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...services.audit.query import export_to_file, period_of_days
from ...services.intake.referrals import HUB_ZONE
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..intake.fields import DONE_STYLE, HINT_STYLE, REFUSAL_STYLE, note

TITLE = "MASH Desktop — Export the DPA 2018 s62 log"
INTRO = ("The log of who consulted, changed or disclosed what, for the period chosen, as a CSV file "
         "(times in UTC). The export is itself recorded in the audit trail. The file holds names of staff "
         "and case references: keep it OFFICIAL-SENSITIVE.")


def _day(edit_day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(edit_day.year, edit_day.month, edit_day.day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


class AuditExportDialog(QDialog):
    """Choose the days and the file; ``written`` holds the number of events once done."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn,
                 first: dt.date | None = None, last: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.written: int | None = None
        self._busy = False
        self.setWindowTitle(TITLE)
        today = dt.datetime.now(HUB_ZONE).date()
        self.use_from = QCheckBox("&From")
        self.use_from.setToolTip("Unticked: from the first event of the trail")
        self.use_from.setChecked(first is not None)
        self.from_day = _day(first or today.replace(day=1))
        self.from_day.setAccessibleName("First day of the period")
        self.use_to = QCheckBox("&To, included")
        self.use_to.setToolTip("Unticked: up to now")
        self.use_to.setChecked(last is not None)
        self.to_day = _day(last or today)
        self.to_day.setAccessibleName("Last day of the period")
        self.period_note = QLabel()
        for box, edit in ((self.use_from, self.from_day), (self.use_to, self.to_day)):
            edit.setEnabled(box.isChecked())
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(self._describe)
            edit.dateChanged.connect(self._describe)
        self.path = QLineEdit(str(Path.home() / f"audit-log-{today.isoformat()}.csv"))
        self.path.setAccessibleName("File to write")
        self.choose = QPushButton("C&hoose…")
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.choose)
        intro = note("exportIntro", HINT_STYLE)
        intro.setText(INTRO)
        intro.setVisible(True)
        self.message, self.done_note = note("exportMessage", REFUSAL_STYLE), note("exportDone", DONE_STYLE)
        form = QFormLayout()
        form.addRow(self.use_from, self.from_day)
        form.addRow(self.use_to, self.to_day)
        file_label = QLabel("F&ile:")
        file_label.setBuddy(self.path)
        form.addRow("Period:", self.period_note)
        form.addRow(file_label, where)
        self.export = QPushButton("&Export")
        self.export.setDefault(True)
        self.export.clicked.connect(self._export)
        self.close_button = QPushButton("Cancel")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.done_note)
        layout.addLayout(buttons)
        self._describe()
        self.resize(560, self.sizeHint().height())

    def _describe(self) -> None:
        """Say the period chosen in words, so an unticked bound is not a surprise."""
        first = f"{self.from_day.date().toPython():%d/%m/%Y}" if self.use_from.isChecked() else "the first event"
        last = f"the end of {self.to_day.date().toPython():%d/%m/%Y}" if self.use_to.isChecked() else "now"
        self.period_note.setText(f"from {first} to {last} (hub time)")

    def period(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        first = self.from_day.date().toPython() if self.use_from.isChecked() else None
        last = self.to_day.date().toPython() if self.use_to.isChecked() else None
        return period_of_days(first, last)

    def _choose(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export the audit log to", self.path.text(),
                                              "CSV files (*.csv)")
        if name:
            self.path.setText(name)

    def _export(self) -> None:
        if self._busy:
            return
        text = self.path.text().strip()
        if not text:
            self._show(self.message, "Name the file to write.")
            return
        path = Path(text).expanduser()
        start, end = self.period()
        db, signed = self.db, self.signed
        self._set_busy(True)
        Operation(self, lambda: export_to_file(db, signed, start, end, path)).success(
            lambda count: self._written(count, path)).failure(self._failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.export.setEnabled(not busy and self.written is None)
        self.close_button.setEnabled(not busy)

    def _written(self, count: int, path: Path) -> None:
        self.written = count
        self._set_busy(False)
        self.message.setVisible(False)
        self._show(self.done_note, f"Wrote {count} audit event{'s' if count != 1 else ''} to {path}.")
        self.export.setVisible(False)
        self.close_button.setText("Close")

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, MashError):
            self._show(self.message, exc.message)
        else:
            errors.show_error(self, exc)

    def _show(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(True)

    def reject(self) -> None:
        if not self._busy:  # work on its way must report back to someone
            super().reject()
