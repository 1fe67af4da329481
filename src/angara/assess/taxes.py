"""Tax rules of a scenario and the tax on each base, split between budget levels.

Rates and splits come from the scenario's ``taxes`` table (a row for a region, else
the ``*`` row) and ``incentives`` table; docs/taxes.md gives the law behind each.
Amounts are RUB per year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from angara.scenario.model import Scenario
from angara.scenario.schema import WILDCARD

LEVELS = ("federal", "regional", "local")


@dataclass(frozen=True)
class Rate:
    """A tax rate (share of its base) and the shares of receipts per budget level."""

    rate: float
    federal: float
    regional: float
    local: float
    regime: str = "general"

    def split(self, amount: float) -> dict[str, float]:
        """``amount`` (RUB) divided between the federal, regional and local budgets."""
        return {
            "federal": amount * self.federal,
            "regional": amount * self.regional,
            "local": amount * self.local,
        }


NO_TAX = Rate(0.0, 0.0, 0.0, 0.0, "none")


@dataclass(frozen=True)
class TaxRules:
    """Look up the rate that applies to a plant in a region (and site) in a year."""

    scenario: Scenario

    def base_rate(self, tax: str, region: str) -> Rate:
        """The general rate of ``tax`` in ``region`` (NO_TAX when the scenario has none)."""
        rows = {row.region: row for row in self.scenario.taxes if row.tax == tax}
        row = rows.get(region) or rows.get(WILDCARD)
        if row is None:
            return NO_TAX
        return Rate(row.rate, row.federal, row.regional, row.local)

    def rate(self, tax: str, region: str, site: str | None, years_since_revenue: int | None) -> Rate:
        """The rate in force: the lowest of the general rate and every incentive that
        covers the plant's site or region in that year of its operation.

        ``years_since_revenue`` counts from the plant's first year with revenue (0 in
        that year); incentives run from ``start`` for ``duration`` years of it.
        """
        best = self.base_rate(tax, region)
        if years_since_revenue is None:
            return best
        for incentive in self.scenario.incentives:
            if incentive.tax != tax:
                continue
            if incentive.site is not None and incentive.site != site:
                continue
            if incentive.site is None and incentive.region is not None and incentive.region != region:
                continue
            if not incentive.start <= years_since_revenue < incentive.start + incentive.duration:
                continue
            if incentive.rate < best.rate:
                best = Rate(
                    incentive.rate, incentive.federal, incentive.regional, incentive.local, incentive.regime
                )
        return best


def profit_tax(profit_before_tax: Sequence[float], rates: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Profit tax per year with losses carried forward without limit.

    Returns (tax per year, loss still to carry at each year's end), both in RUB.
    A year's loss reduces the taxable profit of later years until used up
    (Tax Code art. 283; its 50 % cap on the offset in 2017-2030 is not modelled).
    """
    taxes = np.zeros(len(profit_before_tax))
    carried = np.zeros(len(profit_before_tax))
    pool = 0.0
    for year, (profit, rate) in enumerate(zip(profit_before_tax, rates, strict=True)):
        if profit < 0:
            pool -= profit
        else:
            offset = min(pool, profit)
            pool -= offset
            taxes[year] = (profit - offset) * rate
        carried[year] = pool
    return taxes, carried


def property_tax(book_start: float, book_end: float, rate: float) -> float:
    """Tax on the average book value of fixed assets over the year (RUB)."""
    return 0.5 * (book_start + book_end) * rate


def land_tax(hectares: float, value_per_hectare: float, rate: float) -> float:
    """Tax on the cadastral value of the land a plant occupies (RUB)."""
    return hectares * value_per_hectare * rate


def income_tax(wages: float, rate: float) -> float:
    """Personal income tax withheld from wages (RUB); paid by employees, not a plant cost."""
    return wages * rate


def extraction_tax(mineral_value: float, rate: float) -> float:
    """Mineral extraction tax on the value of the extracted mineral (RUB)."""
    return mineral_value * rate
