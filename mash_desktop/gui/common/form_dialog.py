"""What every casework dialog shares: load, check as you type, save in the background.

A :class:`FormDialog` loads what it shows through ``background.Operation``
(its form stays disabled until that arrives), says in words why its main
button is disabled while the form is not complete, and saves in the
background. A refusal (not permitted, someone else got there first, a step
the case's state does not allow) is shown inside the dialog, which stays open
with everything typed kept. A fault in the program goes to the crash dialog.
Esc cancels, except while a save is on its way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...store.database import Database
from . import errors
from ..help import content as help_content
from .background import Operation
from .form_widgets import heading, note_label
from ..help.window import help_button

T = TypeVar("T")
FAULT = "This could not be done because of a fault in the program. Please tell your IT support."
LOADING = "Loading the case…"

class FormDialog(QDialog):
    """A dialog on one case (or none) whose work runs off the GUI thread.

    Subclasses put their form in :attr:`body`, say what is missing in
    :meth:`problem`, call :meth:`revalidate` when an input changes, and
    implement :meth:`save` with :meth:`run_save`. :attr:`changed` is true
    once something was saved. :attr:`help_section` names the guidance
    section its Help button and F1 open.
    """

    help_section = help_content.WELCOME

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.db = db
        self.signed = signed
        self.changed = False
        self._loaded = False
        self._saving = False
        self._busy = False
        self.setWindowTitle(f"MASH Desktop — {title}")
        self.title = heading(title)
        self.body = QWidget()
        self.body.setEnabled(False)
        self.hint = note_label("hint", "formHint")
        self.message = note_label("refusal", "formMessage")
        self.done_note = note_label("done", "formDone")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(self.fontMetrics().height() // 2 + 4)
        self.busy.setVisible(False)
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setDefault(True)
        self.back_button = QPushButton("&Back")  # for dialogs with a second page
        self.back_button.setAutoDefault(False)
        self.back_button.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)  # Enter never cancels
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.help_button = help_button(self, self.help_section)
        self.buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.accepted.connect(self._ok_pressed)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        for widget in (self.hint, self.message, self.done_note, self.busy):
            layout.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.buttons, 1)
        layout.addLayout(bottom)
        self.revalidate()

    # -- for subclasses --------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the main button cannot be pressed yet, in words; None when it can."""
        return None

    def save(self) -> None:
        """Called when the main button is pressed on a valid form."""
        raise NotImplementedError

    def refused(self, exc: MashError) -> None:
        """After a refusal was shown; e.g. reload what someone else changed."""

    @property
    def is_loaded(self) -> bool:
        return self._loaded

    @property
    def is_saving(self) -> bool:
        return self._saving

    @property
    def is_busy(self) -> bool:
        return self._busy

    def load(self, fn: Callable[[], T], on_loaded: Callable[[T], None]) -> None:
        """Fetch what the form shows in the background; enable the form when it comes."""
        self._set_busy(True)
        self.revalidate()
        Operation(self, fn).success(lambda result: self._loaded_with(result, on_loaded)) \
            .failure(self._load_failed).run()

    def run_save(self, fn: Callable[[], T], on_done: Callable[[T], None] | None = None) -> None:
        """Save in the background; on success ``on_done`` (by default: close, accepted)."""
        if self._saving:
            return
        self._saving = True
        self.show_message("")
        self.show_done("")
        self._set_busy(True)
        self.revalidate()
        Operation(self, fn).success(lambda result: self._saved(result, on_done)).failure(self._save_failed).run()

    def revalidate(self) -> None:
        if self._loaded:
            problem = self.problem()
        else:  # loading, or the load failed and the message says why
            problem = LOADING if self._busy else None
        self.ok_button.setEnabled(self._loaded and not self._busy and problem is None)
        self.back_button.setEnabled(not self._saving)
        self.hint.setText(problem or "")
        self.hint.setVisible(bool(problem) and not self._saving)
        self._fit()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._fit()

    def show_done(self, text: str) -> None:
        self.done_note.setText(text)
        self.done_note.setVisible(bool(text))
        self._fit()

    # -- machinery -------------------------------------------------------------------

    def _ok_pressed(self) -> None:
        if self.ok_button.isEnabled():
            self.save()

    def _set_busy(self, busy: bool) -> None:
        focused = self.focusWidget()
        self._busy = busy
        self.busy.setVisible(busy)
        self.body.setEnabled(self._loaded and not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        if not busy and focused is not None and focused.isEnabled():
            focused.setFocus()

    def _loaded_with(self, result: Any, on_loaded: Callable[[Any], None]) -> None:
        self._loaded = True
        on_loaded(result)
        self._set_busy(False)
        self.revalidate()

    def _load_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._report(exc)
        self.revalidate()

    def _saved(self, result: Any, on_done: Callable[[Any], None] | None) -> None:
        self._saving = False
        self.changed = True
        self._set_busy(False)
        self.revalidate()
        if on_done is None:
            self.accept()
        else:
            on_done(result)

    def _save_failed(self, exc: Exception) -> None:
        self._saving = False
        self._set_busy(False)
        self._report(exc)
        self.revalidate()
        if isinstance(exc, MashError):
            self.refused(exc)

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, MashError):
            self.show_message(exc.message)
        else:
            self.show_message(FAULT)
            errors.show_error(self, exc)

    def reject(self) -> None:
        if not self._saving:  # a save on its way must report back to someone
            super().reject()

    def _fit(self) -> None:
        """Grow to fit wrapped notes: Qt's size hints for them are too short."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.invalidate()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit()
