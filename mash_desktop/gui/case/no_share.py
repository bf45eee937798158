"""Decisions not to share: the Case menus' "Decision not to share: record why…",
its dialog, and what the case workspace's Disclosures section shows of them.

Offered in the queue's Case menu and the workspace's (Ctrl+Shift+V) to those
who would disclose (domain/access.py); the dialog asks with whom sharing was
considered, what and why not, and records it through
services/case/no_share.py, which checks the roles and the panel again. Only
the deciding agency reads the record, on the Disclosures section and on its
sharing record.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QTableWidget, QVBoxLayout, QWidget

from ...domain import access
from ...domain.case_record import CaseRecord
from ...domain.no_share import HUB, TEXT_LIMIT, unseen_words
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.case.no_share import NoShareState, decline, no_share_state
from ...store.database import Database
from ..common.form_dialog import FormDialog
from ..common.form_widgets import choice_box, text_box
from ..help import content as help_content
from .case_action import CaseAction
from .widgets import table, text_label

LABEL = "Decision not to share: record wh&y…"
KEYS = "Ctrl+Shift+V"
TIP = "Record that your agency considered sharing something on this case and decided not to, and why"
ALTERED = "Altered outside the hub: not shown"


def why_not(case: CaseRecord | None, signed: SignedIn) -> str:
    """Why the action is greyed out for this case ('' if it is not)."""
    if not access.may_act(signed.actor.roles, access.Step.DECLINE_SHARE):
        return f"For {access.role_names(access.Step.DECLINE_SHARE)} only"
    return "Open the case first" if case is None else ""


class NoShareDialog(FormDialog):
    """With whom sharing was considered, what, and why it is not shared."""

    help_section = help_content.NO_SHARE

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> None:
        self.reference = reference.strip().upper()
        super().__init__(parent, db, signed, f"Decision not to share on {self.reference}", "&Record decision")
        self.agency = signed.actor.agency_code or ""
        self.state: NoShareState | None = None
        self.decision_id: int | None = None
        self.with_whom = choice_box("Considered sharing with", "Choose the hub or an agency", [])
        self.considered = text_box("What was considered for sharing", 4,
                                   "What you thought of sharing: the information, not its full text")
        self.why = text_box("Why it is not shared", 4, "Why sharing it is not necessary, proportionate or lawful")
        form = QFormLayout(self.body)
        form.addRow(text_label(f"Record that {self.agency} considered sharing information on this case and decided "
                               f"not to. Only {self.agency}'s casework staff read this record; it is listed on "
                               f"{self.agency}'s information-sharing record. It cannot be changed afterwards: "
                               "record a new decision if your view changes.", muted=True))
        for text, widget in (("Considered sharing &with", self.with_whom),
                             ("What was &considered", self.considered), ("Why &not", self.why)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.with_whom.currentIndexChanged.connect(self.revalidate)
        self.considered.textChanged.connect(self.revalidate)
        self.why.textChanged.connect(self.revalidate)
        self.resize(640, 460)
        self.load(partial(no_share_state, db, signed, self.reference), self._loaded_state)

    def _loaded_state(self, state: NoShareState) -> None:
        self.state = state
        self.with_whom.add("The whole hub (every partner agency)", HUB)
        for agency in state.agencies:
            self.with_whom.add(f"{agency.name} ({agency.code})", agency.code)
        self.with_whom.setCurrentIndex(-1)
        self.with_whom.setFocus()

    def problem(self) -> str | None:
        if self.state is None:
            return None
        if not access.may_act(self.signed.actor.roles, access.Step.DECLINE_SHARE):
            return f"Recording a decision not to share is for {access.role_names(access.Step.DECLINE_SHARE)}."
        if not self.state.has_panel:
            return f"{self.agency} has not written its panel on {self.reference} yet: write it first."
        if self.with_whom.value() is None:
            return "Choose with whom sharing was considered."
        for box, missing in ((self.considered, "Say what was considered for sharing."),
                             (self.why, "Say why it is not shared.")):
            text = box.toPlainText().strip()
            if not text:
                return missing
            if len(text) > TEXT_LIMIT:
                return f"Keep each text to {TEXT_LIMIT:,} characters (this one has {len(text):,})."
        return None

    def save(self) -> None:
        self.run_save(partial(decline, self.db, self.signed, self.reference, self.with_whom.value(),
                              self.considered.toPlainText(), self.why.toPlainText()), self._recorded)

    def _recorded(self, decision_id: int) -> None:
        self.decision_id = decision_id
        self.accept()


def run_no_share(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> bool:
    """Ask for a decision not to share on ``reference`` and record it; True if it was recorded."""
    dialog = NoShareDialog(parent, db, signed, reference)
    dialog.exec()
    return dialog.changed


class NoShareAction(CaseAction):
    """The workspace's "Record a decision not to share…", enabled for the case on screen."""

    def __init__(self, window: QWidget, db: Database, signed: SignedIn, after: Callable[[], None]) -> None:
        super().__init__(window, db, signed, after, label=LABEL, keys=KEYS, tip=TIP, why_not=why_not,
                         run=run_no_share)


def no_share_parts(case: CaseRecord, fit: Callable[[QTableWidget], QTableWidget] = lambda t: t) -> list[QWidget]:
    """For the Disclosures section: how many disclosures the reader may not see, and their agency's
    decisions not to share (none of either: nothing); ``fit`` keeps a table's wrapped rows whole."""
    parts: list[QWidget] = []
    if case.unseen_disclosures:
        parts.append(text_label(unseen_words(case.unseen_disclosures), muted=True))
    if case.not_to_share:
        box = QGroupBox(f"Decisions not to share ({len(case.not_to_share)}, seen by your agency only)")
        layout = QVBoxLayout(box)
        layout.addWidget(fit(table(
            ["When (London)", "By", "Considered sharing with", "What was considered", "Why not"],
            [(local(e.decided_at), e.decided_by or "—", e.with_whom, ALTERED if e.altered else e.considered,
              ALTERED if e.altered else e.why_not) for e in case.not_to_share],
            stretch=4, name="decisions not to share", fit=True)))
        parts.append(box)
    return parts
