"""Tax rules of a scenario: the rate in force for a plant and its split between budget levels.

Rates and splits come from the scenario's ``taxes`` table (a row for a region, else
the ``*`` row) and ``incentives`` table; docs/taxes.md gives the law behind each.  An
incentive covers a plant where it stands (its site, its region or every region) and,
when granted by status, only if the plant claims its regime (``plant_incentives``).  It
runs from ``start`` for ``duration`` tax periods (years, or months for the mineral
extraction tax) counted from the plant's first year with revenue, taxable profit or
extraction; within a year the lowest rate in force each month applies.  The taxes
themselves are computed by the money engine (:mod:`angara.assess.money`), which looks
the rates up here once per plant and year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from angara.scenario.model import Scenario
from angara.scenario.schema import WILDCARD, Incentive

LEVELS = ("federal", "regional", "local")
MONTHS = 12


@dataclass(frozen=True)
class Rate:
    """A tax rate (share of its base) and the shares of receipts per budget level."""

    rate: float
    federal: float
    regional: float
    local: float
    regime: str = "general"


NO_TAX = Rate(0.0, 0.0, 0.0, 0.0, "none")


def property_tax(book_start: np.ndarray, book_end: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Tax on the average book value over the year of the fixed assets taxed: immovable
    property only since 2019 (Tax Code art. 374) (RUB)."""
    result: np.ndarray = 0.5 * (book_start + book_end) * rate
    return result


def land_tax(land_value: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Tax on the cadastral value of the land a plant occupies (RUB)."""
    result: np.ndarray = land_value * rate
    return result


def months_in_force(incentive: Incentive, since: np.ndarray) -> np.ndarray:
    """Whether ``incentive`` is in force in each month, given the months ``since`` its
    counting started (negative before): from ``start`` for ``duration`` tax periods."""
    unit = MONTHS if incentive.period == "year" else 1
    first, end = incentive.start * unit, (incentive.start + incentive.duration) * unit
    result: np.ndarray = (since >= first) & (since < end)
    return result


@dataclass(frozen=True)
class YearlyRates:
    """A tax's rate in force per year (T,), the shares of its receipts per budget level
    (T, L) and the regime in force most of each year (T,)."""

    rates: np.ndarray
    shares: np.ndarray
    regimes: np.ndarray


@dataclass(frozen=True)
class TaxRules:
    """Look up the rates that apply to a plant in a region (and at a site) year by year."""

    scenario: Scenario

    def base_rate(self, tax: str, region: str) -> Rate:
        """The general rate of ``tax`` in ``region`` (NO_TAX when the scenario has none)."""
        rows = {row.region: row for row in self.scenario.taxes if row.tax == tax}
        row = rows.get(region) or rows.get(WILDCARD)
        if row is None:
            return NO_TAX
        return Rate(row.rate, row.federal, row.regional, row.local)

    def applicable(
        self, tax: str, region: str, site: str | None, claimed: frozenset[str] = frozenset()
    ) -> list[Incentive]:
        """The incentives of ``tax`` that cover a plant at ``site`` (None at a deposit) in
        ``region`` and whose regime it has: by law, or by a status in ``claimed``."""
        found = []
        for incentive in self.scenario.incentives:
            if incentive.tax != tax:
                continue
            if incentive.site is not None and incentive.site != site:
                continue
            if incentive.site is None and incentive.region not in (WILDCARD, region):
                continue
            if incentive.granted == "status" and incentive.regime not in claimed:
                continue
            found.append(incentive)
        return found

    def yearly(
        self,
        tax: str,
        region: str,
        site: str | None,
        starts: Mapping[str, int | None],
        years: int,
        claimed: frozenset[str] = frozenset(),
    ) -> YearlyRates:
        """The rates in force over ``years`` years for a plant whose incentives count from
        the year indices ``starts`` (by ``counts_from``: revenue, profit, extraction; None:
        never started).  Each month the lowest rate in force applies; a year's rate is the
        mean of its months, its budget shares those of its receipts."""
        base = self.base_rate(tax, region)
        options = [(base, np.ones(years * MONTHS, dtype=bool))]
        month = np.arange(years * MONTHS)
        for incentive in self.applicable(tax, region, site, claimed):
            start = starts.get(incentive.counts_from)
            if start is None:
                continue
            rate = Rate(
                incentive.rate, incentive.federal, incentive.regional, incentive.local, incentive.regime
            )
            options.append((rate, months_in_force(incentive, month - start * MONTHS)))
        levels = np.array([[getattr(rate, level) for level in LEVELS] for rate, _ in options])
        values = np.array([rate.rate for rate, _ in options])
        chosen = np.argmin(np.where(np.array([m for _, m in options]), values[:, None], np.inf), axis=0)
        chosen = chosen.reshape(years, MONTHS)
        monthly = values[chosen]
        receipts = (monthly[:, :, None] * levels[chosen]).sum(axis=1)
        total = monthly.sum(axis=1, keepdims=True)
        shares = np.divide(receipts, total, out=levels[chosen].mean(axis=1), where=total > 0)
        # a year under one rule throughout takes its numbers as they are, not a mean of twelve
        whole = (chosen == chosen[:, :1]).all(axis=1)
        rates = np.where(whole, values[chosen[:, 0]], monthly.mean(axis=1))
        shares = np.where(whole[:, None], levels[chosen[:, 0]], shares)
        regimes = np.array([options[np.bincount(row).argmax()][0].regime for row in chosen], dtype=object)
        return YearlyRates(rates, shares, regimes)

    def rate(
        self,
        tax: str,
        region: str,
        site: str | None,
        years_since: int | None,
        claimed: frozenset[str] = frozenset(),
    ) -> Rate:
        """The rate in force in one year of a plant whose every incentive started counting
        ``years_since`` years before (0: this year; None: not yet)."""
        if years_since is None:
            return self.base_rate(tax, region)
        starts = dict.fromkeys(("revenue", "profit", "extraction"), 0)
        found = self.yearly(tax, region, site, starts, years_since + 1, claimed)
        federal, regional, local = (float(share) for share in found.shares[-1])
        return Rate(float(found.rates[-1]), federal, regional, local, str(found.regimes[-1]))
