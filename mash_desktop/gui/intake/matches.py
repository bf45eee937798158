"""Possible existing records of a contact's subjects, and the choice to link.

For each subject with likely matches the panel lists the people found, how
alike they are and why, and their open and recently closed cases. One click
on "Link to this person" (or on "None of these — create new") decides that
subject; :attr:`MatchPanel.decided` fires once every subject is decided.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.intake import PersonDetails
from ...domain.zone import HUB_ZONE
from ...services.intake.duplicates import KnownCase, Match

CREATE_NEW = 0  # the button id of "None of these — create new"


def _plain(text: str, *, bold: bool = False, grey: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names never become markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or grey:
        label.setStyleSheet("font-weight: bold;" if bold else "color: #4a4f55;")
    return label


def _day(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return "not known"
    if isinstance(day, dt.datetime):
        day = day.astimezone(HUB_ZONE).date()
    return f"{day.day} {day:%b %Y}"


def case_line(case: KnownCase) -> str:
    rag = case.rag.value.capitalize() if case.rag else "not yet rated"
    if case.is_open:
        return f"Open: {case.reference} — {case.status.label}, RAG {rag}"
    return f"Closed {_day(case.closed_at)}: {case.reference} — RAG {rag}"


def who(person: PersonDetails | Match) -> str:
    born = f"born {_day(person.date_of_birth)}" if person.date_of_birth else \
        f"due {_day(person.expected_due_date)}"
    return f"{person.given_name} {person.family_name}, {born}"


class MatchCard(QFrame):
    """One person found: who, how alike and why, their cases, and the link button."""

    def __init__(self, match: Match) -> None:
        super().__init__()
        self.setObjectName("matchCard")
        self.setStyleSheet("#matchCard { background: #fafbfc; border: 1px solid #c8ccd2; border-radius: 4px; }")
        where = ", ".join(p for p in (match.address_line1, match.postcode) if p) or "no address recorded"
        head = QHBoxLayout()
        head.addWidget(_plain(f"{who(match)} — {where}", bold=True), 1)
        head.addWidget(_plain(f"{match.score}% alike"))
        self.link = QPushButton("Link to this person")
        self.link.setCheckable(True)
        self.link.setAutoDefault(False)
        self.link.setAccessibleName(f"Link to {match.full_name}")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(_plain("Why: " + "; ".join(match.reasons), grey=True))
        cases = [case_line(c) for c in match.cases] or ["No open case, and none closed in the last 12 months"]
        for text in cases:
            layout.addWidget(_plain(text))
        layout.addWidget(self.link, 0, Qt.AlignmentFlag.AlignRight)


class SubjectMatches(QGroupBox):
    """The matches for one subject and that subject's decision."""

    chosen = Signal()

    def __init__(self, number: int, subject: PersonDetails, matches: list[Match]) -> None:
        count = f"{len(matches)} possible existing record{'s' if len(matches) != 1 else ''}"
        super().__init__(f"Subject {number}: {who(subject)} — {count}")
        self.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }")
        self.matches = matches
        self.cards = [MatchCard(m) for m in matches]
        self.create_new = QPushButton("None of these — create new")
        self.create_new.setCheckable(True)
        self.create_new.setAutoDefault(False)
        self.group = QButtonGroup(self)
        self.group.addButton(self.create_new, CREATE_NEW)
        layout = QVBoxLayout(self)
        for card, match in zip(self.cards, matches):
            self.group.addButton(card.link, match.person_id)
            layout.addWidget(card)
        layout.addWidget(self.create_new, 0, Qt.AlignmentFlag.AlignRight)
        self.group.idClicked.connect(lambda _id: self.chosen.emit())

    def choice(self) -> int | None:
        """The person id to link, CREATE_NEW, or None while undecided."""
        checked = self.group.checkedId()
        return None if checked == -1 else checked


class MatchPanel(QWidget):
    """Every subject's possible matches; decided once each subject is."""

    decided = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[int, SubjectMatches] = {}
        self._layout = QVBoxLayout(self)
        heading = _plain("Is this someone already known to the hub?", bold=True)
        font = heading.font()  # larger than the system's size, never a fixed size
        font.setPointSizeF(font.pointSizeF() * 1.3)
        heading.setFont(font)
        self._layout.addWidget(heading)
        self._groups = QVBoxLayout()
        self._layout.addLayout(self._groups)
        self._layout.addStretch(1)

    def show_matches(self, subjects: tuple[PersonDetails, ...], found: list[list[Match]]) -> None:
        for group in self.groups.values():
            group.setParent(None)
            group.deleteLater()
        self.groups = {}
        for index, (subject, matches) in enumerate(zip(subjects, found)):
            if matches:
                group = SubjectMatches(index + 1, subject, matches)
                group.chosen.connect(self._chosen)
                self.groups[index] = group
                self._groups.addWidget(group)

    def links(self) -> dict[int, int]:
        """Subject index -> person id, for the subjects to link."""
        return {index: group.choice() for index, group in self.groups.items()
                if group.choice() not in (None, CREATE_NEW)}  # type: ignore[misc]

    def _chosen(self) -> None:
        if all(group.choice() is not None for group in self.groups.values()):
            self.decided.emit()
