"""The Panels section: the reader's own agency panel to write, the others only as sealed.

Saving goes through ``write_panel`` in the background. Unsaved text is kept
as an encrypted draft on this workstation (services/case/drafts.py) every 30
seconds and when the window closes, never as plain text; a draft newer than
the saved panel is offered back when the case is opened again.

A save says which saved version the text was written on. If a colleague of
the same agency saved the panel meanwhile, the hub refuses the save: the
person is told who saved it and when, their text is kept as a draft, and
they choose to reload the colleague's version (their own text then offered
back as a draft), to copy their text, or to keep editing. Nothing is
overwritten silently.

If the hub database cannot be reached, the text is kept as an encrypted
draft at once and the save is tried again every few seconds until the
database answers: the person's words are saved once the connection is back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.codes import ResearchStatus
from ...domain.errors import EnvironmentFault, MashError
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.case import drafts
from ...services.case.panels import (
    MAX_PANEL_CHARS,
    PanelChanged,
    PanelView,
    SavedPanel,
    SeenPanel,
    read_panel,
    save_panel,
)
from ...domain.case_record import CaseRecord, PanelState
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from .widgets import table, text_label
from .panel_conflict import AfterConflict, ask_conflict

AUTOSAVE_MS = 30_000
#: While the database cannot be reached, a save is tried again this often.
RETRY_MS = 5_000
OFFLINE_NOTE = ("Not saved yet: the hub database cannot be reached. Your text is kept as an encrypted draft "
                "on this workstation and is saved by itself when the connection is back.")
#: (label, what write_panel records for the agency's research request)
RESEARCH_CHOICES: tuple[tuple[str, ResearchStatus | None], ...] = (
    ("Keep research open (in progress)", None),
    ("Return research: findings written", ResearchStatus.RETURNED),
    ("Return research: nothing known", ResearchStatus.NOTHING_KNOWN),
)
SEALED_NOTE = ("Other agencies' panels are sealed: only each agency's own staff can read them. "
               "What they share appears under Disclosures.")


def sealed_text(state: PanelState) -> str:
    updated = f", updated {local(state.updated_at)}" if state.updated_at else ""
    return f"Sealed — {state.status}{updated}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class PanelEditor(QWidget):
    """The own-agency panel editor and the list of sealed panels."""

    #: The panel was saved to the hub database.
    saved = Signal()

    def __init__(self, db: Database, signed: SignedIn, ws: CaseRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed, self.reference = db, signed, ws.reference
        own = ws.own_panel
        self._saved_text = (own.text if own else None) or ""
        self._seen = SeenPanel(own.updated_at if own else None)  # the saved version the text is written on
        self._kept_text: str | None = None  # the text of the last draft kept
        self._draft: drafts.Draft | None = None  # a draft on offer
        self._saving = False
        self.writable = ws.can_write_panel and (own is None or own.state != "unreadable")

        layout = QVBoxLayout(self)
        layout.addWidget(self._own_box(ws), 1)
        others = QGroupBox("Other agencies' panels")
        box = QVBoxLayout(others)
        box.addWidget(text_label(SEALED_NOTE, muted=True))
        rows = [(f"{p.agency_name} ({p.agency})", sealed_text(p)) for p in ws.other_panels]
        box.addWidget(table(["Agency", "Panel"], rows, stretch=1, name="sealed panels", fit=True) if rows
                      else text_label("No other agency has a panel on this case.", muted=True))
        layout.addWidget(others)

        self._timer = QTimer(self)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.autosave)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.save)
        if self.writable:
            self._timer.start()
            self._offer_draft(own.updated_at if own else None)

    # -- building ------------------------------------------------------------------

    def _own_box(self, ws: CaseRecord) -> QGroupBox:
        own = ws.own_panel
        agency = f"{own.agency_name} ({own.agency})" if own else self.signed.actor.agency_code
        box = QGroupBox(f"Your agency's panel — {agency}")
        layout = QVBoxLayout(box)
        self.draft_bar = QFrame()
        self.draft_bar.setObjectName("draftBar")
        self.draft_bar.setStyleSheet("#draftBar { background: #fff4d6; border: 1px solid #e0c36b; }")
        bar = QHBoxLayout(self.draft_bar)
        self.draft_note = text_label("", empty="")
        self.restore_button = QPushButton("&Restore draft")
        self.discard_button = QPushButton("&Discard draft")
        bar.addWidget(self.draft_note, 1)
        bar.addWidget(self.restore_button)
        bar.addWidget(self.discard_button)
        self.draft_bar.hide()
        layout.addWidget(self.draft_bar)

        label = QLabel("&Findings (only your agency's staff can read this):")
        self.editor = QPlainTextEdit(self._saved_text)
        self.editor.setAccessibleName("Your agency's panel")
        self.editor.setPlaceholderText("Nothing written yet." if self.writable else "")
        self.editor.setReadOnly(not self.writable)
        self.editor.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the window
        label.setBuddy(self.editor)
        layout.addWidget(label)
        layout.addWidget(self.editor, 1)

        row = QHBoxLayout()
        self.research = QComboBox()
        self.research.setAccessibleName("Research")
        for text, _ in RESEARCH_CHOICES:
            self.research.addItem(text)
        self.research.setCurrentIndex(next((i for i, (_, status) in enumerate(RESEARCH_CHOICES)
                                            if status is not None and status is ws.own_research), 0))
        self._initial_research = self.research.currentIndex()
        self.research.setVisible(ws.own_research is not None and self.writable)
        self.status = text_label(self._initial_status(ws), muted=True)
        self.save_button = QPushButton("&Save panel")
        self.save_button.setToolTip("Save your agency's panel to the hub (Ctrl+S)")
        self.save_button.setEnabled(self.writable)
        row.addWidget(self.research)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.save_button.clicked.connect(lambda: self.save())
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.editor.textChanged.connect(self._edited)
        self.research.currentIndexChanged.connect(self._edited)
        return box

    def _initial_status(self, ws: CaseRecord) -> str:
        own = ws.own_panel
        if own is not None and own.state == "unreadable":
            return "Your agency's panel could not be opened with your keys: ask your agency's lead."
        if not ws.can_write_panel:
            return "Your role can read your agency's panel but not change it."
        if own is not None and own.updated_at:
            return f"Saved {local(own.updated_at)}"
        return "Not written yet."

    # -- drafts --------------------------------------------------------------------

    def _offer_draft(self, panel_saved_at: dt.datetime | None) -> None:
        draft = drafts.load_draft(self.signed, self.reference)
        if draft is None or draft.text == self._saved_text:
            return
        if panel_saved_at is not None and draft.saved_at <= panel_saved_at:
            return  # the saved panel is newer: the draft is kept until the next save
        self._draft = draft
        newer = "has not been saved to the hub" if panel_saved_at is None else "is newer than the saved panel"
        self.draft_note.setText(f"A draft of this panel kept on this workstation at {local(draft.saved_at)} "
                                f"{newer}.")
        self.draft_bar.show()

    def draft_offered(self) -> bool:
        return not self.draft_bar.isHidden()

    def _restore(self) -> None:
        if self._draft is None:
            return
        self.editor.setPlainText(self._draft.text)
        self._kept_text = self._draft.text
        self.draft_bar.hide()
        self.status.setText("Draft restored: not saved to the hub yet.")
        self.editor.setFocus()

    def _discard(self) -> None:
        drafts.discard_draft(self.signed, self.reference)
        self.draft_bar.hide()
        self.editor.setFocus()

    def autosave(self) -> None:
        """Keep the unsaved text as an encrypted draft, if it changed since the last one."""
        if self.is_dirty() and not self.draft_offered() and self.text() != self._kept_text:
            try:
                self.keep_draft()
            except MashError as exc:  # a failing timer must not pop up a box every 30 s
                self.status.setText(f"The draft could not be kept: {exc.message}")

    def keep_draft(self) -> None:
        """Keep the current text as this user's encrypted draft of the panel."""
        text = self.text()
        try:
            drafts.save_draft(self.signed, self.reference, text)
        except OSError as exc:
            raise EnvironmentFault(f"The draft could not be kept ({exc.strerror or exc}).") from None
        self._kept_text = text
        self.status.setText(f"Unsaved changes kept as an encrypted draft at {local(_now())}.")

    # -- saving --------------------------------------------------------------------

    def text(self) -> str:
        return self.editor.toPlainText()

    def is_dirty(self) -> bool:
        return self.writable and (self.text() != self._saved_text
                                  or self.research.currentIndex() != self._initial_research)

    def _edited(self) -> None:
        if self.is_dirty():
            self.status.setText("Unsaved changes.")
        if len(self.text()) > MAX_PANEL_CHARS:
            self.status.setText(f"Too long: a panel holds at most {MAX_PANEL_CHARS:,} characters.")

    def save(self, on_done: Callable[[bool], None] | None = None) -> None:
        """Write the panel in the background; ``on_done(saved)`` runs afterwards."""
        if not self.writable or self._saving:
            return
        self._retry.stop()
        text, research = self.text(), RESEARCH_CHOICES[self.research.currentIndex()][1]
        self._saving = True
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")

        def saved(result: SavedPanel) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self._seen = result.seen
            self._saved_text, self._initial_research = text, self.research.currentIndex()
            drafts.discard_draft(self.signed, self.reference)
            self._kept_text = None
            self.status.setText(f"Saved {local(_now())}" + ("; newer changes not saved yet." * self.is_dirty()))
            self.saved.emit()
            if on_done:
                on_done(True)

        def failed(exc: Exception) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self.status.setText("Not saved.")
            if isinstance(exc, PanelChanged):
                self._conflict(exc, text)
            elif isinstance(exc, EnvironmentFault) and self.is_dirty():
                self._offline()
            else:
                errors.show_error(self, exc)
            if on_done:
                on_done(False)

        seen = self._seen
        Operation(self, lambda: save_panel(self.db, self.signed, self.reference, text, research=research,
                                           seen=seen)).success(saved).failure(failed).run()

    @property
    def waiting_to_retry(self) -> bool:
        """Whether a save failed for want of the database and will be tried again."""
        return self._retry.isActive()

    def _offline(self) -> None:
        """Keep the words now; try the save again until the database answers."""
        try:
            self.keep_draft()
        except MashError:
            pass  # the save is still retried; the status says what happened
        self.status.setText(OFFLINE_NOTE)
        self._retry.start()

    # -- a colleague saved first -------------------------------------------------

    def _conflict(self, exc: PanelChanged, text: str) -> None:
        """Keep the refused text, tell the person, and do what they choose."""
        try:
            self.keep_draft()
            kept = True
        except MashError:
            kept = False
        self.status.setText("Not saved: a colleague saved this panel after you opened it.")
        choice = ask_conflict(self, exc, kept)
        if choice is AfterConflict.COPY:
            QApplication.clipboard().setText(text)
            self.status.setText("Not saved: your text is copied. Reload the panel to see your colleague's.")
        elif choice is AfterConflict.RELOAD:
            self.reload(text)

    def reload(self, mine: str | None = None) -> None:
        """Show the panel as saved now; ``mine`` (unsaved text) is offered back as a draft."""
        self.status.setText("Reloading…")

        def loaded(view: PanelView) -> None:
            if view.state == "unreadable":
                self.status.setText("The saved panel could not be opened with your keys: ask your agency's lead.")
                return
            self._seen, self._saved_text = SeenPanel.of(view), view.text or ""
            self.editor.setPlainText(self._saved_text)
            self.status.setText(f"Reloaded the panel saved {local(view.updated_at)}." if view.updated_at
                                else "Reloaded: the panel is not written.")
            if mine is not None and mine != self._saved_text:
                self._draft = drafts.Draft(mine, _now())
                self.draft_note.setText("Your text that was not saved is kept as an encrypted draft: "
                                        "Restore draft puts it back in place of the panel shown.")
                self.draft_bar.show()

        def failed(exc: Exception) -> None:
            self.status.setText("Not reloaded.")
            errors.show_error(self, exc)

        Operation(self, lambda: read_panel(self.db, self.signed, self.reference, self.signed.actor.agency_code)) \
            .success(loaded).failure(failed).run()
