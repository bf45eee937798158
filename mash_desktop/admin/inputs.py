"""What mash-admin reads from its standard input and from files.

Passwords and keys are never taken from the command line (where other users
of the machine and the shell history would see them): each is one line of
standard input, in the order the command's help gives. At a terminal they are
asked for without echo. The rest of standard input may then carry a file
given as ``-``.

Case text (a reason, a rationale, next steps) can be given inline, but the
process list shows every argument to every user of the machine, so each such
option has a ``-file`` twin: :func:`add_case_text` adds both and
:func:`read_case_texts` reads the files once the password lines are read.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import BinaryIO

from ..domain.errors import FieldError, UserError

MAX_LINE_BYTES = 4096
#: The most one case-text option reads; the services hold each field to its own, smaller limit.
MAX_CASE_TEXT_BYTES = 100_000
INLINE_WARNING = "inline text is visible to other users of this machine in the process list"


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


def add_case_text(parser: argparse.ArgumentParser, option: str, what: str, *, required: bool = False,
                  dest: str | None = None) -> None:
    """Add ``OPTION TEXT`` and ``OPTION-file FILE`` (``-``: the rest of stdin), one or the other.

    ``what`` says what the text is, for the help. The file form is the one
    the help recommends: inline text shows in the machine's process list.
    """
    dest = dest or option.removeprefix("--").replace("-", "_")
    either = parser.add_mutually_exclusive_group(required=required)
    either.add_argument(f"{option}-file", dest=f"{dest}_file", metavar="FILE",
                        help=f"{what}: a UTF-8 text file, or - for the rest of stdin (after the password line)")
    either.add_argument(option, dest=dest, metavar="TEXT",
                        help=f"the same given inline; {INLINE_WARNING}, so prefer {option}-file")
    parser.set_defaults(case_texts=(*(parser.get_default("case_texts") or ()), (option, dest)))


def given(args: argparse.Namespace, dest: str) -> bool:
    """Whether the case text ``dest`` was given, inline (not blank) or as a file (not read yet)."""
    return getattr(args, f"{dest}_file") is not None or bool((getattr(args, dest) or "").strip())


def _option_of(args: argparse.Namespace, dest: str) -> str:
    for option, text_dest in getattr(args, "case_texts", ()):
        if dest == f"{text_dest}_file":
            return f"{option}-file"
    return "--" + dest.replace("_", "-")


def refuse_stdin_twice(args: argparse.Namespace) -> None:
    """Refuse a command whose files are standard input (``-``) twice: only one can have the rest of it."""
    twice = [_option_of(args, dest) for dest, value in vars(args).items() if dest.endswith("_file") and value == "-"]
    if len(twice) > 1:
        raise UserError(f"{' and '.join(twice)} both read standard input; give a file for all but one of them.")


def read_case_texts(args: argparse.Namespace) -> None:
    """Read each ``OPTION-file`` given into its option's place in ``args``.

    Call it after the password lines are read: a ``-`` takes the rest of stdin.
    Surrounding blank space (a file's last line break) is dropped; an empty
    file is refused, naming the option.
    """
    for option, dest in getattr(args, "case_texts", ()):
        source = getattr(args, f"{dest}_file")
        if source is None:
            continue
        text = read_text(source, MAX_CASE_TEXT_BYTES, f"the text of {option}").strip()
        if not text:
            raise FieldError(f"{option}-file", f"{'stdin' if source == '-' else source} holds no text")
        setattr(args, dest, text)
