"""Tax rules of a scenario: the rate in force for a plant and its split between budget levels.

Rates and splits come from the scenario's ``taxes`` table (a row for a region, else
the ``*`` row) and ``incentives`` table; docs/taxes.md gives the law behind each.  The
taxes themselves are computed by the money engine (:mod:`angara.assess.money`), which
looks the rates up here once per plant and year.
"""

from __future__ import annotations

from dataclasses import dataclass

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
