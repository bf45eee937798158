"""Subject access requests: the ICO's clock, the request's state in words, and redaction.

The time limit is one calendar month from the day the request is received
(or, where the hub needs proof of identity, from the day that proof arrives):
the corresponding day of the next month, or that month's last day when it
has none (received 31 January: due 28 February, or 29th in a leap year). It
may be extended by up to two further months where the request is complex
or one of several, with the reason recorded.

Redaction finds a phrase (another person's name, address or date of birth)
wherever it occurs in text as whole words, ignoring case and accents, and
puts a fixed marker in its place.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .codes import _Coded
from .names import _UNDECOMPOSED

#: How much longer the time limit may be made, in months.
MAX_EXTENSION = 2
#: A request due within this many days shows as due soon.
DUE_SOON_DAYS = 7
MARKER = "[redacted: third party]"
MAX_PHRASE = 200
MIN_PHRASE = 2


class Requester(_Coded):
    SELF = ("self", "The person themselves")
    ON_BEHALF = ("on_behalf", "Someone on their behalf")


class RequestStatus(_Coded):
    OPEN = ("open", "Open")
    EXTENDED = ("extended", "Extended")
    ANSWERED = ("answered", "Answered")
    REFUSED = ("refused", "Refused")


class RedactionKind(_Coded):
    NAME = ("name", "Another person's name")
    ADDRESS = ("address", "Another person's address")
    DATE_OF_BIRTH = ("date_of_birth", "Another person's date of birth")
    REFERRER = ("referrer", "The referrer's name or contact details")
    PHRASE = ("phrase", "Added by the reviewer")


class RedactionDecision(_Coded):
    CONFIRMED = ("confirmed", "Redaction confirmed")
    LIFTED = ("lifted", "Redaction lifted")
    ADDED = ("added", "Redaction added")


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def clock_starts(received_on: dt.date, id_verified_on: dt.date | None) -> dt.date:
    """The day the time limit runs from: receipt, or proof of identity if later."""
    return max(received_on, id_verified_on) if id_verified_on else received_on


def due_on(received_on: dt.date, id_verified_on: dt.date | None = None, extended_months: int = 0) -> dt.date:
    return add_months(clock_starts(received_on, id_verified_on), 1 + extended_months)


def status_words(status: RequestStatus, due: dt.date, today: dt.date, answered_on: dt.date | None = None) -> str:
    """E.g. "Open: due in 3 days (14 Mar 2027)", "Overdue by 2 days", "Answered on 3 Mar 2027"."""
    if status is RequestStatus.ANSWERED:
        return f"Answered on {answered_on:%d %b %Y}" if answered_on else "Answered"
    if status is RequestStatus.REFUSED:
        return "Refused"
    left = (due - today).days
    label = status.label
    if left < 0:
        return f"{label}: overdue by {-left} day{'s' if left != -1 else ''} (due {due:%d %b %Y})"
    if left == 0:
        return f"{label}: due today ({due:%d %b %Y})"
    return f"{label}: due in {left} day{'s' if left != 1 else ''} ({due:%d %b %Y})"


def is_live(status: RequestStatus) -> bool:
    return status in (RequestStatus.OPEN, RequestStatus.EXTENDED)


def is_overdue(status: RequestStatus, due: dt.date, today: dt.date) -> bool:
    return is_live(status) and due < today


def is_due_soon(status: RequestStatus, due: dt.date, today: dt.date) -> bool:
    return is_live(status) and today <= due <= today + dt.timedelta(days=DUE_SOON_DAYS)


# -- redaction ------------------------------------------------------------------

def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKD", char.casefold().translate(_UNDECOMPOSED))
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    if char in "'’‘`":
        return "'"  # a word boundary in text ("Dean's"); optional in a phrase ("O'Neill", "ONeill")
    if char in "-‐‑–":
        return " "
    return kept


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded char by char, and for each folded char its index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for c in _fold_char(char):
            out.append(c)
            where.append(index)
    return "".join(out), where


def phrase_key(phrase: str) -> str:
    """How phrases compare: folded, spaces collapsed (``"Siobhán O’Neill"`` -> ``"siobhan o'neill"``)."""
    return " ".join(_folded(phrase)[0].split())


def clean_phrase(phrase: str) -> str:
    return " ".join((phrase or "").split())


def _pattern(key: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(word).replace("'", r"'?\s*") for word in key.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def find(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text`` as whole words (start, end), ignoring case and accents."""
    key = phrase_key(phrase)
    if len(key) < MIN_PHRASE or not text:
        return []
    folded, where = _folded(text)
    return [(where[m.start()], where[m.end() - 1] + 1) for m in _pattern(key).finditer(folded)]


def redact(text: str, phrases: list[str]) -> tuple[str, dict[str, int]]:
    """``text`` with every phrase replaced by :data:`MARKER`; how often each key was found."""
    spans: list[tuple[int, int]] = []
    counts: dict[str, int] = {}
    for phrase in phrases:
        found = find(text, phrase)
        if found:
            counts[phrase_key(phrase)] = counts.get(phrase_key(phrase), 0) + len(found)
            spans.extend(found)
    if not spans:
        return text, counts
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [text[last:start], MARKER]
        last = end
    out.append(text[last:])
    return "".join(out), counts


@dataclass(frozen=True)
class Suggestion:
    """A redaction the hub suggests: a phrase, what it is, and whose (for the log)."""

    phrase: str
    kind: RedactionKind
    whose: str  # e.g. "Kerry Calder (mother, MASH-2026-000001)" or "Referrer of MASH-2026-000001"

    @property
    def key(self) -> str:
        return phrase_key(self.phrase)
