"""The decision: outcome, threshold level, rationale, next steps, named service.

The named service is asked for only for outcomes that send the case to one
(early help, referral on), and is then required. While agencies have not
returned their research a warning names them, and deciding without them
needs an override reason. Beside the form, the case's essentials
(gui/steps/case_brief.py): subjects, concerns, research, and the panels and
disclosures the decision maker may read.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain import access
from ...domain.codes import OUTCOMES_NAMING_SERVICE, Outcome, Status, ThresholdLevel
from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...services.case.decision import DecisionInput, DecisionState, decision_state, record_decision
from ...store.database import Database
from ..help import content as help_content
from ..common.form_dialog import FormDialog
from ..common.form_widgets import choice_box, note_label, text_box
from ..common.rag_chip import CaseLine
from .case_brief import CaseBrief, beside

#: The purpose the look at the case beside the form is audited with.
DECISION_LOOK = "decision"
_DECIDABLE = frozenset({Status.RESEARCHING, Status.AWAITING_DECISION})


def _agencies(state: DecisionState) -> str:
    names = [f"{a.code} ({a.name})" for a in state.outstanding]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class DecisionDialog(FormDialog):
    """Record the MASH decision on a case."""

    help_section = help_content.DECISION

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        self.reference = reference.strip().upper()
        super().__init__(parent, db, signed, f"Decision on {self.reference}", "&Record decision")
        self.state: DecisionState | None = None
        self.case = CaseLine()
        self.outcome = choice_box("Outcome", "Choose the outcome…", [(o.label, o) for o in Outcome])
        self.level = choice_box("Threshold level", "Choose the level…",
                                [(level.label, int(level)) for level in ThresholdLevel])
        self.rationale = text_box("Rationale", 4, "Why this outcome, weighed against the threshold document")
        self.next_steps = text_box("Next steps", 2, "What happens next, by whom, by when")
        self.service = QLineEdit()
        self.service.setAccessibleName("Named service")
        self.service.setPlaceholderText("e.g. Family Support Team (Early Help)")
        self.research_warning = note_label("warning", "researchWarning")
        self.override = text_box("Reason for deciding without the outstanding research", 2,
                                 "Why the decision cannot wait for the outstanding research")

        self.form = QFormLayout()
        self.form.addRow("&Outcome:", self.outcome)
        self.form.addRow("Threshold &level:", self.level)
        self.form.addRow("R&ationale:", self.rationale)
        self.form.addRow("&Next steps:", self.next_steps)
        self.form.addRow("Named ser&vice:", self.service)
        self.override_label = QLabel("Reason to decide &without it:")
        self.override_label.setBuddy(self.override)
        self.form.addRow(self.override_label, self.override)
        form = QWidget()
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.case)
        layout.addWidget(self.research_warning)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.brief = CaseBrief(db, signed, self.reference, DECISION_LOOK, with_panels=True)
        whole = QHBoxLayout(self.body)
        whole.setContentsMargins(0, 0, 0, 0)
        whole.addWidget(beside(self.brief, form))
        self._show_service(False)
        self.form.setRowVisible(self.override, False)

        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        for signal in (self.level.currentIndexChanged, self.rationale.textChanged, self.service.textChanged,
                       self.override.textChanged):
            signal.connect(self.revalidate)
        self.resize(1120, 660)
        self.load(partial(decision_state, db, self.reference), self._show)

    def _show(self, state: DecisionState) -> None:
        self.state = state
        waiting = bool(state.outstanding)
        self.case.show_case(state.status, state.rag)
        if waiting:
            self.research_warning.setText(
                f"Research is still outstanding from {_agencies(state)}. "
                "You can decide without it only if you record why it cannot wait.")
        self.research_warning.setVisible(waiting)
        self.form.setRowVisible(self.override, waiting)

    def _show_service(self, needed: bool) -> None:
        self.form.setRowVisible(self.service, needed)

    def _outcome_changed(self) -> None:
        self._show_service(self.outcome.value() in OUTCOMES_NAMING_SERVICE)
        self.revalidate()

    def problem(self) -> str | None:
        state = self.state
        if state is None:
            return None
        if not access.may_act(self.signed.actor.roles, access.Step.DECIDE):
            return f"Recording a decision needs the role of {access.role_names(access.Step.DECIDE)}."
        if state.status not in _DECIDABLE:
            return f"This case cannot be decided now (status: {state.status.label})."
        outcome = self.outcome.value()
        if outcome is None:
            return "Choose the outcome."
        if self.level.currentIndex() < 0:
            return "Choose the threshold level (1 to 4)."
        if not self.rationale.toPlainText().strip():
            return "Give the rationale for the decision."
        if outcome in OUTCOMES_NAMING_SERVICE and not self.service.text().strip():
            return f"Name the service for '{outcome.label}'."
        if state.outstanding and not self.override.toPlainText().strip():
            return "Research is outstanding: give the reason to decide without it."
        return None

    def decision(self) -> DecisionInput:
        outcome = self.outcome.value()
        return DecisionInput(
            outcome, self.level.value(), self.rationale.toPlainText().strip(),
            self.next_steps.toPlainText().strip(),
            self.service.text().strip() if outcome in OUTCOMES_NAMING_SERVICE else "",
            self.override.toPlainText().strip() if self.state and self.state.outstanding else "")

    def refused(self, exc: MashError) -> None:
        # The case may have moved on (research asked for, decided elsewhere): show it as it is now.
        self.load(partial(decision_state, self.db, self.reference), self._show)

    def save(self) -> None:
        given = self.decision()
        self.run_save(partial(record_decision, self.db, self.signed, self.reference, given))


def run_decision(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Open the decision dialog on ``reference``; True if a decision was recorded."""
    dialog = DecisionDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed
