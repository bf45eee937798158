"""What a bug leaves behind: where it happened, never what it was about.

An internal error's message and arguments hold whatever the failing code
held: SQLAlchemy puts the SQL statement and its parameters (a subject's name,
date of birth, address) into its message, psycopg adds PostgreSQL's detail
(the failing row), and any other exception may quote case text. So a report
of a bug holds, for each exception of the chain, only its type and its
frames (file, line, function: no message, no arguments, no local variables),
plus the time and a random incident id. The person who met the bug is shown
the same id, so support can match their words to the report.

Used by mash-admin's error log and the client's crash report; no Qt here.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
import traceback
from pathlib import Path

from . import owner_only

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def incident_id() -> str:
    """A new random id for one occurrence of a bug, short enough to read out on the phone."""
    token = secrets.token_hex(4).upper()
    return f"{token[:4]}-{token[4:]}"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or while handling."""
    seen: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and all(link is not s for s in seen):
        seen.append(link)
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return seen


def _short_path(filename: str) -> str:
    """A file name relative to its import root, so no home folder shows."""
    roots = [_PACKAGE_ROOT, *(Path(p) for p in sys.path if p)]
    candidates = []
    for root in roots:
        try:
            candidates.append(Path(filename).relative_to(root).as_posix())
        except ValueError:
            continue
    return min(candidates, key=len) if candidates else Path(filename).name


def places(exc: BaseException) -> list[str]:
    """The type and code locations of ``exc`` and its chain, most recent call last; no message text."""
    lines: list[str] = []
    for depth, link in enumerate(_chain(exc)):
        if depth:
            lines += ["", "Raised while handling / caused by the error below:"]
        kind = type(link)
        lines.append(f"Error type: {kind.__module__}.{kind.__qualname__}")
        lines.append("Where (most recent call last):")
        for frame in traceback.extract_tb(link.__traceback__):
            lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
    return lines


def utc_stamp(moment: dt.datetime | None = None) -> str:
    return (moment or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def append_to_log(path: Path, exc: BaseException, incident: str, program: str) -> Path | None:
    """Add one entry for ``exc`` to the log at ``path`` (0600, its folder 0700); None if it cannot be written."""
    entry = "\n".join([f"== {program} internal error, incident {incident}", f"Time (UTC): {utc_stamp()}",
                       *places(exc), "", ""])
    try:
        owner_only.make_folder(path.parent, ours=True)
        fd = owner_only.open_append(path)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(entry)
        return path
    except OSError:
        return None
