"""Case ▸ Warnings… (Ctrl+Shift+X): the warnings on a case's people, their history, adding and ending.

Left, the people the case names (subjects first) with their badges; right,
the warnings the reader may see on the chosen person (their agency's own,
hub-wide worker safety ones, and ones shared with them), and below, the
chosen warning's reason and history. Add and End work in the background and
reload; the service checks every rule again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain import access
from ...domain.warnings import CURRENT, ENDED, HUB_WIDE, OWN, SHARED, WarningView
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.people.case_warnings import PersonWarnings, case_warnings
from ...services.people import warnings as service
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..help import content as help_content
from ..help.window import help_button
from .warning_edit import AddWarningDialog, EndWarningDialog
from .warning_share import WarningShareDialog

LABEL = "War&nings…"
KEYS = "Ctrl+Shift+X"
TIP = "Warnings on this case's people: see them and their history, add one, end one"
SEEN_AS = {OWN: "Your agency's", HUB_WIDE: "Hub-wide", SHARED: "Shared with you"}
COLUMNS = ("Warning", "State", "Seen as", "Agency", "From", "Until", "Added by")


def _day(day: dt.date | None) -> str:
    return f"{day:%d %b %Y}" if day else ""


def _person_line(p: PersonWarnings) -> str:
    role = "subject" if p.subject else (p.relationship or "named")
    badges = ", ".join(dict.fromkeys(w.badge for w in p.current)) or "no warnings you may see"
    return f"{p.name} ({role}) — {badges}"


_ACTIONS = {"add": "Added", "change": "Changed", "end": "Ended", "altered": "Altered record"}


def _whose(w: WarningView) -> str:
    if w.source == OWN:
        return f"Your agency's warning ({w.agency}): only your agency sees it."
    if w.source == HUB_WIDE:
        return f"Hub-wide: every caseworker sees it. Added by {w.agency}, who alone may end it."
    return (f"Shared with your agency by {w.agency} in disclosure {w.disclosure_id}, as it stood when shared; "
            f"{w.agency} keeps its history.")


def state_text(w: WarningView) -> str:
    if w.state == ENDED and w.ended_on:
        return f"ended {_day(w.ended_on)}"
    return w.state


def details(w: WarningView) -> str:
    """The chosen warning in words: what, whose, why, and each record of its history."""
    lines = [f"{w.label}: {state_text(w)}.", _whose(w)]
    if w.state == "altered":
        lines.append("A record of this warning was altered outside the hub: do not rely on it; tell the hub "
                     "administrator.")
    if w.reason:
        lines.append(f"Reason: {w.reason}")
    if w.ended_on:
        lines.append(f"Ended on {_day(w.ended_on)} by {w.ended_by or 'someone'}: {w.end_reason or ''}")
    if w.history:
        lines.append("History:")
    for e in w.history:
        if e.action == "end":
            span = f" (ended on {_day(e.start)})" if e.start else ""
        else:
            span = f" ({_day(e.start)} – {_day(e.end) or 'no end date'})" if e.start else ""
        lines.append(f"• {local(e.at) if e.at else '?'}: {_ACTIONS.get(e.action, e.action)} by {e.by or '?'}"
                     f"{span}: {e.reason or ''}")
    return "\n".join(lines)


class WarningsDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str,
                 reason: str | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed, self.reference, self.reason = db, signed, reference, reason
        self.people: tuple[PersonWarnings, ...] = ()
        #: Something was added or ended (the case's header shows it on reload).
        self.changed = False
        self._said = ""
        self.setWindowTitle(f"Warnings — {reference}")
        self.resize(980, 560)
        self.list = QListWidget()
        self.list.setAccessibleName("People named in the case")
        people_label = QLabel(f"&People {reference} names:")
        people_label.setBuddy(self.list)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Warnings on the chosen person")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        warnings_label = QLabel("&Warnings you may see on them:")
        warnings_label.setBuddy(self.table)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("The chosen warning and its history")
        details_label = QLabel("&Reason and history:")
        details_label.setBuddy(self.details)
        self.status = QLabel("Loading…")

        self.add_button = QPushButton("&Add warning…")
        self.end_button = QPushButton("&End warning…")
        self.share_button = QPushButton("&Share on this case…")
        self.share_button.setToolTip("Let another agency see this warning: a disclosure with a lawful basis")
        for button in (self.add_button, self.end_button, self.share_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.end_button.clicked.connect(self.end)
        self.share_button.clicked.connect(self.share)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.end_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.share_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.help_button = help_button(self, help_content.PERSON_WARNINGS)
        buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(people_label)
        left.addWidget(self.list)
        right = QVBoxLayout()
        right.addWidget(warnings_label)
        right.addWidget(self.table, 2)
        right.addWidget(details_label)
        right.addWidget(self.details, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda _row: self._show_person())
        self.table.itemSelectionChanged.connect(self._show_warning)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------

    def load(self, keep: int | None = None) -> None:
        self.status.setText("Loading…")
        for button in (self.add_button, self.end_button, self.share_button):
            button.setEnabled(False)
        Operation(self, lambda: case_warnings(self.db, self.signed, self.reference, self.reason)) \
            .success(lambda people: self._loaded(people, keep)).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.status.setText("The warnings could not be loaded.")
        errors.show_error(self, exc)

    def _loaded(self, people: tuple[PersonWarnings, ...], keep: int | None) -> None:
        row = self.list.currentRow() if keep is None else keep
        self.people = people
        self.list.clear()
        for person in people:
            self.list.addItem(QListWidgetItem(_person_line(person)))
        self.list.setCurrentRow(min(max(row, 0), len(people) - 1) if people else -1)
        self.status.setText(self._said if people else f"{self.reference} names nobody.")
        self._said = ""
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()

    # -- showing -------------------------------------------------------------------

    def person(self) -> PersonWarnings | None:
        row = self.list.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def warning(self) -> WarningView | None:
        person, rows = self.person(), self.table.selectionModel().selectedRows()
        return person.warnings[rows[0].row()] if person and rows else None

    def _show_person(self) -> None:
        person = self.person()
        shown = person.warnings if person else ()
        self.table.setRowCount(len(shown))
        for row, w in enumerate(shown):
            cells = (w.label, state_text(w), SEEN_AS.get(w.source, w.source), w.agency, _day(w.start),
                     _day(w.end) or "—", w.added_by or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if w.state == "altered":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        if shown:
            self.table.selectRow(0)
        self._show_warning()

    def _show_warning(self) -> None:
        w = self.warning()
        person = self.person()
        if w is not None:
            self.details.setPlainText(details(w))
        elif person is not None:
            self.details.setPlainText(f"No warnings you may see on {person.name}.")
        else:
            self.details.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        may_warn = access.may_act(self.signed.actor.roles, access.Step.WARN)
        self.add_button.setEnabled(may_warn and self.person() is not None)
        w = self.warning()
        self.end_button.setEnabled(
            w is not None and w.state == CURRENT and w.source in (OWN, HUB_WIDE) and may_warn
            and w.agency == self.signed.actor.agency_code)
        self.end_button.setToolTip("" if self.end_button.isEnabled() else
                                   "Only the agency that added a current warning ends it.")
        self.share_button.setEnabled(w is not None and w.state == CURRENT and w.source == OWN
                                     and access.may_act(self.signed.actor.roles, access.Step.DISCLOSE))

    # -- changing ------------------------------------------------------------------

    def _today(self) -> dt.date:
        return dt.date.today()

    def add(self) -> None:
        person = self.person()
        if person is None or not self.add_button.isEnabled():
            return
        form = AddWarningDialog(person.name, self._today(), self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        kind, reason, start, end = form.values()
        row = self.list.currentRow()
        self._save(lambda: service.add_warning(self.db, self.signed, person.person_id, kind, reason, start, end),
                   row, f"Added a {kind.label} warning on {person.name}.")

    def end(self) -> None:
        w = self.warning()
        if w is None or not self.end_button.isEnabled():
            return
        form = EndWarningDialog(w.label, w.start, self._today(), self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        on, reason = form.values()
        self._save(lambda: service.end_warning(self.db, self.signed, w.id, on, reason), self.list.currentRow(),
                   f"Ended the {w.label} warning.")

    def share(self) -> None:
        w, person = self.warning(), self.person()
        if w is None or person is None or not self.share_button.isEnabled():
            return
        form = WarningShareDialog(self, self.db, self.signed, self.reference, w, person.name)
        form.exec()
        if form.changed:
            self._saved(self.list.currentRow(), f"Shared the {w.label} warning (disclosure {form.disclosure_id}).")

    def _save(self, work, row: int, said: str) -> None:
        self.status.setText("Saving…")
        for button in (self.add_button, self.end_button, self.share_button):
            button.setEnabled(False)
        Operation(self, work).success(lambda _r: self._saved(row, said)).failure(self._save_failed).run()

    def _saved(self, row: int, said: str) -> None:
        self.changed, self._said = True, said
        self.load(row)

    def _save_failed(self, exc: Exception) -> None:
        self.status.setText("Not saved.")
        self._update_buttons()
        errors.show_error(self, exc)


def show_warnings(parent: QWidget | None, db: Database, signed: SignedIn, reference: str,
                  reason: str | None = None) -> WarningsDialog:
    """Open the Warnings dialog on a case (``reason``: the one the case was opened with, if it needed one)."""
    dialog = WarningsDialog(parent, db, signed, reference, reason)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.load()
    return dialog


class WarningsAction(QObject):
    """The case window's "Warnings…" action."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn,
                 after_change: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window, self.db, self.signed, self.after_change = window, db, signed, after_change
        self.reference: str | None = None
        self.reason: str | None = None
        self.dialog: WarningsDialog | None = None
        self.action = QAction(LABEL, window)
        self.action.setShortcut(QKeySequence(KEYS))
        self.action.setStatusTip(TIP)
        self.action.triggered.connect(self.run)
        self.set_case(None)

    def set_case(self, reference: str | None, reason: str | None = None) -> None:
        self.reference, self.reason = reference, reason
        self.action.setEnabled(reference is not None
                               and access.may_act(self.signed.actor.roles, access.Step.OPEN_CASE))

    def run(self) -> None:
        if self.reference is not None and self.action.isEnabled():
            self.dialog = show_warnings(self.window, self.db, self.signed, self.reference, self.reason)
            self.dialog.finished.connect(lambda _result, d=self.dialog: self._closed(d))

    def _closed(self, dialog: WarningsDialog) -> None:
        if dialog.changed and self.after_change is not None:
            self.after_change()
