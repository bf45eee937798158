"""Who are this contact's subjects? Possible matches in the Screen dialog.

For each subject not yet decided, the people already known who may be them,
on the same cards as the intake form's duplicate check (gui/intake/
matches.py): why, what differs, earlier contacts and open or recently closed
cases. The supervisor picks one choice (link, link and route to a case, or
a new person) and records it with "Record this decision"; the subject then
leaves the list. Deciding is separate from the rating below it and saved at
once (services/intake/screening_matches.py).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...security.accounts import SignedIn
from ...services.intake.screening_matches import SubjectToCheck, confirm_new, link_person, subjects_to_check
from ...store.database import Database
from ..intake.matches import SubjectMatches, who

HEADING = "Who are the subjects? Possible earlier records"
INTRO = ("Some subjects may already be known to the hub. For each, say whether they are one of the people "
         "below (and whether this contact belongs with one of their cases) or a new person.")


class PersonChecks(QWidget):
    """The undecided subjects with possible matches; empty (and hidden) when none."""

    #: (function to run in the background, what to say once it is done)
    decide = Signal(object, str)

    def __init__(self, db: Database, signed: SignedIn, reference: str) -> None:
        super().__init__()
        self.db, self.signed, self.reference = db, signed, reference
        self.groups: dict[int, SubjectMatches] = {}  # subject's person id -> their matches
        heading = QLabel(HEADING)
        heading.setStyleSheet("font-weight: bold;")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(heading)
        self._layout.addWidget(intro)
        self.setVisible(False)

    def load(self):
        """What :meth:`show_subjects` shows; run it off the GUI thread."""
        return partial(subjects_to_check, self.db, self.signed, self.reference)

    def show_subjects(self, subjects: tuple[SubjectToCheck, ...]) -> None:
        for group in self.groups.values():
            group.setParent(None)
            group.deleteLater()
        self.groups = {}
        for subject in subjects:
            group = SubjectMatches(subject.number, subject,  # type: ignore[arg-type]
                                   list(subject.matches), screening=True)
            group.record.clicked.connect(partial(self._record, subject))
            self.groups[subject.person_id] = group
            self._layout.addWidget(group)
        self.setVisible(bool(subjects))

    def _record(self, subject: SubjectToCheck) -> None:
        decision = self.groups[subject.person_id].decision()
        if decision is None:
            return
        known_id, route = decision
        name = f"Subject {subject.number} ({who(subject)})"  # type: ignore[arg-type]
        if known_id is None:
            self.decide.emit(partial(confirm_new, self.db, self.signed, self.reference, subject.person_id),
                             f"{name} recorded as a new person.")
            return
        match = next(m for m in subject.matches if m.person_id == known_id)
        said = f"{name} linked to {match.full_name}" + (f"; this contact routed to {route}." if route else ".")
        self.decide.emit(partial(link_person, self.db, self.signed, self.reference, subject.person_id, known_id,
                                 route_to=route), said)

    def first_focus(self) -> QWidget | None:
        group = next(iter(self.groups.values()), None)
        return group.cards[0].link if group and group.cards else None

