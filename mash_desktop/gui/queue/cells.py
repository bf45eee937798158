"""What each cell of the queue shows: columns, words, colours, tooltips, sort values.

RAG is shown as a word on its colour, and an overdue decision as the word
"overdue" in red: colour is never the only signal; a row whose status, RAG,
due time or allocation does not carry a valid signature says "altered outside
the hub" beside its status. Time left to a decision is
worked out from the moment :class:`Cells` was last told (``tick``).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from PySide6.QtGui import QColor, QFont

from ...domain.codes import Rag, Status
from ...services.queue.query import DECIDED, QueueRow
from ...services.intake.referrals import ReferralSummary
from .formats import (
    NO_VALUE,
    age_in_years,
    hub_time,
    rag_word,
    research_done,
    research_text,
    research_words,
    time_left,
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
    ALLOCATED = 6
    RESEARCH = 7

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Column.REFERENCE: "Reference",
    Column.SUBJECT: "Subject",
    Column.AGE: "Age",
    Column.RAG: "RAG",
    Column.STATUS: "Status",
    Column.DUE: "Decision due",
    Column.ALLOCATED: "Allocated to",
    Column.RESEARCH: "Research",
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




class Cells:
    """Formats rows as of a moment (``now``), the same for every role the model is asked for."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def due_of(self, summary: ReferralSummary) -> dt.datetime | None:
        """The decision due time still pending, or None once decided."""
        return None if summary.status in _DECIDED else summary.decision_due_at

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
            return s.subject
        if column == Column.AGE:
            age = age_in_years(s.subject_dob, self.now)
            return NO_VALUE if age is None else str(age)
        if column == Column.RAG:
            return rag_word(s.rag)
        if column == Column.STATUS:
            # The warning first, so a narrow column cannot clip it away.
            return f"⚠ Altered outside the hub: {s.status.label}" if self.is_altered(row) else s.status.label
        if column == Column.DUE:
            return time_left(self.due_of(s), self.now)
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
        if column == Column.ALLOCATED:
            return (s.allocated_to or "").casefold() or None
        if column == Column.RESEARCH:
            return research_done(row.research)
        return s.reference

    def tooltip(self, row: QueueRow, column: Column) -> str | None:
        s = row.summary
        if column == Column.STATUS and self.is_altered(row):
            return ALTERED_TIP
        if column == Column.DUE:
            if s.status in _DECIDED:
                return "Decision recorded"
            if s.decision_due_at is None:
                return "No decision timescale (information only)" if s.rag is Rag.BLUE else "Not rated yet"
            return f"Decision due {hub_time(s.decision_due_at)}"
        if column == Column.RAG and s.rag:
            return s.rag.label
        if column == Column.RESEARCH:
            return research_words(row.research)
        if column == Column.AGE and s.subject_dob:
            return f"Born {s.subject_dob.day} {s.subject_dob:%b %Y}"
        return None

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
