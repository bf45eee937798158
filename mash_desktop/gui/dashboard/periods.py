"""The dashboard's period picker: this month, last month, the last three months, or chosen days.

A preset fills in the from and to dates and asks for its figures at once.
Changing either date makes the period "Chosen dates" and asks for it a
moment after the last change, so typing a date does not load every
keystroke. A period the hub cannot report on (ending before it starts, or
longer than two years) is said in words beside the dates and not asked for.
"""

from __future__ import annotations

import datetime as dt
import enum

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from ...domain.errors import FieldError
from ...services.performance.figures import Period

#: A chosen date waits this long for the next change before the period is asked for.
SETTLE_MS = 500


class Preset(enum.Enum):
    """The periods offered; each value is what the picker shows."""

    THIS_MONTH = "This month"
    LAST_MONTH = "Last month"
    LAST_3_MONTHS = "Last 3 months"
    CHOSEN = "Chosen dates"


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    """The first day of the month ``back`` months before ``day``'s month."""
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return dt.date(year, month + 1, 1)


def preset_period(preset: Preset, today: dt.date) -> Period:
    """The whole calendar month(s) a preset means on ``today``: this month (so far and to come),
    last month, or the three whole months before this one."""
    if preset is Preset.THIS_MONTH:
        return Period(_month_start(today), _month_start(today, -1) - dt.timedelta(days=1))
    if preset is Preset.LAST_MONTH:
        return Period(_month_start(today, 1), _month_start(today) - dt.timedelta(days=1))
    if preset is Preset.LAST_3_MONTHS:
        return Period(_month_start(today, 3), _month_start(today) - dt.timedelta(days=1))
    raise ValueError("chosen dates have no preset period")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


class PeriodPicker(QWidget):
    """A preset list and from/to dates; ``chosen`` carries each period asked for."""

    chosen = Signal(object)  # Period

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.preset = QComboBox()
        self.preset.addItems([p.value for p in Preset])
        self.preset.setAccessibleName("Period")
        self.first = self._date_edit("From (first day)")
        self.last = self._date_edit("To (last day, included)")
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #a4000f;")
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._ask_chosen)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in (("P&eriod:", self.preset), ("&From", self.first), ("&To", self.last)):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.problem, 1)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.first.dateChanged.connect(self._date_changed)
        self.last.dateChanged.connect(self._date_changed)
        self._show_dates(preset_period(Preset.THIS_MONTH, today))

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setMinimumDate(QDate(2000, 1, 1))
        width = edit.fontMetrics().horizontalAdvance("30 Sep 2000") + 48
        edit.setMinimumWidth(width)
        return edit

    @property
    def current(self) -> Preset:
        return list(Preset)[self.preset.currentIndex()]

    def period(self) -> Period:
        """The period the picker shows now; raises FieldError for one the hub cannot report on."""
        return Period(_day(self.first.date()), _day(self.last.date()))

    def choose(self, preset: Preset) -> None:
        """Pick ``preset`` (as a person choosing it from the list would)."""
        self.preset.setCurrentIndex(list(Preset).index(preset))

    def set_dates(self, first: dt.date, last: dt.date) -> None:
        """Enter chosen dates; the period is asked for once they settle."""
        self.first.setDate(_qdate(first))
        self.last.setDate(_qdate(last))

    def ask(self) -> None:
        """Ask for the period shown now (at once)."""
        self._settle.stop()
        try:
            period = self.period()
        except FieldError as exc:
            self.problem.setText(f"Cannot show this period: {exc.problem}.")
            return
        self.problem.clear()
        self.chosen.emit(period)

    def _show_dates(self, period: Period) -> None:
        for edit, day in ((self.first, period.first), (self.last, period.last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _preset_changed(self, _index: int) -> None:
        if self.current is Preset.CHOSEN:
            return
        self._show_dates(preset_period(self.current, self.today))
        self.ask()

    def _date_changed(self, _date: QDate) -> None:
        if self.current is not Preset.CHOSEN:
            self.preset.blockSignals(True)
            self.choose(Preset.CHOSEN)
            self.preset.blockSignals(False)
        self._settle.start()

    def _ask_chosen(self) -> None:
        self.ask()
