"""The case's essentials beside a step's form: what screening or deciding needs in view.

Subjects (name, age), the concerns, where each agency's research stands, and,
for a decision, the panels and disclosures the reader may read. It is read
through services/case/reader.open_case, the one case reader (so the look is
audited like any other); where the reader would have to give a reason to
open the case, the brief says so and the form still works.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QSplitter, QVBoxLayout, QWidget

from ...domain.case_record import CaseRecord
from ...domain.errors import MashError
from ...reports.wording import local
from ...security.accounts import SignedIn
from ...services.case.reader import ReasonNeeded, open_case
from ...store.database import Database
from ..case.sections import age_text
from ..case.widgets import empty_note, group, table, text_label
from ..common.background import Operation
from ..strategy.view import strategy_groups

NOT_SHOWN = ("The case's details are not shown here: your agency is not involved in it, so it opens only "
             "from its workspace, with your reason.")


def _subjects(case: CaseRecord, now: dt.datetime) -> QWidget:
    if not case.subjects:
        return group("Subjects", [("Subject", "None recorded")])
    box = QGroupBox("Subjects")
    QVBoxLayout(box).addWidget(table(["Name", "Age"], [(p.name, age_text(p, now)) for p in case.subjects],
                                     stretch=0, name="subjects", fit=True))
    return box


def _research(case: CaseRecord) -> QWidget:
    box = QGroupBox("Research")
    layout = QVBoxLayout(box)
    if not case.research:
        layout.addWidget(empty_note("No agency has been asked to research this case yet."))
    else:
        layout.addWidget(table(["Agency", "Research", "Panel"],
                               [(r.agency, r.status.label if r.returned_at else f"{r.status.label}, due "
                                 f"{local(r.due_at)}", r.panel) for r in case.research],
                               stretch=1, name="research", fit=True))
    return box


def _panels(case: CaseRecord) -> QWidget:
    box = QGroupBox("Panels")
    layout = QVBoxLayout(box)
    own = case.own_panel
    if own is not None:
        layout.addWidget(text_label(f"{own.agency_name} (your agency): {own.state}", bold=True))
        layout.addWidget(text_label(own.text or "Not written yet.", muted=own.text is None))
    if case.other_panels:
        layout.addWidget(text_label("Other agencies' panels are sealed to them; their state:", muted=True))
        layout.addWidget(table(["Agency", "Panel"], [(p.agency, p.status) for p in case.other_panels],
                               stretch=1, name="other panels", fit=True))
    if own is None and not case.other_panels:
        layout.addWidget(empty_note("No panel has been written."))
    return box


def _disclosures(case: CaseRecord) -> QWidget:
    box = QGroupBox("Disclosures you may read")
    layout = QVBoxLayout(box)
    for item in case.shared:
        to = "the whole hub" if item.to == "hub" else item.to_name
        layout.addWidget(text_label(f"From {item.from_agency} to {to}, {local(item.disclosed_at)}:", bold=True))
        layout.addWidget(text_label(item.text))
    if case.pending:
        layout.addWidget(text_label(f"{len(case.pending)} more awaiting authorisation (not shared yet).", muted=True))
    if not case.shared and not case.pending:
        layout.addWidget(empty_note("Nothing has been disclosed to you or your agency on this case."))
    return box


class CaseBrief(QScrollArea):
    """A scrolling column of the case's essentials, loaded in the background."""

    def __init__(self, db: Database, signed: SignedIn, reference: str, purpose: str, *,
                 with_panels: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_panels = with_panels
        self.case: CaseRecord | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setAccessibleName("The case's essentials")
        self._fill([text_label(f"Loading {reference}…", muted=True)])
        Operation(self, lambda: open_case(db, signed, reference, purpose)) \
            .success(self._show).failure(self._failed).run()

    def _fill(self, widgets: list[QWidget]) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 6, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(page)

    def _show(self, case: CaseRecord) -> None:
        self.case = case
        now = dt.datetime.now(dt.timezone.utc)
        parts = [_subjects(case, now),
                 group("Concerns", [("Categories", ", ".join(c.label for c in case.concern_categories)),
                                    ("Details", case.concern_details)]),
                 _research(case)]
        if self.with_panels:
            parts += [_panels(case), _disclosures(case)]
        parts += strategy_groups(case)  # the outcome of any strategy discussion, without its buttons
        self._fill(parts)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ReasonNeeded):
            message = NOT_SHOWN
        else:
            message = "The case's details could not be read" + (f": {exc.message}" if isinstance(exc, MashError)
                                                               else ".")
        self._fill([empty_note(message)])


def beside(brief: CaseBrief, form: QWidget) -> QSplitter:
    """The brief on the left, the step's form on the right, the divider movable."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    brief.setMinimumWidth(280)
    form.setMinimumWidth(420)
    splitter.addWidget(brief)
    splitter.addWidget(form)
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([440, 600])
    return splitter
