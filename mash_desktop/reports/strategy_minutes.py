"""The minutes of a strategy discussion.

The latest discussion recorded on the case (as the reader sees it through the
case reader): when it was held and who recorded it, who was invited from
which agency and in what role (and who sent apologies), a note where the
police or health were not invited, what was shared, the s47 decision and
its reasons, the date the initial child protection conference is due by,
and the actions agreed with their owners, due dates and state. A record
that does not carry a valid signature says so at the top.
"""

from __future__ import annotations

import datetime as dt

from ..domain.case_record import CaseRecord
from ..domain.codes import DocumentKind
from ..domain.errors import Conflict
from ..domain.strategy import ActionEntry, DiscussionEntry, missing_caption
from ..domain.zone import HUB_ZONE
from .content import Banner, Block, DocumentContent, Fields, Grid, Heading, Production, Text
from .wording import born, day, local, production_fields

TITLE = DocumentKind.STRATEGY_MINUTES.label
ALTERED = ("This record does not carry a valid signature of the person named as recording it: it was changed "
           "outside the hub. Do not rely on it; tell the hub administrator.")


def _state(a: ActionEntry, on: dt.date) -> str:
    if a.done_at is not None:
        return f"Done {local(a.done_at)}" + (f" by {a.done_by}" if a.done_by else "") + \
            ("" if a.verified else " (altered outside the hub)")
    return "Overdue" if a.overdue(on) else "Open"


def _icpc(d: DiscussionEntry) -> str:
    if d.icpc_due_on is None:
        return "Not needed: no s47 enquiries"
    due = f"Due by {day(d.icpc_due_on)} (15 working days from the discussion)"
    if d.icpc_held_on is None:
        return due
    held = f"Held {day(d.icpc_held_on)}, {'within 15 working days' if d.icpc_in_time else 'late'}. {due}"
    return held if d.icpc_verified else f"{held}. The date held was altered outside the hub: do not rely on it."


def build(case: CaseRecord, production: Production) -> DocumentContent:
    if not case.strategy_discussions:
        raise Conflict(f"{case.reference} has no strategy discussion recorded: there are no minutes to print.")
    d = case.strategy_discussions[-1]
    on = production.produced_at.astimezone(HUB_ZONE).date()
    blocks: list[Block] = []
    if not d.verified:
        blocks.append(Banner(ALTERED, "red"))
    subjects = ", ".join(f"{p.name} (born {born(p)})" for p in case.subjects)
    blocks += [
        Fields((("Case", case.reference), ("About", subjects or "—"), ("Held", local(d.convened_at)),
                ("Recorded by", d.convened_by),
                ("Concerns", ", ".join(c.label for c in case.concern_categories) or "—"))),
        Heading("Who was invited"),
        Grid(("Name", "Agency", "Role", "Took part"),
             tuple((a.name, a.agency_name, a.role, "Yes" if a.present else "Sent apologies") for a in d.attendees),
             (0.28, 0.3, 0.27, 0.15)),
    ]
    if d.missing:
        blocks.append(Text(missing_caption(d.missing), "lead"))
    blocks += [
        Heading("What was shared"),
        Text(d.shared),
        Heading("Decision"),
        Fields((("s47 enquiries", d.decision.label), ("Reasons", d.reasons),
                ("Initial child protection conference", _icpc(d)))),
        Heading("Actions agreed"),
        Grid(("Action", "Owner", "Due", "State"),
             tuple((a.text, a.owner, day(a.due_on), _state(a, on)) for a in d.actions),
             (0.38, 0.2, 0.18, 0.24), empty="No actions were agreed."),
    ]
    earlier = len(case.strategy_discussions) - 1
    if earlier:
        blocks.append(Text(f"The case has {earlier} earlier strategy discussion{'s' if earlier > 1 else ''}; "
                           "these minutes are of the latest.", "muted"))
    blocks += [
        Heading("This document"),
        production_fields(production),
        Text("These minutes hold information shared between agencies for safeguarding. Share them only with "
             "those who need them to protect the child, and keep them securely.", "note"),
    ]
    return DocumentContent(DocumentKind.STRATEGY_MINUTES, TITLE, case.hub, case.reference, production,
                           tuple(blocks))
