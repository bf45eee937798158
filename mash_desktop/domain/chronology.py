"""A person's chronology: what happened to them, across every contact about them.

Two kinds of entry sit in one list, in date order:

- *automatic* entries, drawn from the contacts the reader may open (contact
  received, ratings, research returned, disclosures they may read,
  decisions, closing and reopening; later warnings and strategy discussions);
- *curated* entries that staff add by hand: the date something happened, a
  category, where it came from, how significant it is and their analysis.

A chronology can be marked finished and reopened with a reason. Nothing in
this module reads the database: the service fills these in for one reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .codes import _Coded
from .errors import FieldError
from .zone import HUB_ZONE

#: Most characters in a curated entry's source, analysis and a reopening reason.
SOURCE_LIMIT = 200
ANALYSIS_LIMIT = 4000
REASON_LIMIT = 1000

AUTOMATIC = "automatic"
CURATED = "curated"


class Significance(_Coded):
    LOW = ("low", "Low")
    MEDIUM = ("medium", "Medium")
    HIGH = ("high", "High")


class Category(_Coded):
    # Drawn from the contacts themselves.
    CONTACT = ("contact", "Contact received")
    RATING = ("rating", "RAG rating")
    RESEARCH = ("research", "Research")
    DISCLOSURE = ("disclosure", "Information shared")
    DECISION = ("decision", "Decision")
    CLOSING = ("closing", "Closed or reopened")
    WARNING = ("warning", "Warning")
    STRATEGY = ("strategy", "Strategy discussion")
    # Chosen by staff for what they add.
    INCIDENT = ("incident", "Incident")
    HEALTH = ("health", "Health")
    EDUCATION = ("education", "Education")
    POLICE = ("police", "Police")
    SOCIAL_CARE = ("social_care", "Social care")
    FAMILY = ("family", "Family and household change")
    MISSING = ("missing", "Missing episode")
    OTHER = ("other", "Other")


#: What staff may file a curated entry under.
CURATED_CATEGORIES = (Category.INCIDENT, Category.HEALTH, Category.EDUCATION, Category.POLICE,
                      Category.SOCIAL_CARE, Category.FAMILY, Category.MISSING, Category.OTHER)


@dataclass(frozen=True)
class Item:
    """One line of a person's chronology."""

    day: dt.date  # in hub time
    origin: str  # AUTOMATIC or CURATED
    category: Category
    source: str  # the agency (code) or where a curated entry came from
    what: str
    detail: str | None = None
    at: dt.datetime | None = None  # an automatic entry's moment
    reference: str | None = None  # the contact it comes from
    by: str | None = None
    significance: Significance | None = None
    entry_id: int | None = None  # a curated entry: the id its versions share
    version: int = 1
    #: A curated entry whose signature does not hold: changed outside the hub.
    altered: bool = False
    #: Where a line goes among automatic lines of the same moment.
    phase: int = 0
    #: The disclosure an automatic line prints (documents record which).
    disclosure_id: int | None = None

    @property
    def curated(self) -> bool:
        return self.origin == CURATED


def hub_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(HUB_ZONE).date()


def ordered(items: Iterable[Item]) -> tuple[Item, ...]:
    """Oldest day first. Within a day, automatic lines by their moment and
    phase, then curated entries by when they were first written; otherwise
    the order given (so ties stay where they were)."""
    start = dt.datetime.min.replace(tzinfo=dt.timezone.utc)

    def key(item: Item) -> tuple:
        if item.curated:
            return item.day, 1, start, 0, item.entry_id or 0
        return item.day, 0, item.at or start, item.phase, 0
    return tuple(sorted(items, key=key))


def filtered(items: Iterable[Item], origin: str | None = None, category: Category | None = None
             ) -> tuple[Item, ...]:
    """Only ``origin`` (AUTOMATIC or CURATED) and/or only ``category``."""
    return tuple(i for i in items if (origin is None or i.origin == origin)
                 and (category is None or i.category is category))


@dataclass(frozen=True)
class EntryInput:
    """A curated entry as staff write it."""

    day: dt.date
    category: Category
    source: str
    significance: Significance
    analysis: str


def checked_entry(given: EntryInput, today: dt.date) -> EntryInput:
    """The entry tidied, or a :class:`FieldError` naming what is wrong."""
    source = " ".join((given.source or "").split())
    analysis = (given.analysis or "").strip()
    category = Category(given.category)
    if category not in CURATED_CATEGORIES:
        raise FieldError("category", f"choose one of {', '.join(c.label for c in CURATED_CATEGORIES)}")
    if given.day > today:
        raise FieldError("date", "a chronology records what has happened: the date cannot be in the future")
    if not source:
        raise FieldError("source", "say where this came from (an agency, a document, a person's role)")
    if len(source) > SOURCE_LIMIT:
        raise FieldError("source", f"at most {SOURCE_LIMIT} characters")
    if not analysis:
        raise FieldError("analysis", "say what happened and what it means for the child")
    if len(analysis) > ANALYSIS_LIMIT:
        raise FieldError("analysis", f"at most {ANALYSIS_LIMIT} characters")
    return EntryInput(given.day, category, source, Significance(given.significance), analysis)


@dataclass(frozen=True)
class Finishing:
    """One marking of a chronology finished (or reopened, with the reason)."""

    finished: bool
    by: str
    at: dt.datetime
    reason: str | None
    verified: bool = True


@dataclass(frozen=True)
class PersonChronology:
    """A person's chronology as one reader may see it."""

    person_id: int
    name: str
    date_of_birth: dt.date | None
    #: Every contact it draws on, oldest first.
    references: tuple[str, ...]
    items: tuple[Item, ...]
    #: Each finishing and reopening, oldest first; the last says where it stands.
    history: tuple[Finishing, ...] = ()
    reason: str | None = None
    hub: str = ""

    @property
    def state(self) -> Finishing | None:
        return self.history[-1] if self.history else None

    @property
    def finished(self) -> bool:
        return bool(self.state and self.state.finished)

    @property
    def altered(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.altered)
