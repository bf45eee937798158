"""How the hub's costs are shared between its partner agencies.

The hub has an annual revenue cost and a one-off capital cost for a base
number of seats. Every seat beyond the base adds a price a year and a capital
price. Two ways of sharing are offered:

- **by seats**: every partner pays the totals in proportion to its seats;
- **equal between the leads**: every other partner pays the per-seat prices
  for its seats, and the lead partners share what is left equally. This is
  how the founding partners began (the two leads holding most seats and
  giving seats up as partners join), so a partner joining beyond the base
  pays for its own seats and the leads' shares do not change.

Money is worked in whole pence; shares always add up to the totals exactly,
a left-over penny going to the partners first in code order.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import FieldError

PENNY = Decimal("0.01")


class Basis(enum.Enum):
    """How the costs are divided."""

    SEATS = "seats"
    EQUAL_LEADS = "equal_leads"

    @property
    def label(self) -> str:
        return {"seats": "By seats", "equal_leads": "Equal shares between the lead partners"}[self.value]


@dataclass(frozen=True)
class Costs:
    """The hub's costs: for the base seats, and per seat beyond them."""

    revenue: Decimal  # a year
    capital: Decimal  # once
    base_seats: int
    seat_revenue: Decimal  # a year, per added seat
    seat_capital: Decimal  # once, per added seat


#: The founding partners' plan (see DOMAIN.md, "The hub").
FOUNDING_COSTS = Costs(Decimal(100_000), Decimal(87_000), 50, Decimal(2_000), Decimal(3_000))


@dataclass(frozen=True)
class Partner:
    """A partner agency as the sharing sees it."""

    code: str
    name: str
    seats: int
    lead: bool = False


@dataclass(frozen=True)
class Share:
    """What one partner pays: revenue a year and capital once."""

    code: str
    name: str
    seats: int
    lead: bool
    revenue: Decimal
    capital: Decimal


@dataclass(frozen=True)
class CostShare:
    """Every partner's share and the totals they add up to."""

    basis: Basis
    costs: Costs
    shares: tuple[Share, ...]
    seats: int
    added_seats: int
    revenue: Decimal
    capital: Decimal


def default_leads(partners: Iterable[Partner]) -> frozenset[str]:
    """The two partners with the most seats (the first by code on a tie)."""
    ranked = sorted((p for p in partners if p.seats > 0), key=lambda p: (-p.seats, p.code))
    return frozenset(p.code for p in ranked[:2])


def _pence(amount: Decimal) -> int:
    return int((amount / PENNY).to_integral_value(ROUND_HALF_UP))


def _pounds(pence: int) -> Decimal:
    return (Decimal(pence) * PENNY).quantize(PENNY)


def split(total: int, weights: Sequence[int]) -> list[int]:
    """Divide ``total`` pence by ``weights``: largest remainders get the left-over pence."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    left = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


def _check(costs: Costs, partners: Sequence[Partner]) -> None:
    for field, amount in (("annual revenue", costs.revenue), ("capital", costs.capital),
                          ("price per added seat", costs.seat_revenue),
                          ("capital per added seat", costs.seat_capital)):
        if amount < 0:
            raise FieldError(field, "must not be negative")
    if costs.base_seats < 0:
        raise FieldError("base seats", "must not be negative")
    if any(p.seats < 0 for p in partners):
        raise FieldError("seats", "must not be negative")
    if len({p.code for p in partners}) != len(partners):
        raise FieldError("partners", "each partner may appear only once")


def share_costs(partners: Iterable[Partner], costs: Costs, basis: Basis) -> CostShare:
    """Each partner's share of the hub's costs, on ``basis``.

    Raises :class:`FieldError` when the figures cannot be shared: negative
    amounts, no seats to share by, no lead partner, or other partners' seats
    priced above what the hub costs.
    """
    ordered = sorted(partners, key=lambda p: p.code)
    _check(costs, ordered)
    seats = sum(p.seats for p in ordered)
    added = max(0, seats - costs.base_seats)
    revenue = _pence(costs.revenue) + added * _pence(costs.seat_revenue)
    capital = _pence(costs.capital) + added * _pence(costs.seat_capital)
    if basis is Basis.SEATS:
        if seats == 0:
            raise FieldError("seats", "no partner has seats to share the costs by")
        weights = [p.seats for p in ordered]
        rev, cap = split(revenue, weights), split(capital, weights)
    else:
        rev, cap = _equal_between_leads(ordered, costs, revenue, capital)
    shares = tuple(Share(p.code, p.name, p.seats, p.lead, _pounds(r), _pounds(c))
                   for p, r, c in zip(ordered, rev, cap))
    return CostShare(basis, costs, shares, seats, added, _pounds(revenue), _pounds(capital))


def _equal_between_leads(ordered: Sequence[Partner], costs: Costs, revenue: int, capital: int
                         ) -> tuple[list[int], list[int]]:
    leads = [p.lead for p in ordered]
    if not any(leads):
        raise FieldError("lead partners", "choose the lead partners who share the costs equally")
    rev = [0 if lead else p.seats * _pence(costs.seat_revenue) for p, lead in zip(ordered, leads)]
    cap = [0 if lead else p.seats * _pence(costs.seat_capital) for p, lead in zip(ordered, leads)]
    for what, total, paid in (("price per added seat", revenue, rev), ("capital per added seat", capital, cap)):
        if sum(paid) > total:
            raise FieldError(what, "the other partners' seats at this price would pay more than the hub "
                                   "costs; lower the price or share by seats")
    for paid, total in ((rev, revenue), (cap, capital)):
        rest = split(total - sum(paid), [1 if lead else 0 for lead in leads])
        for i, lead in enumerate(leads):
            if lead:
                paid[i] = rest[i]
    return rev, cap
