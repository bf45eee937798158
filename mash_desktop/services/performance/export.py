"""The performance report as a file: PDF (tables and charts) or CSV (the same figures).

:func:`report` puts the gathered figures into the report's plain content,
which the PDF, the CSV and a dashboard share. :func:`export` writes one file
atomically and audits it (``performance.export``, with the period and the
format, never a figure or a reference). The CSV is safe to open in a
spreadsheet: a cell that would start a formula is prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...domain.codes import ContactSource, Outcome, Rag
from ...domain.errors import FieldError
from ...reports import performance as pdf
from ...domain.performance_lines import Chart, PerformanceReport, SeatLine
from ...security.identity import Actor
from ...store.database import Database
from .. import files
from ..audit.trail import neutralise
from .figures import PerformanceFigures, record_export
from .table import headline, sections

CSV_COLUMNS = ("from", "to", "section", "measure", "unit", "this_period", "this_period_base", "previous_period",
               "previous_period_base", "change")
_TEXT = (2, 3, 4)  # section, measure, unit
FORMATS = (".pdf", ".csv")
#: Short names for the outcome chart, whose bars need brief labels.
_SHORT = {Outcome.STRATEGY_S47: "Strategy / s47", Outcome.CHILD_IN_NEED_S17: "Child in need (s17)",
          Outcome.EARLY_HELP: "Early help", Outcome.REFER_ON: "Referred on",
          Outcome.INFORMATION_ADVICE: "Information and advice", Outcome.NO_FURTHER_ACTION: "No further action",
          Outcome.CARE_ACT_S42: "Care Act s42", Outcome.NEEDS_ASSESSMENT: "Needs assessment",
          Outcome.IMMEDIATE_PROTECTION: "Immediate protection"}


def charts(figures: PerformanceFigures) -> tuple[Chart, ...]:
    """The report's charts: this period against the one before, where both mean something."""
    now, was = figures.current, figures.previous
    pair = ("This period", "Previous period")
    sources = [s for s in ContactSource if now.by_source[s].value or was.by_source[s].value]
    outcomes = [o for o in Outcome if now.outcomes[o].value or was.outcomes[o].value]
    rated = [r for r in now.on_time if r is not None]
    timed = [r for r in Rag if now.time_to_decision[r].hours]
    return (
        Chart("line", "Contacts received each day", tuple(f"{d.day} {d:%b}" for d, _ in now.by_day),
              (("Contacts", tuple(float(c.value) for _, c in now.by_day)),), "contacts"),
        Chart("hbar", "Contacts by source", tuple(s.label for s in sources),
              tuple((name, tuple(float(m.by_source[s].value) for s in sources)) for name, m in zip(pair, (now, was))),
              "contacts"),
        Chart("bar", "Decisions within the RAG timescale", tuple(r.value.title() for r in rated),
              tuple((name, tuple(m.on_time[r].percent for r in rated)) for name, m in zip(pair, (now, was))), "%"),
        Chart("bar", "Time to decision this period", tuple(
            f"{r.value.title()} ({'clock' if now.time_to_decision[r].clock_hours else 'working'})" for r in timed),
            (("Median", tuple(now.time_to_decision[r].median for r in timed)),
             ("90th percentile", tuple(now.time_to_decision[r].p90 for r in timed))), "hours"),
        Chart("hbar", "Outcomes", tuple(_SHORT[o] for o in outcomes),
              tuple((name, tuple(float(m.outcomes[o].value) for o in outcomes)) for name, m in zip(pair, (now, was))),
              "decisions"),
        Chart("bar", "Seats and accounts in use by agency", tuple(s.agency for s in figures.seats),
              (("Seats", tuple(float(s.seats) for s in figures.seats)),
               ("Accounts in use", tuple(float(s.in_use) for s in figures.seats))), "seats"),
    )


def audit_head_text(figures: PerformanceFigures) -> str | None:
    """The audit chain's head when the figures were gathered, as the report prints it."""
    if figures.audit_head is None:
        return None
    event_id, head_hash = figures.audit_head
    return f"event {event_id:,}, hash {head_hash[:8].hex()}"


def report(figures: PerformanceFigures, produced_by: str) -> PerformanceReport:
    """Everything the report shows, from the gathered figures."""
    return PerformanceReport(
        figures.hub, figures.period.label, figures.previous_period.label, figures.period.first,
        figures.period.last, figures.produced_at, produced_by, headline(figures), sections(figures),
        tuple(SeatLine(f"{figures.agencies.get(s.agency, s.agency)} ({s.agency})", s.seats, s.in_use)
              for s in figures.seats),
        charts(figures))


def csv_rows(content: PerformanceReport) -> list[tuple[str, ...]]:
    """One row per figure (and one per agency's seats), numbers without formatting."""
    span = (content.first.isoformat(), content.last.isoformat())
    rows = []
    for section in content.sections:
        for line in section.lines:
            rows.append((*span, section.title, line.label, line.now.unit, line.now.plain(),
                         "" if line.now.base is None else str(line.now.base), line.before.plain(),
                         "" if line.before.base is None else str(line.before.base),
                         "" if line.change == "–" else line.change.split()[0].lstrip("+")))
    for seat in content.seats:
        rows.append((*span, "Seats in use", seat.agency, "seats", str(seat.in_use), str(seat.seats), "", "", ""))
    return rows


def csv_text(content: PerformanceReport) -> str:
    """The CSV: names (which an administrator typed) neutralised; numbers, made here, as they are."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(content):
        writer.writerow([neutralise(cell) if i in _TEXT else cell for i, cell in enumerate(row)])
    return out.getvalue()


def export(db: Database, actor: Actor, figures: PerformanceFigures, produced_by: str, out_path: Path | str) -> int:
    """Write the report to ``out_path`` (.pdf or .csv) and audit it; return the pages (PDF) or rows (CSV)."""
    out = Path(out_path).expanduser()
    kind = out.suffix.lower()
    if kind not in FORMATS:
        raise FieldError("out", "name a .pdf or a .csv file")
    content = report(figures, produced_by)
    if kind == ".pdf":
        rendered = pdf.render(content, audit_head_text(figures))
        data, size = rendered.data, rendered.pages
    else:
        data, size = csv_text(content).encode("utf-8"), len(csv_rows(content))
    staged = files.stage(out, data)
    try:
        record_export(db, actor, figures.period, kind.lstrip("."))
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    files.commit(staged, out)
    return size
