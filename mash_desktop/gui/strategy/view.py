"""How the case workspace shows its strategy discussions.

Each discussion is a group on the Decision page: when and by whom, who was
invited (and a note where police or health were not), what was shared, the
s47 decision and its reasons, the ICPC due date, and the actions with their
owner, due date and whether they are done or overdue (in words, not colour
alone). An open action has a "Mark done" button, an ICPC not yet recorded a
"Record ICPC held…" button. The header says, in words,
where a discussion is expected the same working day, when the ICPC is due,
and how many actions are open or overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...domain.case_record import CaseRecord
from ...domain.codes import Status
from ...domain.strategy import SAME_DAY_LABEL, ActionEntry, DiscussionEntry, missing_caption, same_day_expected
from ...domain.zone import HUB_ZONE
from ...reports.wording import day, local
from ..case.widgets import form, text_label

ALTERED = ("Altered outside the hub: this record does not carry a valid signature of the person named as "
           "recording it; do not rely on it and tell the hub administrator")


def today() -> dt.date:
    return dt.datetime.now(HUB_ZONE).date()


def attendee_lines(d: DiscussionEntry) -> str:
    return "\n".join(f"{a.name}, {a.role} ({a.agency_name})" + ("" if a.present else ": sent apologies")
                     for a in d.attendees)


def action_state(a: ActionEntry, on: dt.date) -> str:
    if a.done_at is not None:
        done = f"Done {local(a.done_at)} by {a.done_by or '—'}"
        return done if a.verified else f"{done} (altered outside the hub: do not rely on it)"
    return f"Overdue: was due {day(a.due_on)}" if a.overdue(on) else f"Due {day(a.due_on)}"


def discussion_rows(d: DiscussionEntry) -> list[tuple[str, str | None]]:
    rows: list[tuple[str, str | None]] = [] if d.verified else [("Altered outside the hub", ALTERED)]
    rows += [("Held", local(d.convened_at)), ("Recorded by", d.convened_by), ("Invited", attendee_lines(d))]
    if d.missing:
        rows.append(("Not invited", missing_caption(d.missing)))
    rows += [("What was shared", d.shared), ("s47 decision", d.decision.label), ("Reasons", d.reasons)]
    if d.icpc_due_on is not None:
        rows.append(("Initial child protection conference", icpc_words(d)))
    return rows


def icpc_words(d: DiscussionEntry, on: dt.date | None = None) -> str:
    due = f"due by {day(d.icpc_due_on)} (15 working days)"
    if d.icpc_held_on is None:
        late = d.icpc_due_on is not None and (on or today()) > d.icpc_due_on
        return f"{due}; not yet recorded as held" + (": overdue" if late else "")
    timing = "within 15 working days" if d.icpc_in_time else "late"
    held = f"held {day(d.icpc_held_on)}, {timing} ({due})"
    return held if d.icpc_verified else f"{held} (altered outside the hub: do not rely on it)"


def _action_row(a: ActionEntry, on: dt.date, on_done: Callable[[ActionEntry], None] | None) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    label = text_label(f"{a.text} — {a.owner} — {action_state(a, on)}")
    label.setObjectName("strategyAction")
    if a.overdue(on):
        label.setStyleSheet("color: #b71c1c; font-weight: bold;")
    layout.addWidget(label, 1)
    if a.done_at is None and on_done is not None:
        button = QPushButton("Mark done")
        button.setAccessibleName(f"Mark done: {a.text}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, entry=a: on_done(entry))
        layout.addWidget(button)
    return row


def discussion_group(d: DiscussionEntry, on: dt.date,
                     on_done: Callable[[ActionEntry | DiscussionEntry], None] | None = None) -> QGroupBox:
    box = QGroupBox(f"Strategy discussion, {local(d.convened_at)}")
    box.setObjectName("strategyDiscussion")
    layout = QVBoxLayout(box)
    layout.addLayout(form(discussion_rows(d)))
    if d.icpc_due_on is not None and d.icpc_held_on is None and on_done is not None:
        button = QPushButton("Record ICPC held…")
        button.setAccessibleName("Record the day the initial child protection conference was held")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, entry=d: on_done(entry))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    if d.actions:
        layout.addWidget(text_label("Actions:", muted=True))
        for a in d.actions:
            layout.addWidget(_action_row(a, on, on_done))
    return box


def strategy_groups(case: CaseRecord, on_done: Callable[[ActionEntry | DiscussionEntry], None] | None = None
                    ) -> list[QWidget]:
    """The case's discussions, newest first."""
    on = today()
    return [discussion_group(d, on, on_done) for d in reversed(case.strategy_discussions)]


def header_text(case: CaseRecord, on: dt.date | None = None) -> str | None:
    """One line for the case header: the same-day flag, the ICPC due date, open and overdue actions."""
    on = on or today()
    parts: list[str] = []
    held = case.strategy_discussions
    if not held and same_day_expected(case.concern_categories) and case.status is not Status.CLOSED:
        parts.append(f"{SAME_DAY_LABEL}: the concerns include an injury or sexual abuse")
    due = [d.icpc_due_on for d in held if d.icpc_due_on is not None and d.icpc_held_on is None]
    if due:
        parts.append(f"ICPC due by {day(min(due))}" + (" (overdue)" if min(due) < on else ""))
    open_actions = [a for d in held for a in d.open_actions()]
    if open_actions:
        late = sum(1 for a in open_actions if a.overdue(on))
        words = f"{len(open_actions)} strategy action{'s' if len(open_actions) > 1 else ''} open"
        parts.append(words + (f", {late} overdue" if late else ""))
    if any(not d.verified for d in held):
        parts.append("a strategy discussion was altered outside the hub")
    return "; ".join(parts) or None
