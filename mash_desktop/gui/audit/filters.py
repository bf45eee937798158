"""The audit viewer's filters: user, case, action and a period of hub days.

Each control has a mnemonic and an accessible name. A change is applied a
moment after the last keystroke (``changed`` carries the new filter), so
typing a username does not search on every letter. Days are whole days in
hub local time, the last one included, as ``mash-admin audit export`` reads
them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ...services.audit.query import AuditFilter, period_of_days
from ...services.intake.referrals import HUB_ZONE

ANY_ACTION = "Any action"
#: Typing pauses this long before the filter applies.
DELAY_MS = 300


def _day_box(label: str, accessible: str, day: dt.date) -> tuple[QCheckBox, QDateEdit]:
    box = QCheckBox(label)
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(accessible)
    edit.setEnabled(False)
    box.toggled.connect(edit.setEnabled)
    return box, edit


class AuditFilterBar(QWidget):
    """User, case, action, from and to; ``changed`` says what to show."""

    changed = Signal(AuditFilter)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = QLineEdit()
        self.user.setPlaceholderText("username, e.g. csc.officer")
        self.user.setAccessibleName("Filter by username")
        self.case = QLineEdit()
        self.case.setPlaceholderText("MASH-YYYY-NNNNNN")
        self.case.setAccessibleName("Filter by case reference")
        self.action = QComboBox()
        self.action.setAccessibleName("Filter by action")
        self.action.setMinimumContentsLength(22)
        self.action.addItem(ANY_ACTION, None)
        today = dt.datetime.now(HUB_ZONE).date()
        self.use_from, self.from_day = _day_box("&From", "First day of the period", today - dt.timedelta(days=30))
        self.use_to, self.to_day = _day_box("&To", "Last day of the period (included)", today)
        self.clear = QPushButton("C&lear filters")
        self.clear.setAutoDefault(False)
        labels = []
        for text, buddy in (("&User:", self.user), ("&Case:", self.case), ("Acti&on:", self.action)):
            label = QLabel(text)
            label.setBuddy(buddy)
            labels.append(label)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (labels[0], self.user, labels[1], self.case, labels[2], self.action, self.use_from,
                       self.from_day, self.use_to, self.to_day):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.clear)
        width = self.fontMetrics().horizontalAdvance
        self.user.setMinimumWidth(width(self.user.placeholderText()) + 40)
        self.case.setMinimumWidth(width("MASH-0000-000000") + 40)

        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(DELAY_MS)
        self._delay.timeout.connect(self.apply)
        for field in (self.user, self.case):
            field.textChanged.connect(self._delay.start)
            field.returnPressed.connect(self.apply)
        self.action.currentIndexChanged.connect(self.apply)
        for box in (self.use_from, self.use_to):
            box.toggled.connect(self.apply)
        for edit in (self.from_day, self.to_day):
            edit.dateChanged.connect(self._delay.start)
        self.clear.clicked.connect(self.reset)

    def set_actions(self, actions: list[str]) -> None:
        """Offer every action, each family (``case.``) first, keeping the one chosen."""
        chosen = self.action.currentData()
        families = sorted({a.split(".", 1)[0] + "." for a in actions if "." in a})
        self.action.blockSignals(True)
        self.action.clear()
        self.action.addItem(ANY_ACTION, None)
        for family in families:
            self.action.addItem(f"{family}* (all {family[:-1]} actions)", family)
            for action in actions:
                if action.startswith(family):
                    self.action.addItem(f"    {action}", action)
        for action in actions:
            if "." not in action:
                self.action.addItem(action, action)
        found = self.action.findData(chosen) if chosen else 0
        self.action.setCurrentIndex(max(found, 0))
        self.action.blockSignals(False)

    def period(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The UTC bounds of the days chosen (None where a bound is not used)."""
        first = self.from_day.date().toPython() if self.use_from.isChecked() else None
        last = self.to_day.date().toPython() if self.use_to.isChecked() else None
        return period_of_days(first, last)

    def current(self) -> AuditFilter:
        start, end = self.period()
        return AuditFilter(username=self.user.text().strip() or None, reference=self.case.text().strip() or None,
                           action=self.action.currentData(), start=start, end=end)

    def apply(self) -> None:
        self._delay.stop()
        self.changed.emit(self.current())

    def reset(self) -> None:
        """Clear every filter and show the whole trail again."""
        for widget in (self.user, self.case, self.action, self.use_from, self.use_to):
            widget.blockSignals(True)
        self.user.clear()
        self.case.clear()
        self.action.setCurrentIndex(0)
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        for widget in (self.user, self.case, self.action, self.use_from, self.use_to):
            widget.blockSignals(False)
        self.from_day.setEnabled(False)
        self.to_day.setEnabled(False)
        self.apply()
