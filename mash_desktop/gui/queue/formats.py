"""How the queue writes its values: ages, time left, RAG words, research progress."""

from __future__ import annotations

import datetime as dt

from ...domain.codes import Rag, ResearchStatus
from ...services.queue.query import Research
from ...services.intake.referrals import HUB_ZONE

NO_VALUE = "—"

#: One mark per research state, with the words a tooltip (and a screen reader) uses.
RESEARCH_MARKS = {
    ResearchStatus.REQUESTED: "○",
    ResearchStatus.IN_PROGRESS: "…",
    ResearchStatus.RETURNED: "✓",
    ResearchStatus.NOTHING_KNOWN: "–",
}
_FINISHED = frozenset({ResearchStatus.RETURNED, ResearchStatus.NOTHING_KNOWN})


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def rag_word(rag: Rag | None) -> str:
    """The short word for a RAG rating ("Red"), or "Not rated"."""
    return rag.label.split(":")[0] if rag else "Not rated"


def age_in_years(dob: dt.date | None, now: dt.datetime) -> int | None:
    """Whole years of age today in the hub's zone; None if unknown or unborn."""
    if dob is None:
        return None
    today = now.astimezone(HUB_ZONE).date()
    years = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return years if years >= 0 else None


def _span(delta: dt.timedelta) -> str:
    """A non-negative span in the two largest units: "2d 4h", "2h 15m", "45m"."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    return f"{mins}m"


def time_left(due: dt.datetime | None, now: dt.datetime) -> str:
    """Time to a due moment: "2h 15m", "overdue by 3h", or a dash if none."""
    if due is None:
        return NO_VALUE
    if due > now:
        return _span(due - now)
    return f"overdue by {_span(now - due)}"


def hub_time(moment: dt.datetime) -> str:
    """A moment as hub staff read it: "Tue 12 Nov 2024, 17:00 GMT"."""
    local = moment.astimezone(HUB_ZONE)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M %Z}"


def research_text(research: Research) -> str:
    """Compact progress, one agency after another: "HLT … POL ✓ EDU –"."""
    return "  ".join(f"{code} {RESEARCH_MARKS[status]}" for code, status in research) or NO_VALUE


def research_words(research: Research) -> str:
    """The same progress in words, for the tooltip: "HLT: in progress; POL: returned"."""
    if not research:
        return "No research requested"
    return "; ".join(f"{code}: {status.label.lower()}" for code, status in research)


def research_done(research: Research) -> float | None:
    """The share of requested research that has come back (None if none asked)."""
    if not research:
        return None
    return sum(status in _FINISHED for _, status in research) / len(research)
