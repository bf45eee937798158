"""Grouping people into identities, households and sibling groups (domain/household.py), as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.household import (
    Appearance,
    Relation,
    address_key,
    grouped_order,
    households,
    identities,
    relation_kind,
    sibling_groups,
)

TODAY = dt.date(2026, 12, 3)
CHILD, ADULT = dt.date(2017, 6, 14), dt.date(1990, 1, 1)


@pytest.mark.parametrize("text, kind", [
    ("mother", Relation.PARENT), ("Step-father", Relation.PARENT), ("foster carer", Relation.PARENT),
    ("Grandmother", Relation.PARENT), ("half-sister", Relation.SIBLING), ("brother", Relation.SIBLING),
    ("son", Relation.CHILD), ("partner", Relation.PARTNER), ("mother's partner", Relation.OTHER),
    ("mother’s boyfriend", Relation.OTHER), ("neighbour", Relation.OTHER), ("", Relation.OTHER),
    (None, Relation.OTHER),
])
def test_relation_kind(text, kind):
    assert relation_kind(text) is kind


@pytest.mark.parametrize("line1, postcode, key", [
    ("14 Larch Close", "NG5 9QT", "14 larch close|NG59QT"),
    ("14, larch  close.", "ng59qt", "14 larch close|NG59QT"),
    ("Flat 2, 3 High St", "NG1 1AA", "flat 2 3 high st|NG11AA"),
    (None, "NG5 9QT", None),  # a postcode alone is a street, not a home
    ("14 Larch Close", None, None),
    ("14 Larch Close", "NG5", None),
])
def test_address_key(line1, postcode, key):
    assert address_key(line1, postcode) == key


def a(referral, person, subject=False, relationship=None, dob=None, keys=("", ""), address=None) -> Appearance:
    return Appearance(referral, person, subject, relationship, keys[0], keys[1], dob, address)


# (appearances, links, identity of each person)
IDENTITY_CASES = [
    ([a(1, 10), a(2, 20)], [], {10: 10, 20: 20}),
    ([a(1, 10), a(2, 20)], [(20, 10)], {10: 10, 20: 10}),  # linked by the screening supervisor
    ([a(1, 10, dob=ADULT, keys=("KR", "KLTR")), a(2, 20, dob=ADULT, keys=("KR", "KLTR"))], [], {10: 10, 20: 10}),
    ([a(1, 10, dob=ADULT, keys=("KR", "KLTR")), a(2, 20, dob=CHILD, keys=("KR", "KLTR"))], [], {10: 10, 20: 20}),
    ([a(1, 10, keys=("KR", "KLTR")), a(2, 20, keys=("KR", "KLTR"))], [], {10: 10, 20: 20}),  # no date of birth
    ([a(1, 10), a(2, 20), a(3, 30)], [(20, 10), (30, 20)], {10: 10, 20: 10, 30: 10}),  # a chain of links
]


@pytest.mark.parametrize("appearances, links, expected", IDENTITY_CASES)
def test_identities(appearances, links, expected):
    assert identities(appearances, links) == expected


HOUSEHOLD_CASES = [
    # named together on one contact
    ([a(1, 10, True), a(1, 11)], {10: 10, 11: 10}),
    # two contacts, nothing shared
    ([a(1, 10, True), a(2, 20, True)], {10: 10, 20: 20}),
    # two contacts joined by living at the same address
    ([a(1, 10, True, address="x"), a(2, 20, True, address="x")], {10: 10, 20: 10}),
    # a chain: contact 1 and 2 share a person (same identity 10), contact 2 names 21
    ([a(1, 10, True), a(2, 10, True), a(2, 21), a(3, 30, True)], {10: 10, 21: 10, 30: 30}),
]


@pytest.mark.parametrize("appearances, expected", HOUSEHOLD_CASES)
def test_households(appearances, expected):
    assert households(appearances, identities(appearances)) == expected


SIBLING_CASES = [
    # two children, subjects of one contact
    ([a(1, 10, True, dob=CHILD), a(1, 11, True, dob=CHILD)], [(10, 11)]),
    # a child and an adult subject together: no sibling group
    ([a(1, 10, True, dob=CHILD), a(1, 11, True, dob=ADULT)], []),
    # named as a sister on the child's contact
    ([a(1, 10, True, dob=CHILD), a(1, 12, False, "sister", dob=CHILD)], [(10, 12)]),
    # an adult "brother" is not a child
    ([a(1, 10, True, dob=CHILD), a(1, 12, False, "brother", dob=ADULT)], []),
    # sharing a mother recorded on two contacts (the mother is the same identity by a link)
    ([a(1, 10, True, dob=CHILD), a(1, 13, False, "mother", dob=ADULT),
      a(2, 20, True, dob=CHILD), a(2, 23, False, "Mum", dob=ADULT)], [(10, 20)]),
    # a parent's partner is not a parent: no sibling group through them
    ([a(1, 10, True, dob=CHILD), a(1, 14, False, "mother's partner", dob=ADULT),
      a(2, 20, True, dob=CHILD), a(2, 24, False, "mother's partner", dob=ADULT)], []),
    # the subject is the parent: the children named as son and daughter are siblings
    ([a(1, 30, True, dob=ADULT), a(1, 31, False, "son", dob=CHILD), a(1, 32, False, "daughter", dob=CHILD)],
     [(31, 32)]),
    # unknown ages: subjects count as children, others do not
    ([a(1, 10, True), a(1, 11, True), a(1, 12, False, "sister")], [(10, 11, 12)]),
]


@pytest.mark.parametrize("appearances, expected", SIBLING_CASES)
def test_sibling_groups(appearances, expected):
    links = [(23, 13), (24, 14)]
    assert sibling_groups(appearances, identities(appearances, links), TODAY) == expected


@pytest.mark.parametrize("ids, household, expected", [
    ([1, 2, 3, 4], {}, [1, 2, 3, 4]),
    ([1, 2, 3, 4], {1: "a", 3: "a"}, [1, 3, 2, 4]),
    ([1, 2, 3, 4, 5], {2: "b", 5: "b", 1: "a", 4: "a"}, [1, 4, 2, 5, 3]),
])
def test_grouped_order(ids, household, expected):
    assert grouped_order(ids, household) == expected
