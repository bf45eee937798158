"""Opening a person's chronology from a case: Case ▸ Person chronology… (Ctrl+Shift+Y).

The case's people (subjects first) are fetched in the background; with one
person the chronology opens at once, otherwise a short list asks whose. A
chronology already open for that person is brought forward instead of a
second window.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain import access
from ...security.accounts import SignedIn
from ...services.people.chronology import PersonChoice, people_of
from ...store.database import Database
from ..common.background import Operation
from ..common.windows import bring_forward
from ..help import content as help_content
from ..help.window import help_button
from .chronology_window import ChronologyWindow

LABEL = "&Person chronology…"
KEYS = "Ctrl+Shift+Y"
TIP = "Everything about one of this case's people across every contact, with entries staff added"


def _described(p: PersonChoice) -> str:
    born = f"born {p.date_of_birth:%d %b %Y}" if p.date_of_birth else "date of birth not known"
    role = "subject" if p.subject else (p.relationship or "in the household")
    return f"{p.name} ({born}), {role}"


class PersonChooser(QDialog):
    """Whose chronology: one of the case's people."""

    def __init__(self, people: tuple[PersonChoice, ...], reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Person chronology — {reference}")
        self.people = people
        self.list = QListWidget()
        self.list.setAccessibleName("People named in the case")
        for person in people:
            self.list.addItem(QListWidgetItem(_described(person)))
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        label = QLabel(f"&Whose chronology? The people {reference} names:")
        label.setBuddy(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.help_button = help_button(self, help_content.PERSON_CHRONOLOGY)
        buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> PersonChoice | None:
        row = self.list.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None


def open_chronology(parent: QWidget | None, db: Database, signed: SignedIn, person: PersonChoice,
                    reference: str | None = None) -> ChronologyWindow:
    """Open (or bring forward) ``person``'s chronology, loading it."""
    if parent is not None:
        for existing in parent.findChildren(ChronologyWindow):
            if shiboken6.isValid(existing) and existing.person_id == person.person_id:
                bring_forward(existing)
                return existing
    window = ChronologyWindow(db, signed, person.person_id, person.name, reference, parent)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.show()
    window.load()
    return window


class ChronologyAction(QObject):
    """The case window's "Person chronology…" action."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn) -> None:
        super().__init__(window)
        self.window, self.db, self.signed = window, db, signed
        self.reference: str | None = None
        self.chooser: PersonChooser | None = None
        self.action = QAction(LABEL, window)
        self.action.setShortcut(QKeySequence(KEYS))
        self.action.setStatusTip(TIP)
        self.action.triggered.connect(self.run)
        self.set_case(None)

    def set_case(self, reference: str | None) -> None:
        self.reference = reference
        self.action.setEnabled(reference is not None and access.may_act(self.signed.actor.roles,
                                                                         access.Step.OPEN_CASE))

    def run(self) -> None:
        reference = self.reference
        if reference is None or not self.action.isEnabled():
            return
        workspace = getattr(self.window, "workspace", None)  # the reason the case was opened with, if any
        reason = workspace.reason if workspace is not None else None
        Operation(self.window, lambda: people_of(self.db, self.signed, reference, reason)) \
            .success(lambda people: self._choose(people, reference)).run()

    def _choose(self, people: tuple[PersonChoice, ...], reference: str) -> None:
        if len(people) == 1:
            open_chronology(self.window, self.db, self.signed, people[0], reference)
            return
        if not people:
            return
        self.chooser = PersonChooser(people, reference, self.window)
        self.chooser.finished.connect(lambda result: self._chosen(result, reference))
        self.chooser.open()

    def _chosen(self, result: int, reference: str) -> None:
        chooser, self.chooser = self.chooser, None
        person = chooser.chosen() if chooser is not None else None
        if chooser is not None:
            chooser.deleteLater()
        if result == QDialog.DialogCode.Accepted and person is not None:
            open_chronology(self.window, self.db, self.signed, person, reference)
