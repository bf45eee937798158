"""Recording a consultation, and turning it into a contact.

A professional phones for advice: the dialog records who asked, from which
agency, what about, and the advice given by the signed-in worker, checked as
one types. Once saved, "Convert to contact…" opens the intake form filled in
from the consultation; the contact and the consultation's link to it are
stored together.

``record_consultation(parent, db, signed)`` returns the new consultation's id
(or None); ``convert_consultation(parent, db, signed, record)`` converts one
recorded earlier and returns the new contact's reference (or None).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.consultation import consultation_errors
from ...domain.errors import FieldError, MashError
from ...security.accounts import SignedIn
from ...services.admin.agencies import list_agencies
from ...services.consultations.records import ConsultationRecord, contact_payload, convert_to_contact, get_consultation
from ...services.consultations.records import record_consultation as save_consultation
from ...services.intake.referrals import HUB_ZONE
from ...store.database import Database
from ..common import errors
from ..help import content as help_content
from ..common.background import Operation
from ..help.window import help_button
from ..intake.check import widget_for
from ..intake.dialog import IntakeDialog, new_contact
from ..intake.fields import DONE_STYLE, HINT_STYLE, REFUSAL_STYLE, has_text, line, mark, note, text_box
from ..intake.sections import NO_AGENCY

TITLE = "MASH Desktop — Consultation"
_WORDS = {"caller.name": "Caller's name", "caller.phone": "Phone", "caller.email": "Email",
          "caller.agency": "Agency", "question": "Question", "advice": "Advice given", "received_at": "When"}


class ConsultationDialog(QDialog):
    """Who asked, what, and the advice given; then, if need be, a contact."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.record: ConsultationRecord | None = None
        self.reference: str | None = None
        self.intake: IntakeDialog | None = None
        self._busy = False
        self._seen: set[int] = set()  # fields that have held text: an empty one is then marked
        self._problems: list[FieldError] = []
        self.setWindowTitle(TITLE)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName("When the call came in")
        self.name, self.role = line("Caller's name"), line("Caller's role", "e.g. Health visitor")
        self.organisation = line("Caller's organisation")
        self.agency = QComboBox()
        self.agency.setAccessibleName("Caller's agency")
        self.agency.addItem(NO_AGENCY, None)
        self.phone, self.email = line("Caller's phone"), line("Caller's email")
        self.question = text_box("The question asked", lines=4, placeholder="What the caller asked about")
        self.advice = text_box("The advice given", lines=4, placeholder="The advice you gave")
        self.form = QWidget()
        form = QFormLayout(self.form)
        for label, widget in (("When", self.when), ("Caller's name", self.name), ("Role", self.role),
                              ("Organisation", self.organisation), ("Agency", self.agency), ("Phone", self.phone),
                              ("Email", self.email), ("Question", self.question), ("Advice given", self.advice)):
            form.addRow(label, widget)
        form.addRow("Advised by", QLabel(signed.display_name))
        self.hint, self.message = note("consultHint", HINT_STYLE), note("consultMessage", REFUSAL_STYLE)
        self.done_note = note("consultDone", DONE_STYLE)
        self.save = QPushButton("&Save")
        self.save.setDefault(True)
        self.convert = QPushButton("Con&vert to contact…")
        self.close_button = QPushButton("Cancel")
        for button in (self.convert, self.close_button):
            button.setAutoDefault(False)
        self.save.clicked.connect(self._save)
        self.convert.clicked.connect(self._convert)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        self.help_button = help_button(self, help_content.CONSULTATION)
        buttons.addWidget(self.help_button)
        buttons.addWidget(self.convert)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        for widget in (self.form, self.hint, self.message, self.done_note):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        for field in (self.name, self.role, self.organisation, self.phone, self.email):
            field.textChanged.connect(self.validate)
        for box in (self.question, self.advice):
            box.textChanged.connect(self.validate)
        self.resize(640, 640)
        self.validate()
        Operation(self, lambda: list_agencies(db, include_retired=False)).success(self._agencies) \
            .failure(lambda exc: errors.show_error(self, exc)).run()

    def _agencies(self, agencies) -> None:
        for agency in agencies:
            self.agency.addItem(f"{agency.name} ({agency.code})", agency.code)

    def payload(self) -> dict[str, object]:
        when = self.when.dateTime().toPython().replace(tzinfo=HUB_ZONE)
        caller = {"name": self.name.text(), "role": self.role.text(), "organisation": self.organisation.text(),
                  "agency": self.agency.currentData(), "phone": self.phone.text(), "email": self.email.text()}
        return {"received_at": when.astimezone(dt.timezone.utc).isoformat(), "caller": caller,
                "question": self.question.toPlainText(), "advice": self.advice.toPlainText()}

    def validate(self) -> None:
        fields = {"caller.name": self.name, "caller.phone": self.phone, "caller.email": self.email,
                  "caller.agency": self.agency, "question": self.question, "advice": self.advice,
                  "received_at": self.when}
        problems = consultation_errors(self.payload(), today=dt.datetime.now(HUB_ZONE).date())
        wrong = {e.field: e.problem for e in problems}
        for path, widget in fields.items():
            if has_text(widget):
                self._seen.add(id(widget))
            mark(widget, wrong.get(path) if id(widget) in self._seen or path == "received_at" else None)
        lines = [f"{_WORDS.get(e.field, e.field)}: {e.problem}" for e in problems if widget_for(e.field, fields)]
        self.hint.setText("Still needed: " + "; ".join(lines) if lines else "")
        self.hint.setVisible(bool(lines) and self.record is None)
        self._problems = problems
        self._buttons()

    def _buttons(self) -> None:
        saved = self.record is not None
        self.save.setVisible(not saved)
        self.save.setEnabled(not self._busy and not self._problems)
        self.convert.setEnabled(saved and not self._busy and self.reference is None)
        self.form.setEnabled(not self._busy)
        for field in (self.name, self.role, self.organisation, self.phone, self.email, self.question, self.advice):
            field.setReadOnly(saved)  # kept readable, unlike a disabled field
        self.when.setReadOnly(saved)
        self.agency.setEnabled(not saved)
        self.close_button.setText("Close" if saved else "Cancel")

    def _save(self) -> None:
        if self._busy or self._problems:
            return
        self._busy, payload, actor = True, self.payload(), self.signed.actor
        self._buttons()
        Operation(self, lambda: get_consultation(self.db, actor, save_consultation(self.db, actor, payload))) \
            .success(self._saved).failure(self._failed).run()

    def _saved(self, record: ConsultationRecord) -> None:
        self._busy, self.record = False, record
        self.hint.setVisible(False)
        self._done(f"Consultation saved, advised by {record.given_by}.")

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self._buttons()
        if isinstance(exc, MashError):
            self.message.setText(exc.message)
            self.message.setVisible(True)
        else:
            errors.show_error(self, exc)

    def _done(self, text: str) -> None:
        self.message.setVisible(False)
        self.done_note.setText(text)
        self.done_note.setVisible(True)
        self._buttons()

    def _convert(self) -> None:
        record = self.record
        if record is None or self.intake is not None:
            return
        actor = self.signed.actor
        self.intake = IntakeDialog(self, self.db, self.signed, contact_payload(record),
                                   submit=lambda payload: convert_to_contact(self.db, actor, record.id, payload))
        self.intake.finished.connect(self._intake_closed)
        self.intake.open()

    def _intake_closed(self) -> None:
        intake, self.intake = self.intake, None
        if intake is not None and intake.reference is not None:
            self.reference = intake.reference
            self._done(f"Consultation saved and made into contact {intake.reference}.")
        if intake is not None:
            QTimer.singleShot(0, intake.deleteLater)


def record_consultation(parent: QWidget | None, db: Database, signed: SignedIn) -> int | None:
    """Open the consultation dialog; return the saved consultation's id, or None."""
    dialog = ConsultationDialog(parent, db, signed)
    dialog.exec()
    saved = dialog.record.id if dialog.record is not None else None
    dialog.deleteLater()
    return saved


def convert_consultation(parent: QWidget | None, db: Database, signed: SignedIn,
                         record: ConsultationRecord) -> str | None:
    """Turn a consultation recorded earlier into a contact; return its reference, or None."""
    actor = signed.actor
    return new_contact(parent, db, signed, contact_payload(record),
                       submit=lambda payload: convert_to_contact(db, actor, record.id, payload))
