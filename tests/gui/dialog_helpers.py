"""Opening a casework dialog as a signed-in member and working it like a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from mash_desktop.gui.common.form_dialog import FormDialog
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

__all__ = ["QUIET", "REF", "alt", "click", "keys", "open_dialog", "press_ok", "sup_hub", "supervision_templates"]

#: The offscreen platform says this whenever a top-level window is shown.
QUIET = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def open_dialog(qtbot, cls, hub, username: str, *args) -> FormDialog:
    """Show ``cls(None, db, signed, *args)`` for ``username`` and wait until it has loaded."""
    dialog = cls(None, hub.db, hub.sign_in(username), *args)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.windowHandle().requestActivate()  # mnemonics reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)
    return dialog


def click(qtbot, button) -> None:
    """Click a check or radio button on its indicator (its middle may be empty space)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def keys(qtbot, dialog: FormDialog, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the person's focus is."""
    qtbot.keyClick(dialog.focusWidget() or dialog, key, modifier)


def alt(qtbot, dialog: FormDialog, key: Qt.Key) -> None:
    """Press a mnemonic (Alt + letter) where the person's focus is."""
    keys(qtbot, dialog, key, Qt.KeyboardModifier.AltModifier)


def press_ok(qtbot, dialog: FormDialog) -> None:
    """Click the main button (it must be enabled) and wait for the answer."""
    assert dialog.ok_button.isEnabled(), dialog.hint.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)


def select_text(edit, text: str) -> None:
    """Select ``text`` in a text edit, as a mouse drag over it would."""
    cursor = edit.textCursor()
    start = edit.toPlainText().index(text)
    cursor.setPosition(start)
    cursor.setPosition(start + len(text), QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
