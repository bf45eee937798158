"""The dashboard's line about subject access requests: how many are overdue or due within the week.

Counts only (services/subject_access/requests.deadlines); hidden when none
is overdue or due soon. It loads in the background with the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ...domain.subject_access import DUE_SOON_DAYS
from ...security.accounts import SignedIn
from ...services.subject_access import requests
from ...services.subject_access.requests import Deadlines
from ...store.database import Database
from ..common.background import Operation


def notice_text(found: Deadlines) -> str:
    if not found.overdue and not found.due_soon:
        return ""
    parts = []
    if found.overdue:
        parts.append(f"{found.overdue} overdue")
    if found.due_soon:
        parts.append(f"{found.due_soon} due within {DUE_SOON_DAYS} days")
    return "Subject access requests: " + " and ".join(parts) + " (Governance ▸ Subject access requests…)."


class SarNotices(QLabel):
    """A line about subject access deadlines; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.setObjectName("sarNotices")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet("color: #5f2120;")
        self.setAccessibleName("Subject access requests overdue or due soon")
        self.setVisible(False)
        self.loaded = False

    def load(self) -> None:
        db, signed = self.db, self.signed
        Operation(self, lambda: requests.deadlines(db, signed)).success(self._show).failure(self._failed).run()

    def _show(self, found: Deadlines) -> None:
        self.setText(notice_text(found))
        self.setVisible(bool(self.text()))
        self.loaded = True

    def _failed(self, _exc: Exception) -> None:  # the figures still show
        self.setText("Subject access deadlines could not be checked.")
        self.setVisible(True)
        self.loaded = True
