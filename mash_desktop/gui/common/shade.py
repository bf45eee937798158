"""Shades: opaque covers over the application's windows while it is locked.

A shade is a child widget laid over the whole of one window (menus and
status bar included) and kept the window's size, so nothing of the window
shows, while the window itself, its dialogs and whatever was typed in them
stay exactly as they were: hiding or closing a dialog would end it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QVBoxLayout, QWidget

LOCKED_TITLE = "MASH Desktop — Locked"


class Shade(QWidget):
    """Covers ``window`` until :meth:`lift`, and hides its title too."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockShade")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("#lockShade { background: #2f3038; } #lockShade QLabel { color: #c9cad3; }")
        label = QLabel("MASH Desktop is locked")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)
        self._window = window
        self._title = window.windowTitle()
        window.setWindowTitle(LOCKED_TITLE)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.setGeometry(self._window.rect())
            self.raise_()  # above anything added to the window meanwhile
        return False

    def lift(self) -> None:
        """Show the window's content and title again."""
        self._window.removeEventFilter(self)
        self._window.setWindowTitle(self._title)
        self.hide()
        self.deleteLater()


def windows_to_shade() -> list[QWidget]:
    """Every window on screen now: main and case windows, dialogs, message boxes."""
    kinds = (Qt.WindowType.Window, Qt.WindowType.Dialog)
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.windowType() in kinds and not isinstance(w, QMenu)]
