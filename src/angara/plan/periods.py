"""Investment periods, discounting and annuities.

A period starts at a representative year and stands for every year up to the next
one; its weight is the sum of the discount factors of those years, so operating
values of a period count as many discounted years as it stands for.  Yearly periods
are the special case where every year is a period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Periods:
    """Period start years, the years each stands for, and their discounted weights."""

    starts: tuple[int, ...]
    years: tuple[tuple[int, ...], ...]
    discount_rate: float
    first_year: int

    @classmethod
    def of(
        cls, first_year: int, last_year: int, discount_rate: float, starts: list[int] | None = None
    ) -> Periods:
        """Periods from the given start years (every year when None)."""
        chosen = sorted(set(starts)) if starts else list(range(first_year, last_year + 1))
        if chosen[0] != first_year:
            chosen = [first_year, *[s for s in chosen if s > first_year]]
        chosen = [s for s in chosen if s <= last_year]
        ends = [*chosen[1:], last_year + 1]
        years = tuple(tuple(range(start, end)) for start, end in zip(chosen, ends, strict=True))
        return cls(tuple(chosen), years, discount_rate, first_year)

    def discount(self, year: float) -> float:
        """Discount factor of ``year`` relative to the first year (1 for the first year)."""
        return float((1 + self.discount_rate) ** -(year - self.first_year))

    @property
    def weights(self) -> tuple[float, ...]:
        """Sum of discount factors of the years each period stands for."""
        return tuple(sum(self.discount(y) for y in years) for years in self.years)

    @property
    def lengths(self) -> tuple[int, ...]:
        """Number of years each period stands for."""
        return tuple(len(years) for years in self.years)

    def weighted(self, values: dict[int, float]) -> tuple[float, ...]:
        """Per period, the discount-weighted sum of a yearly value."""
        return tuple(sum(self.discount(y) * values[y] for y in years) for years in self.years)

    def period_of(self, year: int) -> int:
        """Index of the period that stands for ``year``."""
        for index, years in enumerate(self.years):
            if year in years:
                return index
        raise ValueError(f"{year} is outside the planning horizon")


def capital_recovery(rate: float, lifetime: float) -> float:
    """Share of an investment to pay each year so it is repaid with interest over ``lifetime``.

    With rate 0 it is 1 / lifetime.  Paying this annuity only in the years a plant
    exists within the horizon means a plant built late is charged for the years it
    is used, not for its whole cost.
    """
    if rate == 0:
        return 1.0 / lifetime
    # 1 - (1 + rate) ** -lifetime, computed without cancellation for tiny rates
    return rate / -math.expm1(-lifetime * math.log1p(rate))


def annuity(capex: float, rate: float, lifetime: float, lead_time: float) -> float:
    """Yearly capital charge (RUB/yr) of ``capex`` spent ``lead_time`` years before operation.

    Interest during construction is added: the investment is compounded over the lead
    time before being spread over the lifetime.
    """
    return float(capex * (1 + rate) ** lead_time) * capital_recovery(rate, lifetime)


def closure_annuity(closure: float, rate: float, lifetime: float) -> float:
    """Yearly charge (RUB/yr) over ``lifetime`` that pays for ``closure`` due at its end.

    The closure cost is discounted from the end of life to the first year of operation and
    spread like the investment, so a module pays for its closure in the years it stands.
    """
    return float(closure * (1 + rate) ** -lifetime) * capital_recovery(rate, lifetime)
