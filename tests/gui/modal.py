"""Answering a modal dialog from a test: the dialog's own event loop runs the answer."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: Bumped after every test, so that a poll whose dialog never came stops and never acts on a later test's dialog.
_generation = [0]


def when_shown(kind: type[QWidget], act: Callable[[QWidget], object], tries: int = 250) -> None:
    """Run ``act(dialog)`` as soon as a modal dialog of ``kind`` is on screen.

    It asks for the one modal dialog in front rather than wrapping every window
    the test run has left alive. The poll belongs to the test that started it:
    it stops when that test ends (see ``stop_polls``), found or not.
    """
    generation = _generation[0]

    def poll(left: int = tries) -> None:
        if generation != _generation[0]:
            return
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and shiboken6.isValid(widget) and widget.isVisible():
            act(widget)
            return
        if left:
            QTimer.singleShot(20, lambda: poll(left - 1))
    QTimer.singleShot(0, poll)


def stop_polls() -> None:
    """End every poll started so far (called after each test)."""
    _generation[0] += 1
