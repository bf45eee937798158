"""The benchmark's baseline for documents: bare reportlab, the same layout.

A document's content (its blocks) laid out as reports/layout.py lays it
out, written directly against reportlab: the same A4 page, margins and
frame, the same paragraph styles in the same DejaVu faces, Fields and Grid
as Table objects with the same column widths and table styles, headings
with their rule, quotes in their box, banners, and the same page furniture
(marking at top and bottom, running head, reference, fingerprint and "Page x
of y", drawn once the page count is known, as reportlab's numbered-canvas
recipe does). What it leaves out is what the product adds around the
layout: gathering the case, text prepared for right-to-left scripts, the
content fingerprint computed from the content, signing and recording.

The fonts are registered and the styles made once, as any program that
writes more than one PDF would.
"""

from __future__ import annotations

import functools
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, HRFlowable, PageTemplate, Paragraph, Table,
                                TableStyle)

from mash_desktop.reports.content import Banner, DocumentContent, Fields, Grid, Heading, Text
from mash_desktop.reports.fonts import font_file
from mash_desktop.reports.layout import numbered_canvas
from mash_desktop.reports.styles import (ACCENT, BANDS, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MARKING, MUTED,
                                         PAGE, RULE, SHADE, STRIPE, TEXT_WIDTH, Styles)

REGULAR, BOLD = "MashSans", "MashSans-Bold"  # the faces reports/styles.py names


@functools.cache
def _styles() -> Styles:
    for name in (REGULAR, BOLD):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
    return Styles()


def _m(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _cut(text: str, width: float) -> str:
    if stringWidth(text, REGULAR, 7.5) <= width:
        return text
    while text and stringWidth(text + "…", REGULAR, 7.5) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _canvas(running: str, corner: str, footer: str, counted: list[int]) -> type[Canvas]:
    width, height = PAGE
    left, right = MARGIN_X, width - MARGIN_X
    running = _cut(running, right - left - stringWidth(corner, BOLD, 7.5) - 12 * mm)
    footer = _cut(footer, (right - left) * 0.7)

    def furniture(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(width / 2, height - 11 * mm, MARKING)
        canvas.drawCentredString(width / 2, 8 * mm, MARKING)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(left, height - 17 * mm, running)
        canvas.setFont(BOLD, 7.5)
        canvas.drawRightString(right, height - 17 * mm, corner)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(left, 15 * mm, footer)
        canvas.drawRightString(right, 15 * mm, f"Page {number} of {total}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, height - 19 * mm, right, height - 19 * mm)
        canvas.line(left, 19 * mm, right, 19 * mm)
        canvas.restoreState()

    return numbered_canvas(furniture, counted)  # reportlab's numbered-canvas recipe, as the product uses it


def _table(data, widths, style, space_after, **kwargs) -> Table:
    table = Table(data, colWidths=widths, hAlign="LEFT", **kwargs)
    table.setStyle(TableStyle(style))
    table.spaceAfter = space_after
    return table


def _story(content: DocumentContent, fingerprint_text: str, s: Styles) -> list:
    story = [Paragraph(_m(content.title), s.title), Paragraph(_m(f"{content.hub}  ·  {content.reference}"),
                                                                s.subtitle)]
    for block in content.blocks:
        if isinstance(block, Heading):
            if block.level > 1:
                story.append(Paragraph(_m(block.text), s.h2))
            else:
                rule = HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=0, spaceAfter=5)
                rule.keepWithNext = 1
                story += [Paragraph(_m(block.text), s.h1), rule]
        elif isinstance(block, Text):
            style = s.tone(block.tone)
            chunks = [c.strip("\n") for c in block.text.replace("\r\n", "\n").split("\n\n") if c.strip()] or ["—"]
            if block.tone == "quote":
                story.append(Paragraph("<br/><br/>".join(_m(c) for c in chunks), style))
            else:
                story += [Paragraph(_m(c), style) for c in chunks]
        elif isinstance(block, Fields):
            data = [[Paragraph(_m(label), s.label), Paragraph(_m(value or "—"), s.value)]
                    for label, value in block.rows]
            story.append(_table(data, [TEXT_WIDTH * 0.3, TEXT_WIDTH * 0.7], [
                ("BACKGROUND", (0, 0), (0, -1), SHADE), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR), ("TOPPADDING", (0, 0), (-1, -1), 3.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.6)], 6, splitInRow=1))
        elif isinstance(block, Grid):
            if not block.rows:
                story.append(Paragraph(_m(block.empty), s.muted))
                continue
            rows = [[Paragraph(_m(h), s.head_cell) for h in block.header]]
            rows += [[Paragraph(_m(c or "—"), s.cell) for c in row] for row in block.rows]
            style = [("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                     ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.4)]
            style += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(rows), 2)]
            story.append(_table(rows, [TEXT_WIDTH * w for w in block.widths], style, 6, repeatRows=1,
                                splitInRow=1))
        elif isinstance(block, Banner):
            background, ink = BANDS[block.band]
            style = s.banner.clone("banner_" + block.band, textColor=ink)
            story.append(_table([[Paragraph(_m(block.text), style)]], [TEXT_WIDTH], [
                ("BACKGROUND", (0, 0), (-1, -1), background), ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)], 8))
        else:
            raise TypeError(f"the baseline does not lay out {type(block).__name__}")
    story.append(Paragraph(f"Content fingerprint (SHA-256): {fingerprint_text}", s.muted))
    return story


def plain_layout_pdf(content: DocumentContent, fingerprint_text: str = "0000 " * 15 + "0000",
                     short: str = "0000 0000 0000 0000") -> tuple[bytes, int]:
    """``content`` laid out as the product lays it out, by bare reportlab: (PDF bytes, pages)."""
    s = _styles()
    out = BytesIO()
    doc = BaseDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                          bottomMargin=MARGIN_BOTTOM, title=f"{content.title} {content.reference}",
                          initialFontName=REGULAR)
    doc.addPageTemplates([PageTemplate(id="page", frames=[Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0,
        topPadding=0, bottomPadding=0)])])
    counted: list[int] = []
    doc.build(_story(content, fingerprint_text, s), canvasmaker=_canvas(
        f"{content.hub}  ·  {content.title}", content.reference,
        f"{content.reference}  ·  Fingerprint {short}", counted))
    return out.getvalue(), counted[-1]
