"""Governance ▸ Sharing agreements…: each partner's information-sharing agreement.

The table lists every partner with its latest agreement (signed, review due,
scope, reference) and its standing in words: Current, Review due in N days,
Past review, None, Altered. Below, the chosen partner's every version. The
information governance officer records an agreement or its review (a new
version, signed by them); the service checks every rule again. A partner
without a current agreement is given no new users and makes no disclosures.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMainWindow,
    QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain import access
from ...domain.agreements import NOTICE_DAYS, REFERENCE_LIMIT, AgreementTerms, Standing
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.admin import agreements
from ...services.admin.agreements import AgreementVersion, PartnerAgreement
from ...store.database import Database
from ..admin.partner_dialogs import date_box
from ..common import errors
from ..common.background import Operation
from ..common.form_dialog import FormDialog
from ..common.form_widgets import text_box
from ..help import content as help_content
from ..help.window import help_button
from .tables import register_table

COLUMNS = ("Code", "Partner", "Status", "Signed", "Review due", "Reference", "Scope")
_ATTENTION = {Standing.PAST_REVIEW, Standing.NONE, Standing.ALTERED}


def _day(day: dt.date | None) -> str:
    return f"{day:%d %b %Y}" if day else ""


def history_text(partner: PartnerAgreement, versions: list[AgreementVersion]) -> str:
    """A partner's agreement and every version of it, in words."""
    lines = [f"{partner.name} ({partner.code}): {partner.words}."]
    if partner.standing == Standing.NONE:
        lines.append("No agreement is recorded: the partner is given no new users and makes no disclosures "
                     "until one is.")
    elif partner.standing == Standing.ALTERED:
        lines.append("The latest record was altered outside the hub: it is not trusted, so the partner is given "
                     "no new users and makes no disclosures. Record the agreement again and tell the hub "
                     "administrator.")
    elif partner.standing == Standing.PAST_REVIEW:
        lines.append("Its review date has passed: record the review to let the partner share again.")
    for v in versions:
        check = "" if v.verified else " — ALTERED, not trusted"
        lines.append(f"\nVersion {v.version}{check}: signed {_day(v.signed_on)}, review due {_day(v.review_due)}, "
                     f"reference {v.reference}; recorded by {v.recorded_by} on {local(v.recorded_at)}.")
        lines.append(f"Scope: {v.scope}")
    return "\n".join(lines)


def summary(found: list[PartnerAgreement]) -> str:
    """The register in one line: how many active partners lack a current agreement, and how many are due."""
    active = [p for p in found if p.active]
    lacking = sum(1 for p in active if not p.in_force)
    due = sum(1 for p in active if p.standing == Standing.REVIEW_SOON)
    said = (f"{lacking} partner{'s' if lacking != 1 else ''} without a current agreement." if lacking
            else "Every active partner has a current agreement.")
    return said + (f" {due} due for review within {NOTICE_DAYS} days." if due else "")


class RecordAgreementDialog(FormDialog):
    """Record a partner's agreement, or its review: a new version signed by the officer."""

    help_section = help_content.SHARING_AGREEMENTS

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, partner: PartnerAgreement) -> None:
        verb = "Review" if partner.latest else "Record"
        super().__init__(parent, db, signed, f"{verb} the agreement of {partner.name} ({partner.code})",
                         "&Record agreement")
        self.partner = partner
        today = agreements.hub_today()
        latest = partner.latest
        self.signed_on = date_box("Signed on", today)
        self.review_due = date_box("Review due", today + dt.timedelta(days=365))
        self.scope = text_box("Scope", 4, "What the agreement covers: which information, shared for what")
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Document reference")
        self.reference.setMaxLength(REFERENCE_LIMIT)
        if latest is not None and latest.verified:  # a review usually keeps the scope; the reference changes
            self.scope.setPlainText(latest.scope)
            self.reference.setText(latest.reference)
        form = QFormLayout(self.body)
        form.addRow("Signed &on:", self.signed_on)
        form.addRow("Review &due:", self.review_due)
        form.addRow("&Scope:", self.scope)
        form.addRow("Document r&eference:", self.reference)
        for signal in (self.signed_on.dateChanged, self.review_due.dateChanged, self.scope.textChanged,
                       self.reference.textChanged):
            signal.connect(self.revalidate)
        self.setMinimumWidth(520)
        self.load(lambda: None, lambda _: self.scope.setFocus())

    def terms(self) -> AgreementTerms:
        return AgreementTerms(self.signed_on.date().toPython(), self.review_due.date().toPython(),
                              self.scope.toPlainText(), self.reference.text())

    def problem(self) -> str | None:
        terms, today = self.terms(), agreements.hub_today()
        checks = (
            (terms.signed_on > today, "An agreement is recorded once signed: the signing date is in the future."),
            (terms.review_due <= terms.signed_on, "The review date comes after the signing."),
            (terms.review_due < today, "The review date has passed: give the next one."),
            (not terms.scope.strip(), "Say what the agreement covers."),
            (not terms.reference.strip(), "Give the agreement document's reference."),
        )
        return next((text for failed, text in checks if failed), None)

    def save(self) -> None:
        db, signed, code, terms = self.db, self.signed, self.partner.code, self.terms()
        self.run_save(lambda: agreements.record_agreement(db, signed, code, terms))


class AgreementsWindow(QDialog):
    """The register: partners, their agreements' standing, and each one's history."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.partners: list[PartnerAgreement] = []
        self.form: RecordAgreementDialog | None = None
        self._said = ""
        self.setWindowTitle("MASH Desktop — Sharing agreements")
        self.resize(1060, 600)
        self.table = register_table(COLUMNS, "Partners and their information-sharing agreements")
        table_label = QLabel("&Partners:")
        table_label.setBuddy(self.table)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("The chosen partner's agreement and its versions")
        details_label = QLabel("&Versions of the chosen partner's agreement:")
        details_label.setBuddy(self.details)
        self.status = QLabel("Loading…")
        self.record_button = QPushButton("&Record or review…")
        self.record_button.setAutoDefault(False)
        self.record_button.setToolTip("Record the chosen partner's agreement, or its review (a new version)")
        self.record_button.clicked.connect(self.record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.help_button = help_button(self, help_content.SHARING_AGREEMENTS)
        buttons.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A partner without a current agreement (none, altered or past review) is given no "
                                "new users and makes no disclosures."))
        layout.addWidget(table_label)
        layout.addWidget(self.table, 3)
        layout.addWidget(details_label)
        layout.addWidget(self.details, 2)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._chosen)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------

    def load(self, keep: str | None = None) -> None:
        self.status.setText("Loading…")
        self.record_button.setEnabled(False)
        Operation(self, lambda: agreements.register(self.db, self.signed)) \
            .success(lambda found: self._loaded(found, keep)).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.status.setText("The register could not be loaded.")
        errors.show_error(self, exc)

    def _loaded(self, found: list[PartnerAgreement], keep: str | None) -> None:
        self.partners = found
        self.table.setRowCount(len(found))
        for row, p in enumerate(found):
            latest = p.latest
            cells = (p.code, p.name + ("" if p.active else " (retired)"), p.words,
                     _day(latest.signed_on) if latest else "", _day(latest.review_due) if latest else "",
                     latest.reference if latest else "", " ".join(latest.scope.split()) if latest else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if p.standing in _ATTENTION:
                    item.setForeground(Qt.GlobalColor.darkRed)
                elif p.standing == Standing.REVIEW_SOON:
                    item.setForeground(Qt.GlobalColor.darkYellow)
                if column == 6 and latest:
                    item.setToolTip(latest.scope)
                self.table.setItem(row, column, item)
        codes = [p.code for p in found]
        self.table.clearSelection()  # so choosing the same row again shows its new history
        self.table.selectRow(codes.index(keep) if keep in codes else 0)
        self.status.setText(self._said or summary(found))
        self._said = ""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()

    # -- showing -------------------------------------------------------------------

    def partner(self) -> PartnerAgreement | None:
        rows = self.table.selectionModel().selectedRows()
        return self.partners[rows[0].row()] if rows and rows[0].row() < len(self.partners) else None

    def _chosen(self) -> None:
        partner = self.partner()
        self._update_buttons()
        if partner is None:
            self.details.clear()
            return
        self.details.setPlainText(f"{partner.name} ({partner.code}): {partner.words}.")
        code = partner.code
        Operation(self, lambda: agreements.history(self.db, self.signed, code)) \
            .success(self._show_history).failure(self._failed).run()

    def _show_history(self, found: tuple[PartnerAgreement, list[AgreementVersion]]) -> None:
        partner = self.partner()
        if partner is not None and partner.code == found[0].code:
            self.details.setPlainText(history_text(*found))

    def _update_buttons(self) -> None:
        partner = self.partner()
        may = access.may_act(self.signed.actor.roles, access.Step.REGISTER_AGREEMENT)
        self.record_button.setEnabled(may and partner is not None and partner.active)
        self.record_button.setVisible(may)

    # -- recording -----------------------------------------------------------------

    def record(self) -> RecordAgreementDialog | None:
        partner = self.partner()
        if partner is None or not self.record_button.isEnabled():
            return None
        self.form = RecordAgreementDialog(self, self.db, self.signed, partner)
        self.form.finished.connect(lambda _result, form=self.form: self._recorded(form))
        self.form.open()
        return self.form

    def _recorded(self, form: RecordAgreementDialog) -> None:
        if form.changed:
            self._said = f"Recorded the agreement of {form.partner.name} ({form.partner.code})."
            self.load(form.partner.code)


def open_agreements(window: QMainWindow, db: Database, signed: SignedIn) -> AgreementsWindow:
    """The Governance menu's opener: one register window per main window, brought forward if open."""
    found = window.findChild(AgreementsWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if found is not None and found.isVisible():
        found.raise_()
        found.activateWindow()
        return found
    dialog = AgreementsWindow(window, db, signed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.load()
    return dialog
