"""Record a strategy discussion held on a case.

When it was held, who was invited (police and health must be: the dialog
says so while either is missing), what was shared, the s47 decision and its
reasons, and the actions agreed with their owners and due dates. Choosing
"Start s47 enquiries" shows when the initial child protection conference is
due (15 working days, on the hub calendar). The service checks the roles and
everything typed again; it signs the record as the person recording it.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...domain import access
from ...domain.strategy import SAME_DAY_LABEL, S47Decision, icpc_due, missing_caption, missing_kinds
from ...domain.zone import HUB_ZONE
from ...reports.wording import day
from ...security.accounts import SignedIn
from ...services.strategy.discussions import DiscussionInput, record_discussion
from ...services.strategy.form import StrategyForm, strategy_form
from ...store.database import Database
from ..common.form_dialog import FormDialog
from ..common.form_widgets import choice_box, note_label, text_box
from ..help import content as help_content
from ..intake.received import FUTURE, ReceivedAt
from .lists import ActionList, AttendeeList

SAME_DAY_NOTE = (f"{SAME_DAY_LABEL}: the concerns include an injury or sexual abuse, so the strategy discussion "
                 "is expected the same working day.")


class StrategyDialog(FormDialog):
    """Convene and record a strategy discussion on one case."""

    help_section = help_content.STRATEGY

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        self.reference = reference.strip().upper()
        super().__init__(parent, db, signed, f"Strategy discussion on {self.reference}", "&Record discussion")
        self.form_facts: StrategyForm | None = None
        self.same_day = note_label("warning", "sameDayNote")
        self.missing = note_label("warning", "missingAgencies")
        self.when = ReceivedAt()
        self.when.label.setText("Con&vened")
        self.when.edit.setAccessibleName("Date and time the strategy discussion was held (UK time)")
        self.when.now.setAccessibleName("Set the time it was held to now")
        self.attendees = AttendeeList()
        self.shared = text_box("What was shared", 4, "What each agency shared: facts, their source, and what "
                                                     "is not yet known")
        self.decision = choice_box("s47 decision", "Choose the decision…", [(d.label, d) for d in S47Decision])
        self.reasons = text_box("Reasons for the decision", 3, "Why: the threshold of reasonable cause to "
                                                               "suspect significant harm, weighed")
        self.icpc = QLabel()
        self.icpc.setObjectName("icpcDue")
        self.icpc.setWordWrap(True)
        self.actions = ActionList()

        form = QFormLayout()
        form.addRow(self.when.label, self.when)
        form.addRow(QLabel("Who was invited:"), self.attendees)
        form.addRow(self.missing)
        shared = QLabel("What was &shared:")
        shared.setBuddy(self.shared)
        form.addRow(shared, self.shared)
        form.addRow("s47 &enquiries:", self.decision)
        form.addRow(self.icpc)
        reasons = QLabel("Reasons for the &decision:")
        reasons.setBuddy(self.reasons)
        form.addRow(reasons, self.reasons)
        form.addRow(QLabel("Actions agreed:"), self.actions)
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 8, 0)
        inner.addWidget(self.same_day)
        inner.addLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.when.changed.connect(self._update)
        self.attendees.changed.connect(self._update)
        self.actions.changed.connect(self._update)
        self.decision.currentIndexChanged.connect(self._update)
        for box in (self.shared, self.reasons):
            box.textChanged.connect(self.revalidate)
        self.resize(980, 760)
        self.load(partial(strategy_form, db, signed, self.reference), self._facts_loaded)

    def _facts_loaded(self, facts: StrategyForm) -> None:
        self.form_facts = facts
        self.attendees.set_agencies(facts)
        self.actions.set_owners(facts)
        self.same_day.setText(SAME_DAY_NOTE)
        self.same_day.setVisible(facts.same_day)
        self._update()
        self.when.edit.setFocus()

    def _update(self) -> None:
        missing = missing_kinds(self.attendees.attendee_kinds())
        self.missing.setText(missing_caption(missing))
        self.missing.setVisible(bool(missing))
        facts = self.form_facts
        if facts is not None and self.decision.value() is S47Decision.START_S47:
            held = self.when.moment().astimezone(HUB_ZONE).date()
            self.icpc.setText(f"Initial child protection conference due by {day(icpc_due(held, facts.calendar))} "
                              "(15 working days from the discussion).")
            self.icpc.setVisible(True)
        else:
            self.icpc.setVisible(False)
        self.revalidate()

    def problem(self) -> str | None:
        facts = self.form_facts
        if facts is None:
            return None
        if not access.may_act(self.signed.actor.roles, access.Step.STRATEGY):
            return f"Recording a strategy discussion needs the role of {access.role_names(access.Step.STRATEGY)}."
        if facts.closed:
            return "This case is closed: reopen it to record a strategy discussion."
        if self.when.in_future():
            return f"The time it was held {FUTURE}."
        if not self.attendees.items:
            return "Add who was invited (Add attendee)."
        if not self.shared.toPlainText().strip():
            return "Say what was shared."
        if self.decision.value() is None:
            return "Choose the s47 decision."
        if not self.reasons.toPlainText().strip():
            return "Give the reasons for the decision."
        return None

    def given(self) -> DiscussionInput:
        return DiscussionInput(self.when.moment(), tuple(self.attendees.items), self.shared.toPlainText().strip(),
                               self.decision.value(), self.reasons.toPlainText().strip(), tuple(self.actions.items))

    def save(self) -> None:
        given = self.given()
        self.run_save(partial(record_discussion, self.db, self.signed.actor, self.reference, given))


def run_strategy(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Open the dialog on ``reference``; True if a discussion was recorded."""
    dialog = StrategyDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed
