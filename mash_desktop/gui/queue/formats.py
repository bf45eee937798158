"""How the queue writes its values: ages, time left, RAG words, research progress."""

from __future__ import annotations

import datetime as dt

from ...domain.codes import ConcernCategory, Rag, ResearchStatus
from ...domain.timescales import HubCalendar
from ...services.queue.query import Research
from ...services.intake.referrals import HUB_ZONE

NO_VALUE = "—"

#: One mark per research state, with the words a tooltip (and a screen reader) uses.
#: No mark looks like clipped text ("…"): in progress is a half-filled circle.
RESEARCH_MARKS = {
    ResearchStatus.REQUESTED: "○",
    ResearchStatus.IN_PROGRESS: "◐",
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


def _working_span(delta: dt.timedelta) -> str:
    """Working time in whole working hours, or minutes under an hour: "5 working h", "40 working min"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes >= 60:
        return f"{minutes // 60} working h"
    return f"{minutes} working min"


def countdown(due: dt.datetime | None, now: dt.datetime, calendar: HubCalendar | None = None) -> str:
    """Time to a due moment as the queue shows it: with a ``calendar``, in the
    hub's working hours ("5 working h left", "overdue 3 working h"); without,
    in clock time ("2h 15m left", "overdue 3h"). A dash if there is none."""
    if due is None:
        return NO_VALUE
    if calendar is None:
        return f"{_span(due - now)} left" if due > now else f"overdue {_span(now - due)}"
    if due > now:
        return f"{_working_span(calendar.working_time_between(now, due))} left"
    late = calendar.working_time_between(due, now)
    return "overdue" if late < dt.timedelta(minutes=1) else f"overdue {_working_span(late)}"


def waited(received: dt.datetime, now: dt.datetime) -> str:
    """When a contact came in (hub time) and how long ago: "18 Nov 11:00 (8d)"."""
    local = received.astimezone(HUB_ZONE)
    delta = max(now - received, dt.timedelta(0))
    minutes = int(delta.total_seconds() // 60)
    age = f"{minutes // 1440}d" if minutes >= 1440 else f"{minutes // 60}h" if minutes >= 60 else f"{minutes}m"
    return f"{local.day} {local:%b %H:%M} ({age})"


def waited_words(received: dt.datetime, now: dt.datetime) -> str:
    """The tooltip of :func:`waited`: "Received Tue 12 Nov 2024, 09:05 GMT; waiting 8d 2h"."""
    return f"Received {hub_time(received)}; waiting {_span(max(now - received, dt.timedelta(0)))}"


def concern_words(concerns: tuple[ConcernCategory, ...]) -> str:
    """Concern categories in words, comma-separated: "Neglect, Emotional abuse"."""
    return ", ".join(c.label for c in concerns) or NO_VALUE


def time_left(due: dt.datetime | None, now: dt.datetime) -> str:
    """Time to a due moment: "2h 15m", "overdue by 3h", or a dash if none."""
    if due is None:
        return NO_VALUE
    if due > now:
        return _span(due - now)
    return f"overdue by {_span(now - due)}"


def school_words(due: dt.datetime | None, informed: dt.datetime | None, now: dt.datetime) -> str | None:
    """An Operation Encompass clock in a few words: "School by 09:00 Mon", "School overdue 3h",
    "School told late"; None when not a notification or the school was told in time."""
    if due is None:
        return None
    if informed is not None:
        return "School told late" if informed > due else None
    if due > now:
        local = due.astimezone(HUB_ZONE)
        return f"School by {local:%H:%M %a}"
    return f"School overdue {_span(now - due)}"


def school_tip(due: dt.datetime | None, informed: dt.datetime | None, now: dt.datetime) -> str | None:
    """The same clock in full, for the tooltip."""
    if due is None:
        return None
    what = "Operation Encompass: the key adult at the child's school"
    if informed is not None:
        late = " (late)" if informed > due else ""
        return f"{what} was told {hub_time(informed)}{late}; due by {hub_time(due)}"
    if due > now:
        return f"{what} must be told by {hub_time(due)}, before the next school day starts"
    return f"{what} should have been told by {hub_time(due)}: overdue by {_span(now - due)}, not told yet"


def hub_time(moment: dt.datetime) -> str:
    """A moment as hub staff read it: "Tue 12 Nov 2024, 17:00 GMT"."""
    local = moment.astimezone(HUB_ZONE)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M %Z}"


def research_text(research: Research) -> str:
    """Compact progress, one agency after another: "HLT ◐  POL ✓  EDU –"."""
    return "  ".join(f"{code} {RESEARCH_MARKS[status]}" for code, status in research) or NO_VALUE


def research_legend(separator: str = "   ") -> str:
    """What each research mark means: "○ requested   ◐ in progress   ✓ returned   – nothing known"."""
    return separator.join(f"{mark} {status.label.lower()}" for status, mark in RESEARCH_MARKS.items())


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
