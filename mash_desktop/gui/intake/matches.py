"""Possible existing records of a contact's subjects, and the choice to link.

For each subject with likely matches the panel lists the people found, how
alike they are, why they may be the same (in words: "Same name and date of
birth") and what differs (address, postcode, school, GP), with their
earlier contacts and open and recently closed cases. On the intake form one
click on "Link to this person" (or on "None of these — create new") decides
that subject; :attr:`MatchPanel.decided` fires once every subject is
decided. The Screen dialog shows the same cards (gui/steps/person_checks.py),
with a choice to route the contact to one of the person's cases too.
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
from ..people.warning_badges import badge

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
    received = f"received {_day(case.received_at)}"
    if case.is_open:
        return f"Open: {case.reference} — {case.status.label}, RAG {rag}, {received}"
    return f"Closed {_day(case.closed_at)}: {case.reference} — RAG {rag}, {received}"


def contacts_line(match: Match) -> str:
    shown = len(match.cases)
    if not match.contacts:
        return "No earlier contact"
    whole = f"{match.contacts} earlier contact{'s' if match.contacts != 1 else ''}"
    if shown == match.contacts:
        return whole + ":"
    if not shown:
        return whole + ", none open or closed in the last 12 months"
    return whole + "; open and closed in the last 12 months:"


def who(person: PersonDetails | Match) -> str:
    born = f"born {_day(person.date_of_birth)}" if person.date_of_birth else \
        f"due {_day(person.expected_due_date)}"
    return f"{person.given_name} {person.family_name}, {born}"


class MatchCard(QFrame):
    """One person found: who, how alike, why and what differs, their earlier
    contacts and cases, and the button that links the subject to them (with
    ``routes``, also one per case, linking and routing the contact to it)."""

    def __init__(self, match: Match, *, link_text: str = "Link to this person", routes: bool = False) -> None:
        super().__init__()
        self.setObjectName("matchCard")
        self.setStyleSheet("#matchCard { background: #fafbfc; border: 1px solid #c8ccd2; border-radius: 4px; }")
        where = ", ".join(p for p in (match.address_line1, match.postcode) if p) or "no address recorded"
        head = QHBoxLayout()
        head.addWidget(_plain(f"{who(match)} — {where}", bold=True), 1)
        self.badges = [badge(word) for word in match.warnings]  # the warnings the reader may see on them
        for label in self.badges:
            head.addWidget(label)
        head.addWidget(_plain(f"{match.score}% alike"))
        self.link = _choice(link_text + (f" ({match.exact_why})" if match.exact and not routes else ""),
                            f"Link to {match.full_name}")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(_plain(f"Why: {match.why or '; '.join(match.reasons)}"))
        if match.differs:
            layout.addWidget(_plain("What differs:\n" + "\n".join(f"• {line}" for line in match.differs), grey=True))
        else:
            layout.addWidget(_plain("Nothing differs in names, date of birth, address, school, GP, NHS number or UPN.",
                                    grey=True))
        layout.addWidget(_plain(contacts_line(match)))
        self.routes: dict[str, QPushButton] = {}
        for case in match.cases:
            row = QHBoxLayout()
            row.addWidget(_plain(case_line(case)), 1)
            if routes:
                button = _choice("Link and route here", f"Link to {match.full_name} and route to {case.reference}")
                button.setToolTip(f"This subject is {match.full_name}, and this contact belongs with "
                                  f"{case.reference}.")
                self.routes[case.reference] = button
                row.addWidget(button)
            layout.addLayout(row)
        layout.addWidget(self.link, 0, Qt.AlignmentFlag.AlignRight)


def _choice(text: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setCheckable(True)
    button.setAutoDefault(False)
    button.setAccessibleName(accessible)
    return button


class SubjectMatches(QGroupBox):
    """The matches for one subject and that subject's choice among them.

    On the intake form (the default) a choice decides at once; at screening
    (``screening=True``) each card also offers to route the contact to one
    of the person's cases, and the choice is recorded with :attr:`record`.
    """

    chosen = Signal()

    def __init__(self, number: int, subject: PersonDetails, matches: list[Match], *,
                 screening: bool = False) -> None:
        count = f"{len(matches)} possible existing record{'s' if len(matches) != 1 else ''}"
        super().__init__(f"Subject {number}: {who(subject)} — {count}")
        self.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }")
        self.matches = matches
        self.cards = [MatchCard(m, link_text="&Link: this is the same person" if screening else "Link to this person",
                                routes=screening) for m in matches]
        self.create_new = _choice("None of these — a &new person" if screening else "None of these — create new",
                                  "None of these: a new person")
        self.group = QButtonGroup(self)
        self._choices: dict[int, tuple[int | None, str | None]] = {CREATE_NEW: (None, None)}
        self.group.addButton(self.create_new, CREATE_NEW)
        layout = QVBoxLayout(self)
        for card, match in zip(self.cards, matches):
            self.group.addButton(card.link, match.person_id)
            self._choices[match.person_id] = (match.person_id, None)
            for reference, button in card.routes.items():
                self.group.addButton(button, -2 - len(self._choices))
                self._choices[self.group.id(button)] = (match.person_id, reference)
            layout.addWidget(card)
        exact = [m for m in matches if m.exact]
        by_number = [m for m in exact if m.exact_why != "same names and date of birth"]
        exact = by_number or exact  # an NHS number or UPN decides first (services/intake/person_check.py)
        if len(exact) == 1 and not screening:  # linked at intake in any case
            self.create_new.setEnabled(False)
            because = exact[0].exact_why
            layout.addWidget(_plain(f"{because[0].upper()}{because[1:]} as {exact[0].full_name}, known to the hub: "
                                    "the contact is linked to them.", grey=True))
        bottom = QHBoxLayout()
        self.said = _plain("")  # the choice in words, beside the button that records it
        self.said.setVisible(False)
        bottom.addWidget(self.said, 1)
        bottom.addStretch(0 if screening else 1)
        bottom.addWidget(self.create_new)
        self.record = QPushButton("Re&cord this decision")
        self.record.setAutoDefault(False)
        self.record.setEnabled(False)
        bottom.addWidget(self.record)
        layout.addLayout(bottom)
        self.record.setVisible(screening)  # once it has a parent: never a window of its own
        self.group.idClicked.connect(self._clicked)

    def _clicked(self, _id: int) -> None:
        self.record.setEnabled(True)
        if self.record.isVisibleTo(self):
            self.said.setText(self.choice_words())
            self.said.setVisible(True)
        self.chosen.emit()

    def choice_words(self) -> str:
        decision = self.decision()
        if decision is None:
            return ""
        known, route = decision
        if known is None:
            return "Chosen: a new person."
        name = next(m.full_name for m in self.matches if m.person_id == known)
        return f"Chosen: {name}" + (f", and this contact goes with {route}." if route else ".")

    def choice(self) -> int | None:
        """The person id to link, CREATE_NEW, or None while undecided."""
        decision = self.decision()
        if decision is None:
            return None
        return CREATE_NEW if decision[0] is None else decision[0]

    def decision(self) -> tuple[int | None, str | None] | None:
        """(person id to link or None for a new person, case reference to route
        to or None); None while undecided."""
        checked = self.group.checkedId()
        return None if checked == -1 else self._choices[checked]


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
