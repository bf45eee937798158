"""mash-admin report performance: the hub's performance figures for a period.

``report performance --from DATE --to DATE --out FILE.pdf|FILE.csv --as
USER`` writes the monthly performance report (key figures, charts and
tables) as a PDF, or the same figures as a CSV, for the period against the
one before it. The figures are counts and times only, hub-wide, so the
people who watch the hub's work may produce them: supervisors, decision
makers, administrators and auditors. The file is written whole or not at
all, and its production is audited.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domain import access
from ..domain.errors import FieldError, UserError
from ..services.performance.figures import Period, gather
from ..services.performance.export import FORMATS, export
from . import signin
from .output import parse_day


def register(actions) -> None:
    """Add ``performance`` to the actions of the ``report`` command group."""
    make = actions.add_parser(
        "performance", help="write the hub's performance report for a period, as PDF or CSV",
        description="Contacts by source, referrer and agency; decisions and research within their RAG "
                    "timescales; time to decision; outcomes and conversion to social-care referral; step-down; "
                    "re-referrals; consultations; seats in use. Counts and times only, against the period "
                    "before (the previous months for whole months, else as many days). The export is audited.")
    make.add_argument("--from", dest="start", required=True, metavar="DATE",
                      help="first day, YYYY-MM-DD, hub local time")
    make.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day, YYYY-MM-DD, included")
    make.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv",
                      help="where to write: a .pdf report or a .csv of the figures (replaced whole)")
    signin.add_as(make, "a supervisor, decision maker, administrator or auditor")
    make.set_defaults(run=produce)


def _period(args: argparse.Namespace) -> Period:
    first, last = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    try:
        return Period(first, last)
    except FieldError as exc:
        raise FieldError("--to", exc.problem) from None


def _out(text: str) -> Path:
    out = Path(text).expanduser()
    if out.suffix.lower() not in FORMATS:
        raise FieldError("--out", f"'{text}' must end in {' or '.join(FORMATS)}")
    if not out.parent.is_dir():
        raise UserError(f"{text}: the folder does not exist.")
    return out


def produce(args: argparse.Namespace) -> None:
    period, out = _period(args), _out(args.out)
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.WATCH))
    try:
        figures = gather(db, signed.actor, period)
        size = export(db, signed.actor, figures, signed.display_name, out)
    finally:
        signed.keychain.forget()
        db.dispose()
    what = f"{size} page{'s' if size != 1 else ''}" if out.suffix.lower() == ".pdf" else f"{size} rows"
    print(f"Wrote {out}: performance report for {period.label} against {figures.previous_period.label}, "
          f"{what}. Its production is recorded in the audit trail.")
