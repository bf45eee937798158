"""Governance ▸ Subject access requests…: the requests, their clock, redaction and the response.

The window lists every request with its due date and status in words
(overdue in red, due within the week in amber). The information-governance
officer records a new request (the person found by name and date of birth),
extends its time limit, records the answer or a refusal, reviews the
suggested redactions and produces the redacted response with its log. The
service checks every rule again; this window only asks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QProgressBar, QPushButton, QSpinBox,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain import subject_access as sar
from ...domain.subject_access import Requester
from ...security.accounts import SignedIn
from ...services.subject_access import produce, requests
from ...services.subject_access.requests import RequestView
from ...store.database import Database
from ..admin.partner_dialogs import date_box
from ..common import errors
from ..common.background import Operation
from ..common.form_dialog import FormDialog
from ..common.form_widgets import text_box
from ..help import content as help_content
from ..help.window import help_button
from .tables import register_table
from .redaction_review import RedactionReviewDialog

COLUMNS = ("No.", "Person", "Born", "Asked by", "Received", "Due", "Status")
SECTION = help_content.SUBJECT_ACCESS


def _day(day: dt.date | None) -> str:
    return f"{day:%d %b %Y}" if day else ""


class NewRequestDialog(FormDialog):
    """Record a request: find the person, say who asked and when."""

    help_section = SECTION

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        super().__init__(parent, db, signed, "New subject access request", "&Record request")
        today = requests.today()
        self.name = QLineEdit()
        self.name.setAccessibleName("Name to search for")
        self.born = date_box("Date of birth", dt.date(2010, 1, 1))
        self.use_born = QCheckBox("&Date of birth known:")
        self.find_button = QPushButton("&Find")
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find)
        self.people = QListWidget()
        self.people.setAccessibleName("People on the hub's records")
        self.on_behalf = QCheckBox("Asked by someone &on the person's behalf")
        self.requester_name = QLineEdit()
        self.requester_name.setAccessibleName("Who asked")
        self.authority = QLineEdit()
        self.authority.setAccessibleName("Their authority")
        self.authority.setPlaceholderText("e.g. parent with parental responsibility; solicitor with signed consent")
        self.received = date_box("Received on", today)
        self.verified = QCheckBox("Proof of &identity came later, on:")
        self.verified_on = date_box("Identity verified on", today)
        search = QHBoxLayout()
        search.addWidget(self.name, 2)
        search.addWidget(self.use_born)
        search.addWidget(self.born)
        search.addWidget(self.find_button)
        form = QFormLayout(self.body)
        form.addRow("&Name:", search)
        form.addRow("&Person:", self.people)
        form.addRow("", self.on_behalf)
        form.addRow("&Who asked:", self.requester_name)
        form.addRow("&Authority:", self.authority)
        form.addRow("Recei&ved on:", self.received)
        form.addRow(self.verified, self.verified_on)
        self.name.returnPressed.connect(self.find)
        for signal in (self.people.currentRowChanged, self.on_behalf.toggled, self.requester_name.textChanged,
                       self.authority.textChanged, self.received.dateChanged, self.verified.toggled,
                       self.verified_on.dateChanged):
            signal.connect(self.revalidate)
        self.on_behalf.toggled.connect(self._who)
        self._who()
        self.setMinimumWidth(640)
        self.load(lambda: None, lambda _: self.name.setFocus())

    def _who(self) -> None:
        self.requester_name.setEnabled(self.on_behalf.isChecked())
        self.authority.setEnabled(self.on_behalf.isChecked())

    def find(self) -> None:
        name, born = self.name.text(), self.born.date().toPython() if self.use_born.isChecked() else None
        Operation(self, lambda: requests.find_people(self.db, self.signed, name, born)) \
            .success(self._found).failure(self._report).run()

    def _found(self, found: list[requests.PersonChoice]) -> None:
        self.people.clear()
        for p in found:
            item = QListWidgetItem(f"{p.name}, born {_day(p.date_of_birth) or 'not known'}"
                                   f"{', ' + p.town if p.town else ''} (person {p.id})")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.people.addItem(item)
        if found:
            self.people.setCurrentRow(0)
            self.people.setFocus()
        else:
            self.show_message("Nobody on the hub's records matches: check the spelling or the date of birth.")
        self.revalidate()

    def person_id(self) -> int | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def problem(self) -> str | None:
        if self.person_id() is None:
            return "Find the person and choose them."
        if self.on_behalf.isChecked() and not (self.requester_name.text().strip() and self.authority.text().strip()):
            return "Say who asked and the basis of their authority."
        if self.received.date().toPython() > requests.today():
            return "A request cannot be received in the future."
        if self.verified.isChecked() and self.verified_on.date().toPython() < self.received.date().toPython():
            return "Identity is verified on or after the day the request came."
        return None

    def save(self) -> None:
        person, behalf = self.person_id(), self.on_behalf.isChecked()
        who = Requester.ON_BEHALF if behalf else Requester.SELF
        name, basis = self.requester_name.text(), self.authority.text()
        received = self.received.date().toPython()
        verified = self.verified_on.date().toPython() if self.verified.isChecked() else None
        self.run_save(lambda: requests.new_request(self.db, self.signed, person, who, received,
                                                   requester_name=name if behalf else None,
                                                   authority=basis if behalf else None, id_verified_on=verified))


class ExtendDialog(FormDialog):
    """Extend a request's time limit by one or two months, with the reason."""

    help_section = SECTION

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, request: RequestView) -> None:
        super().__init__(parent, db, signed, f"Extend request {request.id}", "&Extend")
        self.request = request
        self.months = QSpinBox()
        self.months.setRange(1, max(1, sar.MAX_EXTENSION - request.extended_months))
        self.months.setAccessibleName("Months")
        self.reason = text_box("Reason", 3, "Why more time is needed: the request is complex, or one of several")
        form = QFormLayout(self.body)
        form.addRow("Due now:", QLabel(_day(request.due_on)))
        form.addRow("&Months more:", self.months)
        form.addRow("&Reason:", self.reason)
        self.reason.textChanged.connect(self.revalidate)
        self.load(lambda: None, lambda _: self.reason.setFocus())

    def problem(self) -> str | None:
        if self.request.extended_months >= sar.MAX_EXTENSION:
            return f"The time limit is already extended by {sar.MAX_EXTENSION} months, the most allowed."
        return None if self.reason.toPlainText().strip() else "Say why more time is needed."

    def save(self) -> None:
        rid, months, reason = self.request.id, self.months.value(), self.reason.toPlainText()
        self.run_save(lambda: requests.extend(self.db, self.signed, rid, months, reason))


class OutcomeDialog(FormDialog):
    """Record that a request was answered, or refused with the reason."""

    help_section = SECTION

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, request: RequestView) -> None:
        super().__init__(parent, db, signed, f"Answer or refuse request {request.id}", "&Record")
        self.request = request
        self.refuse = QCheckBox("Re&fused (not answered)")
        self.answered_on = date_box("Answered on", requests.today())
        self.reason = text_box("Reason for refusing", 3, "e.g. manifestly unfounded or excessive, and why")
        form = QFormLayout(self.body)
        form.addRow("&Answered on:", self.answered_on)
        form.addRow("", self.refuse)
        form.addRow("Reason for refusin&g:", self.reason)
        for signal in (self.refuse.toggled, self.reason.textChanged, self.answered_on.dateChanged):
            signal.connect(self.revalidate)
        self.load(lambda: None, lambda _: self.answered_on.setFocus())

    def problem(self) -> str | None:
        if self.refuse.isChecked():
            return None if self.reason.toPlainText().strip() else "Say why the request is refused."
        if self.answered_on.date().toPython() > requests.today():
            return "The answer date cannot be in the future."
        return None

    def save(self) -> None:
        rid = self.request.id
        if self.refuse.isChecked():
            reason = self.reason.toPlainText()
            self.run_save(lambda: requests.refuse(self.db, self.signed, rid, reason))
        else:
            on = self.answered_on.date().toPython()
            self.run_save(lambda: requests.answer(self.db, self.signed, rid, on))


class _Progress(QObject):
    moved = Signal(int, str)


class SubjectAccessWindow(QDialog):
    """Every request, soonest due first, and what may be done with the chosen one."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.rows: list[RequestView] = []
        self.form: QDialog | None = None
        self.save_to = self._ask_where  # replaced in tests: (title, default name) -> path or None
        self.setWindowTitle("MASH Desktop — Subject access requests")
        self.resize(1000, 560)
        self.table = register_table(COLUMNS, "Subject access requests")
        label = QLabel("&Requests:")
        label.setBuddy(self.table)
        self.status = QLabel("Loading…")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self._moved = _Progress()
        self._moved.moved.connect(self._step)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, tip, run in (
            ("new", "&New request…", "Record a request from a person or on their behalf", self.new_request),
            ("extend", "E&xtend…", "Extend the time limit by up to two months, with the reason", self.extend),
            ("review", "Re&view redactions…", "Confirm, lift or add the redactions of the response", self.review),
            ("produce", "&Produce PDF and log…", "Produce the redacted response and its redaction log",
             self.produce),
            ("outcome", "&Answer or refuse…", "Record that the request was answered, or refused", self.outcome),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.setToolTip(tip)
            button.clicked.connect(run)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.help_button = help_button(self, SECTION)
        buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A request is answered within one calendar month of receipt (or of proof of "
                                "identity), or up to two months more when extended with a reason."))
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- the list ------------------------------------------------------------------

    def load(self, keep: int | None = None) -> None:
        self.status.setText("Loading…")
        Operation(self, lambda: requests.list_requests(self.db, self.signed)) \
            .success(lambda rows: self._loaded(rows, keep)).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.status.setText(getattr(exc, "message", "That could not be done."))
        self._update_buttons()
        errors.show_error(self, exc)

    def _loaded(self, rows: list[RequestView], keep: int | None) -> None:
        self.rows = rows
        today = requests.today()
        self.table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            asked = "The person" if r.requester is Requester.SELF else f"{r.requester_name} ({r.authority})"
            cells = (str(r.id), r.person, _day(r.date_of_birth), asked, _day(r.received_on), _day(r.due_on), r.words)
            late = not r.verified or sar.is_overdue(r.status, r.due_on, today)
            soon = sar.is_due_soon(r.status, r.due_on, today)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if late:
                    item.setForeground(Qt.GlobalColor.darkRed)
                elif soon:
                    item.setForeground(Qt.GlobalColor.darkYellow)
                self.table.setItem(n, column, item)
        ids = [r.id for r in rows]
        if rows:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        overdue = sum(1 for r in rows if sar.is_overdue(r.status, r.due_on, today) or
                      (sar.is_live(r.status) and not r.verified))
        soon = sum(1 for r in rows if r.verified and sar.is_due_soon(r.status, r.due_on, today))
        self.status.setText(f"{overdue} overdue, {soon} due within {sar.DUE_SOON_DAYS} days, "
                            f"{sum(1 for r in rows if sar.is_live(r.status))} open in all." if rows
                            else "No subject access request is recorded.")
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()

    def chosen(self) -> RequestView | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked and picked[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        r = self.chosen()
        live = r is not None and r.verified and sar.is_live(r.status)
        self.buttons["new"].setEnabled(True)
        for key in ("extend", "review", "produce", "outcome"):
            self.buttons[key].setEnabled(live)
        if live and r.extended_months >= sar.MAX_EXTENSION:
            self.buttons["extend"].setEnabled(False)

    # -- acting ----------------------------------------------------------------------

    def _open(self, form: QDialog, keep: int | None) -> QDialog:
        self.form = form
        form.finished.connect(lambda _r, f=form: self.load(keep) if getattr(f, "changed", True) else None)
        form.open()
        return form

    def new_request(self) -> QDialog:
        return self._open(NewRequestDialog(self, self.db, self.signed), None)

    def extend(self) -> QDialog | None:
        r = self.chosen()
        return self._open(ExtendDialog(self, self.db, self.signed, r), r.id) if r else None

    def outcome(self) -> QDialog | None:
        r = self.chosen()
        return self._open(OutcomeDialog(self, self.db, self.signed, r), r.id) if r else None

    def review(self) -> QDialog | None:
        r = self.chosen()
        if r is None:
            return None
        return self._open(RedactionReviewDialog(self, self.db, self.signed, r), r.id)

    def _ask_where(self, title: str, name: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), "PDF (*.pdf)")
        return path or None

    def produce(self) -> None:
        r = self.chosen()
        if r is None:
            return
        out = self.save_to("Save the redacted response", f"subject-access-{r.id}.pdf")
        if not out:
            return
        log = self.save_to("Save the redaction log (for the IG file only)", f"subject-access-{r.id}-log.pdf")
        if not log:
            return
        for button in self.buttons.values():
            button.setEnabled(False)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        rid, moved = r.id, self._moved.moved
        Operation(self, lambda: produce.produce_response(self.db, self.signed, rid, out, log,
                                                         progress=lambda n, what: moved.emit(n, what))) \
            .success(self._produced).failure(self._failed).run()

    def _step(self, n: int, what: str) -> None:
        self.progress.setValue(n)
        self.progress.setFormat(f"{what}… %p%")

    def _produced(self, made: produce.ProducedResponse) -> None:
        self.progress.setVisible(False)
        self._update_buttons()
        self.status.setText(f"Produced {made.response.path.name} ({made.response.pages} pages; {made.redactions} "
                            f"redacted, {made.lifted} lifted) and the log {made.log.path.name} with "
                            f"{made.csv_path.name}: keep the log on the IG file only.")


def open_subject_access(window: QMainWindow, db: Database, signed: SignedIn) -> SubjectAccessWindow:
    """The Governance menu's opener: one window per main window, brought forward if open."""
    found = window.findChild(SubjectAccessWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if found is not None and found.isVisible():
        found.raise_()
        found.activateWindow()
        return found
    dialog = SubjectAccessWindow(window, db, signed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.load()
    return dialog
