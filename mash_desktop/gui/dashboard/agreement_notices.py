"""The dashboard's line about partners' information-sharing agreements.

Names each active partner whose agreement is due for review within 60 days,
past review, missing or altered (services/admin/agreements.notices), so
those who watch the hub's figures see a lapse coming; hidden when every
agreement is current. It loads in the background with the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ...domain.agreements import IN_FORCE
from ...security.accounts import SignedIn
from ...services.admin import agreements
from ...services.admin.agreements import PartnerAgreement
from ...store.database import Database
from ..common.background import Operation


def notice_text(found: list[PartnerAgreement]) -> str:
    """One line: the partners whose agreement needs attention, and what stops without one."""
    if not found:
        return ""
    parts = [f"{p.code} {p.words[0].lower()}{p.words[1:]}" for p in found]
    text = "Sharing agreements: " + "; ".join(parts) + "."
    if any(p.standing not in IN_FORCE for p in found):
        text += " A partner without a current agreement is given no new users and makes no disclosures."
    return text


class AgreementNotices(QLabel):
    """A line of notices about agreements; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.setObjectName("agreementNotices")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet("color: #5f2120;")
        self.setAccessibleName("Sharing agreements needing attention")
        self.setVisible(False)
        self.loaded = False

    def load(self) -> None:
        db, signed = self.db, self.signed
        Operation(self, lambda: agreements.notices(db, signed)).success(self._show).failure(self._failed).run()

    def _show(self, found: list[PartnerAgreement]) -> None:
        self.setText(notice_text(found))
        self.setVisible(bool(found))
        self.loaded = True

    def _failed(self, _exc: Exception) -> None:  # the figures still show
        self.setText("The partners' sharing agreements could not be checked.")
        self.setVisible(True)
        self.loaded = True
