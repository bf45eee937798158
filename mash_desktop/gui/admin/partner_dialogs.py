"""Adding a partner agency with its lead, and changing a partner's seats.

Both are for the hub's own administrators; the services refuse anyone else.
A new agency's keys come back from the service once and are shown by
:class:`admin_keys.KeysDialog`, never kept by this dialog. A partner joins
with its information-sharing agreement (signed on, review due, scope,
document reference): without a current one it could be given no users.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLineEdit, QSpinBox, QWidget

from ...domain.agreements import REFERENCE_LIMIT, AgreementTerms
from ...domain.codes import AgencyKind
from ...security.accounts import SignedIn
from ...services.enrolment import hub_setup
from ...services.admin.agencies import CODE_RE, MAX_SEATS
from ...services.admin.partners import PartnerRow, change_seats, load_partners
from ...services.admin.users import USERNAME_RE
from ...store.database import Database
from . import passwords as admin_passwords
from .passwords import PasswordPair
from .tables import plural
from ..case.widgets import text_label
from ..common.form_dialog import FormDialog
from ..common.form_widgets import choice_box, text_box


def _line(name: str, placeholder: str = "", max_length: int = 200) -> QLineEdit:
    box = QLineEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setMaxLength(max_length)
    return box


def date_box(name: str, day: dt.date) -> QDateEdit:
    box = QDateEdit(QDate(day.year, day.month, day.day))
    box.setCalendarPopup(True)
    box.setDisplayFormat("dd MMM yyyy")
    box.setAccessibleName(name)
    return box


def seats_box(value: int = 0) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_SEATS)
    box.setValue(value)
    box.setAccessibleName("Seats")
    return box


class AddPartnerDialog(FormDialog):
    """A new partner agency: kind, name, code, seats, its agreement, and its lead's account."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        super().__init__(parent, db, signed, "Add a partner agency", "&Add partner")
        self.kit: hub_setup.AgencyKit | None = None
        self._taken: set[str] = set()
        form = QFormLayout(self.body)
        self.kind = choice_box("Kind of agency", "Choose the kind of agency",
                               [(k.label, k) for k in AgencyKind if k is not AgencyKind.HUB])
        self.name = _line("Agency name", "For example: Education Safeguarding")
        self.code = _line("Agency code", "2 to 10 letters or digits, e.g. EDU", 10)
        self.seats = seats_box()
        today = dt.date.today()
        self.signed_on = date_box("Agreement signed on", today)
        self.review_due = date_box("Agreement review due", today + dt.timedelta(days=365))
        self.scope = text_box("Agreement scope", 2, "What the information-sharing agreement covers")
        self.reference = _line("Agreement reference", "The agreement document's reference", REFERENCE_LIMIT)
        self.lead = _line("Lead's username", "e.g. edu.lead", 64)
        self.lead_name = _line("Lead's name", "The lead's full name")
        form.addRow("&Kind:", self.kind)
        form.addRow("&Name:", self.name)
        form.addRow("&Code:", self.code)
        form.addRow("&Seats:", self.seats)
        form.addRow("Agreement signe&d on:", self.signed_on)
        form.addRow("Agreement &review due:", self.review_due)
        form.addRow("Agreement sc&ope:", self.scope)
        form.addRow("Agreement refer&ence:", self.reference)
        form.addRow("&Lead's username:", self.lead)
        form.addRow("Lead's &full name:", self.lead_name)
        self.password = PasswordPair(form, "the lead's")
        for signal in (self.kind.currentIndexChanged, self.name.textChanged, self.code.textChanged,
                       self.lead.textChanged, self.lead_name.textChanged, self.password.changed,
                       self.scope.textChanged, self.reference.textChanged, self.signed_on.dateChanged,
                       self.review_due.dateChanged):
            signal.connect(self.revalidate)
        self.setMinimumWidth(480)
        self.load(partial(load_partners, db, signed), self._show)

    def _show(self, partners) -> None:
        self._taken = {r.code for r in partners.rows}

    def problem(self) -> str | None:
        code = self.code.text().strip().upper()
        checks = (
            (self.kind.value() is None, "Choose the kind of agency."),
            (not self.name.text().strip(), "Give the agency's name."),
            (not code, "Give the agency a short code, such as EDU."),
            (not CODE_RE.match(code), "The code is 2 to 10 letters or digits, starting with a letter."),
            (code in self._taken, f"There is already an agency {code}."),
            (not self.lead.text().strip(), "Give the username of the agency's lead."),
            (not USERNAME_RE.match(self.lead.text().strip().lower()),
             "The lead's username is 3 to 64 lower-case letters, digits, '.', '_' or '-'."),
            (not self.lead_name.text().strip(), "Give the lead's full name."),
            (not self.scope.toPlainText().strip(), "Say what the agency's information-sharing agreement covers."),
            (not self.reference.text().strip(), "Give the reference of the agreement document."),
            (self.review_due.date() <= self.signed_on.date(), "The agreement's review date comes after its signing."),
        )
        return next((text for failed, text in checks if failed), None) or self.password.problem()

    def save(self) -> None:
        db, signed = self.db, self.signed
        args = (self.code.text(), self.name.text(), self.kind.value(), self.seats.value())
        lead, lead_name, password = self.lead.text(), self.lead_name.text(), self.password.password()
        params = admin_passwords.KDF_PARAMS
        agreement = AgreementTerms(self.signed_on.date().toPython(), self.review_due.date().toPython(),
                                   self.scope.toPlainText(), self.reference.text())
        self.run_save(lambda: hub_setup.create_partner(db, signed, *args, lead=lead, lead_name=lead_name,
                                                       lead_password=password, agreement=agreement,
                                                       params=params), self._added)

    def _added(self, kit: hub_setup.AgencyKit) -> None:
        self.kit = kit
        self.password.clear()
        self.accept()


class SeatsDialog(FormDialog):
    """A new number of seats for one partner."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, partner: PartnerRow) -> None:
        super().__init__(parent, db, signed, f"Seats of {partner.name} ({partner.code})", "&Change seats")
        self.partner = partner
        form = QFormLayout(self.body)
        self.seats = seats_box(partner.seats)
        form.addRow("&Seats:", self.seats)
        form.addRow("", text_label(f"Now {plural(partner.seats, 'seat')}; "
                                   f"{plural(partner.active_users, 'active account')}."))
        self.setMinimumWidth(380)
        self.seats.valueChanged.connect(self.revalidate)
        self.load(lambda: None, lambda _: self.seats.selectAll())

    def problem(self) -> str | None:
        if self.seats.value() == self.partner.seats:
            return f"{self.partner.code} has {plural(self.partner.seats, 'seat')} now: choose another number."
        return None

    def save(self) -> None:
        db, signed, code, seats = self.db, self.signed, self.partner.code, self.seats.value()
        self.run_save(lambda: change_seats(db, signed, code, seats))
