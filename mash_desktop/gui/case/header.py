"""The case workspace's header: who the case is about and how urgent it is.

RAG is a coloured chip that always carries its word ("Amber"), and an
overdue decision says "overdue" in words: colour is never the only signal.
Below, the process map marks the step the case is at ("You are here"). A case
whose shared state does not carry a valid signature says so in words. A phone
contact says whether its written confirmation is due, received or overdue.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ...domain.case_record import CaseRecord
from ...domain.codes import Rag, Status
from ...reports.wording import local
from .confirmation import confirmation_text
from .acknowledgement import acknowledgement_text
from .encompass import encompass_text
from ..strategy.view import header_text as strategy_header_text
from .sections import age_text
from .widgets import text_label
from ..people.warning_badges import CaseWarnings
from ..help.process_map import ProcessMap
from ..queue.model import time_left
from ..common.rag_chip import rag_chip

_DONE = frozenset({Status.DECIDED, Status.CLOSED})
ALTERED_WARNING = ("Altered outside the hub: this case's status, RAG, due time or allocation does not carry a "
                   "valid signature of the member who set it. Do not rely on them; tell the hub administrator.")


def due_text(case: CaseRecord, now: dt.datetime) -> str:
    if case.status in _DONE:
        decided = case.decision
        return f"Decided {local(decided.decided_at)}" if decided else case.status.label
    if case.decision_due_at is None:
        return "No decision timescale" if case.rag is Rag.BLUE else "Not rated yet"
    return f"{local(case.decision_due_at)} ({time_left(case.decision_due_at, now)})"


class CaseHeader(QFrame):
    """Reference, RAG chip, subject and age; status, decision due and allocated officer; the process map."""

    def __init__(self, case: CaseRecord, now: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        self.setStyleSheet("#caseHeader { background: #f3f4f6; border-bottom: 1px solid #c8ccd2; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)

        title = QHBoxLayout()
        title.setSpacing(14)
        self.reference = text_label(case.reference, bold=True)
        big = QFont(self.reference.font())
        big.setPointSizeF(big.pointSizeF() * 1.35)
        self.reference.setFont(big)
        self.chip = rag_chip(case.rag)
        self.chip.setObjectName("ragChip")
        self.chip.setToolTip(case.rag.label if case.rag else "Not rated yet")
        self.subject = text_label(self._subject(case, now))
        self.subject.setFont(big)
        title.addWidget(self.reference)
        title.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addWidget(self.subject, 1)
        layout.addLayout(title)

        facts = QHBoxLayout()
        facts.setSpacing(6)
        self.status = text_label(case.status.label)
        self.due = text_label(due_text(case, now))
        if case.decision_due_at is not None and case.decision_due_at < now and case.status not in _DONE:
            self.due.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.allocated = text_label(case.allocated_to or "Not allocated")
        due_caption = "Decision" if case.status in _DONE else case.due_caption
        for number, (name, value) in enumerate((("Status", self.status), (due_caption, self.due),
                                                ("Allocated to", self.allocated))):
            caption = text_label(f"{name}:", muted=True)
            caption.setWordWrap(False)
            value.setWordWrap(False)
            if number:
                facts.addSpacing(24)
            facts.addWidget(caption)
            facts.addWidget(value)
        facts.addStretch(1)
        layout.addLayout(facts)
        self.warnings = CaseWarnings(case)
        layout.addWidget(self.warnings)
        self.confirmation = None
        confirmation = confirmation_text(case, now)
        if confirmation:
            self.confirmation = text_label(confirmation)
            self.confirmation.setObjectName("confirmationState")
            if case.confirmation_overdue(now) or not case.confirmation_verified:
                self.confirmation.setStyleSheet("color: #b71c1c; font-weight: bold;")
            layout.addWidget(self.confirmation)
        self.notices: dict[str, object] = {}
        for name, text, alarm in (
                ("acknowledgementState", acknowledgement_text(case, now),
                 case.acknowledgement is not None and (case.acknowledgement.overdue(now)
                                                       or not case.acknowledgement.verified)),
                ("encompassState", encompass_text(case, now),
                 case.encompass is not None and (case.encompass.overdue(now) or not case.encompass.verified))):
            if text:
                label = text_label(text)
                label.setObjectName(name)
                if alarm:
                    label.setStyleSheet("color: #b71c1c; font-weight: bold;")
                layout.addWidget(label)
                self.notices[name] = label
        self.strategy = None
        strategy = strategy_header_text(case)
        if strategy:
            self.strategy = text_label(strategy)
            self.strategy.setObjectName("strategyState")
            self.strategy.setStyleSheet("font-weight: bold;")
            layout.addWidget(self.strategy)
        self.altered = None
        if not case.state_verified:
            self.altered = text_label(ALTERED_WARNING, bold=True)
            self.altered.setObjectName("alteredWarning")
            self.altered.setStyleSheet("color: #b71c1c;")
            layout.addWidget(self.altered)
        self.process_map = ProcessMap(case.status)
        layout.addWidget(self.process_map)

    @staticmethod
    def _subject(case: CaseRecord, now: dt.datetime) -> str:
        if not case.subjects:
            return "(no subject recorded)"
        first = case.subjects[0]
        others = len(case.subjects) - 1
        more = f" (and {others} other subject{'s' if others > 1 else ''})" if others else ""
        return f"{first.name}, {age_text(first, now)}{more}"
