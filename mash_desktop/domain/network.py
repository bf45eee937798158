"""The family and the professionals around it, laid out for drawing.

Built from what a reader may see of a case (a :class:`CaseRecord`): the
household across contacts with the relationships each contact recorded, the
referrer (as documents name them: withheld where they asked), the allocated
worker and each agency asked to research or holding a panel, with the state
of its research and panel (never what a panel says). The window
(gui/people/network_window.py) and the printed network (reports/network.py)
draw the same :class:`Network`, so what is printed is what was on screen.

Rows, top to bottom: the adults of the family, the children (this contact's
subjects first), the professionals, then people living only at the same
address. Each person may carry warning badges (words, never colour
alone), given by whoever builds the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .case_record import CaseRecord
from .household import HouseholdMember, is_child

#: Node size and spacing, in points (the PDF scales the whole drawing to fit).
NODE_W, NODE_H, GAP_X, GAP_Y = 150.0, 50.0, 18.0, 64.0
#: A row longer than this wraps onto the next.
PER_ROW = 4
#: Room left and right (professionals' rows join along the left), and the height of their bar over a row.
MARGIN, BUS = 12.0, 24.0


@dataclass(frozen=True)
class Node:
    id: str
    title: str  # a name, or a professional's role
    detail: str  # age and relationship, or who and what
    kind: str  # "subject", "family", "near" (only living at the same address) or "professional"
    x: float
    y: float
    badges: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    a: str
    b: str
    label: str
    dashed: bool = False  # professionals' lines


@dataclass(frozen=True)
class Network:
    reference: str
    nodes: tuple[Node, ...]
    lines: tuple[Line, ...]
    width: float
    height: float

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)


def _age(member: HouseholdMember, today: dt.date) -> str:
    born = member.date_of_birth
    if born is None:
        return f"unborn, due {member.expected_due_date:%d %b %Y}" if member.expected_due_date else "age not known"
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return f"{years} year{'s' * (years != 1)}"


def _role(member: HouseholdMember) -> str:
    if "subject" in member.relationships and member.on_this_contact:
        return "subject"
    words = [r for r in member.relationships if r != "subject"]
    if member.same_address and not words:
        return "same address"
    return words[0] if words else "subject of another contact"


def _row(nodes: list[Node], items: Sequence[tuple[str, str, str, str, tuple[str, ...]]], y: float, width: float
         ) -> None:
    span = len(items) * NODE_W + (len(items) - 1) * GAP_X
    x = MARGIN + (width - 2 * MARGIN - span) / 2
    for node_id, title, detail, kind, badges in items:
        nodes.append(Node(node_id, title, detail, kind, x, y, badges))
        x += NODE_W + GAP_X


def professionals(case: CaseRecord) -> list[tuple[str, str, str, str]]:
    """(id, title, who, the line's label) for each professional around the case."""
    found = [("referrer", "Referrer", case.referrer.shown, "referred")]
    if case.allocated_to:
        found.append(("allocated", "Allocated worker", case.allocated_to, "allocated"))
    agencies = {r.agency: (r.agency_name, f"research {r.status.label.lower()}; panel {r.panel}")
                for r in case.research}
    for p in case.other_panels:
        agencies.setdefault(p.agency, (p.agency_name, f"panel {p.status}"))
    if case.own_panel is not None and case.own_panel.agency not in agencies and case.own_panel.text is not None:
        agencies[case.own_panel.agency] = (case.own_panel.agency_name, "panel written")
    for code in sorted(agencies):
        name, state = agencies[code]
        found.append((f"agency:{code}", f"{name} ({code})", state, "research" if "research" in state else "panel"))
    return found


def network_of(case: CaseRecord, today: dt.date, badges: Mapping[int, Sequence[str]] = {}) -> Network:
    """Lay out the family and the professionals of ``case``; each member carries the badges of
    their warnings the reader may see, and any ``badges`` given per person id."""
    family = case.family
    adults, children, near = [], [], []
    for m in family.members:
        marks = tuple(dict.fromkeys([*m.warnings, *(w for pid in m.person_ids for w in badges.get(pid, ()))]))
        kind = ("subject" if m.on_this_contact and "subject" in m.relationships
                else "near" if m.same_address else "family")
        item = (f"person:{m.key}", m.name, f"{_age(m, today)} · {_role(m)}", kind, marks)
        if item[3] == "near":
            near.append(item)
        elif is_child(m.date_of_birth, today, item[3] == "subject" or m.expected_due_date is not None):
            children.append(item)
        else:
            adults.append(item)
    staff = professionals(case)
    team = [(i, t, d, "professional", ()) for i, t, d, _ in staff]
    rows = [chunk for items in (adults, children, team, near)
            for chunk in (items[n:n + PER_ROW] for n in range(0, len(items), PER_ROW))]
    widest = max([len(r) for r in rows] + [1])
    width = widest * NODE_W + (widest - 1) * GAP_X + 2 * MARGIN
    nodes: list[Node] = []
    y = 0.0
    for items in rows:
        _row(nodes, items, y, width)
        y += NODE_H + GAP_Y
    ids = {n.id for n in nodes}
    lines = [Line(f"person:{t.a}", f"person:{t.b}", t.label) for t in family.ties
             if f"person:{t.a}" in ids and f"person:{t.b}" in ids]
    tied = {frozenset((line.a, line.b)) for line in lines}
    for group in family.siblings:
        for a, b in zip(group, group[1:]):
            pair = (f"person:{a}", f"person:{b}")
            if frozenset(pair) not in tied and set(pair) <= ids:
                lines.append(Line(*pair, "siblings"))
    subject = next((n.id for n in nodes if n.kind == "subject"), None)
    if subject is not None:
        lines += [Line(node_id, subject, label, dashed=True) for node_id, _, _, label in staff]
    return Network(case.reference, tuple(nodes), tuple(lines), width, max(y - GAP_Y, NODE_H))


def route(net: Network, line: Line) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """The points of ``line`` (top-left origin, y down) and where its label goes.

    Between rows a line runs from the upper box's bottom edge to the lower box's
    top edge; within a row it runs as a bar under both boxes, its label below it
    (as siblings are drawn in a family tree). A professional's line rises to a
    bar above their row, which joins the subject (rows further down join it
    along the left margin), its label on the professional's own stretch."""
    a, b = net.node(line.a), net.node(line.b)
    ax, bx = a.x + NODE_W / 2, b.x + NODE_W / 2
    if line.dashed:
        first = min(n.y for n in net.nodes if n.kind == "professional")
        bus, own = first - BUS, a.y - BUS
        points = [(ax, a.y), (ax, own)]
        if own != bus:
            points += [(MARGIN / 2, own), (MARGIN / 2, bus)]
        return points + [(bx, bus), (bx, b.y + NODE_H)], (ax, a.y - BUS / 2)
    if a.y == b.y:  # bars of one row a little apart, so two never read as one
        row = [other for other in net.lines
               if not other.dashed and net.node(other.a).y == a.y == net.node(other.b).y]
        bar = a.y + NODE_H + 10 + 10 * (row.index(line) % 3)
        return [(ax, a.y + NODE_H), (ax, bar), (bx, bar), (bx, b.y + NODE_H)], ((ax + bx) / 2, bar + 9)
    upper, lower = (a, b) if a.y < b.y else (b, a)
    start, end = (upper.x + NODE_W / 2, upper.y + NODE_H), (lower.x + NODE_W / 2, lower.y)
    return [start, end], ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
