"""The intake form for a new contact (DOMAIN.md step 1), with the duplicate check.

The form builds the same payload a referral portal posts and checks it, as
one types, with the portal's own rules: fields with a problem are marked, a
list says what is still needed, and Submit waits until nothing is. Submit
first looks, in the background, for people already known to the hub who may
be the subjects; if any are found the worker links each subject to one of
them or creates a new person, and the contact is then stored (in the
background too) and its reference shown.

``new_contact(parent, db, signed)`` opens the form and returns the new
reference, or None if nothing was created.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import FieldError, MashError
from ...domain.intake import PersonDetails, parse_referral, validation_errors
from ...security.accounts import SignedIn
from ...services.admin.agencies import list_agencies
from ...services.intake.duplicates import Match, find_matches_for
from ...services.intake.referrals import HUB_ZONE, add_referral
from ...store.database import Database
from ..common import errors
from ..help import content as help_content
from ..common.background import Operation
from .check import problem_text, summary_lines, widget_for
from .fields import DONE_STYLE, HINT_STYLE, REFUSAL_STYLE, WARNING_STYLE, has_text, mark, note
from ..help.window import help_button
from .matches import MatchPanel
from .received import FUTURE
from .form import IntakeForm, scrolled

TITLE = "MASH Desktop — New contact"
FAULT = "The contact could not be recorded because of a fault in the program. Please tell your IT support."
Submitter = Callable[[dict[str, object]], str]


class IntakeDialog(QDialog):
    """A new contact: form, duplicate check, then the stored reference."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn,
                 prefill: dict[str, object] | None = None, submit: Submitter | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.reference: str | None = None
        self._submit_fn: Submitter = submit or (lambda payload: add_referral(db, signed.actor, payload))
        self._busy = False
        self._seen: set[int] = set()  # fields that have held text: an empty one is then marked
        self._problems: list[FieldError] = []
        self._pending: dict[str, object] = {}
        self.setWindowTitle(TITLE)
        self.form = IntakeForm()
        self.matches = MatchPanel()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.form)
        self.pages.addWidget(scrolled(self.matches))
        self.needed = note("intakeNeeded", HINT_STYLE)
        self.needed.setVisible(True)
        self.needed.setFixedWidth(280)
        self.choose = note("intakeChoose", WARNING_STYLE)
        self.choose.setText("Some subjects may already be known to the hub. For each, link the contact to "
                            "the person it is about, or choose to create a new person.")
        self.message = note("intakeMessage", REFUSAL_STYLE)
        self.done_note = note("intakeDone", DONE_STYLE)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        self.submit = QPushButton("Check and &submit")
        self.submit.setDefault(True)
        self.back = QPushButton("&Back to the form")
        self.cancel = QPushButton("Cancel")
        for button in (self.back, self.cancel):
            button.setAutoDefault(False)
        self.submit.clicked.connect(self._check_duplicates)
        self.back.clicked.connect(self._to_form)
        self.cancel.clicked.connect(self.reject)
        self.matches.decided.connect(self._linked)
        self._lay_out()
        self.form.changed.connect(self._changed)
        if prefill:
            self.form.prefill(prefill)
        self.validate()
        Operation(self, lambda: list_agencies(db, include_retired=False)).success(self.form.referrer.set_agencies) \
            .failure(lambda exc: errors.show_error(self, exc)).run()

    def _lay_out(self) -> None:
        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel("Still needed"))
        side.addWidget(self.needed)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.pages, 1)
        middle.addWidget(self.side)
        buttons = QHBoxLayout()
        self.help_button = help_button(self, help_content.INTAKE)
        buttons.addWidget(self.help_button)
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        for widget in (self.choose, self.message, self.done_note, self.busy):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.back.setVisible(False)
        self.resize(1000, 760)

    # -- the form ---------------------------------------------------------------------

    def _changed(self) -> None:
        QTimer.singleShot(0, self, self.validate)  # once the change (e.g. a removed row) has settled

    def today(self) -> dt.date:
        return dt.datetime.now(HUB_ZONE).date()

    def validate(self) -> None:
        """Check the form as the portal's payload is checked; mark what is wrong."""
        fields = self.form.fields()
        payload = self.form.payload()
        self._problems = validation_errors(payload, today=self.today())
        self._problems += self.form.encompass.problems(payload.get("source"), dt.datetime.now(dt.timezone.utc))
        received = self.form.referrer.received
        if received.isVisibleTo(self.form.referrer) and received.in_future() \
                and not any(error.field == "received_at" for error in self._problems):
            self._problems.append(FieldError("received_at", FUTURE))
        wrong: dict[int, str] = {}
        for error in self._problems:
            widget = widget_for(error.field, fields)
            if widget is not None and id(widget) not in wrong:
                wrong[id(widget)] = problem_text(error, widget)
        for widget in set(fields.values()):
            if has_text(widget):
                self._seen.add(id(widget))
            mark(widget, wrong.get(id(widget)) if id(widget) in self._seen else None)
        lines = summary_lines(self._problems, fields)
        self.needed.setText("\n".join(f"• {line}" for line in lines) if lines else "Nothing: ready to submit.")
        self._buttons()

    def _buttons(self) -> None:
        on_form = self.pages.currentIndex() == 0
        self.submit.setVisible(on_form and self.reference is None)
        self.submit.setEnabled(on_form and not self._busy and not self._problems)
        self.back.setVisible(not on_form and self.reference is None)
        self.side.setVisible(on_form and self.reference is None)
        self.choose.setVisible(not on_form and self.reference is None)
        self.back.setEnabled(not self._busy)
        self.pages.setEnabled(not self._busy and self.reference is None)

    # -- checking for people already known, then storing --------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self._buttons()

    def _check_duplicates(self) -> None:
        if self._problems or self._busy:
            return
        payload = self.form.payload()
        subjects = parse_referral(payload, today=self.today()).subjects
        self._show_message("")
        self._set_busy(True)
        actor = self.signed.actor
        Operation(self, lambda: find_matches_for(self.db, subjects, actor=actor, reader=self.signed)) \
            .success(lambda found: self._found(payload, subjects, found)).failure(self._failed).run()

    def _found(self, payload: dict[str, object], subjects: tuple[PersonDetails, ...],
               found: list[list[Match]]) -> None:
        self._set_busy(False)
        if not any(found):
            self._store(payload)
            return
        self._pending = payload
        self.matches.show_matches(subjects, found)
        self.pages.setCurrentIndex(1)
        self._buttons()

    def _linked(self) -> None:
        payload = copy.deepcopy(self._pending)
        for index, person_id in self.matches.links().items():
            payload["subjects"][index]["person_id"] = person_id  # type: ignore[index]
        self._store(payload)

    def _store(self, payload: dict[str, object]) -> None:
        self._set_busy(True)
        payload = payload | self.form.encompass.payload()  # an Operation Encompass notification, if ticked
        Operation(self, lambda: self._submit_fn(payload)).success(self._stored).failure(self._failed).run()

    def _stored(self, reference: str) -> None:
        self.reference = reference
        self._set_busy(False)
        self.done_note.setText(f"Contact recorded as {reference}.")
        self.done_note.setVisible(True)
        self.cancel.setText("Close")
        self._buttons()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._to_form()
        if isinstance(exc, MashError):
            self._show_message(exc.message)
        else:
            self._show_message(FAULT)
            errors.show_error(self, exc)

    def _to_form(self) -> None:
        self.pages.setCurrentIndex(0)
        self._buttons()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def reject(self) -> None:
        if self._busy:  # work on its way must report back to someone
            return
        if self.reference is not None:
            self.accept()
        else:
            super().reject()


def new_contact(parent: QWidget | None, db: Database, signed: SignedIn,
                prefill: dict[str, object] | None = None, submit: Submitter | None = None) -> str | None:
    """Open the intake form; return the new contact's reference, or None."""
    dialog = IntakeDialog(parent, db, signed, prefill, submit)
    dialog.exec()
    reference = dialog.reference
    dialog.deleteLater()
    return reference
