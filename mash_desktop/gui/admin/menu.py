"""The Hub menu of the main window, with Administration… for those who administer.

Shown to administrators and supervisors (who confirm new members and reset
passwords); one Administration window per main window, brought to the front
when asked for again.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ...domain import access
from ...security.accounts import SignedIn
from ...store.database import Database
from .window import AdminWindow
from ..common.windows import bring_forward

#: Who gets the Hub menu: those who look after staff (domain/access.py).
ADMINISTERS = access.roles_for(access.Step.KEEP_STAFF)


class AdminMenu:
    """Adds the Hub menu to ``window`` when ``signed`` administers, and opens the window."""

    def __init__(self, window: QMainWindow, db: Database, signed: SignedIn) -> None:
        self.window, self.db, self.signed = window, db, signed
        self.admin_window: AdminWindow | None = None
        self.action: QAction | None = None
        if not signed.actor.roles & ADMINISTERS:
            return
        self.action = QAction("&Administration…", window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.action.setStatusTip("Partners, seats and cost share, staff and workstations")
        self.action.triggered.connect(self.open)
        bar = window.menuBar()
        menu = QMenu("&Hub", window)
        menu.addAction(self.action)
        existing = bar.actions()  # before the last menu (Session), as the other menus go
        bar.insertMenu(existing[-1], menu) if existing else bar.addMenu(menu)

    def open(self) -> AdminWindow:
        """Show the Administration window (the one already open, if any)."""
        if self.admin_window is None or not shiboken6.isValid(self.admin_window):
            self.admin_window = AdminWindow(self.db, self.signed, self.window)
        bring_forward(self.admin_window)
        return self.admin_window
