"""A strategy discussion given as JSON (``mash-admin strategy add --json FILE``).

    {"convened_at": "2026-12-03T10:00:00+00:00",
     "attendees": [{"name": "…", "role": "…", "agency": "POL", "present": true}],
     "shared": "…", "decision": "start_s47", "reasons": "…",
     "actions": [{"text": "…", "owner_agency": "HLT", "due_on": "2026-12-04"},
                 {"text": "…", "owner_username": "csc.officer", "due_on": "2026-12-04"}]}

A time without its zone is hub time. Anything missing or of the wrong kind is
refused naming its field; the service checks the rest as for the client.
"""

from __future__ import annotations

import datetime as dt

from ...domain.errors import FieldError
from ...domain.strategy import S47Decision
from ...domain.zone import HUB_ZONE
from .discussions import ActionInput, AttendeeInput, DiscussionInput


def _text(data: dict, key: str, field: str, *, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise FieldError(field, "give it as text")
    return value


def _moment(value: object, field: str) -> dt.datetime:
    if not isinstance(value, str):
        raise FieldError(field, "give the time as ISO text, e.g. 2026-12-03T10:00")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise FieldError(field, f"'{value[:40]}' is not a time (ISO, e.g. 2026-12-03T10:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=HUB_ZONE)


def _day(value: object, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else dt.date.fromisoformat("")
    except ValueError:
        raise FieldError(field, "give the date as YYYY-MM-DD") from None


def _list(data: dict, key: str) -> list[dict]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise FieldError(key, "give a list of objects")
    return items


def discussion_input(data: object) -> DiscussionInput:
    if not isinstance(data, dict):
        raise FieldError("discussion", "give one JSON object")
    try:
        decision = S47Decision.parse(_text(data, "decision", "decision"))
    except ValueError:
        raise FieldError("decision", f"one of {', '.join(d.value for d in S47Decision)}") from None
    attendees = []
    for n, a in enumerate(_list(data, "attendees")):
        present = a.get("present", True)
        if not isinstance(present, bool):
            raise FieldError(f"attendees[{n}].present", "true or false")
        field = f"attendees[{n}]"
        attendees.append(AttendeeInput(_text(a, "name", f"{field}.name"), _text(a, "role", f"{field}.role"),
                                       _text(a, "agency", f"{field}.agency", required=False), present))
    actions = [ActionInput(_text(a, "text", f"actions[{n}].text"), _day(a.get("due_on"), f"actions[{n}].due_on"),
                           _text(a, "owner_username", f"actions[{n}].owner", required=False),
                           _text(a, "owner_agency", f"actions[{n}].owner", required=False))
               for n, a in enumerate(_list(data, "actions"))]
    return DiscussionInput(_moment(data.get("convened_at"), "convened_at"), tuple(attendees),
                           _text(data, "shared", "shared"), decision, _text(data, "reasons", "reasons"),
                           tuple(actions))
