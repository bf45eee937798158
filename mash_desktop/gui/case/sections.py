"""The read-only sections of the case workspace, each built from a :class:`CaseRecord`.

Times are shown in London time. Other agencies' panels never reach this
module: the workspace carries only their state (see panel_editor.py). A
referrer who asked not to be identified to the family is shown to hub staff
with a warning in words; a returned disclosure the reader may withdraw
carries a "Withdraw…" button.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QTableWidget, QVBoxLayout, QWidget

from ...domain.case_record import CaseRecord, DecisionEntry, DisclosureEntry, PersonEntry
from ...domain.codes import Status
from ...domain.strategy import ActionEntry
from ...domain.identifiers import show_nhs_number
from ...reports.wording import born, disclosure_fields, level, local
from .confirmation import confirmation_text
from .acknowledgement import acknowledgement_text
from .encompass import encompass_text
from .no_share import no_share_parts
from ..strategy.view import strategy_groups
from .widgets import empty_note, form, group, scrolled, table, text_label
from ..queue.model import age_in_years, rag_word

#: The warning beside a referrer who asked not to be identified.
NOT_TO_BE_IDENTIFIED = ("Not to be identified to the family: the referrer asked for this. Documents print "
                        "\"Withheld at the referrer's request\" instead of who they are.")


def yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not recorded"}[value]


def age_text(person: PersonEntry, now: dt.datetime) -> str:
    """"7 years", "unborn (due 3 Mar 2025)" or "age not known"."""
    years = age_in_years(person.date_of_birth, now)
    if years is not None:
        return f"{years} year{'s' * (years != 1)}"
    if person.expected_due_date:
        return f"unborn (due {person.expected_due_date:%d %b %Y})"
    return "age not known"


def identifiers_text(p: PersonEntry) -> str:
    """A person's NHS number and UPN on one line each; "" when neither is recorded."""
    return "\n".join(x for x in (show_nhs_number(p.nhs_number), p.upn and f"UPN {p.upn}") if x)


def _person_rows(p: PersonEntry, now: dt.datetime) -> list[tuple[str, str | None]]:
    language = p.first_language
    if language and p.interpreter_needed:
        language += " (interpreter needed)"
    rows: list[tuple[str, str | None]] = [
        ("Born", born(p)), ("Age", age_text(p, now)), ("Gender", p.gender), ("Ethnicity", p.ethnicity),
        ("First language", language), ("Address", p.address), ("School", p.school), ("GP", p.gp),
        ("NHS number", show_nhs_number(p.nhs_number)), ("UPN", p.upn)]
    if p.care_and_support_needs or p.has_capacity is not None:
        rows += [("Care and support needs", p.care_and_support_needs), ("Has capacity", yes_no(p.has_capacity))]
    return rows


def _concerns(case: CaseRecord) -> QGroupBox:
    aware = yes_no(case.parents_aware)
    if not case.parents_aware and case.parents_not_aware_reason:
        aware += f" — {case.parents_not_aware_reason}"
    consent = yes_no(case.consent_obtained)
    if case.consent_obtained:
        consent += "".join(f", {x}" for x in (case.consent_from and f"from {case.consent_from}",
                                              case.consent_covering and f"covering {case.consent_covering}") if x)
    elif case.consent_reason_not_obtained:
        consent += f" — {case.consent_reason_not_obtained}"
    return group("Concerns", [
        ("Categories", ", ".join(c.label for c in case.concern_categories)), ("Details", case.concern_details),
        ("Parents or carers aware", aware), ("Consent obtained", consent)])


def _referrer(case: CaseRecord, now: dt.datetime) -> QGroupBox:
    r = case.referrer
    who = ", ".join(x for x in (r.name, r.role, r.organisation) if x) or None
    if r.member_of_public:
        who = f"{who or 'Name not given'} (member of the public)"
    contact = ", ".join(x for x in (r.phone, r.email) if x) or None
    rows = [("Referred by", who), ("Agency", r.agency), ("Contact", contact), ("Source", case.source.label),
            ("How", case.channel.label), ("Received", local(case.received_at))]
    confirmation = confirmation_text(case, now)
    if confirmation:
        rows.append(("In writing", confirmation))
    acknowledged = acknowledgement_text(case, now)
    if acknowledged:
        rows.append(("Acknowledged", acknowledged))
    encompass = encompass_text(case, now)
    if encompass:
        rows.append(("Encompass", encompass))
    box = group("Referrer", rows)
    if r.withheld:
        warning = text_label(NOT_TO_BE_IDENTIFIED, bold=True)
        warning.setObjectName("referrerWithheld")
        warning.setStyleSheet("color: #b71c1c;")
        box.layout().insertRow(0, warning)
    return box


def summary_page(case: CaseRecord, now: dt.datetime) -> QWidget:
    subjects: list[QWidget] = [group(f"Subject: {p.name}", _person_rows(p, now)) for p in case.subjects]
    if not subjects:
        subjects.append(empty_note("No subject recorded."))
    household = QGroupBox("Household and others")
    box = QVBoxLayout(household)
    if case.household:
        box.addWidget(keep_rows_whole(table(
            ["Name", "Relationship", "Born", "Age", "Address", "NHS number / UPN"],
            [(p.name, p.relationship, born(p), age_text(p, now), p.address, identifiers_text(p))
             for p in case.household],
            stretch=4, name="household", fit=True)))
    else:
        box.addWidget(empty_note("No household members recorded."))
    return scrolled(*subjects, household, _earlier(case), _concerns(case), _referrer(case, now))


def _earlier(case: CaseRecord) -> QGroupBox:
    """Other contacts about the same subjects: open ones, and the case this one is linked to."""
    box = QGroupBox("Earlier contacts about the subject")
    layout = QVBoxLayout(box)
    if not case.earlier:
        layout.addWidget(empty_note("None: this is the first contact about the subject."))
        return box
    rows = []
    for e in case.earlier:
        note = ("Linked: closed within 28 days of this contact" if e.linked
                else "Still open: this contact belongs with it" if e.status is not Status.CLOSED else "")
        rows.append((e.reference, local(e.received_at), e.status.label, local(e.closed_at) if e.closed_at else None,
                     note))
    layout.addWidget(keep_rows_whole(table(["Reference", "Received", "Status", "Closed", "Note"], rows, stretch=4,
                                           name="earlier contacts", fit=True)))
    return box


def chronology_page(case: CaseRecord) -> QWidget:
    rows = [(local(e.at), e.agency, e.what, e.by, e.note) for e in case.chronology]
    return table(["When (London)", "Agency", "What happened", "By", "Note"], rows, stretch=4, name="chronology")


def rag_page(case: CaseRecord) -> QWidget:
    history = case.rag_history
    if not history:
        return scrolled(empty_note("Not rated yet: a supervisor sets the RAG rating when screening."))
    rows = [(rag_word(c.to_rag), rag_word(c.from_rag) if c.from_rag else "Not rated", c.reason, c.by, local(c.at))
            for c in reversed(history)]
    return table(["Rating", "Was", "Reason", "By", "When (London)"], rows, stretch=2, name="rag history")


def research_page(case: CaseRecord) -> QWidget:
    if not case.research:
        return scrolled(empty_note("No agency has been asked to research this case yet."))
    rows = [(f"{r.agency_name} ({r.agency})", r.status.label, local(r.requested_at), local(r.due_at),
             local(r.returned_at) if r.returned_at else "Not yet", r.panel.capitalize())
            for r in case.research]
    return table(["Agency", "Status", "Requested", "Due", "Returned", "Panel"], rows, stretch=5, name="research")


def _disclosure(item: DisclosureEntry) -> QGroupBox:
    to = "the whole hub" if item.to == "hub" else item.to_name
    box = QGroupBox(f"From {item.from_agency_name} to {to} — {local(item.disclosed_at)}")
    layout = QVBoxLayout(box)
    text = text_label(item.text)
    text.setStyleSheet("background: #f7f7f4; border: 1px solid #d8d8d0; padding: 6px;")
    layout.addWidget(text)
    layout.addLayout(form(disclosure_fields(item).rows))
    return box


class _RowsWhole(QObject):
    """Keeps a table made with ``fit=True`` as tall as its rows whenever its width changes: the
    stretched column's width, and so each wrapped row's height, is known only once the page is laid out."""

    def __init__(self, fitted: QTableWidget) -> None:
        super().__init__(fitted)  # lives as long as the table
        self._table, self._width = fitted, -1
        fitted.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self._table.width() != self._width:
            self._width = self._table.width()
            QTimer.singleShot(0, self._fit)  # once the header has given the columns their new widths
        return False

    def _fit(self) -> None:
        fitted = self._table
        fitted.resizeRowsToContents()
        rows = sum(fitted.rowHeight(r) for r in range(fitted.rowCount()))
        fitted.setFixedHeight(fitted.horizontalHeader().sizeHint().height() + rows + 2 * fitted.frameWidth() + 4)


def keep_rows_whole(fitted: QTableWidget) -> QTableWidget:
    """Make a fitted table's rows grow (or shrink) to their wrapped text as its width changes."""
    _RowsWhole(fitted)
    return fitted


def _not_shared(case: CaseRecord, on_withdraw: Callable[[DisclosureEntry], None] | None) -> QGroupBox:
    """Refused, returned and withdrawn disclosures; "Withdraw…" on a returned one the reader may withdraw."""
    decided = QGroupBox("Refused, returned or withdrawn (not shared)")
    layout = QVBoxLayout(decided)
    layout.addWidget(keep_rows_whole(table(  # the reason, however long, wraps in the widest column
        ["To", "Proposed by", "Outcome", "By", "When (London)", "Why"],
        [(p.to_name, p.disclosed_by, p.outcome.label, p.outcome_by, local(p.outcome_at), p.outcome_reason or "—")
         for p in case.not_shared], stretch=5, name="refused or returned disclosures", fit=True)))
    withdrawable = [e for e in case.not_shared if e.may_withdraw] if on_withdraw is not None else []
    for entry in withdrawable:
        row = QHBoxLayout()
        row.addWidget(text_label(f"Returned to {entry.from_agency}: the disclosure to {entry.to_name} "
                                 f"proposed {local(entry.disclosed_at)} may be withdrawn.", muted=True), 1)
        button = QPushButton("&Withdraw…" if entry is withdrawable[0] else "Withdraw…")  # Alt+W: the first
        button.setAccessibleName(f"Withdraw the disclosure to {entry.to_name} made {local(entry.disclosed_at)}")
        button.clicked.connect(lambda _=False, e=entry: on_withdraw(e))
        row.addWidget(button)
        layout.addLayout(row)
    return decided


def disclosures_page(case: CaseRecord, on_withdraw: Callable[[DisclosureEntry], None] | None = None) -> QWidget:
    parts: list[QWidget] = [_disclosure(item) for item in case.shared]
    if case.pending:
        pending = QGroupBox("Awaiting authorisation (not shared yet)")
        layout = QVBoxLayout(pending)
        layout.addWidget(text_label("A manager of the sending agency must authorise these before anyone "
                                    "outside it can read them.", muted=True))
        layout.addWidget(keep_rows_whole(table(["From", "To", "Proposed by", "When (London)"],
                                               [(p.from_agency, p.to_name, p.disclosed_by, local(p.disclosed_at))
                                                for p in case.pending], stretch=1, name="pending disclosures",
                                               fit=True)))
        parts.append(pending)
    if case.not_shared:
        parts.append(_not_shared(case, on_withdraw))
    parts += no_share_parts(case, keep_rows_whole)
    if not parts:
        parts.append(empty_note("Nothing has been disclosed to you or your agency on this case."))
    return scrolled(*parts)


def _decision(d: DecisionEntry, title: str) -> QGroupBox:
    rows: list[tuple[str, str | None]] = [] if d.verified else [
        ("Altered outside the hub", "this decision does not carry a valid signature of the person named as "
                                    "deciding it; do not rely on it and tell the hub administrator")]
    rows.append(("Outcome", d.outcome.label))
    if d.named_service:
        rows.append(("Named service", d.named_service))
    rows += [("Threshold level", level(d.level)), ("Rationale", d.rationale), ("Next steps", d.next_steps)]
    if d.override_reason:
        rows.append(("Decided before all research was back, because", d.override_reason))
    return group(title, rows + [("Decided by", d.decided_by), ("When", local(d.decided_at))])


def decision_page(case: CaseRecord, on_strategy_done: Callable[[ActionEntry], None] | None = None) -> QWidget:
    """The decisions, newest first, then the strategy discussions (gui/strategy/view.py)."""
    strategy = strategy_groups(case, on_strategy_done)
    if case.decision is None:
        due = f"{case.due_caption} {local(case.decision_due_at)}." if case.decision_due_at else "No decision timescale."
        return scrolled(text_label("No decision yet.", bold=True), empty_note(due), *strategy)
    earlier = [_decision(d, "Earlier decision") for d in reversed(case.decisions[:-1])]
    return scrolled(_decision(case.decision, "Decision"), *earlier, *strategy)
