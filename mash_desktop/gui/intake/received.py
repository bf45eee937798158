"""When a contact was actually received: typed in hub time, handed on in UTC.

A phone call is often recorded some time after it came in, so the form asks
when it was received. The time is shown and typed in the hub's time zone
(Europe/London), starts at the minute the form was opened, may not be in the
future, and is handed to the domain as ISO text in UTC. A time given by a
prefilled contact is handed back exactly as given unless it is changed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.zone import HUB_ZONE

FUTURE = "is in the future"


def _hub_now() -> dt.datetime:
    return dt.datetime.now(HUB_ZONE).replace(second=0, microsecond=0)


def _shown(moment: dt.datetime) -> QDateTime:
    local = moment.astimezone(HUB_ZONE)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute, local.second))


class ReceivedAt(QWidget):
    """A date and time in hub time, with a button to set it to now."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.edit = QDateTimeEdit()
        self.edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.edit.setCalendarPopup(True)
        self.edit.setAccessibleName("Date and time the contact was received (UK time)")
        self.now = QPushButton("No&w")
        self.now.setAutoDefault(False)
        self.now.setAccessibleName("Set the time received to now")
        self.label = QLabel("Recei&ved")
        self.label.setBuddy(self.edit)
        self.prefilled = False
        self._given: dt.datetime | None = None
        self._given_shown: QDateTime | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.now)
        layout.addWidget(QLabel("UK time"))
        layout.addStretch(1)
        self.edit.setDateTime(_shown(_hub_now()))
        self.edit.dateTimeChanged.connect(self.changed)
        self.now.clicked.connect(lambda: self.edit.setDateTime(_shown(_hub_now())))

    def moment(self) -> dt.datetime:
        """The time shown, as an aware UTC time."""
        if self._given is not None and self.edit.dateTime() == self._given_shown:
            return self._given
        shown = self.edit.dateTime()
        day, time = shown.date(), shown.time()
        local = dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), time.second(),
                            tzinfo=HUB_ZONE)
        return local.astimezone(dt.timezone.utc)

    def value(self) -> str:
        return self.moment().isoformat()

    def in_future(self) -> bool:
        return self.moment() > dt.datetime.now(dt.timezone.utc)

    def prefill(self, iso: object) -> None:
        """Show a time given as ISO text with an offset; anything else leaves the default."""
        if not isinstance(iso, str):
            return
        try:
            given = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            return
        if given.tzinfo is None:
            return
        self._given = given.astimezone(dt.timezone.utc)
        self._given_shown = _shown(given)
        self.prefilled = True
        self.edit.setDateTime(self._given_shown)
