"""Governance ▸ Retention and holds…: the retention schedule and legal holds.

The schedule lists each record class, how long it is kept and from what,
and where the figure comes from; the information-governance officer sets a
class's period in whole years. Below, the legal holds: placed on a case (its
reference), a person (their id) or a record class with a reason and a
reference, lifted with a reason. A hold whose signature does not hold is
marked altered and still holds. The service checks every rule again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QMainWindow, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain import access
from ...domain.errors import MashError
from ...domain.retention import MAX_YEARS, MIN_YEARS, RecordClass
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.governance import retention
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..help import content as help_content
from ..help.window import help_button
from .tables import register_table

SCHEDULE_COLUMNS = ("Records", "Kept for", "Source")
HOLD_COLUMNS = ("ID", "Scope", "Covers", "Reference", "Reason", "Placed", "State")


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)


class RetentionWindow(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.rules, self.holds = [], []
        self.setWindowTitle("MASH Desktop — Retention and holds")
        self.resize(1000, 680)
        may_set = access.may_act(signed.actor.roles, access.Step.DISPOSE)
        may_hold = access.may_act(signed.actor.roles, access.Step.HOLD)

        self.schedule = register_table(SCHEDULE_COLUMNS, "The retention schedule")
        schedule_label = QLabel("Retention &schedule:")
        schedule_label.setBuddy(self.schedule)
        self.years = QSpinBox()
        self.years.setRange(MIN_YEARS, MAX_YEARS)
        self.years.setSuffix(" years")
        self.years.setAccessibleName("Retention period of the chosen class")
        self.set_button = QPushButton("Set &period")
        self.set_button.setAutoDefault(False)
        self.set_button.clicked.connect(self.set_period)
        period = QHBoxLayout()
        years_label = QLabel("Keep the chosen class &for:")
        years_label.setBuddy(self.years)
        period.addWidget(years_label)
        period.addWidget(self.years)
        period.addWidget(self.set_button)
        period.addStretch(1)

        self.hold_table = register_table(HOLD_COLUMNS, "Legal holds")
        holds_label = QLabel("Legal hol&ds (in force, and lifted):")
        holds_label.setBuddy(self.hold_table)
        self.scope = QComboBox()
        for scope, label in (("case", "A case (its reference)"), ("person", "A person (their id)"),
                             ("class", "A record class")):
            self.scope.addItem(label, scope)
        self.target = QLineEdit()
        self.target.setPlaceholderText("MASH-2019-000123, a person's id, or a class code such as contact_nfa")
        self.reason = QLineEdit()
        self.reference = QLineEdit()
        self.place_button = QPushButton("Pl&ace hold")
        self.place_button.setAutoDefault(False)
        self.place_button.clicked.connect(self.place)
        form = QFormLayout()
        form.addRow("Hold &on:", self.scope)
        form.addRow("&Target:", self.target)
        form.addRow("&Reason:", self.reason)
        form.addRow("Referen&ce:", self.reference)
        self.lift_reason = QLineEdit()
        self.lift_reason.setAccessibleName("Why the chosen hold is lifted")
        self.lift_button = QPushButton("&Lift chosen hold")
        self.lift_button.setAutoDefault(False)
        self.lift_button.clicked.connect(self.lift)
        lift = QHBoxLayout()
        lift_label = QLabel("Reason for lifting (&why):")
        lift_label.setBuddy(self.lift_reason)
        lift.addWidget(lift_label)
        lift.addWidget(self.lift_reason, 1)
        lift.addWidget(self.lift_button)

        self.status = QLabel("Loading…")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.place_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.help_button = help_button(self, help_content.RETENTION)
        buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(schedule_label)
        layout.addWidget(self.schedule, 2)
        if may_set:
            layout.addLayout(period)
        layout.addWidget(holds_label)
        layout.addWidget(self.hold_table, 2)
        if may_hold:
            layout.addLayout(form)
            layout.addLayout(lift)
        self.place_button.setVisible(may_hold)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.schedule.itemSelectionChanged.connect(self._rule_chosen)

    def load(self, said: str = "") -> None:
        Operation(self, lambda: (retention.schedule(self.db, self.signed),
                                 retention.list_holds(self.db, self.signed, include_lifted=True))) \
            .success(lambda found: self._loaded(*found, said)).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, MashError):
            self.status.setText(str(exc))
        else:
            errors.show_error(self, exc)

    def _loaded(self, rules, holds, said: str) -> None:
        self.rules, self.holds = rules, holds
        _fill(self.schedule, [(r.record_class.label, r.describe(), r.source) for r in rules])
        _fill(self.hold_table, [
            (str(h.id), h.scope, h.covers, h.reference, h.reason, f"{h.placed_by}, {local(h.placed_at)}",
             ("ALTERED: still holds" if not h.verified else
              "In force" if h.active else f"Lifted {local(h.lifted_at)}: {h.lift_reason}")) for h in holds])
        self.schedule.selectRow(0)
        in_force = sum(1 for h in holds if h.active)
        self.status.setText(said or f"{in_force} hold{'s' if in_force != 1 else ''} in force.")

    def _rule_chosen(self) -> None:
        rule = self.rule()
        if rule is not None:
            self.years.setValue(rule.years)
        self.set_button.setEnabled(rule is not None and rule.record_class is not RecordClass.AUDIT)

    def rule(self):
        rows = self.schedule.selectionModel().selectedRows()
        return self.rules[rows[0].row()] if rows and rows[0].row() < len(self.rules) else None

    def hold(self):
        rows = self.hold_table.selectionModel().selectedRows()
        return self.holds[rows[0].row()] if rows and rows[0].row() < len(self.holds) else None

    def set_period(self) -> None:
        rule, years = self.rule(), self.years.value()
        if rule is None:
            return
        Operation(self, lambda: retention.set_period(self.db, self.signed, rule.record_class, years)) \
            .success(lambda r: self.load(f"{r.record_class.label}: kept {r.describe()}.")) \
            .failure(self._failed).run()

    def place(self) -> None:
        scope, target = self.scope.currentData(), self.target.text()
        reason, reference = self.reason.text(), self.reference.text()
        Operation(self, lambda: retention.place_hold(self.db, self.signed, scope, target, reason, reference)) \
            .success(self._placed).failure(self._failed).run()

    def _placed(self, hold_id: int) -> None:
        for box in (self.target, self.reason, self.reference):
            box.clear()
        self.load(f"Hold {hold_id} placed.")

    def lift(self) -> None:
        hold, reason = self.hold(), self.lift_reason.text()
        if hold is None:
            self.status.setText("Choose the hold to lift.")
            return
        Operation(self, lambda: retention.lift_hold(self.db, self.signed, hold.id, reason)) \
            .success(lambda _none: (self.lift_reason.clear(), self.load(f"Hold {hold.id} lifted."))) \
            .failure(self._failed).run()


def open_retention(window: QMainWindow, db: Database, signed: SignedIn) -> RetentionWindow:
    """The Governance menu's opener: one window per main window, brought forward if open."""
    found = window.findChild(RetentionWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if found is not None and found.isVisible():
        found.raise_()
        found.activateWindow()
        return found
    dialog = RetentionWindow(window, db, signed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.load()
    return dialog
