"""A portal's export file of many referrals, read into one payload per row.

An import file is CSV (one referral a row, one subject each, under the
header of :data:`CSV_COLUMNS`) or JSON (a list of referral objects in the
shape ``referral add`` takes, or ``{"referrals": [...]}``). This module only
reads the file: each row becomes a payload for :mod:`.intake` to check, plus
any problem already found in the row's cells. Whatever is wrong with the file
as a whole (too big, not text, not CSV or JSON, a bad header, too many rows)
is a :class:`UserError` with a one-line message.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field

from ._fields import MAX_DIGITS
from .errors import UserError

MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 2_000
MAX_CELL = 20_000  # the longest text a referral holds (concern details)
MAX_DEPTH = 8  # list > referral > subjects > subject > address is 5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRUE, _FALSE = ("true", "yes", "y"), ("false", "no", "n")

#: The CSV header: each column and where it goes in the referral payload.
CSV_COLUMNS: dict[str, tuple[str | int, ...]] = {
    "received_at": ("received_at",),
    "source": ("source",),
    "channel": ("channel",),
    **{f"referrer_{k}": ("referrer", k) for k in (
        "name", "role", "organisation", "agency", "phone", "email", "member_of_public")},
    **{f"subject_{k}": ("subjects", 0, k) for k in (
        "given_name", "family_name", "date_of_birth", "expected_due_date", "gender", "ethnicity",
        "first_language", "interpreter_needed")},
    **{f"subject_address_{k}": ("subjects", 0, "address", k) for k in ("line1", "line2", "town", "postcode")},
    **{f"subject_{k}": ("subjects", 0, k) for k in ("school", "gp", "care_and_support_needs", "has_capacity")},
    **{f"subject_{k}": ("subjects", 0, k) for k in ("nhs_number", "upn")},
    "concern_categories": ("concerns", "categories"),
    "concern_details": ("concerns", "details"),
    "parents_aware": ("parents_aware",),
    "parents_not_aware_reason": ("parents_not_aware_reason",),
    "consent_obtained": ("consent", "obtained"),
    "consent_from_whom": ("consent", "from_whom"),
    "consent_covering": ("consent", "covering"),
    "consent_reason_not_obtained": ("consent", "reason_not_obtained"),
}  # fmt: skip
#: Columns every CSV import must have (the fields every referral needs).
REQUIRED_COLUMNS = ("source", "subject_given_name", "subject_family_name", "concern_categories",
                    "concern_details", "parents_aware", "consent_obtained")
FLAG_COLUMNS = frozenset(("referrer_member_of_public", "subject_interpreter_needed", "subject_has_capacity",
                          "parents_aware", "consent_obtained"))


def path_text(path: tuple[str | int, ...]) -> str:
    """``("subjects", 0, "gender")`` -> ``"subjects[0].gender"``, as intake names fields."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


#: An intake field path -> the CSV column that fed it (objects named by a column of theirs).
COLUMN_OF = {path_text(p): c for c, p in CSV_COLUMNS.items()} | {
    "referrer": "referrer_name", "subjects[0].address": "subject_address_line1",
    "subjects[0]": "subject_given_name", "subjects": "subject_given_name",
    "concerns": "concern_details", "consent": "consent_obtained",
}


@dataclass
class Row:
    """One referral of an import file: where it is, its payload, problems so far."""

    number: int  # the CSV row (the header is row 1) or the JSON list position from 1
    payload: object
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)
    readable: bool = True  # False when the row could not even be mapped to a payload


def shown(text: str, limit: int = 60) -> str:
    """Text from a file made safe to print on one line: controls escaped, cut short."""
    safe = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:limit])
    return safe + ("…" if len(text) > limit else "")


def decode(raw: bytes, name: str) -> str:
    """The file's text: UTF-8 (a byte-order mark allowed), no binary or control bytes."""
    if len(raw) > MAX_FILE_BYTES:
        raise UserError(f"{name}: larger than {MAX_FILE_BYTES // 1_000_000} MB; split it into smaller files.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{name}: is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\") and try again.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{name}: not UTF-8 text (a bad byte at offset {exc.start}).") from None
    bad = _CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise UserError(f"{name}: holds a control character ({shown(bad.group())}) on line {line}; "
                        "it is not a text export.")
    if not text.strip():
        raise UserError(f"{name}: the file is empty.")
    return text


def guess_format(name: str, text: str) -> str:
    """``csv`` or ``json``: from the file name's ending, else from its first character."""
    lowered = name.lower()
    for fmt in ("csv", "json"):
        if lowered.endswith("." + fmt):
            return fmt
    return "json" if text.lstrip()[:1] in ("[", "{") else "csv"


def read_rows(raw: bytes, name: str, fmt: str | None = None) -> tuple[str, list[Row]]:
    """The format (``csv`` or ``json``, guessed unless given) and every row of an import file.

    Raises :class:`UserError` if the file as a whole is unusable.
    """
    if fmt not in (None, "csv", "json"):
        raise UserError(f"{shown(fmt)}: the format of an import is csv or json.")
    text = decode(raw, name)
    fmt = fmt or guess_format(name, text)
    rows = json_rows(text, name) if fmt == "json" else csv_rows(text, name)
    if not rows:
        raise UserError(f"{name}: there are no referrals in the file.")
    return fmt, rows


class _Refused(Exception):
    """A JSON value the import refuses, found while the text is decoded."""


class _OutOfRange:
    """Stands in for a JSON number no field takes, until the path to it is known."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def _int(digits: str) -> int | _OutOfRange:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        return _OutOfRange(f"a number has more than {MAX_DIGITS} digits")
    return int(digits)


def _float(digits: str) -> float | _OutOfRange:
    value = float(digits)
    return value if math.isfinite(value) else _OutOfRange("a number is too large")


def _constant(name: str) -> float:
    raise _Refused(f"{name} is not a JSON value")


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value: dict[str, object] = {}
    for key, item in pairs:
        if key in value:
            raise _Refused(f"the field \"{shown(key)}\" appears twice in one object")
        value[key] = item
    return value


def _out_of_range(value: object) -> tuple[str, str] | None:
    """The path (as intake names fields) and problem of the first out-of-range number in ``value``."""
    stack: list[tuple[object, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, _OutOfRange):
            return shown(path_text(path), 80), item.problem
        if isinstance(item, dict):
            stack.extend((v, (*path, k)) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(item))))
    return None


def load_json(text: str, name: str) -> object:
    """A portal's JSON, decoded; :class:`UserError` (one line, naming ``name``) when it is not sound.

    Refused: invalid JSON, nesting beyond the interpreter's reach, NaN and
    Infinity, a field twice in one object, and a number longer than
    :data:`MAX_DIGITS` digits or too large for a float, named by its path.
    """
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant,
                          object_pairs_hook=_object)
    except _Refused as exc:
        raise UserError(f"{name}: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).") from None
    except (RecursionError, MemoryError):
        raise UserError(f"{name}: the JSON is nested far too deeply.") from None
    bad = _out_of_range(data)
    if bad is not None:
        where, problem = bad
        raise UserError(f"{name}: {where + ': ' if where else ''}{problem}.")
    return data


def _depth(value: object) -> int:
    """How deeply lists and objects nest in ``value`` (a plain value is 0)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def json_rows(text: str, name: str) -> list[Row]:
    """The referral objects of a JSON import (checked only for shape here)."""
    data = load_json(text, name)
    if isinstance(data, dict) and "referrals" in data and len(data) == 1:
        data = data["referrals"]
    elif isinstance(data, dict):
        raise UserError(f"{name}: JSON import must be a list of referrals, or an object with only a "
                        "\"referrals\" list (one referral alone goes through 'referral add').")
    if not isinstance(data, list):
        raise UserError(f"{name}: JSON import must be a list of referrals, not a single value.")
    if len(data) > MAX_ROWS:
        raise UserError(f"{name}: {len(data)} referrals; at most {MAX_ROWS:,} can be imported at once.")
    if _depth(data) > MAX_DEPTH:
        raise UserError(f"{name}: the JSON nests deeper than a referral does.")
    return [Row(i, item) for i, item in enumerate(data, start=1)]


_CSV_ERRORS = (("field larger", f"a cell is far longer than {MAX_CELL:,} characters"),
               ("expected after", "a quote inside a quoted cell must be doubled (\"\")"),
               ("end of data", "a quoted cell is never closed"))


def _records(text: str, name: str) -> list[list[str]]:
    """The CSV records, each a list of cells; blank rows kept (they count as rows)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    filled = 0
    try:
        for record in reader:
            records.append(record)
            filled += any(c.strip() for c in record)
            if filled > MAX_ROWS + 1:  # the header and MAX_ROWS referrals
                raise UserError(f"{name}: more than {MAX_ROWS:,} referrals; split the file.")
    except csv.Error as exc:
        why = next((say for key, say in _CSV_ERRORS if key in str(exc)), f"not valid CSV ({exc})")
        raise UserError(f"{name}: line {reader.line_num}: {why}.") from None
    return records


def _header(cells: list[str], name: str) -> list[str]:
    columns = [c.strip().lower() for c in cells]
    if len(columns) == 1 and (";" in columns[0] or "\t" in columns[0]):
        raise UserError(f"{name}: columns must be separated by commas, not semicolons or tabs.")
    if "" in columns:
        raise UserError(f"{name}: header column {columns.index('') + 1} has no name.")
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise UserError(f"{name}: the header names {', '.join(map(shown, twice))} more than once.")
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        raise UserError(f"{name}: unknown column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(shown(c) for c in unknown[:5])}; the columns are listed in docs/import.md.")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise UserError(f"{name}: the header lacks the column{'s' if len(missing) > 1 else ''} "
                        f"{', '.join(missing)}.")
    return columns


def _put(payload: dict, path: tuple[str | int, ...], value: object) -> None:
    """Set ``value`` at ``path`` in a payload, making the objects on the way."""
    here: object = payload
    for part, nxt in zip(path, path[1:]):
        if isinstance(here, list):
            here = here[part]  # type: ignore[index]
            continue
        assert isinstance(here, dict)
        here = here.setdefault(part, [{}] if isinstance(nxt, int) else {})
    assert isinstance(here, dict)
    here[path[-1]] = value


def _cell_value(column: str, cell: str, row: Row) -> object:
    """A cell as the payload wants it: true/false, a list of codes, or text."""
    if len(cell) > MAX_CELL:
        row.problems.append((column, f"is longer than {MAX_CELL:,} characters"))
        return None
    if column in FLAG_COLUMNS:
        word = cell.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        row.problems.append((column, "must be yes or no (or true or false)"))
        return None
    if column == "concern_categories":
        return [c.strip() for c in cell.split(";") if c.strip()]
    return cell


def csv_rows(text: str, name: str) -> list[Row]:
    """The referrals of a CSV import, one per non-blank row, mapped into payloads."""
    records = _records(text, name)
    if not records or not any(c.strip() for c in records[0]):
        raise UserError(f"{name}: the first row must be the header naming the columns.")
    columns = _header(records[0], name)
    rows: list[Row] = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = Row(number, None)
        rows.append(row)
        if len(cells) != len(columns):
            row.problems.append(("row", f"has {len(cells)} cells; the header has {len(columns)}"))
            row.readable = False
            continue
        payload: dict = {"subjects": [{}], "concerns": {}, "consent": {}}
        for column, cell in zip(columns, cells):
            if cell.strip():
                value = _cell_value(column, cell, row)
                if value is not None:
                    _put(payload, CSV_COLUMNS[column], value)
        row.payload = payload
    return rows
