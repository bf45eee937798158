"""Adding an entry to a person's chronology, or changing one (a new version).

The date is when it happened (not later than today), the category one of
those staff file entries under, the source where it came from, the
significance low, medium or high, and the analysis what it means for the
child. The service checks the same (domain/chronology.checked_entry) and
signs the entry; a refusal (a finished chronology) is shown in the dialog.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLineEdit, QWidget

from ...domain.chronology import (ANALYSIS_LIMIT, CURATED_CATEGORIES, SOURCE_LIMIT, EntryInput, Item,
                                  Significance)
from ...security.accounts import SignedIn
from ...services.people import chronology
from ...store.database import Database
from ..common.form_dialog import FormDialog
from ..common.form_widgets import choice_box, text_box
from ..help import content as help_content


class EntryDialog(FormDialog):
    """One curated entry: new, or a new version of ``existing``."""

    help_section = help_content.PERSON_CHRONOLOGY

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, person_id: int,
                 reason: str | None, existing: Item | None = None) -> None:
        title = "Change a chronology entry" if existing else "Add to the chronology"
        super().__init__(parent, db, signed, title, "&Save new version" if existing else "&Add entry")
        self.person_id, self.reason, self.existing = person_id, reason, existing
        today = dt.date.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setDisplayFormat("dd MMM yyyy")
        self.day.setCalendarPopup(True)
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day.setAccessibleName("When it happened")
        self.category = choice_box("Category", "Choose a category", [(c.label, c) for c in CURATED_CATEGORIES])
        self.source = QLineEdit()
        self.source.setMaxLength(SOURCE_LIMIT)
        self.source.setPlaceholderText("For example: GP letter of 3 March; class teacher")
        self.source.setAccessibleName("Source")
        self.significance = choice_box("Significance", "Choose", [(s.label, s) for s in Significance])
        self.analysis = text_box("Analysis", 6, "What happened, and what it means for the child")
        form = QFormLayout(self.body)
        form.addRow("&Date it happened:", self.day)
        form.addRow("&Category:", self.category)
        form.addRow("&Source:", self.source)
        form.addRow("Si&gnificance:", self.significance)
        form.addRow("A&nalysis:", self.analysis)
        if existing is not None:
            self.day.setDate(QDate(existing.day.year, existing.day.month, existing.day.day))
            self.category.choose(existing.category)
            self.source.setText(existing.source)
            self.significance.choose(existing.significance)
            self.analysis.setPlainText(existing.what)
        for signal in (self.category.currentIndexChanged, self.source.textChanged,
                       self.significance.currentIndexChanged, self.analysis.textChanged):
            signal.connect(self.revalidate)
        self.resize(620, 460)
        self.load(lambda: None, lambda _none: self.day.setFocus())

    def problem(self) -> str | None:
        if self.category.value() is None:
            return "Choose a category."
        if not self.source.text().strip():
            return "Say where this came from."
        if self.significance.value() is None:
            return "Choose how significant it is."
        analysis = self.analysis.toPlainText().strip()
        if not analysis:
            return "Write the analysis: what happened and what it means for the child."
        if len(analysis) > ANALYSIS_LIMIT:
            return f"The analysis is {len(analysis)} characters: at most {ANALYSIS_LIMIT}."
        return None

    def given(self) -> EntryInput:
        day = self.day.date()
        return EntryInput(dt.date(day.year(), day.month(), day.day()), self.category.value(), self.source.text(),
                          self.significance.value(), self.analysis.toPlainText())

    def save(self) -> None:
        given, person, reason, existing = self.given(), self.person_id, self.reason, self.existing
        if existing is not None:
            self.run_save(lambda: chronology.edit_entry(self.db, self.signed, existing.entry_id, given, reason))
        else:
            self.run_save(lambda: chronology.add_entry(self.db, self.signed, person, given, reason))
