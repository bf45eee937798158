"""The hub's performance report as a PDF: key figures, charts and tables.

It shows counts, percentages and times only, never what a case says, for one
period against the period before it. Every page is marked OFFICIAL-SENSITIVE
at top and bottom and numbered "Page x of y", like the hub's case documents,
whose page furniture, fonts and table styles it shares. A report on a
period that has not ended draws its line of days up to the day it was
produced: the days to come have no figures yet.
"""

from __future__ import annotations

import dataclasses
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Paragraph

from .. import __version__
from . import fonts
from .content import Grid, Heading, Text
from .layout import Furniture, RenderedPdf, flowables, numbered_canvas, page_furniture
from .performance_charts import drawing
from ..domain.performance_lines import Chart, FigureLine, PerformanceReport, Section
from ..domain.zone import HUB_ZONE
from .styles import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MARKING, PAGE, TEXT_WIDTH, Styles
from .wording import day, local

TITLE = "Performance report"
_WIDTHS = (0.46, 0.2, 0.2, 0.14)


def _furniture(report: PerformanceReport) -> Furniture:
    return page_furniture(f"{report.hub}  ·  {TITLE}", report.period,
                          f"Produced {local(report.produced_at)} by {report.produced_by}")


def _grid(lines: tuple[FigureLine, ...], report: PerformanceReport) -> Grid:
    """A table of figures: this period, the one before, and the change."""
    return Grid(("Measure", report.period, report.previous, "Change"),
                tuple((line.label, line.now.text(), line.before.text(), line.change) for line in lines), _WIDTHS,
                empty="Nothing to count in either period.")


def _section(section: Section, report: PerformanceReport, s: Styles, lead: list[Flowable]) -> list[Flowable]:
    """A section's table and note, kept together (with ``lead`` before it) where they fit on a page."""
    body = lead + flowables(Heading(section.title, 2), s) + flowables(_grid(section.lines, report), s)
    if section.note:
        body += flowables(Text(section.note, "muted"), s)
    return [CondPageBreak(40 * mm), KeepTogether(body)]


def so_far(chart: Chart, report: PerformanceReport) -> Chart:
    """``chart`` as drawn: a line of the period's days stops at the day the report was produced."""
    today = report.produced_at.astimezone(HUB_ZONE).date()
    days = (report.last - report.first).days + 1
    if chart.kind != "line" or len(chart.categories) != days or today >= report.last:
        return chart
    kept = max(0, (today - report.first).days + 1)
    title = f"{chart.title}, to {today.day} {today:%B}" if kept else f"{chart.title}: none of its days has come yet"
    return dataclasses.replace(chart, title=title, categories=chart.categories[:kept],
                               series=tuple((name, values[:kept]) for name, values in chart.series))


def _charts(report: PerformanceReport, s: Styles) -> list[Flowable]:
    story: list[Flowable] = flowables(Heading("Charts"), s)
    for chart in (so_far(c, report) for c in report.charts):
        title = chart.title + (" (hours)" if chart.unit == "hours" else "")
        story.append(KeepTogether([Paragraph(fonts.markup(title), s.h2), drawing(chart, TEXT_WIDTH)]))
    return story


def _seats(report: PerformanceReport, s: Styles) -> list[Flowable]:
    rows = tuple((seat.agency, str(seat.seats), str(seat.in_use), str(seat.seats - seat.in_use))
                 for seat in report.seats)
    grid = Grid(("Agency", "Seats", "Accounts in use", "Spare"), rows, _WIDTHS, empty="No partner agencies.")
    note = Text("Seats paid for by each active partner agency against its active accounts today; a negative "
                "spare means more accounts than seats.", "muted")
    return [CondPageBreak(50 * mm), *flowables(Heading("Seats in use", 2), s), *flowables(grid, s),
            *flowables(note, s)]


def _audit_head(audit_head: str | None, s: Styles) -> list[Flowable]:
    if audit_head is None:
        return []
    return flowables(Text(f"Audit trail when this report was produced: {audit_head}. Kept with the report, "
                          "this lets an auditor check later that the trail was not cut short or rewritten.",
                          "muted"), s)


def render(report: PerformanceReport, audit_head: str | None = None) -> RenderedPdf:
    """The report as PDF bytes, with its page count; ``audit_head`` the audit chain's head
    ("event N, hash 16 hex") printed as a witness of the trail."""
    s = Styles()
    out = BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{TITLE} {report.period}", author=report.hub,
        subject=f"{TITLE} for {report.period} ({MARKING})", creator=f"MASH Desktop {__version__}",
        keywords=[MARKING, "performance"], lang="en-GB", initialFontName=fonts.REGULAR)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story: list[Flowable] = [
        Paragraph(fonts.markup(f"{TITLE}: {report.period}"), s.title),
        Paragraph(fonts.markup(f"{report.hub}  ·  {day(report.first)} to {day(report.last)}, "
                               f"compared with {report.previous}"), s.subtitle),
        *flowables(Text("Counts, percentages and times only: no case content. Working hours are Monday to "
                        "Friday 09:00 to 17:00 UK time, without bank holidays and the hub's closure days.",
                        "muted"), s),
        *_audit_head(audit_head, s),
        *flowables(Heading("Key figures"), s),
        *flowables(_grid(report.headline, report), s),
        *_charts(report, s),
    ]
    lead = flowables(Heading("The figures"), s)
    for section in report.sections:
        story += _section(section, report, s, lead)
        lead = []
    story += _seats(report, s)
    counted: list[int] = []
    doc.build(story, canvasmaker=numbered_canvas(_furniture(report), counted))
    return RenderedPdf(out.getvalue(), counted[-1])
