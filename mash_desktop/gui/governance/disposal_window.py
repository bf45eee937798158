"""Governance ▸ Disposal review…: what is due, approving, cancelling, disposing, the certificate.

The table lists the closed cases whose retention has run out and no hold
covers (reference, class, closed on, due since) and whether each is approved
and from when it may be disposed of. The information-governance officer
approves a case (signed), cancels an approval with a reason within its
window, disposes of every approved case past its window ("Dispose approved
cases now", with progress) and writes the certificate of that run. A case
altered outside the hub is shown as such and cannot be approved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QProgressBar, QPushButton,
    QVBoxLayout, QWidget,
)

from ...domain import access
from ...domain.errors import MashError
from ...reports.wording import day, local
from ...security.accounts import SignedIn
from ...services.governance import certificate, disposal
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..help import content as help_content
from ..help.window import help_button
from .retention_window import _fill
from .tables import register_table

COLUMNS = ("Reference", "Record class", "Closed on", "Due since", "State")


def _state(d: disposal.Due) -> str:
    if not d.verified:
        return "ALTERED outside the hub: cannot be approved"
    if d.approval is None:
        return "Due"
    return f"Approved by {d.approval.approved_by}; disposable from {local(d.approval.dispose_after)}"


class DisposalWindow(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.due: list[disposal.Due] = []
        self.last_certificate: str | None = None
        self.setWindowTitle("MASH Desktop — Disposal review")
        self.resize(1000, 560)
        may = access.may_act(signed.actor.roles, access.Step.DISPOSE)
        self.table = register_table(COLUMNS, "Cases due for disposal")
        table_label = QLabel("Cases &due for disposal (retention run out, no hold):")
        table_label.setBuddy(self.table)
        self.approve_button = QPushButton("&Approve disposal")
        self.cancel_reason = QLineEdit()
        self.cancel_reason.setAccessibleName("Why the approval is cancelled")
        self.cancel_button = QPushButton("&Cancel approval")
        self.dispose_button = QPushButton("Dispose approved cases &now")
        self.dispose_button.setToolTip("Dispose of every approved case whose cancel window has passed")
        self.certificate_button = QPushButton("Cer&tificate…")
        self.certificate_button.setToolTip("Write the disposal certificate of the last run")
        self.certificate_button.setEnabled(False)
        for button, slot in ((self.approve_button, self.approve), (self.cancel_button, self.cancel),
                             (self.dispose_button, self.dispose), (self.certificate_button, self.save_certificate)):
            button.setAutoDefault(False)
            button.setVisible(may)
            button.clicked.connect(slot)
        cancel = QHBoxLayout()
        reason_label = QLabel("Reason for cancelling (&why):")
        reason_label.setBuddy(self.cancel_reason)
        cancel.addWidget(reason_label)
        cancel.addWidget(self.cancel_reason, 1)
        cancel.addWidget(self.cancel_button)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setAccessibleName("Disposal in progress")
        self.status = QLabel("Loading…")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.approve_button, self.dispose_button, self.certificate_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.help_button = help_button(self, help_content.RETENTION)
        buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("An approval waits out the cancel window before the case may be disposed of. "
                                "Disposal removes the case's personal data for good: the database keeps its "
                                "reference, class and a signed tombstone."))
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        if may:
            layout.addLayout(cancel)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def load(self, said: str = "") -> None:
        Operation(self, lambda: disposal.review(self.db, self.signed)) \
            .success(lambda found: self._loaded(found, said)).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.dispose_button.setEnabled(True)
        if isinstance(exc, MashError):
            self.status.setText(str(exc))
        else:
            errors.show_error(self, exc)

    def _loaded(self, found: list[disposal.Due], said: str) -> None:
        self.due = found
        _fill(self.table, [(d.reference, d.record_class.label, day(d.closed_on), day(d.due_since), _state(d))
                           for d in found])
        if found:
            self.table.selectRow(0)
        approved = sum(1 for d in found if d.approval)
        self.status.setText(said or f"{len(found)} case{'s' if len(found) != 1 else ''} due, {approved} approved.")

    def chosen(self) -> disposal.Due | None:
        rows = self.table.selectionModel().selectedRows()
        return self.due[rows[0].row()] if rows and rows[0].row() < len(self.due) else None

    def approve(self) -> None:
        case = self.chosen()
        if case is None:
            self.status.setText("Choose the case to approve.")
            return
        Operation(self, lambda: disposal.approve(self.db, self.signed, case.reference)) \
            .success(lambda a: self.load(f"{a.reference} approved; disposable from {local(a.dispose_after)} "
                                         "unless cancelled.")).failure(self._failed).run()

    def cancel(self) -> None:
        case, reason = self.chosen(), self.cancel_reason.text()
        if case is None:
            self.status.setText("Choose the case whose approval to cancel.")
            return
        Operation(self, lambda: disposal.cancel(self.db, self.signed, case.reference, reason)) \
            .success(lambda _none: (self.cancel_reason.clear(),
                                    self.load(f"Disposal of {case.reference} cancelled."))) \
            .failure(self._failed).run()

    def dispose(self) -> None:
        self.dispose_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the run comes back
        self.progress.setVisible(True)
        self.status.setText("Disposing of the approved cases past their cancel window…")
        Operation(self, lambda: disposal.dispose_now(self.db, self.signed)) \
            .success(self._disposed).failure(self._failed).run()

    def _disposed(self, done: list[disposal.Disposed]) -> None:
        self.dispose_button.setEnabled(True)
        self.progress.setRange(0, max(1, len(done)))
        self.progress.setValue(max(1, len(done)))
        if not done:
            self.progress.setVisible(False)
            self.load("No approved case is past its cancel window.")
            return
        self.last_certificate = done[0].certificate
        self.certificate_button.setEnabled(True)
        self.load(f"Disposed of {len(done)} case{'s' if len(done) != 1 else ''} under certificate "
                  f"{self.last_certificate}: {', '.join(d.reference for d in done)}. Write its certificate now.")

    def save_certificate(self) -> None:
        if not self.last_certificate:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save the disposal certificate",
                                              f"{self.last_certificate}.pdf", "PDF (*.pdf)")
        if path:
            self.certificate_to(Path(path))

    def certificate_to(self, path: Path) -> None:
        number = self.last_certificate
        Operation(self, lambda: certificate.produce(self.db, self.signed, number, path)) \
            .success(lambda c: self.status.setText(f"Wrote certificate {c.certificate} ({c.pages} page"
                                                   f"{'s' if c.pages != 1 else ''}) to {c.path}.")) \
            .failure(self._failed).run()


def open_disposal(window: QMainWindow, db: Database, signed: SignedIn) -> DisposalWindow:
    """The Governance menu's opener: one window per main window, brought forward if open."""
    found = window.findChild(DisposalWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if found is not None and found.isVisible():
        found.raise_()
        found.activateWindow()
        return found
    dialog = DisposalWindow(window, db, signed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.load()
    return dialog
