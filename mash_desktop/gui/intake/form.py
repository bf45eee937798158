"""The whole intake form: its sections in one scrolling page.

:class:`IntakeForm` builds the referral payload (domain/intake.py) from
every section, names every field by payload path, and fills itself from a
payload (a consultation being turned into a contact). Tab visits the fields
in reading order, also after people are added or removed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLayout, QScrollArea, QVBoxLayout, QWidget

from .encompass import EncompassSection
from .people import PeopleList
from .sections import ConcernsSection, ConsentSection, ReferrerSection


def reading_order(layout: QLayout) -> list[QWidget]:
    """The widgets of ``layout`` that Tab can reach, in the order they were laid out."""
    found: list[QWidget] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                found.append(widget)
            inner = widget.layout()
        if inner is not None:
            found += reading_order(inner)
    return found


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
        self.encompass = EncompassSection()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        for title, body in (("Referrer and contact", self.referrer), ("Operation Encompass", self.encompass),
                            ("Subjects", self.subjects),
                            ("Household members", self.household), ("Concerns", self.concerns),
                            ("Parents, carers and consent", self.consent)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(body)
            layout.addWidget(box)
            body.changed.connect(self.changed)
        layout.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(inner)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields take the focus; it scrolls to them
        self._people = (-1, -1)
        self.changed.connect(self._follow_people)
        self._follow_people()

    def _follow_people(self) -> None:
        """Put Tab back in reading order when a person was added or removed (new rows join at the end)."""
        people = (len(self.subjects.rows), len(self.household.rows))
        if people == self._people:
            return
        self._people = people
        order = reading_order(self.widget().layout())
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def payload(self) -> dict[str, object]:
        first = self.subjects.rows[0].address_payload() if self.subjects.rows else None
        return {**self.referrer.payload(), "subjects": self.subjects.payload(),
                "household": self.household.payload(first), **self.concerns.payload(), **self.consent.payload()}

    def fields(self) -> dict[str, QWidget]:
        return {**self.referrer.fields(), **self.subjects.fields("subjects"),
                **self.household.fields("household"), **self.concerns.fields(), **self.consent.fields(),
                **self.encompass.fields()}

    def prefill(self, payload: dict[str, object]) -> None:
        self.referrer.prefill(payload)
        subjects = list(payload.get("subjects") or [])  # type: ignore[call-overload]
        self.subjects.prefill(subjects)
        first = subjects[0].get("address") if subjects and isinstance(subjects[0], dict) else None
        self.household.prefill(list(payload.get("household") or []), first)  # type: ignore[call-overload]
        self.concerns.prefill(payload)
        self.consent.prefill(payload)
