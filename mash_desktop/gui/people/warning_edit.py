"""Adding a warning on a person, and ending one: two short forms.

Each says in words why OK is not yet available, and hands back what was
typed; the Warnings dialog saves it in the background (the service checks
every rule again).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget,
)

from ...domain.warnings import REASON_LIMIT, WarningKind
from ..common.form_widgets import choice_box, text_box
from ..help import content as help_content
from ..help.window import help_button

HUB_WIDE_NOTE = "Every caseworker of the hub sees a worker safety warning."
OWN_NOTE = "Only your agency sees it, until you share it on a case (a disclosure with a lawful basis)."


def _date_edit(name: str, day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def _day(edit: QDateEdit) -> dt.date:
    return edit.date().toPython()


class _Form(QDialog):
    def __init__(self, parent: QWidget | None, title: str, ok: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.why_not = QLabel()
        self.why_not.setObjectName("whyNot")
        self.why_not.setStyleSheet("color: #5f2120;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok)
        self.help_button = help_button(self, help_content.PERSON_WARNINGS)
        self.buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.why_not)
        layout.addWidget(self.buttons)

    def problem(self) -> str | None:
        raise NotImplementedError

    def revalidate(self) -> None:
        problem = self.problem()
        self.ok.setEnabled(problem is None)
        self.why_not.setText(problem or "")
        self.why_not.setVisible(problem is not None)


class AddWarningDialog(_Form):
    """Kind, reason, from, and optionally until."""

    def __init__(self, person: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent, f"Add a warning — {person}", "&Add warning")
        self.kind = choice_box("Kind of warning", "Choose the kind…", [(k.label, k) for k in WarningKind])
        self.reason = text_box("Reason", 4, "Why the warning is set, and where it comes from")
        self.start = _date_edit("From", today)
        self.has_end = QCheckBox("Has an &end date")
        self.end = _date_edit("Until", today + dt.timedelta(days=182))
        self.end.setEnabled(False)
        self.note = QLabel(OWN_NOTE)
        self.note.setWordWrap(True)
        for caption, widget in (("&Kind:", self.kind), ("&Reason:", self.reason), ("&From:", self.start),
                                ("", self.has_end), ("&Until:", self.end)):
            label = QLabel(caption)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.form.addRow(self.note)
        self.kind.currentIndexChanged.connect(self._changed)
        self.reason.textChanged.connect(self.revalidate)
        self.has_end.toggled.connect(self.end.setEnabled)
        self.has_end.toggled.connect(self.revalidate)
        self.start.dateChanged.connect(self.revalidate)
        self.end.dateChanged.connect(self.revalidate)
        self.kind.setFocus()
        self.revalidate()

    def _changed(self) -> None:
        kind = self.kind.value()
        self.note.setText(HUB_WIDE_NOTE if kind is not None and kind.hub_wide else OWN_NOTE)
        self.revalidate()

    def problem(self) -> str | None:
        if self.kind.value() is None:
            return "Choose the kind of warning."
        reason = self.reason.toPlainText().strip()
        if not reason:
            return "Say why the warning is set."
        if len(reason) > REASON_LIMIT:
            return f"Keep the reason to {REASON_LIMIT} characters."
        if self.has_end.isChecked() and _day(self.end) < _day(self.start):
            return "The end date is before the start date."
        return None

    def values(self) -> tuple[WarningKind, str, dt.date, dt.date | None]:
        return (self.kind.value(), self.reason.toPlainText().strip(), _day(self.start),
                _day(self.end) if self.has_end.isChecked() else None)


class EndWarningDialog(_Form):
    """The day it ended, and why."""

    def __init__(self, what: str, start: dt.date | None, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent, f"End a warning — {what}", "&End warning")
        self.started = start
        self.on = _date_edit("Ended on", today)
        self.reason = text_box("Why it ended", 3, "For example: plan ended at the review conference")
        for caption, widget in (("Ended &on:", self.on), ("&Why:", self.reason)):
            label = QLabel(caption)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.form.addRow(QLabel("The warning stays in the person's history."))
        self.reason.textChanged.connect(self.revalidate)
        self.on.dateChanged.connect(self.revalidate)
        self.reason.setFocus()
        self.revalidate()

    def problem(self) -> str | None:
        if not self.reason.toPlainText().strip():
            return "Say why the warning ended."
        if self.started is not None and _day(self.on) < self.started:
            return "A warning cannot end before it started."
        return None

    def values(self) -> tuple[dt.date, str]:
        return _day(self.on), self.reason.toPlainText().strip()
