"""Disclosure: share chosen findings from one's own agency panel, then confirm.

Page one is the form (gui/steps/disclosure_form.py). "Next" leads to a summary in
plain words of what will be shared with whom and why (gui/steps/disclosure_summary.py)
with the exact text; "Back" returns to the form with everything kept, and
"Confirm and share" records the disclosure in the background. A disclosure
made without consent waits for a supervisor of the agency to authorise it.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ...domain import access
from ...security.accounts import SignedIn
from ...services.case.disclosures import disclose
from ...services.case.sharing import SharingState, sharing_state
from ...store.database import Database
from ..help import content as help_content
from .disclosure_form import DisclosureForm
from .disclosure_summary import summary
from ..common.form_dialog import FormDialog
from ..common.form_widgets import heading as heading_label, note_label, text_box

NEXT = "&Next: check what will be shared"
CONFIRM = "&Confirm and share"


class DisclosureDialog(FormDialog):
    """Choose what to share from the panel, with whom, on what basis; read the summary; confirm."""

    help_section = help_content.DISCLOSURE

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        self.reference = reference.strip().upper()
        super().__init__(parent, db, signed, f"Share findings on {self.reference}", NEXT)
        self.agency = signed.actor.agency_code or ""
        self.state: SharingState | None = None
        self.disclosure_id: int | None = None
        self.form = DisclosureForm(self.agency)
        self.summary = QLabel()
        self.summary.setObjectName("disclosureSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.when_readable = note_label("warning", "whenReadable")
        self.preview = text_box("What will be shared", 6)
        self.preview.setReadOnly(True)
        summary_page = QWidget()
        column = QVBoxLayout(summary_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading_label("Check before you share"))
        column.addWidget(self.summary)
        column.addWidget(self.when_readable)
        preview_label = QLabel("&Exactly what will be shared:")
        preview_label.setBuddy(self.preview)
        column.addWidget(preview_label)
        column.addWidget(self.preview, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.form)
        self.pages.addWidget(summary_page)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.back_button.clicked.connect(self.back)
        self.form.changed.connect(self.revalidate)
        self.resize(1000, 640)
        self.load(partial(sharing_state, db, signed, self.reference), self._show)

    @property
    def on_summary(self) -> bool:
        return self.pages.currentIndex() == 1

    def _show(self, state: SharingState) -> None:
        self.state = state
        self.form.show_state(state)
        self.form.panel.setFocus()

    def problem(self) -> str | None:
        if self.state is None or self.on_summary:
            return None
        if not access.may_act(self.signed.actor.roles, access.Step.DISCLOSE):
            wanted = " or ".join(r.label.lower() for r in access.roles_for(access.Step.DISCLOSE))
            return f"Sharing findings needs the role of {wanted}."
        if self.state.panel.state != "readable":
            return (f"{self.agency} has not written its panel on {self.reference} yet: "
                    "write it before sharing from it." if self.state.panel.state == "empty"
                    else f"Your agency's panel on {self.reference} cannot be read, so nothing can be shared.")
        return self.form.problem()

    def save(self) -> None:
        if not self.on_summary:
            self.show_summary()
            return
        request = self.form.request()
        self.run_save(partial(disclose, self.db, self.signed, self.reference, request), self._shared)

    def show_summary(self) -> None:
        supervisor = access.may_act(self.signed.actor.roles, access.Step.AUTHORISE)  # so not their own
        request = self.form.request()
        *account, when = summary(request, self.reference, self.agency, self.form.recipient(), supervisor,
                                 self.state.authorisers)
        self.summary.setText("\n\n".join(account))
        self.when_readable.setText(when)
        self.when_readable.setVisible(True)
        self.preview.setPlainText(request.text)
        self.pages.setCurrentIndex(1)
        self.ok_button.setText(CONFIRM)
        self.back_button.setVisible(True)
        self.show_message("")
        self.revalidate()
        self.ok_button.setFocus()

    def back(self) -> None:
        self.pages.setCurrentIndex(0)
        self.ok_button.setText(NEXT)
        self.back_button.setVisible(False)
        self.revalidate()
        self.form.shared.setFocus()

    def _shared(self, disclosure_id: int) -> None:
        self.disclosure_id = disclosure_id
        self.accept()


def run_disclosure(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Open the disclosure dialog on ``reference``; True if a disclosure was recorded."""
    dialog = DisclosureDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed
