"""Small helpers the mash-admin commands share: tables, JSON, codes, dates, numbers."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import json
import sys
from collections.abc import Callable

from ..domain.fields import LARGEST_ID, whole_number
from ..domain.errors import FieldError


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


def as_json(value: object) -> object:
    """A record of plain data (dataclasses, codes, times) as JSON-ready values, field for field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    return value


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()


def parse_code(enum_cls, text: str, field: str):
    """A code of a domain enum, or a usage error naming the option."""
    try:
        return enum_cls.parse(text)
    except ValueError as exc:
        raise FieldError(field, str(exc)) from None


def parse_day(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"'{text}' is not a date (YYYY-MM-DD)") from None


def whole(least: int = 1, most: int = LARGEST_ID) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``least`` to ``most`` (an id, by default).

    Anything else, however long (Python's int() refuses over 4,300 digits),
    is a one-line usage error naming the option, exit 2.
    """
    def parse(text: str) -> int:
        try:
            return whole_number(text, "", least=least, most=most)
        except FieldError as exc:
            raise argparse.ArgumentTypeError(exc.problem) from None

    return parse
