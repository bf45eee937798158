"""What mash-admin reads from its standard input and from files.

Passwords and keys are never taken from the command line (where other users
of the machine and the shell history would see them): each is one line of
standard input, in the order the command's help gives. At a terminal they are
asked for without echo. The rest of standard input may then carry a file
given as ``-``.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import BinaryIO

from ..domain.errors import UserError

MAX_LINE_BYTES = 4096


def _stdin() -> BinaryIO:
    stream = sys.stdin
    if stream is None:
        raise UserError("stdin: there is no standard input to read from.")
    return getattr(stream, "buffer", stream)


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def read_line(what: str, line: int) -> str:
    """One line of standard input, without its line ending; never empty.

    ``what`` names the expected value (``the password of pol.lead``) and
    ``line`` its place, for the message when it is missing.
    """
    if _interactive():
        text = getpass.getpass(f"{what[0].upper()}{what[1:]}: ", stream=sys.stderr)
    else:
        raw = _stdin().readline(MAX_LINE_BYTES + 1)
        if isinstance(raw, str):  # a text-only stream stands in for stdin
            raw = raw.encode("utf-8")
        if len(raw) > MAX_LINE_BYTES:
            raise UserError(f"stdin line {line} ({what}) is longer than {MAX_LINE_BYTES} bytes.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(f"stdin line {line} ({what}) is not UTF-8 text.") from None
        text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise UserError(f"stdin: expected {what} on line {line}, found nothing.")
    return text


def read_bytes(source: str, limit: int, what: str) -> bytes:
    """A whole file, or the rest of standard input for ``-``; at most ``limit`` bytes."""
    try:
        if source == "-":
            raw = _stdin().read(limit + 1)
            if isinstance(raw, str):
                raw = raw.encode("utf-8")
        else:
            with Path(source).open("rb") as fh:
                raw = fh.read(limit + 1)
    except OSError as exc:
        raise UserError(f"{source}: cannot read the file ({exc.strerror or exc}).") from None
    if len(raw) > limit:
        raise UserError(f"{source}: larger than {limit // 1000} kB; {what} is much smaller.")
    return raw


def read_text(source: str, limit: int, what: str) -> str:
    """Like :func:`read_bytes`, decoded as UTF-8 (a leading byte-order mark dropped)."""
    raw = read_bytes(source, limit, what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{source}: not UTF-8 text.") from None
