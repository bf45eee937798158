"""What the chronology window's menu does: add or change an entry, finish or reopen, print.

Each action is enabled by the reader's roles (domain/access.py) and the
chronology's state, with the reason in its status tip when it is not; the
services refuse whatever the roles and state do not allow, whatever the
menu shows. Work runs in the background; the window reloads after a change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...domain import access
from ...domain.chronology import REASON_LIMIT, Item, PersonChronology
from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...services.case.document_copies import preview_path
from ...services.people import chronology
from ...services.people.chronology_document import produce_chronology
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..common.pdf_preview import PreviewDialog
from ..common.reason_prompt import ReasonPrompt
from ..help import content as help_content
from ..help.window import help_button
from .chronology_entry import EntryDialog

FINISH_TEXT = ("Mark {name}'s chronology finished? It then takes no more entries until a supervisor or decision "
               "maker reopens it, giving the reason. Your name and the time are recorded with it.")


class ChronologyActions(QObject):
    """The chronology window's actions, kept enabled as the roles and the state allow."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn) -> None:
        super().__init__(window)
        self.window, self.db, self.signed = window, db, signed
        self.chronology: PersonChronology | None = None
        self.reason: str | None = None
        self.reference: str | None = None
        self.item: Item | None = None
        self._busy = False
        self.add_action = self._action("&Add entry…", "Ctrl+N", self.add, "Add an entry to this chronology")
        self.edit_action = self._action("&Change entry…", "Ctrl+E", self.edit,
                                        "Change the selected entry (a new version; the earlier ones are kept)")
        self.finish_action = self._action("&Finish…", "Ctrl+Shift+F", self.finish,
                                          "Mark the chronology finished: it takes no more entries")
        self.reopen_action = self._action("&Reopen…", "Ctrl+Shift+R", self.reopen,
                                          "Reopen the finished chronology, giving the reason")
        self.pdf_action = self._action("&Print to PDF…", "Ctrl+P", self.pdf,
                                       "Produce the chronology as a recorded document, to save or print")
        self.refresh()

    def _action(self, text: str, keys: str, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        action.setStatusTip(tip)
        action.setData(tip)
        return action

    def all(self) -> tuple[QAction, ...]:
        return self.add_action, self.edit_action, self.finish_action, self.reopen_action, self.pdf_action

    def set_chronology(self, chron: PersonChronology, reason: str | None, reference: str | None) -> None:
        self.chronology, self.reason, self.reference = chron, reason, reference
        self.refresh()

    def set_selected(self, item: Item | None) -> None:
        self.item = item
        self.refresh()

    def refresh(self) -> None:
        roles = self.signed.actor.roles
        chron = self.chronology
        loaded = chron is not None and not self._busy
        writer = access.may_act(roles, access.Step.CHRONOLOGY)
        finisher = access.may_act(roles, access.Step.FINISH_CHRONOLOGY)
        finished = bool(chron and chron.finished)
        states = {
            self.add_action: (writer and not finished, "The chronology is finished: reopen it to add to it"
                              if writer else f"Entries are added by: {access.role_names(access.Step.CHRONOLOGY)}"),
            self.edit_action: (writer and not finished and bool(self.item and self.item.curated),
                               "Select an entry added by staff to change it" if writer and not finished else
                               "The chronology is finished: reopen it to change it" if writer else
                               f"Entries are changed by: {access.role_names(access.Step.CHRONOLOGY)}"),
            self.finish_action: (finisher and not finished, "The chronology is already finished" if finisher
                                 else f"Finished by: {access.role_names(access.Step.FINISH_CHRONOLOGY)}"),
            self.reopen_action: (finisher and finished, "The chronology is not finished" if finisher
                                 else f"Reopened by: {access.role_names(access.Step.FINISH_CHRONOLOGY)}"),
            self.pdf_action: (bool(chron and chron.references), "There is no contact to record it against"),
        }
        for action, (allowed, why) in states.items():
            action.setEnabled(loaded and allowed)
            action.setStatusTip(action.data() if loaded and allowed else (why or action.data()))

    # -- the actions -----------------------------------------------------------------

    def add(self) -> None:
        self._entry(None)

    def edit(self) -> None:
        if self.item is not None and self.item.curated:
            self._entry(self.item)

    def _entry(self, item: Item | None) -> None:
        if self.chronology is None or not (self.edit_action if item else self.add_action).isEnabled():
            return
        dialog = EntryDialog(self.window, self.db, self.signed, self.chronology.person_id, self.reason, item)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after("Entry changed: a new version is kept." if item else "Entry added.")

    def finish(self) -> None:
        if self.chronology is None or not self.finish_action.isEnabled():
            return
        answer = QMessageBox.question(self.window, "Finish the chronology",
                                      FINISH_TEXT.format(name=self.chronology.name))
        if answer == QMessageBox.StandardButton.Yes:
            person, reason = self.chronology.person_id, self.reason
            self._run(lambda: chronology.finish(self.db, self.signed, person, reason), "Chronology finished.")

    def reopen(self) -> None:
        if self.chronology is None or not self.reopen_action.isEnabled():
            return
        dialog = ReasonPrompt(self.window, title="Reopen the chronology",
                              explanation=f"{self.chronology.name}'s chronology is finished. Say why it is "
                                          "reopened: the reason is kept with it, with your name and the time.",
                              label="&Why it is reopened:", ok_text="&Reopen", limit=REASON_LIMIT,
                              make_help=lambda d: help_button(d, help_content.PERSON_CHRONOLOGY))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            person, reason, why = self.chronology.person_id, self.reason, dialog.reason()
            self._run(lambda: chronology.reopen(self.db, self.signed, person, why, reason), "Chronology reopened.")

    def pdf(self) -> None:
        if self.chronology is None or not self.pdf_action.isEnabled():
            return
        try:
            out = preview_path()
        except MashError as exc:
            errors.show_error(self.window, exc)
            return
        person, reason, reference = self.chronology.person_id, self.reason, self.reference
        self._set_busy(True)

        def made(produced) -> None:
            self._set_busy(False)
            self._message(f"Chronology produced ({produced.pages} pages); its production is recorded.")
            PreviewDialog(self.db, self.signed, produced, reason, self.window).show()

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            out.unlink(missing_ok=True)
            errors.show_error(self.window, exc)

        self._message("Producing the chronology…")
        Operation(self.window, lambda: produce_chronology(self.db, self.signed, person, out,
                                                          reference=reference, reason=reason)) \
            .success(made).failure(failed).run()

    # -- machinery -------------------------------------------------------------------

    def _run(self, work, done: str) -> None:
        self._set_busy(True)

        def ok(_result) -> None:
            self._set_busy(False)
            self._after(done)

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            errors.show_error(self.window, exc)

        Operation(self.window, work).success(ok).failure(failed).run()

    def _after(self, done: str) -> None:
        self._message(done)
        self.window.reload()

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.refresh()
