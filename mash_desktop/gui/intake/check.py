"""From the domain's field problems to marks on the form and a list in words.

The form is checked by the very rules a referral portal's payload is
(``validation_errors`` in domain/intake.py). Each problem names a payload
path such as ``subjects[0].address.postcode``; :func:`widget_for` finds the
field that path belongs to (or the nearest enclosing one) and :func:`describe`
says it the way a person reads it: "Subject 1, postcode: must be a UK
postcode like NG1 5AB".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from ...domain.errors import FieldError
from .fields import DateField

_INDEXED = re.compile(r"^(subjects|household)\[([0-9]+)\]\.?(.*)$")
_SECTIONS = {"referrer": "Referrer", "concerns": "Concerns", "consent": "Consent"}
_WORDS = {
    "source": "contact source", "channel": "channel", "given_name": "given name", "family_name": "family name",
    "date_of_birth": "date of birth", "expected_due_date": "expected due date", "address.line1": "address",
    "address.line2": "address line 2", "address.town": "town", "address.postcode": "postcode",
    "relationship": "relationship", "parents_aware": "parents or carers aware",
    "parents_not_aware_reason": "why the parents or carers are not aware", "obtained": "obtained or not",
    "from_whom": "from whom", "covering": "covering whom", "reason_not_obtained": "why consent was not obtained",
    "categories": "categories", "details": "details", "subjects": "subjects", "household": "household",
    "gp": "GP", "person_id": "linked person", "nhs_number": "NHS number", "upn": "UPN",
}


def widget_for(path: str, fields: Mapping[str, QWidget]) -> QWidget | None:
    """The field of ``path``, or of the nearest enclosing path that has one."""
    while path:
        if path in fields:
            return fields[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def _words(key: str) -> str:
    if key in _WORDS:
        return _WORDS[key]
    key = re.sub(r"\[[0-9]+\]$", "", key)
    return _WORDS.get(key, key.replace("_", " ").replace(".", " "))


def describe(path: str) -> str:
    """``subjects[0].date_of_birth`` -> ``Subject 1, date of birth``."""
    indexed = _INDEXED.match(path)
    if indexed:
        kind = "Subject" if indexed[1] == "subjects" else "Household member"
        whose = f"{kind} {int(indexed[2]) + 1}"
        return f"{whose}, {_words(indexed[3])}" if indexed[3] else whose
    section, _, rest = path.partition(".")
    if section in _SECTIONS and rest:
        return f"{_SECTIONS[section]}, {_words(rest)}"
    return _words(path).capitalize() if path else "The contact"


def problem_text(error: FieldError, widget: QWidget | None) -> str:
    """The problem as the field's own words put it (dates are typed DD/MM/YYYY here)."""
    if isinstance(widget, DateField) and error.problem.startswith("must be a date"):
        return DateField.PROBLEM
    return error.problem


def _line(error: FieldError, fields: Mapping[str, QWidget]) -> str:
    """"Subject 1, postcode: must be …"; a problem that names its field itself
    ("NHS number 943 476 5918 fails its check digit") follows only whose it is."""
    where, problem = describe(error.field), problem_text(error, widget_for(error.field, fields))
    whose, _, what = where.rpartition(", ")
    return f"{whose}: {problem}" if whose and problem.startswith(f"{what} ") else f"{where}: {problem}"


def summary_lines(errors: list[FieldError], fields: Mapping[str, QWidget], limit: int = 12) -> list[str]:
    lines = [_line(e, fields) for e in errors]
    if len(lines) > limit:
        lines = lines[: limit - 1] + [f"…and {len(lines) - limit + 1} more"]
    return lines
