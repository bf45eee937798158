"""The whole intake form: its sections in one scrolling page.

:class:`IntakeForm` builds the referral payload (domain/intake.py) from
every section, names every field by payload path, and fills itself from a
payload (a consultation being turned into a contact).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget

from .intake_people import PeopleList
from .intake_sections import ConcernsSection, ConsentSection, ReferrerSection


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class IntakeForm(QScrollArea):
    """Referrer, subjects, household, concerns, parents and consent."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.referrer, self.subjects = ReferrerSection(), PeopleList(subjects=True)
        self.household, self.concerns = PeopleList(subjects=False), ConcernsSection()
        self.consent = ConsentSection()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        for title, body in (("Referrer and contact", self.referrer), ("Subjects", self.subjects),
                            ("Household members", self.household), ("Concerns", self.concerns),
                            ("Parents, carers and consent", self.consent)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(body)
            layout.addWidget(box)
            body.changed.connect(self.changed)
        layout.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(inner)

    def payload(self) -> dict[str, object]:
        first = self.subjects.rows[0].address_payload() if self.subjects.rows else None
        return {**self.referrer.payload(), "subjects": self.subjects.payload(),
                "household": self.household.payload(first), **self.concerns.payload(), **self.consent.payload()}

    def fields(self) -> dict[str, QWidget]:
        return {**self.referrer.fields(), **self.subjects.fields("subjects"),
                **self.household.fields("household"), **self.concerns.fields(), **self.consent.fields()}

    def prefill(self, payload: dict[str, object]) -> None:
        self.referrer.prefill(payload)
        self.subjects.prefill(list(payload.get("subjects") or []))  # type: ignore[arg-type]
        self.household.prefill(list(payload.get("household") or []))  # type: ignore[arg-type]
        self.concerns.prefill(payload)
