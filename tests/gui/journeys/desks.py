"""Working the client as a person at their workstation does: their queue window,
the case workspaces they open from it, and the modal dialogs those show.

A :class:`Desk` is one signed-in person's queue window. Menu actions are
triggered as a click or shortcut would; a modal dialog they open is answered
by :func:`answer` while it is on screen (its ``exec`` is still running), so the
code under test runs exactly as it does for a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from mash_desktop.domain.access import Step
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.common import background
from mash_desktop.gui.queue.model import Column
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.gui.steps.reason import ReasonDialog

from ..widget_text import all_text

TIMEOUT_MS = 15_000


@dataclass
class Answer:
    """A dialog to be answered once it is shown; ``check()`` after the action that shows it."""

    kind: type[QWidget]
    act: Callable[[QWidget], None]
    shown: list[QWidget] = field(default_factory=list)
    error: BaseException | None = None

    def check(self) -> QWidget:
        if self.error is not None:
            raise self.error
        assert self.shown, f"no {self.kind.__name__} was shown"
        return self.shown[0]


def answer(kind: type[QWidget], act: Callable[[QWidget], None], tries: int = 500) -> Answer:
    """Run ``act(dialog)`` as soon as a dialog of ``kind`` is on screen. Should
    ``act`` fail, the dialog is closed (else its ``exec`` would wait for ever)
    and ``check()`` raises the failure."""
    pending = Answer(kind, act)

    def poll(left: int = tries) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible() and widget not in pending.shown:
                pending.shown.append(widget)
                try:
                    act(widget)
                except BaseException as exc:  # noqa: BLE001 - handed to check()
                    pending.error = exc
                    if isinstance(widget, QDialog) and widget.isVisible():
                        widget.reject()
                return
        if left:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return pending


def yes(box: QMessageBox) -> None:
    """Answer an "are you sure?" question with Yes."""
    box.button(QMessageBox.StandardButton.Yes).click()


class Desk:
    """One person's queue window, signed in at their agency's workstation."""

    def __init__(self, qtbot, hub, username: str) -> None:
        self.qtbot, self.hub, self.username = qtbot, hub, username
        self.signed = hub.sign_in(username)
        self.queue = MainWindow(hub.db, signed=self.signed)
        qtbot.addWidget(self.queue)
        self.queue.show()
        self.reload()

    # -- the queue -------------------------------------------------------------------

    def reload(self) -> None:
        """F5: load the queue again, once any load under way (perhaps started by a live change before the
        last step was saved) is over, so what it shows was read after everything done so far."""
        self.qtbot.waitUntil(lambda: not self.queue.loading and background.running() == 0, timeout=TIMEOUT_MS)
        with self.qtbot.waitSignal(self.queue.loaded, timeout=TIMEOUT_MS):
            self.queue.refresh_action.trigger()

    def row_of(self, reference: str) -> int | None:
        model = self.queue.model
        self.qtbot.waitUntil(lambda: all(model.row_at(r) for r in range(model.rowCount())), timeout=TIMEOUT_MS)
        return next((r for r in range(model.rowCount()) if model.row_at(r).summary.reference == reference), None)

    def cell(self, reference: str, column: Column) -> str:
        row = self.row_of(reference)
        assert row is not None, f"{self.username} does not see {reference} in the queue"
        return self.queue.model.index(row, column).data()

    def sees(self, reference: str, status: str, **cells: str) -> None:
        """After a reload, the queue shows ``reference`` with ``status`` (and the other columns named)."""
        self.reload()
        assert self.cell(reference, Column.STATUS) == status, (self.username, self.cell(reference, Column.STATUS))
        for name, text in cells.items():
            shown = self.cell(reference, Column[name.upper()])
            assert shown == text, (self.username, name, shown)

    def select(self, reference: str) -> None:
        """Select ``reference`` as the queue shows it after everything done so far (a loaded machine can
        deliver another desk's live change late, so the desk reloads first rather than act on an old row)."""
        self.reload()
        row = self.row_of(reference)
        assert row is not None, f"{self.username} does not see {reference} in the queue"
        self.queue.table.selectRow(row)
        assert self.queue.case_menu.selected() == reference

    def action(self, label: str) -> QAction:
        """The queue's Case menu action labelled ``label`` (without its mnemonic)."""
        return next(a for a, _step, _per_case in self.queue.case_menu.actions if a.text().replace("&", "") == label)

    def queue_step(self, reference: str | None, label: str, dialog: type[QWidget], act) -> QWidget:
        """Select ``reference`` (None: no selection needed), choose ``label`` from the Case menu,
        answer the dialog it shows with ``act``; the queue reloads after."""
        if reference is not None:
            self.select(reference)
        action = self.action(label)
        assert action.isEnabled(), action.statusTip()
        pending = answer(dialog, act)
        with self.qtbot.waitSignal(self.queue.loaded, timeout=TIMEOUT_MS):
            action.trigger()
        # A load started by a live change may have ended first: wait for the step itself and its reload.
        self.qtbot.waitUntil(lambda: background.running() == 0, timeout=TIMEOUT_MS)
        return pending.check()

    # -- the case workspace ----------------------------------------------------------

    def open(self, reference: str) -> CaseWindow:
        """Open the selected case as Enter (or a double-click) in the queue does; wait until it is shown
        (or it asks for a reason)."""
        self.select(reference)
        self.queue.case_menu.open_action.trigger()
        window = next(w for w in case_open.open_windows()
                      if w.reference == reference and w.signed is self.signed)
        self.qtbot.waitUntil(lambda: not window.is_loading() or self.reason_prompt(window) is not None,
                             timeout=TIMEOUT_MS)
        return window

    @staticmethod
    def reason_prompt(window: CaseWindow) -> ReasonDialog | None:
        return next((d for d in window.findChildren(ReasonDialog) if d.isVisible()), None)

    def step(self, window: CaseWindow, step: Step, dialog: type[QWidget], act, *, then_asked: str = "") -> QWidget:
        """Choose ``step`` from the workspace's Case menu, answer its dialog; the workspace reloads after.

        With ``then_asked``, the reload must ask why the person opens the case, and is given that reason.
        """
        action = window.steps.actions[step]
        assert action.isEnabled(), action.statusTip()
        pending = answer(dialog, act)
        asked = answer(ReasonDialog, lambda prompt: self._give(prompt, then_asked)) if then_asked else None
        with self.qtbot.waitSignal(window.loaded, timeout=TIMEOUT_MS):
            action.trigger()
        if asked is not None:
            asked.check()
        assert self.reason_prompt(window) is None
        return pending.check()

    def _give(self, prompt: ReasonDialog, reason: str) -> None:
        self.qtbot.keyClicks(prompt.reason_edit, reason)
        prompt.ok_button.click()

    def refreshed(self, window: CaseWindow) -> str:
        """F5 in the workspace: everything it shows once reloaded."""
        with self.qtbot.waitSignal(window.loaded, timeout=TIMEOUT_MS):
            window.reload_action.trigger()
        return all_text(window)
