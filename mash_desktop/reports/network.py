"""The family network, printed: the drawing the window shows, then the same in words.

The drawing (domain/network.py) is one block of the document, so it is
covered by the content fingerprint like any text; below it every member is
listed with relationship, age and their open and recent contacts (reference,
status, RAG), and every professional with what they are to the case. The
referrer is named as documents name them (withheld where they asked), and
an agency's panel appears only as a state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line as Stroke, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.case_record import CaseRecord
from ..domain.codes import DocumentKind
from ..domain.household import RECENT_DAYS
from ..domain.network import NODE_H, NODE_W, Network, network_of, professionals, route
from . import fonts
from .content import Block, DocumentContent, Fields, Grid, Heading, Production, Text
from .styles import ACCENT, INK, MUTED, RULE, SHADE, TEXT_WIDTH
from .wording import local, production_fields

TITLE = DocumentKind.FAMILY_NETWORK.label
#: Node fill per kind; the kind is also said in words in the listing below the drawing.
_FILL = {"subject": colors.HexColor("#dfe8f3"), "family": colors.white, "near": colors.HexColor("#f4f4f0"),
         "professional": SHADE}
_BADGE = colors.HexColor("#8e1b1b")


def _fit(text: str, width: float, font: str, size: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class Diagram:
    """The network as a drawing block (layout.py asks a block with ``flowable`` for it)."""

    network: Network

    def flowable(self, _styles: object) -> Drawing:
        net = self.network
        scale = min(1.0, TEXT_WIDTH / max(net.width, 1.0))
        margin = 14.0
        drawing = Drawing(net.width * scale, (net.height + margin) * scale)
        group = Group()
        top = net.height + margin / 2

        for line in net.lines:
            points, (lx, ly) = route(net, line)
            flat = [v for x, y in points for v in (x, top - y)]
            for i in range(0, len(flat) - 2, 2):
                group.add(Stroke(*flat[i:i + 4], strokeColor=MUTED, strokeWidth=0.8,
                                 strokeDashArray=[3, 2] if line.dashed else None))
            label = _fit(line.label, NODE_W * 0.8, fonts.REGULAR, 6.5)
            w = stringWidth(label, fonts.REGULAR, 6.5)
            group.add(Rect(lx - w / 2 - 2, top - ly - 3, w + 4, 9, fillColor=colors.white, strokeColor=None))
            group.add(String(lx, top - ly - 0.5, label, fontName=fonts.REGULAR, fontSize=6.5, fillColor=INK,
                             textAnchor="middle"))
        for n in net.nodes:
            y = top - n.y - NODE_H
            group.add(Rect(n.x, y, NODE_W, NODE_H, rx=5, ry=5, fillColor=_FILL.get(n.kind, colors.white),
                           strokeColor=ACCENT if n.kind == "subject" else RULE,
                           strokeWidth=1.4 if n.kind == "subject" else 0.8,
                           strokeDashArray=[3, 2] if n.kind == "professional" else None))
            group.add(String(n.x + 6, y + NODE_H - 14, _fit(n.title, NODE_W - 12, fonts.BOLD, 8.5),
                             fontName=fonts.BOLD, fontSize=8.5, fillColor=INK))
            group.add(String(n.x + 6, y + NODE_H - 27, _fit(n.detail, NODE_W - 12, fonts.REGULAR, 7),
                             fontName=fonts.REGULAR, fontSize=7, fillColor=MUTED))
            if n.badges:
                group.add(String(n.x + 6, y + 7, _fit("Warning: " + ", ".join(n.badges), NODE_W - 12, fonts.BOLD,
                                                      6.8), fontName=fonts.BOLD, fontSize=6.8, fillColor=_BADGE))
        group.scale(scale, scale)
        drawing.add(group)
        return drawing


def _members(case: CaseRecord) -> Grid:
    rows = []
    for m in case.family.members:
        contacts = "\n".join(f"{c.reference} · {c.status.label}" + (f" · {c.rag.value.title()}" if c.rag else "")
                             + (f" · closed {c.closed_at:%d %b %Y}" if c.closed_at else "")
                             for c in m.contacts) or "No open or recent contact"
        where = " (same address)" if m.same_address else ""
        warned = f"\nWarning: {', '.join(m.warnings)}" if m.warnings else ""
        rows.append((m.name + where + warned, "\n".join(m.relationships), f"{m.date_of_birth:%d %b %Y}"
                     if m.date_of_birth else "—", contacts))
    return Grid(("Name", "Relationship as recorded", "Born", "Open and recent contacts"), tuple(rows),
                (0.22, 0.3, 0.13, 0.35), empty="No one recorded.")


def build(case: CaseRecord, production: Production, today: dt.date | None = None) -> DocumentContent:
    """The family network of ``case`` as the reader may see it."""
    today = today or production.produced_at.date()
    network = network_of(case, today)
    siblings = [" and ".join(m.name for k in group if (m := case.family.member(k))) for group in case.family.siblings]
    blocks: list[Block] = [
        Fields((("Case status", case.status.label), ("Drawn", f"{today:%d %b %Y}"))),
        Text("The family named on this contact and every other contact about them, people living at the same "
             "address, and the professionals around the case. Solid lines are relationships as each contact "
             "recorded them; dashed lines join professionals to the subject.", "muted"),
        Diagram(network),
        Heading("Family and household"),
        _members(case),
        Text("Sibling groups: " + ("; ".join(siblings) if siblings else "none recorded") + ".", "small"),
        Text(f"Contacts are listed while open or closed within the last {RECENT_DAYS // 365 * 12} months"
             + (f"; {case.family.older_closed} older closed contact(s) are not listed." if case.family.older_closed
                else "."), "small"),
        Heading("Professionals"),
        Grid(("Role", "Who", "To the case"), tuple((t, who, label) for _, t, who, label in professionals(case)),
             (0.3, 0.5, 0.2)),
        production_fields(production),
    ]
    return DocumentContent(DocumentKind.FAMILY_NETWORK, TITLE, case.hub, case.reference, production, tuple(blocks))
