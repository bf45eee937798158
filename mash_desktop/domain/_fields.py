"""Small typed readers for checking a JSON object field by field.

Every reader takes the raw value, the field's path (``"subjects[0].gender"``)
and a :class:`Problems` list. It returns the clean value, or ``None`` when the
value is absent, null or an empty string. When the value is wrong it records a
:class:`FieldError` and also returns ``None``, so one pass finds every problem.

Text is checked for control characters, stripped and put in Unicode NFC form,
so that the same name typed on two keyboards compares equal.

Whole numbers have bounds: ids go up to :data:`LARGEST_ID`, so a value a
PostgreSQL ``integer`` column cannot hold is refused as input, never sent to
the database. :func:`whole_number` reads one typed as text (a command-line
option), with the same bounds and the same one-line refusal naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Callable, TypeVar, cast

from .codes import _Coded
from .errors import FieldError

C = TypeVar("C", bound=_Coded)
T = TypeVar("T")

LINE_MAX = 200  # the length limit of text unless a reader is told otherwise
#: The largest id a record can have: ids are 32-bit ``integer`` columns in PostgreSQL.
LARGEST_ID = 2**31 - 1
#: More digits than any number the application takes. A longer number is refused
#: before it is converted: Python's int() refuses over 4,300 digits with an error of its own.
MAX_DIGITS = 15

_WHOLE = re.compile(r"[+-]?[0-9]+")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})?"
)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_FREE_TEXT_CONTROLS = frozenset("\n\r\t")


class Problems:
    """The field errors found so far, in the order the fields were read."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, problem: str) -> None:
        self.errors.append(FieldError(field, problem))


def kind(value: object) -> str:
    """Name a JSON value's type the way a person would."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _absent(field: str, problems: Problems, required: bool) -> None:
    if required:
        problems.add(field, "required")


def text_problem(text: str, *, multiline: bool) -> str | None:
    """Why ``text`` cannot be stored, or None when it is fine."""
    for char in text:
        category = unicodedata.category(char)
        if not multiline and char in _LINE_BREAKS:
            return "must be a single line"
        if category == "Cc" and not (multiline and char in _FREE_TEXT_CONTROLS):
            return "contains a control character"
        if category == "Cs":
            return "contains an invalid character"
    return None


def read_text(
    value: object,
    field: str,
    problems: Problems,
    *,
    required: bool = False,
    max_len: int = LINE_MAX,
    multiline: bool = False,
) -> str | None:
    if _blank(value):
        return _absent(field, problems, required)
    if not isinstance(value, str):
        problems.add(field, f"must be text, not {kind(value)}")
        return None
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        problems.add(field, problem)
        return None
    text = unicodedata.normalize("NFC", value.strip())
    if len(text) > max_len:
        problems.add(field, f"must be at most {max_len} characters")
        return None
    return text


def _whole_problem(least: int, most: int, what: str = "a whole number") -> str:
    return f"must be {what} from {least:,} to {most:,}"


def whole_number(text: str, field: str, *, least: int = 1, most: int = LARGEST_ID) -> int:
    """A whole number typed as text, from ``least`` to ``most``; otherwise a
    :class:`FieldError` naming ``field`` (however long or odd the text is)."""
    digits = text.strip()
    if _WHOLE.fullmatch(digits) and len(digits.lstrip("+-")) <= MAX_DIGITS and least <= int(digits) <= most:
        return int(digits)
    raise FieldError(field, _whole_problem(least, most))


def read_whole(
    value: object,
    field: str,
    problems: Problems,
    *,
    least: int = 1,
    most: int = LARGEST_ID,
    what: str = "a whole number",
) -> int | None:
    """A whole number from ``least`` to ``most`` (an id, by default); true/false is not a number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        problems.add(field, _whole_problem(least, most, what))
        return None
    return value


def read_flag(
    value: object, field: str, problems: Problems, *, required: bool = False
) -> bool | None:
    if _blank(value):
        return _absent(field, problems, required)
    if not isinstance(value, bool):
        problems.add(field, f"must be true or false, not {kind(value)}")
        return None
    return value


def read_date(
    value: object, field: str, problems: Problems, *, required: bool = False
) -> date | None:
    if _blank(value):
        return _absent(field, problems, required)
    if not isinstance(value, str):
        problems.add(field, f"must be a date as YYYY-MM-DD text, not {kind(value)}")
        return None
    text = value.strip()
    if not _ISO_DATE.fullmatch(text):
        problems.add(field, "must be a date as YYYY-MM-DD")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.add(field, "is not a real date")
        return None


def read_moment(
    value: object, field: str, problems: Problems, *, required: bool = False
) -> datetime | None:
    """An ISO 8601 date and time with a UTC offset, returned in UTC."""
    if _blank(value):
        return _absent(field, problems, required)
    if not isinstance(value, str):
        problems.add(field, f"must be a date and time as text, not {kind(value)}")
        return None
    text = value.strip()
    match = _ISO_MOMENT.fullmatch(text)
    if match is None:
        problems.add(field, "must be a date and time like 2026-11-20T14:05:00+00:00")
        return None
    if match["offset"] is None:
        problems.add(field, "must include a UTC offset such as +00:00 or Z")
        return None
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        problems.add(field, "is not a real date and time")
        return None


def read_code(
    value: object,
    field: str,
    problems: Problems,
    codes: type[C],
    *,
    required: bool = False,
) -> C | None:
    if _blank(value):
        return _absent(field, problems, required)
    choices = ", ".join(member.value for member in codes)
    if not isinstance(value, str):
        problems.add(field, f"must be one of {choices}, not {kind(value)}")
        return None
    try:
        return cast(C, codes.parse(value))
    except ValueError:
        problems.add(field, f"must be one of {choices}")
        return None


class Obj:
    """One JSON object being read; remembers which of its fields were bad."""

    def __init__(
        self,
        data: dict[object, object],
        path: str,
        problems: Problems,
        keys: Iterable[str],
        ignored: Iterable[str] = (),
    ) -> None:
        self.path = path
        self.problems = problems
        self.bad: set[str] = set()
        self._data = data
        allowed = set(keys) | set(ignored)
        for key in data:
            if key not in allowed:
                problems.add(join(path, str(key)), "unexpected field")

    @classmethod
    def of(
        cls,
        value: object,
        path: str,
        problems: Problems,
        keys: Iterable[str],
        *,
        required: bool = True,
        ignored: Iterable[str] = (),
    ) -> Obj | None:
        """Wrap ``value`` if it is an object, else record why not."""
        if _blank(value):
            return _absent(path or "referral", problems, required)
        if not isinstance(value, dict):
            problems.add(path or "referral", f"must be an object, not {kind(value)}")
            return None
        return cls(value, path, problems, keys, ignored)

    def field(self, key: str) -> str:
        return join(self.path, key)

    def ok(self, key: str) -> bool:
        """True unless a problem was recorded against ``key``."""
        return key not in self.bad

    def fail(self, key: str, problem: str) -> None:
        self.bad.add(key)
        self.problems.add(self.field(key), problem)

    def read(self, key: str, reader: Callable[..., T], *args: object, **kw: object) -> T:
        before = len(self.problems.errors)
        result = reader(self._data.get(key), self.field(key), self.problems, *args, **kw)
        if len(self.problems.errors) > before:
            self.bad.add(key)
        return result

    def text(self, key: str, **kw: object) -> str | None:
        return self.read(key, read_text, **kw)

    def required_text(self, key: str, **kw: object) -> str:
        """Required text; an empty placeholder stands in when it is bad."""
        return self.read(key, read_text, required=True, **kw) or ""

    def flag(self, key: str, *, required: bool = False) -> bool | None:
        return self.read(key, read_flag, required=required)

    def date(self, key: str) -> date | None:
        return self.read(key, read_date)

    def moment(self, key: str) -> datetime | None:
        return self.read(key, read_moment)

    def code(self, key: str, codes: type[C], *, required: bool = False) -> C | None:
        return self.read(key, read_code, codes, required=required)

    def obj(
        self, key: str, keys: Iterable[str], *, required: bool = False
    ) -> Obj | None:
        return self.read(key, Obj.of, keys, required=required)

    def items(
        self, key: str, *, least: int = 0, most: int | None = None
    ) -> list[tuple[str, object]]:
        """The ``(path, value)`` of each entry of a list field."""
        value = self._data.get(key)
        if _blank(value):
            if least:
                self.fail(key, "required")
            return []
        if not isinstance(value, list):
            self.fail(key, f"must be a list, not {kind(value)}")
            return []
        if len(value) < least:
            self.fail(key, f"must list at least {least}")
            return []
        if most is not None and len(value) > most:
            self.fail(key, f"must list at most {most}")
            return []
        return [(f"{self.field(key)}[{i}]", item) for i, item in enumerate(value)]
