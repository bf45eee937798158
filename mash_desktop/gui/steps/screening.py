"""Screening: a supervisor rates a case (with the reason) and asks agencies to research.

Beside the form, the case's essentials (gui/steps/case_brief.py): subjects,
concerns and research. Above the rating, any subject who may be someone
already known, with their possible matches (gui/steps/person_checks.py): each
decision there (link, route, new person) is saved at once, on its own. The
rating and the research request may be made together; they are saved in one
transaction (services/intake/screening.py). Each rating shows its word beside
its colour. Agencies already asked are ticked and cannot be unticked.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain import access
from ...domain.codes import Rag, Status
from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...services.intake.screening import ScreeningDone, ScreeningState, screen, screening_state
from ...store.database import Database
from ..help import content as help_content
from ..common import errors
from ..common.background import Operation
from ..common.form_dialog import FormDialog
from ..common.form_widgets import text_box
from ..common.rag_chip import CaseLine, rag_icon, rag_word
from .case_brief import CaseBrief, beside
from .person_checks import PersonChecks

MNEMONIC = {Rag.RED: "&Red", Rag.AMBER: "&Amber", Rag.GREEN: "&Green", Rag.BLUE: "&Blue"}
#: Research may be asked for from these states (domain/lifecycle.py).
#: The purpose the look at the case beside the form is audited with.
SCREENING_LOOK = "screening"
_RESEARCH_OPEN = frozenset({Status.NEW, Status.SCREENED, Status.RESEARCHING, Status.AWAITING_DECISION})


class ScreeningDialog(FormDialog):
    """Set or change the RAG rating with a reason; ask chosen agencies to research."""

    help_section = help_content.SCREENING

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        self.reference = reference.strip().upper()
        super().__init__(parent, db, signed, f"Screening {self.reference}", "&Save")
        self.state: ScreeningState | None = None
        self.saved: ScreeningDone | None = None
        self.case = CaseLine()

        rating = QGroupBox("RAG rating")
        self.keep = QRadioButton("&Keep the current rating")
        self.ratings = QButtonGroup(self)
        self.ratings.addButton(self.keep)
        rows = QVBoxLayout(rating)
        rows.addWidget(self.keep)
        self.rag_buttons: dict[Rag, QRadioButton] = {}
        for rag in Rag:
            button = QRadioButton(f"{MNEMONIC[rag]} — {rag.label.split(': ', 1)[1]}")
            button.setIcon(rag_icon(rag))
            button.setAccessibleName(rag.label)
            self.ratings.addButton(button)
            self.rag_buttons[rag] = button
            rows.addWidget(button)
        self.reason = text_box("Reason for the rating", 3, "Why this rating: what was seen, known or said")
        reason_label = QLabel("R&eason for the rating (required when the rating is set or changed):")
        reason_label.setBuddy(self.reason)
        rows.addWidget(reason_label)
        rows.addWidget(self.reason)

        research = QGroupBox("Ask agencies to research")
        self.agency_grid = QGridLayout(research)
        self.agency_boxes: dict[str, QCheckBox] = {}

        self.checks = PersonChecks(db, signed, self.reference)
        self.checks.decide.connect(self._decide)
        form = QWidget()
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(self.case)
        layout.addWidget(self.checks)
        layout.addWidget(rating)
        layout.addWidget(research)
        layout.addStretch(1)
        self.brief = CaseBrief(db, signed, self.reference, SCREENING_LOOK)
        whole = QHBoxLayout(self.body)
        whole.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(form)
        whole.addWidget(beside(self.brief, scroll))
        self.ratings.buttonToggled.connect(self.revalidate)
        self.reason.textChanged.connect(self.revalidate)
        self.resize(1120, 720)
        self.load(self._fetch, self._show_all)

    def _may_screen(self) -> bool:
        return access.may_act(self.signed.actor.roles, access.Step.SCREEN)

    def _fetch(self) -> tuple[ScreeningState, tuple]:
        """The case's state and, for those who may decide them, the subjects still to decide."""
        return screening_state(self.db, self.reference), (self.checks.load()() if self._may_screen() else ())

    def _show_all(self, loaded: tuple[ScreeningState, tuple]) -> None:
        self._show(loaded[0])
        # A closed case is reopened before anything about it is decided (the service says so too).
        self.checks.show_subjects(loaded[1] if loaded[0].status is not Status.CLOSED else ())

    def _load_checks(self) -> None:
        if self._may_screen():
            Operation(self, self.checks.load()).success(self.checks.show_subjects) \
                .failure(lambda exc: self.show_message(exc.message) if isinstance(exc, MashError)
                         else errors.show_error(self, exc)).run()

    def _decide(self, fn, said: str) -> None:
        self.run_save(fn, lambda _done: self._decided(said))

    def _decided(self, said: str) -> None:
        self.show_done(said)
        self._load_checks()

    def refused(self, exc: MashError) -> None:
        self._load_checks()  # someone else may have decided meanwhile

    def _show(self, state: ScreeningState) -> None:
        self.state = state
        self.case.show_case(state.status, state.rag, "Already asked: " + (", ".join(sorted(state.asked)) or "none"))
        self.keep.setVisible(state.rag is not None)
        self.keep.setChecked(state.rag is not None)
        for rag, button in self.rag_buttons.items():
            current = rag is state.rag
            button.setEnabled(not current)
            button.setText(f"{MNEMONIC[rag]} — {rag.label.split(': ', 1)[1]}" + (" (current)" if current else ""))
        for index, agency in enumerate(state.agencies):
            box = self.agency_boxes.get(agency.code)
            if box is None:
                box = QCheckBox(f"{agency.code} — {agency.name}")
                box.toggled.connect(self.revalidate)
                self.agency_boxes[agency.code] = box
                self.agency_grid.addWidget(box, index // 2, index % 2)
            asked = agency.code in state.asked
            if asked:
                box.setChecked(True)
                box.setText(f"{agency.code} — {agency.name} (asked)")
            box.setEnabled(not asked)
        previous: QWidget = self.reason  # from the reason on to the agencies, whatever came in between
        for box in self.agency_boxes.values():
            QWidget.setTabOrder(previous, box)
            previous = box

    def chosen_rag(self) -> Rag | None:
        """The new rating chosen; None to keep the current one."""
        current = self.state.rag if self.state else None
        return next((rag for rag, button in self.rag_buttons.items() if button.isChecked() and rag is not current),
                    None)

    def chosen_agencies(self) -> list[str]:
        return [code for code, box in self.agency_boxes.items() if box.isChecked() and box.isEnabled()]

    def problem(self) -> str | None:
        state = self.state
        if state is None:
            return None
        if not access.may_act(self.signed.actor.roles, access.Step.SCREEN):
            return f"Screening needs the role of {access.role_names(access.Step.SCREEN)}."
        if state.status is Status.CLOSED:
            return "The case is closed: it must be reopened before it is screened again."
        rag, agencies = self.chosen_rag(), self.chosen_agencies()
        if rag is None and not agencies:
            return ("Choose a RAG rating." if state.rag is None
                    else "Choose a new rating, or an agency to ask to research.")
        if agencies and rag is None and state.rag is None:
            return "Rate the case before asking agencies to research."
        if rag is not None and not self.reason.toPlainText().strip():
            return f"Give the reason for rating the case {rag_word(rag).lower()}."
        if agencies and state.status not in _RESEARCH_OPEN:
            return f"This case cannot be sent for research now (status: {state.status.label})."
        return None

    def save(self) -> None:
        rag, reason, agencies = self.chosen_rag(), self.reason.toPlainText().strip(), self.chosen_agencies()
        self.run_save(partial(screen, self.db, self.signed, self.reference, rag=rag, reason=reason, research=agencies),
                      self._saved_screening)

    def _saved_screening(self, done: ScreeningDone) -> None:
        self.saved = done
        self.accept()


def run_screening(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Open the screening dialog on ``reference``; True if something was saved."""
    dialog = ScreeningDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed
