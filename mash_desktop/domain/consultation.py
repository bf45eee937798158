"""A consultation as the hub records it: who asked, what, and the advice given.

A professional phones the hub for advice about thresholds, referrals or
early help (DOMAIN.md). The form sends one JSON-like object::

    {"received_at": "2026-11-20T10:15:00+00:00",
     "caller": {"name": ..., "role": ..., "organisation": ..., "agency": "EDU",
                "phone": ..., "email": ...},
     "question": "...", "advice": "..."}

:func:`consultation_errors` lists every problem (for checking as one types);
:func:`parse_consultation` raises the first or returns the clean values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ._fields import Obj, Problems
from .errors import FieldError
from .intake import DETAILS_MAX, NAME_MAX, read_contact

_KEYS = ("received_at", "caller", "question", "advice")
_CALLER_KEYS = ("name", "role", "organisation", "agency", "phone", "email")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationRequest:
    received_at: datetime | None  # UTC; None means "now"
    caller_name: str
    caller_role: str | None = None
    caller_organisation: str | None = None
    caller_agency: str | None = None  # an agency code, checked to exist by the service
    caller_phone: str | None = None
    caller_email: str | None = None
    question: str
    advice: str


def parse_consultation(data: object, *, today: date) -> ConsultationRequest:
    """Check a consultation; raise the first :class:`FieldError` found."""
    problems = Problems()
    request = _read(data, today, problems)
    if problems.errors or request is None:
        raise problems.errors[0] if problems.errors else FieldError("consultation", "required")
    return request


def consultation_errors(data: object, *, today: date) -> list[FieldError]:
    """Every problem with a consultation, in field order; [] when it is fine."""
    problems = Problems()
    _read(data, today, problems)
    return problems.errors


def _read(data: object, today: date, problems: Problems) -> ConsultationRequest | None:
    top = Obj.of(data, "", problems, _KEYS)
    if top is None:
        return None
    received_at = top.moment("received_at")
    if received_at is not None and received_at.date() > today + timedelta(days=1):
        top.fail("received_at", "is in the future")
    caller = top.obj("caller", _CALLER_KEYS, required=True)
    fields = _read_caller(caller) if caller is not None else None
    question = top.required_text("question", max_len=DETAILS_MAX, multiline=True)
    advice = top.required_text("advice", max_len=DETAILS_MAX, multiline=True)
    if fields is None:
        return None
    return ConsultationRequest(received_at=received_at, question=question, advice=advice, **fields)


def _read_caller(caller: Obj) -> dict[str, str | None]:
    name = caller.required_text("name", max_len=NAME_MAX)
    role, organisation = caller.text("role"), caller.text("organisation")
    agency, phone, email = read_contact(caller)
    return {
        "caller_name": name,
        "caller_role": role,
        "caller_organisation": organisation,
        "caller_agency": None if agency is None else agency.upper(),
        "caller_phone": phone,
        "caller_email": email,
    }
