"""The intake form's sections other than people: the referrer and how the
contact came in, the concerns, and what the parents know and agreed to.

Each section builds its part of the referral payload (domain/intake.py) and
names its fields by payload path, for the form's problem marks.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QWidget,
)

from ...domain.codes import Channel, ConcernCategory, ContactSource
from ...services.admin.agencies import AgencyInfo
from .fields import YesNo, code_combo, has_text, line, select_data, text_box
from .received import ReceivedAt

NO_AGENCY = "(not a hub partner)"


class ReferrerSection(QWidget):
    """Who made the contact, from which agency, and how to reach them."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.source = code_combo("Contact source", ContactSource, blank="Choose…")
        self.channel = code_combo("How the contact came in", Channel)
        select_data(self.channel, Channel.PHONE.value)
        self.name = line("Referrer name")
        self.role = line("Referrer role", "e.g. Designated safeguarding lead")
        self.organisation = line("Referrer organisation")
        self.agency = QComboBox()
        self.agency.setAccessibleName("Referrer agency")
        self.agency.addItem(NO_AGENCY, None)
        self._pending_agency: str | None = None
        self.phone = line("Referrer phone", "e.g. 0115 496 0732")
        self.email = line("Referrer email", "name@example.org")
        self.public = QCheckBox("Member of the public")
        self.withheld = QCheckBox("The referrer asks not to be i&dentified to the family")
        self.withheld.setToolTip("Hub staff still see who referred, with a warning. The sharing record and the case "
                                 "summary print \"Withheld at the referrer's request\" instead of their name, role, "
                                 "organisation and contact details, and the feedback letter to them does not name "
                                 "them.")
        how = QHBoxLayout()
        how.addWidget(self.source, 1)
        how.addWidget(self.channel, 1)
        self.received = ReceivedAt()
        form = QFormLayout(self)
        self._form = form
        form.addRow("Source and channel", how)
        form.addRow(self.received.label, self.received)
        form.addRow("Name", self.name)
        form.addRow("Role", self.role)
        form.addRow("Organisation", self.organisation)
        form.addRow("Agency", self.agency)
        form.addRow("Phone", self.phone)
        form.addRow("Email", self.email)
        form.addRow("", self.public)
        form.addRow("", self.withheld)
        for field in (self.name, self.role, self.organisation, self.phone, self.email):
            field.textChanged.connect(self.changed)
        for combo in (self.source, self.channel, self.agency):
            combo.currentIndexChanged.connect(self.changed)
        self.public.toggled.connect(self.changed)
        self.withheld.toggled.connect(self.changed)
        self.received.changed.connect(self.changed)
        self.channel.currentIndexChanged.connect(self._follow_channel)
        self._follow_channel()

    def _follow_channel(self) -> None:
        """Ask when a phone call came in; keep a time a prefilled contact gave whatever the channel."""
        self._form.setRowVisible(self.received, self.channel.currentData() == Channel.PHONE.value
                                 or self.received.prefilled)

    def set_agencies(self, agencies: list[AgencyInfo]) -> None:
        for agency in agencies:
            self.agency.addItem(f"{agency.name} ({agency.code})", agency.code)
        if self._pending_agency:
            select_data(self.agency, self._pending_agency)

    def payload(self) -> dict[str, object]:
        referrer = {"name": self.name.text(), "role": self.role.text(), "organisation": self.organisation.text(),
                    "agency": self.agency.currentData(), "phone": self.phone.text(), "email": self.email.text(),
                    "member_of_public": self.public.isChecked(), "identity_withheld": self.withheld.isChecked()}
        received = self.received.value() if self.received.isVisibleTo(self) else None
        return {"received_at": received, "source": self.source.currentData(), "channel": self.channel.currentData(),
                "referrer": referrer}

    def fields(self) -> dict[str, QWidget]:
        return {"received_at": self.received.edit, "source": self.source, "channel": self.channel,
                "referrer": self.name,
                "referrer.name": self.name, "referrer.role": self.role,
                "referrer.organisation": self.organisation, "referrer.agency": self.agency,
                "referrer.phone": self.phone, "referrer.email": self.email}

    def prefill(self, payload: dict[str, object]) -> None:
        select_data(self.source, payload.get("source"))
        select_data(self.channel, payload.get("channel"))
        self.received.prefill(payload.get("received_at"))
        self._follow_channel()
        referrer = payload.get("referrer") or {}
        assert isinstance(referrer, dict)
        for field, key in ((self.name, "name"), (self.role, "role"), (self.organisation, "organisation"),
                           (self.phone, "phone"), (self.email, "email")):
            field.setText(str(referrer.get(key) or ""))
        self.public.setChecked(bool(referrer.get("member_of_public")))
        self.withheld.setChecked(referrer.get("identity_withheld") is True)
        self._pending_agency = referrer.get("agency")  # type: ignore[assignment]
        select_data(self.agency, self._pending_agency)


class ConcernsSection(QWidget):
    """What the concerns are: categories ticked and the referrer's account."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.categories = QWidget()
        self.categories.setAccessibleName("Concern categories")
        grid = QGridLayout(self.categories)
        grid.setContentsMargins(4, 4, 4, 4)
        self.boxes: dict[str, QCheckBox] = {}
        for index, category in enumerate(ConcernCategory):
            box = QCheckBox(category.label)
            box.toggled.connect(self.changed)
            self.boxes[category.value] = box
            grid.addWidget(box, index // 3, index % 3)
        self.details = text_box("Concern details", lines=5, placeholder="What happened, when, who said what")
        self.details.textChanged.connect(self.changed)
        form = QFormLayout(self)
        form.addRow("Categories", self.categories)
        form.addRow("Details", self.details)

    def payload(self) -> dict[str, object]:
        chosen = [code for code, box in self.boxes.items() if box.isChecked()]
        return {"concerns": {"categories": chosen, "details": self.details.toPlainText()}}

    def fields(self) -> dict[str, QWidget]:
        return {"concerns": self.details, "concerns.categories": self.categories,
                "concerns.details": self.details}

    def prefill(self, payload: dict[str, object]) -> None:
        concerns = payload.get("concerns") or {}
        assert isinstance(concerns, dict)
        for code in concerns.get("categories") or []:
            if code in self.boxes:
                self.boxes[code].setChecked(True)
        self.details.setPlainText(str(concerns.get("details") or ""))


class ConsentSection(QWidget):
    """Are the parents or carers aware, and was consent obtained, from whom."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.parents_aware = YesNo("Parents or carers aware")
        self.not_aware_reason = text_box("Why the parents or carers are not aware", lines=2)
        self.obtained = YesNo("Consent obtained")
        self.from_whom = line("Consent from whom", "e.g. Kerry Calder (mother)")
        self.covering = line("Consent covering whom")
        self.reason_not_obtained = text_box("Why consent was not obtained", lines=2)
        form = QFormLayout(self)
        form.addRow("Parents or carers aware?", self.parents_aware)
        form.addRow("If not, why not", self.not_aware_reason)
        form.addRow("Consent obtained?", self.obtained)
        form.addRow("From whom", self.from_whom)
        form.addRow("Covering whom", self.covering)
        form.addRow("If not, why not", self.reason_not_obtained)
        for yes_no in (self.parents_aware, self.obtained):
            yes_no.changed.connect(self._follow)
        for text in (self.not_aware_reason, self.reason_not_obtained):
            text.textChanged.connect(self.changed)
        for field in (self.from_whom, self.covering):
            field.textChanged.connect(self.changed)
        self._follow()

    def _follow(self) -> None:
        """Offer the questions the answers so far make relevant, and any that holds an answer already."""
        obtained = self.obtained.value()
        for field, relevant in ((self.not_aware_reason, self.parents_aware.value() is False),
                                (self.from_whom, obtained is True), (self.covering, obtained is True),
                                (self.reason_not_obtained, obtained is False)):
            field.setEnabled(relevant or has_text(field))
        self.changed.emit()

    @staticmethod
    def _text(box: QPlainTextEdit | QWidget) -> str:
        if not box.isEnabled():
            return ""
        return box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()  # type: ignore[attr-defined]

    def payload(self) -> dict[str, object]:
        return {
            "parents_aware": self.parents_aware.value(),
            "parents_not_aware_reason": self._text(self.not_aware_reason),
            "consent": {"obtained": self.obtained.value(), "from_whom": self._text(self.from_whom),
                        "covering": self._text(self.covering),
                        "reason_not_obtained": self._text(self.reason_not_obtained)},
        }

    def fields(self) -> dict[str, QWidget]:
        return {"parents_aware": self.parents_aware, "parents_not_aware_reason": self.not_aware_reason,
                "consent": self.obtained, "consent.obtained": self.obtained,
                "consent.from_whom": self.from_whom, "consent.covering": self.covering,
                "consent.reason_not_obtained": self.reason_not_obtained}

    def prefill(self, payload: dict[str, object]) -> None:
        self.parents_aware.set_value(payload.get("parents_aware"))  # type: ignore[arg-type]
        self.not_aware_reason.setPlainText(str(payload.get("parents_not_aware_reason") or ""))
        consent = payload.get("consent") or {}
        assert isinstance(consent, dict)
        self.obtained.set_value(consent.get("obtained"))
        self.from_whom.setText(str(consent.get("from_whom") or ""))
        self.covering.setText(str(consent.get("covering") or ""))
        self.reason_not_obtained.setPlainText(str(consent.get("reason_not_obtained") or ""))
        self._follow()
