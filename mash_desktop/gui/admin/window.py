"""The Administration window: partners, cost share, staff and workstations.

Tabs appear by role: administrators see all four, a supervisor who is not
an administrator only Staff (to confirm new members and reset passwords).
Each tab loads in the background when the window opens, and a change to the
partners reloads the others (retiring an agency disables its staff and
withdraws its workstations). The window belongs to the main window and
closes with it, so signing out or locking covers it too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from ...domain import access
from ...security.accounts import SignedIn
from ...services.enrolment.hub_setup import HUB_CODE
from ...store.database import Database
from .cost_share import CostShareTab
from .partners import PartnersTab
from .staff import StaffTab
from .workstations import WorkstationsTab
from ..common.form_widgets import heading

TITLE = "Administration"


class AdminWindow(QDialog):
    """Partners, cost share, staff and workstations, each where the reader's roles allow."""

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        actor = signed.actor
        self.setWindowTitle(f"MASH Desktop — {TITLE} — {signed.display_name} ({actor.agency_code})")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        admin = access.may_act(actor.roles, access.Step.ADMINISTER)
        self.partners = PartnersTab(db, signed) if admin else None
        self.cost_share = CostShareTab(db, signed) if admin else None
        self.staff = StaffTab(db, signed) if access.may_act(actor.roles, access.Step.KEEP_STAFF) else None
        self.workstations = WorkstationsTab(db, signed) if admin else None
        for tab, label in ((self.partners, "&Partners"), (self.cost_share, "&Cost share"),
                           (self.staff, "S&taff"), (self.workstations, "&Workstations")):
            if tab is not None:
                self.tabs.addTab(tab, label)
        if self.partners is not None:
            self.partners.changed.connect(self._partners_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"{TITLE} of the hub" if self._hub_wide() else f"{TITLE} of {actor.agency_code}"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)
        self.reload()

    def _hub_wide(self) -> bool:
        return self.signed.actor.agency_code == HUB_CODE

    def _tabs(self) -> list:
        return [t for t in (self.partners, self.cost_share, self.staff, self.workstations) if t is not None]

    def reload(self) -> None:
        """Load every tab again from the hub database."""
        for tab in self._tabs():
            tab.reload()

    def _partners_changed(self) -> None:
        for tab in (self.cost_share, self.staff, self.workstations):
            if tab is not None:
                tab.reload()
