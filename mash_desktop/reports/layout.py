"""Rendering a document's content to PDF bytes, with its page furniture.

Every page carries the OFFICIAL-SENSITIVE marking at top and bottom, the
reference, the short content fingerprint and "Page x of y". The total is
only known at the end, so pages are kept and their furniture drawn on save.
Text wraps and flows across pages; tables repeat their header row and may
break inside a tall row rather than fail.

A table measures each cell's paragraph to size its rows and again to draw
it (and again when it splits at a page end), so a paragraph keeps its line
breaks for the width it was last wrapped to: a third of the work of a
record made mostly of tables. While a document renders, a text met again in
the same style (a record's labels, repeated for every disclosure) reuses
the fragments reportlab parsed the first time, and its line breaks for a
width it was already wrapped to, instead of working them out again.

Streams are compressed and left binary: the ASCII85 text reportlab
otherwise wraps them in is a quarter larger and slow to write, and every
PDF reader reads either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, HRFlowable, PageTemplate, Table,
                                TableStyle)
from reportlab.platypus import paragraph as _paragraph

from .. import __version__
from . import fonts
from .content import (Banner, Block, DocumentContent, Fields, Grid, Heading, Text, full_fingerprint,
                      short_fingerprint)
from .styles import (ACCENT, BANDS, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MARKING, MUTED, PAGE, RULE, SHADE,
                     STRIPE, TEXT_WIDTH, Styles, shared_styles)

Furniture = Callable[[Canvas, int, int], None]
rl_config.useA85 = 0


#: ``parsed``: while a document renders on this thread, its texts as parsed, by (text, style).
_rendering = threading.local()


class Paragraph(_paragraph.Paragraph):
    """reportlab's paragraph, keeping its line breaks for the last width it was wrapped to;
    while a document renders, a text met again in the same style shares its parse and line breaks."""

    _kept: tuple | None = None
    _wraps: dict | None = None  # line breaks by width, shared by the paragraphs of one parse

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803 (reportlab's names)
        parsed = getattr(_rendering, "parsed", None)
        if parsed is None or frags is not None or bulletText is not None or not isinstance(text, str):
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (text, id(style))
        hit = parsed.get(key)
        if hit is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            hit = parsed[key] = (style, self.text, self.frags, self.style, self.bulletText, {})  # style kept
        else:
            _, self.text, self.frags, self.style, self.bulletText, _ = hit
            self.debug = 0
        self._wraps = hit[5]

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        key = (availWidth, id(self.frags), id(self.style))
        kept = self._kept
        if kept is None or kept[0] != key:
            kept = self._wraps.get(key) if self._wraps is not None else None
        if kept is not None:
            self.blPara, self._wrapWidths, self.width, self.height = kept[1]
            self._kept = kept
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if availWidth >= _paragraph._FUZZ:
            self._kept = (key, (self.blPara, self._wrapWidths, self.width, self.height))
            if self._wraps is not None:
                self._wraps[key] = self._kept
        return size


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def numbered_canvas(furniture: Furniture, counted: list[int]) -> type[Canvas]:
    """A canvas that draws each page's furniture once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            counted.append(total)
            for number, state in enumerate(self._kept, start=1):
                self.__dict__.update(state)
                furniture(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def fit(text: str, width: float, size: float = 7.5) -> str:
    """``text`` cut short with an ellipsis to fit ``width`` points."""
    if stringWidth(text, fonts.REGULAR, size) <= width:
        return text
    while text and stringWidth(text + "…", fonts.REGULAR, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def page_furniture(running: str, corner: str, footer: str) -> Furniture:
    """What every page of a hub document carries: the marking at the top and
    bottom, ``running`` (hub and title) with ``corner`` (reference or period)
    above a rule, ``footer`` and "Page x of y" below one."""
    width, height = PAGE
    left, right = MARGIN_X, width - MARGIN_X
    room = right - left - stringWidth(corner, fonts.BOLD, 7.5) - 12 * mm
    running = fit(fonts.for_display(running), room)
    footer = fit(fonts.for_display(footer), (right - left) * 0.7)

    def draw(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.setFont(fonts.BOLD, 10)
        canvas.drawCentredString(width / 2, height - 11 * mm, MARKING)
        canvas.drawCentredString(width / 2, 8 * mm, MARKING)
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.drawString(left, height - 17 * mm, running)
        canvas.setFont(fonts.BOLD, 7.5)
        canvas.drawRightString(right, height - 17 * mm, corner)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.drawString(left, 15 * mm, footer)
        canvas.drawRightString(right, 15 * mm, f"Page {number} of {total}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, height - 19 * mm, right, height - 19 * mm)
        canvas.line(left, 19 * mm, right, 19 * mm)
        canvas.restoreState()

    return draw


def _furniture(content: DocumentContent, fingerprint: bytes) -> Furniture:
    return page_furniture(f"{content.hub}  ·  {content.title}", content.reference,
                          f"{content.reference}  ·  Fingerprint {short_fingerprint(fingerprint)}")


def _paragraphs(text: str, style) -> Iterator[Paragraph]:
    chunks = [c for c in text.replace("\r\n", "\n").split("\n\n") if c.strip()] or ["—"]
    if style.name == "quote":  # one box, even across paragraphs
        yield Paragraph("<br/><br/>".join(fonts.markup(c.strip("\n")) for c in chunks), style)
        return
    for chunk in chunks:
        yield Paragraph(fonts.markup(chunk.strip("\n")), style)


def _fields(block: Fields, s: Styles) -> Table:
    data = [[Paragraph(fonts.markup(label), s.label), Paragraph(fonts.markup(value or "—"), s.value)]
            for label, value in block.rows]
    table = Table(data, colWidths=[TEXT_WIDTH * 0.3, TEXT_WIDTH * 0.7], splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("TOPPADDING", (0, 0), (-1, -1), 3.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.6),
    ]))
    table.spaceAfter = 6
    return table


def _grid(block: Grid, s: Styles) -> Flowable:
    if not block.rows:
        return Paragraph(fonts.markup(block.empty), s.muted)
    header = [Paragraph(fonts.markup(h), s.head_cell) for h in block.header]
    rows = [[Paragraph(fonts.markup(c or "—"), s.cell) for c in row] for row in block.rows]
    table = Table([header, *rows], colWidths=[TEXT_WIDTH * w for w in block.widths], repeatRows=1,
                  splitInRow=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.4),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(rows) + 1, 2)]
    table.setStyle(TableStyle(style))
    table.spaceAfter = 6
    return table


def _banner(block: Banner, s: Styles) -> Table:
    background, ink = BANDS[block.band]
    style = s.banner.clone("banner_" + block.band, textColor=ink)
    table = Table([[Paragraph(fonts.markup(block.text), style)]], colWidths=[TEXT_WIDTH])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), background),
                               ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                               ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    table.spaceAfter = 8
    return table


def flowables(block: Block, s: Styles) -> list[Flowable]:
    if hasattr(block, "flowable"):  # a block that draws itself (reports/network.py)
        return [block.flowable(s)]
    if isinstance(block, Heading):
        if block.level > 1:
            return [Paragraph(fonts.markup(block.text), s.h2)]
        rule = HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=0, spaceAfter=5)
        rule.keepWithNext = 1
        return [Paragraph(fonts.markup(block.text), s.h1), rule]
    if isinstance(block, Text):
        return list(_paragraphs(block.text, s.tone(block.tone)))
    if isinstance(block, Fields):
        return [_fields(block, s)]
    if isinstance(block, Grid):
        return [_grid(block, s)]
    return [_banner(block, s)]


def render(content: DocumentContent, fingerprint: bytes) -> RenderedPdf:
    """The PDF of ``content``, its pages marked with ``fingerprint``."""
    s = shared_styles()
    out = BytesIO()
    p = content.production
    doc = BaseDocTemplate(
        out, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{content.title} {content.reference}", author=p.agency_name,
        subject=f"{content.title} for {content.reference} ({MARKING})", creator=f"MASH Desktop {__version__}",
        keywords=[MARKING, content.reference, f"mash-document:{p.token}"], lang="en-GB",
        initialFontName=fonts.REGULAR)  # else the page would name an unembedded Helvetica
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    _rendering.parsed = {}
    try:
        story: list[Flowable] = [Paragraph(fonts.markup(content.title), s.title),
                                 Paragraph(fonts.markup(f"{content.hub}  ·  {content.reference}"), s.subtitle)]
        for block in content.blocks:
            story += flowables(block, s)
        story.append(Paragraph(f"Content fingerprint (SHA-256): {full_fingerprint(fingerprint)}", s.muted))
        counted: list[int] = []
        doc.build(story, canvasmaker=numbered_canvas(_furniture(content, fingerprint), counted))
    finally:
        _rendering.parsed = None
    return RenderedPdf(out.getvalue(), counted[-1])
