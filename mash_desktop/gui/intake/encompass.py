"""The intake form's Operation Encompass part: a police notification of a
domestic abuse incident that a child was present at or a household member reported.

Ticked, the contact is stored as an Encompass notification (domain/encompass.py)
with the incident's date and time, and gets its own clock: the school's key
adult is told before the next school day starts. The rules (the police only,
the incident not after the notification) are the service's, shown as the
form is filled in.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from ...domain import encompass
from ...domain.codes import ContactSource
from ...domain.errors import FieldError
from .received import ReceivedAt


class EncompassSection(QWidget):
    """A tick box, and when it is ticked, the incident's date and time."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.notice = QCheckBox("Operation &Encompass: a police notification of a domestic abuse incident")
        self.notice.setToolTip("A child was present at the incident, or a member of the household reported it. "
                               "The school's key adult is to be told before the next school day starts.")
        self.incident = ReceivedAt()
        self.incident.label.setText("Incident &at")
        self.incident.edit.setAccessibleName("Date and time of the incident (UK time)")
        self.incident.now.setAccessibleName("Set the incident's time to now")
        self._form = QFormLayout(self)
        self._form.addRow("", self.notice)
        self._form.addRow(self.incident.label, self.incident)
        self.notice.toggled.connect(self._follow)
        self.notice.toggled.connect(self.changed)
        self.incident.changed.connect(self.changed)
        self._follow()

    def _follow(self) -> None:
        self._form.setRowVisible(self.incident, self.notice.isChecked())

    def payload(self) -> dict[str, object]:
        """The contact's ``encompass`` part, or nothing when it is not a notification."""
        return {encompass.KEY: {"incident_at": self.incident.value()}} if self.notice.isChecked() else {}

    def problems(self, source: object, received: dt.datetime) -> list[FieldError]:
        """What the service would refuse in this part, given the contact's source code."""
        try:
            code = ContactSource(source) if source else None
        except ValueError:
            code = None
        try:
            encompass.read_notice(self.payload(), code, received)
        except FieldError as error:
            return [error]
        return []

    def fields(self) -> dict[str, QWidget]:
        return {encompass.KEY: self.notice, f"{encompass.KEY}.incident_at": self.incident.edit}
