"""Warnings on people: their kinds, what a reader is shown, and the words of a shared one.

A warning says something about a person that anyone working with them should
know (a child protection plan, a MARAC referral, a risk to workers). It
belongs to the agency that added it and is sealed to that agency; only a
hub-wide worker safety warning is sealed to every caseworker. Another agency
learns of an agency's warning only from a disclosure the owner made with a
lawful basis: its text starts with one structured line (:func:`shared_line`)
that the recipient's client reads back (:func:`parse_shared`) after opening
the disclosure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .codes import _Coded

#: Most characters in a warning's reason, or in the reason for ending it.
REASON_LIMIT = 2000


class WarningKind(_Coded):
    CP_PLAN = ("cp_plan", "Child protection plan")
    CHILD_IN_NEED = ("child_in_need", "Child in need")
    LOOKED_AFTER = ("looked_after", "Looked after")
    MARAC = ("marac", "MARAC")
    MAPPA = ("mappa", "MAPPA")
    WORKER_SAFETY = ("worker_safety", "Worker safety")
    MISSING = ("missing", "Missing")
    EXPLOITATION = ("exploitation", "Exploitation risk")
    OTHER = ("other", "Other")

    @property
    def hub_wide(self) -> bool:
        """A worker safety warning is for every caseworker of the hub to see."""
        return self is WarningKind.WORKER_SAFETY

    @property
    def badge(self) -> str:
        """The short word on a badge (never colour alone)."""
        return _BADGES[self]


_BADGES = {
    WarningKind.CP_PLAN: "CP plan", WarningKind.CHILD_IN_NEED: "CIN", WarningKind.LOOKED_AFTER: "Looked after",
    WarningKind.MARAC: "MARAC", WarningKind.MAPPA: "MAPPA", WarningKind.WORKER_SAFETY: "Worker safety",
    WarningKind.MISSING: "Missing", WarningKind.EXPLOITATION: "Exploitation", WarningKind.OTHER: "Warning",
}

#: How a reader came to see a warning.
OWN, HUB_WIDE, SHARED = "own", "hub", "shared"
#: A warning's state as the reader is shown it.
CURRENT, ENDED, ALTERED = "current", "ended", "altered"


@dataclass(frozen=True)
class WarningEvent:
    """One signed record of a warning's history: added, changed or ended."""

    action: str  # "add", "change", "end"
    at: dt.datetime | None
    by: str | None
    reason: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    altered: bool = False


@dataclass(frozen=True)
class WarningView:
    """A warning as one reader may see it (``kind`` None: an altered record)."""

    id: int
    person_id: int
    kind: WarningKind | None
    reason: str | None
    start: dt.date | None
    end: dt.date | None
    agency: str
    source: str  # OWN, HUB_WIDE or SHARED
    state: str  # CURRENT, ENDED or ALTERED
    added_by: str | None = None
    added_at: dt.datetime | None = None
    ended_by: str | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None
    disclosure_id: int | None = None
    history: tuple[WarningEvent, ...] = field(default=(), compare=False)

    @property
    def label(self) -> str:
        return self.kind.label if self.kind else "Altered warning"

    @property
    def badge(self) -> str:
        return self.kind.badge if self.kind else "Altered"


def state_of(kind: WarningKind | None, end: dt.date | None, ended: bool, today: dt.date) -> str:
    """Current until ended or past its end date; an unreadable record is altered."""
    if kind is None:
        return ALTERED
    if ended or (end is not None and end < today):
        return ENDED
    return CURRENT


def check_dates(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise ValueError("the end date is before the start date")


# -- the words of a shared warning -------------------------------------------------

_LINE = re.compile(r"^\[MASH warning v1 id=(\d+) person=(\d+) kind=([a-z_]+) start=(\d{4}-\d\d-\d\d) "
                   r"end=(\d{4}-\d\d-\d\d|-)\]$")


def shared_line(warning_id: int, person_id: int, kind: WarningKind, start: dt.date, end: dt.date | None) -> str:
    return (f"[MASH warning v1 id={warning_id} person={person_id} kind={kind.value} start={start.isoformat()} "
            f"end={end.isoformat() if end else '-'}]")


def shared_text(warning_id: int, person_id: int, person_name: str, kind: WarningKind, reason: str,
                start: dt.date, end: dt.date | None) -> str:
    """What a disclosure of a warning says: the structured line, then the same in words."""
    until = f" until {end:%d %B %Y}" if end else ", with no end date set"
    return (f"{shared_line(warning_id, person_id, kind, start, end)}\n"
            f"Warning on {person_name}: {kind.label}, from {start:%d %B %Y}{until}.\n"
            f"Reason: {reason}")


@dataclass(frozen=True)
class SharedWarning:
    warning_id: int
    person_id: int
    kind: WarningKind
    start: dt.date
    end: dt.date | None
    reason: str


def parse_shared(text: str | None) -> SharedWarning | None:
    """The warning a disclosure's text carries, or None if it carries none."""
    if not text:
        return None
    first, _, rest = text.partition("\n")
    found = _LINE.match(first.strip())
    if not found:
        return None
    try:
        kind = WarningKind.parse(found.group(3))
        start = dt.date.fromisoformat(found.group(4))
        end = None if found.group(5) == "-" else dt.date.fromisoformat(found.group(5))
    except ValueError:
        return None
    reason = rest[rest.index("Reason: ") + len("Reason: "):] if "Reason: " in rest else ""
    return SharedWarning(int(found.group(1)), int(found.group(2)), kind, start, end, reason)
