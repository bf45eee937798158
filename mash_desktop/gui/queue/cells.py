"""What each cell of the queue shows: columns, words, colours, tooltips, sort values.

RAG is shown as a word on its colour, and an overdue decision as the word
"overdue" in red: colour is never the only signal; a row whose status, RAG,
due time or allocation does not carry a valid signature says "altered outside
the hub" beside its status. Time left is worked out from the moment
:class:`Cells` was last told (``now``): in the hub's working hours where the
clock runs in working hours (Amber, Green, and the screening of a contact not
rated yet), in clock time for Red.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from PySide6.QtGui import QColor, QFont

from ...domain.codes import ConcernCategory, Rag, Status
from ...domain.timescales import TIMESCALES, HubCalendar
from ...services.queue.query import DECIDED, QueueRow
from ...services.intake.referrals import ReferralSummary
from .formats import (
    NO_VALUE,
    age_in_years,
    concern_words,
    countdown,
    hub_time,
    rag_word,
    school_tip,
    school_words,
    research_done,
    research_legend,
    research_text,
    research_words,
    waited,
    waited_words,
)


class Column(enum.IntEnum):
    """The queue's columns, in display order: the same numbers as ``QueueSort``,
    so a click on a header asks the database for that order."""

    REFERENCE = 0
    SUBJECT = 1
    AGE = 2
    RAG = 3
    STATUS = 4
    DUE = 5
    RECEIVED = 6
    ALLOCATED = 7
    RESEARCH = 8
    SOURCE = 9
    CONCERNS = 10

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def tip(self) -> str | None:
        """What the column shows, for its header's tooltip."""
        return _HEADER_TIPS.get(self)


_TITLES = {
    Column.REFERENCE: "Reference",
    Column.SUBJECT: "Subject",
    Column.AGE: "Age",
    Column.RAG: "RAG",
    Column.STATUS: "Status",
    Column.DUE: "Due",
    Column.RECEIVED: "Waiting since",
    Column.SOURCE: "Source",
    Column.CONCERNS: "Concerns",
    Column.ALLOCATED: "Allocated to",
    Column.RESEARCH: "Research",
}
_HEADER_TIPS = {
    Column.DUE: "Time left to the next step: screening for a contact not rated yet (one working day of "
                "receipt), else the decision. Red counts clock hours; the others count the hub's working hours.",
    Column.RECEIVED: "When the contact was received (hub time) and how long it has been waiting",
    Column.SOURCE: "Who made the contact",
    Column.CONCERNS: "The concern categories of the contact",
    Column.RESEARCH: "Research asked of each agency: " + research_legend(", "),
}

#: (background, text) per RAG: each pair has a contrast ratio above 4.5:1.
RAG_COLOURS = {
    Rag.RED: (QColor("#b71c1c"), QColor("#ffffff")),
    Rag.AMBER: (QColor("#ffb300"), QColor("#1a1a1a")),
    Rag.GREEN: (QColor("#2e7d32"), QColor("#ffffff")),
    Rag.BLUE: (QColor("#1565c0"), QColor("#ffffff")),
}
RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.BLUE: 3, None: 4}
STATUS_RANK = {status: rank for rank, status in enumerate(Status)}
OVERDUE_COLOUR = QColor("#b71c1c")
ALTERED_TIP = ("This case's status, RAG, due time or allocation was changed outside the hub: it does not carry "
               "a valid signature of the member who set it. Tell the hub administrator.")
_DECIDED = frozenset(DECIDED)
_CONCERN_RANK = {category: rank for rank, category in enumerate(ConcernCategory)}




class Cells:
    """Formats rows as of a moment (``now``), the same for every role the model is asked for."""

    def __init__(self, now: dt.datetime, calendar: HubCalendar | None = None) -> None:
        self.now = now
        #: The hub's working calendar (a load brings the hub's closure days).
        self.calendar = calendar or HubCalendar()
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def due_of(self, summary: ReferralSummary) -> dt.datetime | None:
        """The screening or decision due time still pending, or None once decided.
        A contact not rated yet that has none (stored before the screening clock) is due at its receipt."""
        if summary.status in _DECIDED:
            return None
        if summary.rag is None and summary.decision_due_at is None:
            return summary.received_at
        return summary.decision_due_at

    def countdown(self, summary: ReferralSummary) -> str:
        """Time left in working hours, or clock hours where the clock runs day and night (Red)."""
        scale = TIMESCALES.get(summary.rag) if summary.rag else None
        working = not (scale and scale.clock_hours)
        return countdown(self.due_of(summary), self.now, self.calendar if working else None)

    def is_overdue(self, summary: ReferralSummary) -> bool:
        """Whether its decision is still awaited and past due, as of ``now``."""
        due = self.due_of(summary)
        return due is not None and due <= self.now

    @staticmethod
    def is_altered(row: QueueRow) -> bool:
        """Checked and found not to verify (rows not checked are not marked)."""
        return row.state_verified is False

    def text(self, row: QueueRow, column: Column) -> str:
        s = row.summary
        if column == Column.REFERENCE:
            return s.reference
        if column == Column.SUBJECT:
            # Warnings the reader may see on the subject, in words.
            return f"{s.subject} · ⚠ {', '.join(row.warnings)}" if row.warnings else s.subject
        if column == Column.AGE:
            age = age_in_years(s.subject_dob, self.now)
            return NO_VALUE if age is None else str(age)
        if column == Column.RAG:
            return rag_word(s.rag)
        if column == Column.STATUS:
            # The warning first, so a narrow column cannot clip it away.
            return f"⚠ Altered outside the hub: {s.status.label}" if self.is_altered(row) else s.status.label
        if column == Column.DUE:
            return self.countdown(s)
        if column == Column.RECEIVED:
            return waited(s.received_at, self.now)
        if column == Column.SOURCE:
            return row.source.label if row.source else NO_VALUE
        if column == Column.CONCERNS:
            # The school's Encompass clock and what a strategy discussion calls for first, in words,
            # so a narrow column keeps them.
            flags = [f"⚑ {flag}" for flag in (self.school(row), row.strategy) if flag]
            return " · ".join([*flags, concern_words(row.concerns)])
        if column == Column.RESEARCH:
            return research_text(row.research)
        return s.allocated_to or "Unallocated"

    def sort_key(self, row: QueueRow, column: Column) -> Any:
        """The raw value behind a cell (the database sorts by the same values)."""
        s = row.summary
        if column == Column.SUBJECT:
            return s.subject.casefold()
        if column == Column.AGE:
            return age_in_years(s.subject_dob, self.now)
        if column == Column.RAG:
            return RAG_RANK[s.rag]
        if column == Column.STATUS:
            return STATUS_RANK[s.status]
        if column == Column.DUE:
            return self.due_of(s)
        if column == Column.RECEIVED:
            return s.received_at
        if column == Column.SOURCE:
            return row.source.label if row.source else None
        if column == Column.CONCERNS:
            return _CONCERN_RANK[row.concerns[0]] if row.concerns else None
        if column == Column.ALLOCATED:
            return (s.allocated_to or "").casefold() or None
        if column == Column.RESEARCH:
            return research_done(row.research)
        return s.reference

    def tooltip(self, row: QueueRow, column: Column) -> str | None:
        s = row.summary
        if column == Column.STATUS:
            return ALTERED_TIP if self.is_altered(row) else s.status.label
        if column == Column.SUBJECT:
            return (f"{s.subject}. Warnings you may see on them: {', '.join(row.warnings)} (open the case, then "
                    "Case ▸ Warnings… for details)" if row.warnings else s.subject)
        if column == Column.ALLOCATED:
            return f"Allocated to {s.allocated_to}" if s.allocated_to else "Not allocated to anyone yet"
        if column == Column.DUE:
            return self._due_tip(s)
        if column == Column.RECEIVED:
            return waited_words(s.received_at, self.now)
        if column == Column.CONCERNS and self.school(row):
            return f"{school_tip(row.encompass_due_at, row.school_informed_at, self.now)}. Concerns: " + \
                concern_words(row.concerns)
        if column == Column.CONCERNS and (row.concerns or row.strategy):
            return "Concerns: " + self.text(row, column)
        if column == Column.SOURCE and row.source:
            return f"Source: {row.source.label}"
        if column == Column.RAG and s.rag:
            return s.rag.label
        if column == Column.RESEARCH:
            return research_words(row.research)
        if column == Column.AGE and s.subject_dob:
            return f"Born {s.subject_dob.day} {s.subject_dob:%b %Y}"
        return None

    def school(self, row: QueueRow) -> str | None:
        """The Operation Encompass clock in words while it matters (services/queue/query.py)."""
        return school_words(row.encompass_due_at, row.school_informed_at, self.now)

    def school_overdue(self, row: QueueRow) -> bool:
        """An Encompass notification whose school was not told by its deadline, as of ``now``."""
        due = row.encompass_due_at
        return due is not None and row.school_informed_at is None and due <= self.now

    def school_font(self) -> QFont:
        return self._bold

    def _due_tip(self, s: ReferralSummary) -> str:
        if s.status in _DECIDED:
            return "Decision recorded"
        if s.rag is None:
            if s.decision_due_at is None:
                return (f"Screening due on receipt, {hub_time(s.received_at)}: not rated yet, and received "
                        "before the hub kept a screening time")
            return f"Screening due {hub_time(s.decision_due_at)} (not rated yet; counted in working hours)"
        if s.decision_due_at is None:
            return "No decision timescale (information only)"
        way = "counted on the clock, day and night" if s.rag is Rag.RED else "counted in working hours"
        return f"Decision due {hub_time(s.decision_due_at)} ({rag_word(s.rag)}: {way})"

    def foreground(self, s: ReferralSummary, column: Column) -> QColor | None:
        if column == Column.RAG and s.rag:
            return RAG_COLOURS[s.rag][1]
        if column == Column.DUE and self.is_overdue(s):
            return OVERDUE_COLOUR
        return None

    def font(self, s: ReferralSummary, column: Column) -> QFont | None:
        if column == Column.DUE and self.is_overdue(s):
            return self._bold
        if column == Column.RAG and s.rag in (Rag.RED, Rag.AMBER):
            return self._bold
        if (column == Column.ALLOCATED and not s.allocated_to) or (column == Column.RAG and not s.rag):
            return self._italic
        return None
