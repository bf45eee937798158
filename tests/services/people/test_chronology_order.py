"""The order of a person's chronology: by day, automatic lines by their moment, ties kept as given."""

from __future__ import annotations

import datetime as dt

from mash_desktop.domain.chronology import AUTOMATIC, CURATED, Category, Item, filtered, hub_day, ordered

UTC = dt.timezone.utc


def line(what: str, at: dt.datetime, phase: int = 0) -> Item:
    return Item(hub_day(at), AUTOMATIC, Category.CONTACT, "CSC", what, at=at, phase=phase)


def curated(what: str, day: dt.date, entry_id: int) -> Item:
    return Item(day, CURATED, Category.HEALTH, "School", what, entry_id=entry_id)


def test_same_day_ties_stay_in_the_order_given_and_curated_entries_follow_the_days_lines():
    noon = dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    given = [curated("c2", noon.date(), 7), line("b-late", noon + dt.timedelta(hours=1)), curated("c1", noon.date(), 3),
             line("a1", noon, 5), line("a0", noon, 2), line("tie-x", noon, 5),
             line("yesterday", noon - dt.timedelta(days=1)),
             curated("early", noon.date() - dt.timedelta(days=3), 9)]
    assert [i.what for i in ordered(given)] == ["early", "yesterday", "a0", "a1", "tie-x", "b-late", "c1", "c2"]
    assert [i.what for i in ordered(reversed(given))][:4] == ["early", "yesterday", "a0", "tie-x"]
    assert ordered(ordered(given)) == ordered(given)


def test_the_day_is_the_hubs_day_not_utcs():
    late_summer_evening = dt.datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 BST on 2 July
    assert line("x", late_summer_evening).day == dt.date(2026, 7, 2)


def test_filters_by_origin_and_category():
    items = ordered([line("a", dt.datetime(2026, 1, 5, tzinfo=UTC)), curated("b", dt.date(2026, 1, 6), 1)])
    assert [i.what for i in filtered(items, origin=CURATED)] == ["b"]
    assert [i.what for i in filtered(items, category=Category.CONTACT)] == ["a"]
    assert filtered(items, origin=AUTOMATIC, category=Category.HEALTH) == ()
