"""Cost sharing between partners; every expected figure is worked by hand.

The founding plan (DOMAIN.md): 50 seats (POL 22, CSC 22, a partner unit UNIT
3, PRB 1, HLT 2), revenue £100,000 a year and capital £87,000, each further
seat £2,000 a year plus £3,000 capital.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from mash_desktop.domain.cost_share import (FOUNDING_COSTS, Basis, Costs, Partner, default_leads, share_costs,
                                            split)
from mash_desktop.domain.errors import FieldError

LEADS = {"POL", "CSC"}


def founding(extra: tuple[Partner, ...] = (), leads=LEADS) -> list[Partner]:
    seats = {"POL": 22, "CSC": 22, "UNIT": 3, "PRB": 1, "HLT": 2}
    return [Partner(code, f"{code} agency", n, code in leads) for code, n in seats.items()] + list(extra)


def table(result) -> dict[str, tuple[Decimal, Decimal]]:
    return {s.code: (s.revenue, s.capital) for s in result.shares}


def test_by_seats_each_seat_pays_a_fiftieth():
    # 100,000 / 50 = 2,000 a seat a year; 87,000 / 50 = 1,740 a seat once.
    result = share_costs(founding(), FOUNDING_COSTS, Basis.SEATS)
    assert table(result) == {"CSC": (44_000, 38_280), "HLT": (4_000, 3_480), "POL": (44_000, 38_280),
                             "PRB": (2_000, 1_740), "UNIT": (6_000, 5_220)}
    assert (result.seats, result.added_seats, result.revenue, result.capital) == (50, 0, 100_000, 87_000)
    assert [s.code for s in result.shares] == ["CSC", "HLT", "POL", "PRB", "UNIT"]


def test_equal_between_leads_other_partners_pay_the_seat_price():
    # Others hold 6 seats: 6 x 2,000 = 12,000 a year and 6 x 3,000 = 18,000 once.
    # The leads halve the rest: (100,000 - 12,000) / 2 = 44,000; (87,000 - 18,000) / 2 = 34,500.
    result = share_costs(founding(), FOUNDING_COSTS, Basis.EQUAL_LEADS)
    assert table(result) == {"CSC": (44_000, 34_500), "HLT": (4_000, 6_000), "POL": (44_000, 34_500),
                             "PRB": (2_000, 3_000), "UNIT": (6_000, 9_000)}
    assert sum(s.revenue for s in result.shares) == 100_000 and sum(s.capital for s in result.shares) == 87_000


def test_a_partner_joining_beyond_the_base_pays_for_its_own_seats():
    # 53 seats: 3 added, so the hub costs 100,000 + 3 x 2,000 = 106,000 and 87,000 + 3 x 3,000 = 96,000.
    # Others now hold 9 seats: 18,000 and 27,000; the leads still pay 44,000 and 34,500 each.
    result = share_costs(founding((Partner("VOL", "Voluntary", 3),)), FOUNDING_COSTS, Basis.EQUAL_LEADS)
    assert (result.seats, result.added_seats, result.revenue, result.capital) == (53, 3, 106_000, 96_000)
    assert table(result)["VOL"] == (6_000, 9_000)
    assert table(result)["POL"] == table(result)["CSC"] == (44_000, 34_500)


def test_leads_giving_up_seats_pay_less():
    # POL gives 2 seats to a new partner: still 50 seats, others hold 8: 16,000 and 24,000.
    # Leads: (100,000 - 16,000) / 2 = 42,000 and (87,000 - 24,000) / 2 = 31,500.
    partners = [p if p.code != "POL" else Partner("POL", p.name, 20, True) for p in founding()]
    result = share_costs(partners + [Partner("FIRE", "Fire", 2)], FOUNDING_COSTS, Basis.EQUAL_LEADS)
    assert result.added_seats == 0
    assert table(result)["POL"] == table(result)["CSC"] == (42_000, 31_500)


def test_pence_add_up_and_the_odd_penny_goes_first_in_code_order():
    costs = Costs(Decimal("100"), Decimal("100.01"), 3, Decimal(0), Decimal(0))
    three = [Partner("A", "A", 1, True), Partner("B", "B", 1, True), Partner("C", "C", 1)]
    by_seats = share_costs(reversed(three), costs, Basis.SEATS)
    assert [s.revenue for s in by_seats.shares] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert [s.capital for s in by_seats.shares] == [Decimal("33.34"), Decimal("33.34"), Decimal("33.33")]
    equal = share_costs(three, costs, Basis.EQUAL_LEADS)
    assert [s.capital for s in equal.shares] == [Decimal("50.01"), Decimal("50.00"), Decimal("0.00")]


def test_split_gives_left_over_pence_to_the_largest_remainders():
    # 1000 by 1:2:4 (of 7): 142 6/7, 285 5/7, 571 3/7 -> 142, 285, 571 and 2 pence over,
    # which go to the two largest remainders: the first (6/7) and the second (5/7).
    assert split(1000, [1, 2, 4]) == [143, 286, 571]
    assert split(5, [0, 0]) == [0, 0] and split(7, [1, 0]) == [7, 0]


@pytest.mark.parametrize("change, field", [
    ({"revenue": Decimal(-1)}, "annual revenue"),
    ({"seat_capital": Decimal(-5)}, "capital per added seat"),
    ({"base_seats": -1}, "base seats"),
])
def test_negative_figures_are_refused(change, field):
    costs = Costs(**(FOUNDING_COSTS.__dict__ | change))
    with pytest.raises(FieldError) as raised:
        share_costs(founding(), costs, Basis.SEATS)
    assert raised.value.field == field


def test_what_cannot_be_shared_is_refused_with_the_reason():
    with pytest.raises(FieldError, match="no partner has seats"):
        share_costs([Partner("A", "A", 0)], FOUNDING_COSTS, Basis.SEATS)
    with pytest.raises(FieldError, match="choose the lead partners"):
        share_costs(founding(leads=set()), FOUNDING_COSTS, Basis.EQUAL_LEADS)
    dear = Costs(Decimal(100_000), Decimal(87_000), 50, Decimal(20_000), Decimal(3_000))  # 6 x 20,000 > 100,000
    with pytest.raises(FieldError) as raised:
        share_costs(founding(), dear, Basis.EQUAL_LEADS)
    assert raised.value.field == "price per added seat" and "more than the hub costs" in raised.value.problem
    with pytest.raises(FieldError, match="only once"):
        share_costs([Partner("A", "A", 1), Partner("A", "A", 2)], FOUNDING_COSTS, Basis.SEATS)


def test_default_leads_are_the_two_with_most_seats():
    assert default_leads(founding()) == {"CSC", "POL"}
    assert default_leads([Partner("B", "B", 3), Partner("A", "A", 3), Partner("C", "C", 3)]) == {"A", "B"}
    assert default_leads([Partner("A", "A", 0)]) == frozenset()
