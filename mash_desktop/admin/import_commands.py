"""mash-admin referral import: many referrals from a portal's CSV or JSON export, all or none.

The references made are printed one a line. When any row is wrong nothing is
imported: every problem is printed (row, field, reason), optionally also
written as CSV with ``--report``, and the command exits 2.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from ..domain import access
from ..domain.errors import UserError
from ..domain.import_rows import MAX_FILE_BYTES, MAX_ROWS, shown
from ..services import files
from ..services.intake import referral_import
from . import inputs, signin
from .output import table

DESCRIPTION = (
    "FILE is CSV (one referral a row, the header naming the columns: see docs/import.md) or JSON (a list of "
    "referrals in the shape 'referral add' takes, or {\"referrals\": [...]}), UTF-8, at most "
    f"{MAX_FILE_BYTES // 1_000_000} MB and {MAX_ROWS:,} referrals. Every row is checked first: if any is "
    "wrong nothing is imported, each problem is listed and the exit code is 2. Otherwise all are stored "
    "together and their references printed, one a line.")


def register(referral) -> None:
    """Add ``import`` to the ``referral`` group."""
    imp = referral.add_parser("import", help="take in many referrals from a portal's CSV or JSON export",
                              description=DESCRIPTION)
    imp.add_argument("file", metavar="FILE", help="CSV or JSON file, or - for stdin (after the password line "
                                                  "with --as)")
    imp.add_argument("--format", choices=("csv", "json"),
                     help="the file's format (default: from its name's ending, else from its first character)")
    imp.add_argument("--report", metavar="FILE",
                     help="if rows are rejected, also write the problems to this CSV file (readable by you only)")
    signin.add_as(imp, "an officer or supervisor; needed once the hub has accounts", required=False)
    imp.set_defaults(run=referral_import_command)


def _report_path(text: str | None) -> Path | None:
    if text is None:
        return None
    path = Path(text).expanduser()
    if not path.parent.is_dir():
        raise UserError(f"{shown(text)}: the folder does not exist.")
    return path


def _write_report(path: Path, rejections: list[referral_import.Rejection]) -> None:
    text = io.StringIO(newline="")
    referral_import.write_report(rejections, text)
    files.write_atomically(path, text.getvalue().encode("utf-8"))


def referral_import_command(args: argparse.Namespace) -> None:
    report = _report_path(args.report)
    # Sign in first: the password is stdin line 1, a FILE '-' the rest.
    db, actor = signin.acting(args, "referral import", *access.roles_for(access.Step.ADD_CONTACT))
    raw = inputs.read_bytes(args.file, MAX_FILE_BYTES, "an import (at most 2,000 referrals)")
    name = "stdin" if args.file == "-" else shown(args.file, 200)
    try:
        references = referral_import.import_referrals(db, actor, raw, name, args.format)
    except referral_import.ImportRejected as exc:
        table([(str(r.row), r.field, shown(r.reason, 300)) for r in exc.rejections], ("ROW", "FIELD", "PROBLEM"))
        if report is not None:
            _write_report(report, exc.rejections)
        raise
    for reference in references:
        print(reference)
