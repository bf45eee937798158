"""Households, the same person across contacts, and sibling groups, as pure grouping.

Each contact names its subjects and the people around them, with each one's
relationship to the subject as the referrer gave it. The hub records a person
again on each contact, so one person has several records; they are taken as
one *identity* where the hub recorded them as the same (person links, or the
very same record) or where names and date of birth agree exactly (the check
intake makes of subjects).

A *household* joins identities named together on a contact and identities
living at the same address (first line and postcode, compared as
:func:`address_key` folds them). A *sibling group* joins children (under 18,
or, whose age is not known, a subject or someone named as a
brother, sister, son or daughter) who are subjects of the same contact,
are named as each other's brother or sister, or share a parent or carer.

Nothing here reads the database: services/people/household.py gathers the
:class:`Appearance` rows and links, and these functions group them.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from .codes import Rag, Status

#: Under this age a person is a child for sibling groups.
ADULT_AGE = 18


class Relation(enum.Enum):
    """What a recorded relationship says about the person and the contact's subject."""

    PARENT = "parent"  # the person is the subject's parent or carer
    CHILD = "child"  # the person is the subject's son or daughter
    SIBLING = "sibling"
    PARTNER = "partner"  # of the subject (a parent's partner is OTHER: not a parent)
    OTHER = "other"


_WORDS = re.compile(r"[a-z]+")
#: First match wins, so "mother's partner" (a possessive) is read before "mother".
_POSSESSIVE = re.compile(r"\b\w+'s\b|\bof\b")
_KINDS = (
    (Relation.SIBLING, {"sibling", "siblings", "brother", "sister", "half", "stepbrother", "stepsister", "twin"}),
    (Relation.PARENT, {"mother", "father", "mum", "mom", "dad", "parent", "carer", "guardian", "stepmother",
                       "stepfather", "stepmum", "stepdad", "foster", "adoptive", "grandmother", "grandfather",
                       "grandparent", "nan", "nana", "grandma", "grandad", "kinship"}),
    (Relation.CHILD, {"son", "daughter", "child", "stepson", "stepdaughter"}),
    (Relation.PARTNER, {"partner", "husband", "wife", "boyfriend", "girlfriend", "spouse", "fiance", "fiancee"}),
)


def relation_kind(text: str | None) -> Relation:
    """``"mother"`` -> PARENT; ``"half-brother"`` -> SIBLING; ``"mother's partner"`` -> OTHER
    (someone else's relative is not the subject's)."""
    if not text:
        return Relation.OTHER
    lowered = text.casefold().replace("’", "'")
    if _POSSESSIVE.search(lowered):
        return Relation.OTHER
    words = set(_WORDS.findall(lowered))
    for kind, names in _KINDS:
        if words & names:
            return kind
    return Relation.OTHER


def address_key(line1: str | None, postcode: str | None) -> str | None:
    """First line and postcode folded so spacing, case and punctuation do not
    matter; None unless both are given (a postcode alone is a whole street)."""
    line = " ".join(re.findall(r"[a-z0-9]+", (line1 or "").casefold()))
    code = "".join(ch for ch in (postcode or "").upper() if ch.isalnum())
    if not line or len(code) < 5:
        return None
    return f"{line}|{code}"


@dataclass(frozen=True)
class Appearance:
    """One person named on one contact."""

    referral_id: int
    person_id: int
    is_subject: bool
    relationship: str | None = None  # to the contact's subject, as recorded
    #: Phonetic keys of the given and family names (exact identity needs both and a date of birth).
    given_key: str = ""
    family_key: str = ""
    date_of_birth: dt.date | None = None
    address: str | None = None  # address_key(...)


class _Union:
    """Disjoint sets, each named by its smallest member."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, item):
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[high] = low

    def join_all(self, items: Iterable) -> None:
        items = list(items)
        for other in items[1:]:
            self.join(items[0], other)


def identities(appearances: Iterable[Appearance], links: Iterable[tuple[int, int]] = ()) -> dict[int, int]:
    """Each person record's identity: the smallest person id recorded as the same
    (``links``: pairs of person ids) or with the same name keys and date of birth."""
    sets = _Union()
    exact: dict[tuple[str, str, dt.date], list[int]] = defaultdict(list)
    for a in appearances:
        sets.find(a.person_id)
        if a.date_of_birth is not None and a.given_key and a.family_key:
            exact[(a.given_key, a.family_key, a.date_of_birth)].append(a.person_id)
    for a, b in links:
        sets.join(a, b)
    for same in exact.values():
        sets.join_all(same)
    return {person: sets.find(person) for person in sets.parent}


def households(appearances: Iterable[Appearance], identity: dict[int, int]) -> dict[int, int]:
    """Each identity's household: the smallest identity joined to it by being named on
    the same contact or living at the same address."""
    appearances = list(appearances)
    sets = _Union()
    by_contact: dict[int, list[int]] = defaultdict(list)
    by_address: dict[str, list[int]] = defaultdict(list)
    for a in appearances:
        who = identity.get(a.person_id, a.person_id)
        sets.find(who)
        by_contact[a.referral_id].append(who)
        if a.address:
            by_address[a.address].append(who)
    for group in (*by_contact.values(), *by_address.values()):
        sets.join_all(group)
    return {who: sets.find(who) for who in sets.parent}


#: Named as one of these, a person whose age is not known counts as a child.
_YOUNG = (Relation.SIBLING, Relation.CHILD)


def is_child(date_of_birth: dt.date | None, today: dt.date, presumed: bool) -> bool:
    """Under 18 on ``today``; with no date of birth, ``presumed`` (a contact's subject,
    or named as a brother, sister, son or daughter)."""
    if date_of_birth is None:
        return presumed
    years = today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    return years < ADULT_AGE


def sibling_groups(appearances: Iterable[Appearance], identity: dict[int, int], today: dt.date
                   ) -> list[tuple[int, ...]]:
    """Groups of two or more child identities who are siblings (see the module's
    docstring), each sorted, smallest first."""
    appearances = list(appearances)
    children = {identity.get(a.person_id, a.person_id) for a in appearances
                if is_child(a.date_of_birth, today, a.is_subject or relation_kind(a.relationship) in _YOUNG)}
    sets = _Union()
    parents: dict[int, set[int]] = defaultdict(set)  # parent identity -> their children
    by_contact: dict[int, list[Appearance]] = defaultdict(list)
    for a in appearances:
        by_contact[a.referral_id].append(a)
    for named in by_contact.values():
        subjects = [identity.get(a.person_id, a.person_id) for a in named if a.is_subject]
        sets.join_all([s for s in subjects if s in children])
        for a in named:
            if a.is_subject:
                continue
            who, kind = identity.get(a.person_id, a.person_id), relation_kind(a.relationship)
            for subject in subjects:
                if kind is Relation.SIBLING:
                    sets.join(who, subject)
                elif kind is Relation.PARENT:
                    parents[who].add(subject)
                elif kind is Relation.CHILD:
                    parents[subject].add(who)
    for kids in parents.values():
        sets.join_all(sorted(k for k in kids if k in children))
    groups: dict[int, set[int]] = defaultdict(set)
    for child in children:
        groups[sets.find(child)].add(child)
    return sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1)


def grouped_order(ids: Iterable[int], household: dict[int, Hashable]) -> list[int]:
    """``ids`` in their order, but each id moved up beside the first id of its household
    (ids with no household stay where they are): the queue grouped by household."""
    ids = list(ids)
    order: dict[Hashable, list[int]] = {}
    for i in ids:
        key = household.get(i, ("alone", i))
        order.setdefault(key, []).append(i)
    return [i for members in order.values() for i in members]


# --- the household as a case shows it ------------------------------------------------


@dataclass(frozen=True)
class HouseholdContact:
    """A contact about a household member, as a case list shows it to caseworkers."""

    reference: str
    status: Status
    rag: Rag | None
    received_at: dt.datetime
    closed_at: dt.datetime | None
    subject: bool  # the member is a subject of it (not only named on it)


@dataclass(frozen=True)
class HouseholdMember:
    key: int  # the identity (smallest person id)
    name: str
    date_of_birth: dt.date | None
    expected_due_date: dt.date | None
    #: What each contact recorded: "subject", "mother of Ruby Calder"...
    relationships: tuple[str, ...]
    address: str | None
    #: Open contacts, and those closed within RECENT_DAYS, newest first.
    contacts: tuple[HouseholdContact, ...]
    on_this_contact: bool
    #: Joined only by living at the same address (not named with the family on any contact).
    same_address: bool = False
    #: Every person record of the member (for warnings on people).
    person_ids: tuple[int, ...] = ()
    #: The badges of the current warnings on them the reader may see (services/people/warnings.py).
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tie:
    """A labelled line between two members for the drawn network."""

    a: int
    b: int
    label: str


@dataclass(frozen=True)
class Household:
    members: tuple[HouseholdMember, ...] = ()
    ties: tuple[Tie, ...] = ()
    siblings: tuple[tuple[int, ...], ...] = ()
    #: Closed contacts older than RECENT_DAYS left out of the list.
    older_closed: int = 0
    #: More people were connected (a hostel, a care home) than the household follows: the rest are left out.
    capped: bool = False

    def member(self, key: int) -> HouseholdMember | None:
        return next((m for m in self.members if m.key == key), None)


#: Said where a household was capped.
CAPPED = ("More people are connected to this contact's people (through a shared address such as a hostel or a "
          "care home, or common names) than the household follows: only the closest are shown. Search for anyone "
          "else by name.")

#: A closed contact is listed while it closed within this many days.
RECENT_DAYS = 365
