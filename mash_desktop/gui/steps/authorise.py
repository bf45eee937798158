"""Authorising disclosures made without consent, by a supervisor of the disclosing agency.

The list holds the agency's disclosures still waiting (for one case or for
all): who made each, to whom, on what basis, why consent was refused or not
sought, and below the exact text and the justification. The person who made
a disclosure cannot authorise it; another supervisor can, or may instead
refuse it (final) or return it to the person who made it, giving a reason
they will see. After each decision the list reloads and the dialog stays
open for the next.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import access
from ...domain.codes import DisclosureOutcome
from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...services.case.disclosures import HUB, authorise, decide
from ...services.intake.referrals import HUB_ZONE
from ...services.case.sharing import PendingDisclosure, pending_disclosures
from ...store.database import Database
from ..help import content as help_content
from .disclosure_summary import entry_basis_words, recipient_words, sentence
from ..common.form_dialog import FormDialog
from ..common.form_widgets import text_box
from . import outcome_reason

HEADERS = ("Case", "Disclosed by", "When", "To", "Lawful basis", "Consent", "Reason given")


def _cells(item: PendingDisclosure) -> tuple[str, ...]:
    v = item.view
    return (item.reference, v.disclosed_by + (" (you)" if item.mine else ""),
            f"{v.disclosed_at.astimezone(HUB_ZONE):%a %d %b %H:%M}", "Whole hub" if v.to == HUB else v.to,
            entry_basis_words(v), v.consent.label, v.consent_reason or "")


class AuthoriseDialog(FormDialog):
    """Pending disclosures of the supervisor's agency; authorise one at a time."""

    help_section = help_content.AUTHORISE

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str | None = None) -> None:
        self.reference = reference.strip().upper() if reference else None
        agency = signed.actor.agency_code or ""
        super().__init__(parent, db, signed, f"Authorise {agency} disclosures on "
                         + (self.reference or "all cases"), "&Authorise")
        self.cancel_button.setText("Close")
        self.refuse_button = QPushButton("Re&fuse…")
        self.return_button = QPushButton("Re&turn…")
        for button, outcome in ((self.refuse_button, DisclosureOutcome.REFUSED),
                                (self.return_button, DisclosureOutcome.RETURNED)):
            button.setAutoDefault(False)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(partial(self._decide, outcome))
        self.pending: list[PendingDisclosure] = []
        intro = QLabel(f"Disclosures made by {agency} without consent wait here until a {agency} supervisor "
                       "or deputy authoriser, other than the person who made them, authorises them. Until "
                       f"then nobody outside {agency} can read them. They may instead refuse one, or return it "
                       "to the person who made it, saying why.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Disclosures waiting for authorisation")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        label = QLabel("&Waiting for authorisation:")
        label.setBuddy(self.table)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.text = text_box("What will be shared", 4)
        self.text.setReadOnly(True)
        text_label = QLabel("What will be &shared:")
        text_label.setBuddy(self.text)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (intro, label, self.table, self.details, text_label, self.text):
            layout.addWidget(widget)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.resize(980, 600)
        self._reload()

    def _reload(self) -> None:
        self.load(partial(pending_disclosures, self.db, self.signed, self.reference), self._show)

    def _show(self, pending: list[PendingDisclosure]) -> None:
        self.pending = pending
        self.table.setRowCount(len(pending))
        for row, item in enumerate(pending):
            for column, text in enumerate(_cells(item)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        if pending:
            self.table.selectRow(0)
        self._selection_changed()
        self.table.setFocus()

    def chosen(self) -> PendingDisclosure | None:
        rows = self.table.selectionModel().selectedRows()
        return self.pending[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        item = self.chosen()
        if item is None:
            self.details.setText("")
            self.text.setPlainText("")
        else:
            v = item.view
            self.details.setText(
                f"To {recipient_words(v.to)}. {v.consent.label}: {sentence(v.consent_reason or 'no reason recorded')} "
                f"Handling code {v.handling.label}. "
                + (f"Statutory gateway: {v.gateway.label}. " if v.gateway else "")
                + f"Justification: {sentence(v.justification)}")
            self.text.setPlainText(v.text if v.text is not None else "(This text cannot be read with your keys.)")
        self.revalidate()

    def problem(self) -> str | None:
        if not access.may_act(self.signed.actor.roles, access.Step.AUTHORISE):
            return f"Authorising disclosures needs the role of {access.role_names(access.Step.AUTHORISE)}."
        if not self.pending:
            return "Nothing is waiting for authorisation."
        item = self.chosen()
        if item is None:
            return "Choose the disclosure to authorise."
        if item.mine:
            return "You made this disclosure: another supervisor must authorise it."
        return None

    def revalidate(self) -> None:
        super().revalidate()
        if hasattr(self, "refuse_button"):  # the base class revalidates before they exist
            for button in (self.refuse_button, self.return_button):
                button.setEnabled(self.ok_button.isEnabled())

    def _decide(self, outcome: DisclosureOutcome) -> None:
        item = self.chosen()
        if item is None or not self.ok_button.isEnabled():
            return
        about = (f"{item.view.disclosed_by}'s disclosure on {item.reference} to "
                 f"{recipient_words(item.view.to)}.")
        reason = outcome_reason.ask_reason(self, outcome, about)
        if reason is None:
            return
        self.run_save(partial(decide, self.db, self.signed, item.view.id, outcome, reason),
                      lambda _: self._decided(item, outcome))

    def _decided(self, item: PendingDisclosure, outcome: DisclosureOutcome) -> None:
        done = "Refused" if outcome is DisclosureOutcome.REFUSED else "Returned to the person who made it"
        self.show_done(f"{done}: {item.view.disclosed_by}'s disclosure on {item.reference}; it is not shared, "
                       "and they can see why.")
        self._reload()

    def save(self) -> None:
        item = self.chosen()
        self.run_save(partial(authorise, self.db, self.signed, item.view.id), lambda _: self._authorised(item))

    def refused(self, exc: MashError) -> None:
        self._reload()  # e.g. another supervisor authorised it first: show the list as it is now

    def _authorised(self, item: PendingDisclosure) -> None:
        who = "every member of the hub" if item.view.to == HUB else item.view.to
        self.show_done(f"Authorised: {item.view.disclosed_by}'s disclosure on {item.reference}; "
                       f"{who} can read it now.")
        self._reload()


def run_authorisation(parent: QWidget | None, db: Database, signed: SignedIn,
                      reference: str | None = None) -> bool:
    """Open the authorisation list (one case, or all when ``reference`` is None); True if any was authorised."""
    dialog = AuthoriseDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed
