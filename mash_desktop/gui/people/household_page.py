"""The case workspace's Household section: everyone around the case's people, and their contacts.

One row per member and contact (a member with no open or recent contact has
one row saying so): name, relationship as each contact recorded it, age,
warnings the reader may see (in words), then the contact's reference,
status and RAG rating, as the queue shows them to caseworkers. Enter or a
double-click opens the contact through the same door as the queue (a reason
is asked for where one is needed). "Family network…" draws the family and
the professionals around it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidget, QVBoxLayout, QWidget

from ...domain.case_record import CaseRecord
from ...domain.household import CAPPED, RECENT_DAYS, HouseholdMember
from ...reports.wording import local
from ..case.widgets import text_label, table
from ..queue.cells import RAG_COLOURS
from ..queue.formats import age_in_years, rag_word

HEADERS = ["Name", "Relationship as recorded", "Age", "Warnings", "Contact", "Status", "RAG", "Received"]
CONTACT, RAG = HEADERS.index("Contact"), HEADERS.index("RAG")
NO_CONTACT = "No open or recent contact"
INTRO = ("Everyone named with this contact's people on any contact, anyone the hub recorded as the same person, "
         "and people living at the same address. Their contacts are listed while open or closed within the last "
         f"{RECENT_DAYS // 365 * 12} months. Open a contact with Enter or a double-click.")


def age(member: HouseholdMember, now: dt.datetime) -> str:
    years = age_in_years(member.date_of_birth, now)
    if years is not None:
        return f"{years} year{'s' * (years != 1)}"
    return f"unborn (due {member.expected_due_date:%d %b %Y})" if member.expected_due_date else "not known"


def _rows(case: CaseRecord, now: dt.datetime) -> list[tuple[str, ...]]:
    rows = []
    for m in case.family.members:
        name = m.name + (" (same address)" if m.same_address else "")
        person = (name, "; ".join(m.relationships), age(m, now), ", ".join(m.warnings) or "None you may see")
        if not m.contacts:
            rows.append((*person, NO_CONTACT, "", "", ""))
        for c in m.contacts:
            reference = c.reference + (" (this contact)" if c.reference == case.reference else "")
            status = c.status.label + (f", closed {c.closed_at:%d %b %Y}" if c.closed_at else "")
            rows.append((*person, reference, status, rag_word(c.rag), local(c.received_at)))
    return rows


class HouseholdPage(QWidget):
    """The Household section of one case."""

    def __init__(self, case: CaseRecord, now: dt.datetime, on_open: Callable[[str], None],
                 on_network: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case, self._on_open = case, on_open
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(INTRO, muted=True))
        names = {m.key: m.name for m in case.family.members}
        siblings = "; ".join(" and ".join(names[k] for k in group if k in names) for group in case.family.siblings)
        self.siblings = text_label(f"Sibling groups: {siblings or 'none recorded'}.")
        layout.addWidget(self.siblings)
        if case.family.older_closed:
            layout.addWidget(text_label(f"{case.family.older_closed} older closed contact(s) are not listed.",
                                        muted=True))
        if case.family.capped:
            self.capped = text_label(CAPPED)
            layout.addWidget(self.capped)
        self.rows = _rows(case, now)
        self.table: QTableWidget = table(HEADERS, self.rows, stretch=1, name="household members and contacts")
        for r, row in enumerate(self.rows):
            rag = next((c.rag for m in case.family.members for c in m.contacts
                        if row[CONTACT].startswith(c.reference)), None)
            if rag is not None:
                item = self.table.item(r, RAG)
                item.setBackground(RAG_COLOURS[rag][0])
                item.setForeground(RAG_COLOURS[rag][1])
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.itemSelectionChanged.connect(self._selection)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Op&en contact")
        self.open_button.setToolTip("Open the selected contact (Enter)")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        self.network_button = QPushButton("Family &network…")
        self.network_button.setToolTip("The family and the professionals around it, drawn and printable")
        self.network_button.clicked.connect(on_network)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.network_button)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)

    def reference_at(self, row: int) -> str | None:
        """The contact on ``row``, or None (no row, or a member with no contact listed)."""
        if not 0 <= row < len(self.rows) or self.rows[row][CONTACT] == NO_CONTACT:
            return None
        return self.rows[row][CONTACT].split(" ")[0]

    def open_row(self, row: int) -> None:
        reference = self.reference_at(row)
        if reference is not None:
            self._on_open(reference)

    def _selection(self) -> None:
        self.open_button.setEnabled(self.reference_at(self.table.currentRow()) is not None)


def open_contact(parent: QWidget, db, signed, reference: str) -> None:
    """Open ``reference`` through the one door the queue uses (gui/case/opening.py)."""
    from ..case.opening import open_case  # here: opening.py imports the case window, which imports this page

    open_case(parent, db, signed, reference)
