"""A fixed plan's accounts: the money engine's inputs, per plant, year and price series.

:func:`build_accounts` reads a plan's :class:`~angara.assess.operations.Operations` and
the scenario's tax rules once: amounts per plant and year (sales, payments between
plants and the value of extracted mineral also per *price series*, so that sampled
prices can move them), operating costs, the book values of the modules at their planned
CAPEX, and for every tax the rate in force each year (the general rate or an incentive,
counted from the plant's first year with revenue) with its split between budget levels.
Nothing here depends on a sample; :mod:`angara.assess.money.engine` turns accounts and
drivers into statements.

A plant is a position along ``Accounts.plants``, its (process, location) as in
``Operations.plants``' index; :func:`_positions` and :func:`_plant_column` are the only
code that reads the plant key of the operations' tables.

Arrays: P plants, T years, E price series, K taxes (:data:`TAXES`), L budget levels
(:data:`~angara.assess.taxes.LEVELS`).  Money in RUB of the scenario's base year.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.assess.operations import Operations, Trade
from angara.assess.taxes import LEVELS, Rate, TaxRules
from angara.scenario.model import Scenario

TAXES = ("profit", "property", "land", "mineral_extraction", "personal_income")
# Operating costs that no driver moves (RUB per plant and year): columns of Operations.yearly.
FIXED_COSTS = ("opex_rub", "gas_rub", "reagents_rub", "fixed_opex_rub", "wages_rub", "insurance_rub")
# Those of them that are paid per tonne processed: a throughput driver scales them.
VARIABLE_COSTS = ("opex_rub", "gas_rub", "reagents_rub")


@dataclass(frozen=True)
class PriceSeries:
    """How to group money by what moves its price (the keys are the caller's own).

    ``keys``: every series, in the order of the accounts' series axis; ``sales``: the
    series of a sale of a good at a market; ``transfers``: the series of a good passed
    between plants at its market price; anything else (a sale or transfer not listed, a
    transfer at the plan's shadow price) is in ``fixed``.
    """

    keys: tuple[Hashable, ...]
    sales: Mapping[tuple[str, str], Hashable]
    transfers: Mapping[str, Hashable]
    fixed: Hashable


@dataclass(frozen=True)
class Accounts:
    """A fixed plan's amounts as planned (see the module docstring for the shapes)."""

    plants: tuple[tuple[str, str], ...]  # (process, location): Operations.plants' index
    years: tuple[int, ...]
    series: tuple[Hashable, ...]  # PriceSeries.keys, or one series when prices are not split
    sales: np.ndarray  # (P, T, E) the plant's share of external sales
    receipts: np.ndarray  # (P, T, E) paid to it by other plants
    purchases: np.ndarray  # (P, T, E) paid by it to other plants
    mineral: np.ndarray  # (P, T, E) value of the extracted mineral charged to it
    costs: Mapping[str, np.ndarray]  # each of FIXED_COSTS, (P, T)
    electricity: np.ndarray  # (P, T) at the planned tariffs
    transport: np.ndarray  # (P, T) at the planned tariffs
    staff: np.ndarray  # (P, T) persons
    capex: np.ndarray  # (P, T) planned CAPEX paid
    depreciation: np.ndarray  # (P, T) of the commissioned modules, at planned CAPEX
    book_start: np.ndarray  # (P, T) book value at the year's start, at planned CAPEX
    book_end: np.ndarray  # (P, T) book value at the year's end, at planned CAPEX
    land_value: np.ndarray  # (P, T) cadastral value of the land the plant occupies
    rates: np.ndarray  # (K, P, T) rate in force, a share of the tax's base
    shares: np.ndarray  # (K, P, T, L) share of the receipts of each budget level
    regimes: np.ndarray  # (K, P, T) "general" or the incentive's regime (str)
    infrastructure: np.ndarray  # (T,) outlays outside the plants
    discount_rate: float  # real, per year
    first_year: int  # the year money is discounted to

    @property
    def fixed_costs(self) -> np.ndarray:
        """(P, T) operating costs no driver moves: the sum of :data:`FIXED_COSTS`."""
        total: np.ndarray = np.sum([self.costs[column] for column in FIXED_COSTS], axis=0)
        return total

    @property
    def variable_costs(self) -> np.ndarray:
        """(P, T) the part of :attr:`fixed_costs` paid per tonne: :data:`VARIABLE_COSTS`."""
        total: np.ndarray = np.sum([self.costs[column] for column in VARIABLE_COSTS], axis=0)
        return total


def build_accounts(
    scenario: Scenario,
    ops: Operations,
    series: PriceSeries | None = None,
    calendar: pd.DataFrame | None = None,
) -> Accounts:
    """The accounts of the plan behind ``ops`` under ``scenario``'s tax rules.

    Without ``series`` every amount is in one price series.  With it, sales and payments
    between plants are split by series from ``ops.trade``, which is per investment
    period: ``calendar`` (``year``, ``period``, see
    :func:`angara.assess.operations.year_periods`) places the periods' years.
    """
    plants, years = ops.plants, ops.years

    def per_year(column: str) -> np.ndarray:
        return _fill(plants.index, years, ops.yearly, column)[:, :, 0]

    if series is None:
        keys: tuple[Hashable, ...] = (None,)
        sales, receipts, purchases = (
            _fill(plants.index, years, ops.yearly, column)
            for column in ("sales_rub", "receipts_rub", "purchases_rub")
        )
    else:
        if ops.trade is None or calendar is None:
            raise ValueError("splitting prices by series needs the operations' trade and the calendar")
        keys = series.keys
        sales, receipts, purchases = _trade_by_series(plants.index, years, ops.trade, calendar, series)
    mineral = _mineral(plants, sales + receipts - purchases, per_year("mineral_value_rub"))
    depreciation, book_start, book_end = _book_values(plants, years, ops.vintages)
    rates, shares, regimes = _rates_in_force(scenario, plants, (sales + receipts).sum(axis=2))
    land_price = {region.id: region.land_value or 0.0 for region in scenario.regions}
    per_ha = np.array([land_price.get(str(region), 0.0) for region in plants["region"]], dtype=float)
    infrastructure = ops.infrastructure.groupby("year")["capex_rub"].sum().reindex(list(years))
    return Accounts(
        plants=tuple((str(process), str(location)) for process, location in plants.index),
        years=years,
        series=keys,
        sales=sales,
        receipts=receipts,
        purchases=purchases,
        mineral=mineral,
        costs={column: per_year(column) for column in FIXED_COSTS},
        electricity=per_year("electricity_rub"),
        transport=per_year("transport_rub"),
        staff=per_year("staff"),
        capex=per_year("capex_rub"),
        depreciation=depreciation,
        book_start=book_start,
        book_end=book_end,
        land_value=per_year("land_ha") * per_ha[:, None],
        rates=rates,
        shares=shares,
        regimes=regimes,
        infrastructure=infrastructure.fillna(0.0).to_numpy(dtype=float),
        discount_rate=scenario.meta.discount_rate,
        first_year=scenario.meta.first_year,
    )


def _positions(plants: pd.Index, frame: pd.DataFrame) -> np.ndarray:
    """Each row's plant as a position along ``plants`` (-1: not one of them).

    The rows name their plant in the columns called like ``plants``' index levels.
    """
    found: np.ndarray = plants.get_indexer(frame.set_index(list(plants.names)).index)
    return found


def _plant_column(plants: pd.DataFrame, name: str) -> np.ndarray:
    """A property of each plant, whether a column or a level of the plant key."""
    values = plants[name] if name in plants.columns else plants.index.get_level_values(name)
    return np.asarray(values)


def _fill(
    plants: pd.Index,
    years: tuple[int, ...],
    frame: pd.DataFrame,
    column: str,
    series: np.ndarray | None = None,
    width: int = 1,
) -> np.ndarray:
    """``frame[column]`` summed per plant, year and series position: (P, T, width)."""
    plant = _positions(plants, frame)
    year = pd.Index(years).get_indexer(frame["year"])
    at = np.zeros(len(frame), dtype=int) if series is None else series
    keep = (plant >= 0) & (year >= 0)
    result = np.zeros((len(plants), len(years), width))
    # unbuffered and in row order: repeated rows add up
    np.add.at(result, (plant[keep], year[keep], at[keep]), frame[column].to_numpy(dtype=float)[keep])
    return result


def _trade_by_series(
    plants: pd.Index,
    years: tuple[int, ...],
    trade: Trade,
    calendar: pd.DataFrame,
    series: PriceSeries,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sales, receipts and purchases (P, T, E), each amount in its price series."""
    position = {key: e for e, key in enumerate(series.keys)}

    def by_series(frame: pd.DataFrame, column: str, keys: list[Hashable]) -> np.ndarray:
        yearly = calendar.merge(frame.assign(series=[position[key] for key in keys]), on="period")
        return _fill(plants, years, yearly, column, yearly["series"].to_numpy(dtype=int), len(position))

    def transfers(frame: pd.DataFrame) -> list[Hashable]:
        # a transfer at the plan's shadow price is not a market price: nothing moves it
        return [
            series.transfers.get(good, series.fixed) if basis == "market" else series.fixed
            for good, basis in zip(frame["good"], frame["basis"], strict=True)
        ]

    sold = [
        series.sales.get((good, market), series.fixed)
        for good, market in zip(trade.sales["good"], trade.sales["market"], strict=True)
    ]
    return (
        by_series(trade.sales, "sales_rub", sold),
        by_series(trade.receipts, "receipts_rub", transfers(trade.receipts)),
        by_series(trade.purchases, "purchases_rub", transfers(trade.purchases)),
    )


def _mineral(plants: pd.DataFrame, net: np.ndarray, charged: np.ndarray) -> np.ndarray:
    """Each plant's value of extracted mineral (P, T, E): its share, as planned, of its
    deposit's net revenue per series (see :func:`angara.assess.operations._mineral_value`).

    ``net`` is every plant's revenue less its purchases (P, T, E); ``charged`` (P, T) the
    value of mineral the operations charge to each plant.  Prices then move each series of
    the deposit's value, the plants' shares stay.
    """
    result = np.zeros_like(net)
    locations = _plant_column(plants, "location")
    at_deposit = plants["location_kind"].to_numpy() == "deposit"
    for location in set(locations[at_deposit]):
        members = np.flatnonzero((locations == location) & at_deposit)
        total = net[members].sum(axis=0)  # (T, E)
        total_value = total.sum(axis=1)  # (T,)
        for i in members:
            share = np.divide(charged[i], total_value, out=np.zeros_like(charged[i]), where=total_value > 0)
            result[i] = total * share[:, None]
    return result


def _book_values(
    plants: pd.DataFrame, years: tuple[int, ...], vintages: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Depreciation and book values at the start and end of each year (P, T), at planned CAPEX.

    A module (vintage) is depreciated straight-line over its plant's lifetime from the
    year it is commissioned (age 0); modules under construction are not fixed assets yet.
    """
    plant = _positions(plants.index, vintages)
    keep = plant >= 0
    plant = plant[keep]
    capex = vintages["capex_rub"].to_numpy(dtype=float)[keep][:, None]
    lifetime = plants["lifetime"].to_numpy(dtype=float)[plant][:, None]
    age = np.array(years)[None, :] - vintages["first_year"].to_numpy(dtype=int)[keep][:, None]
    annual = capex / lifetime
    standing = age >= 0
    written_off = np.where(standing & (age < lifetime), np.minimum(annual, capex - annual * age).clip(0), 0.0)
    start = np.where(standing, np.clip(capex - annual * age, 0.0, None), 0.0)
    end = np.where(standing, np.clip(capex - annual * (age + 1), 0.0, None), 0.0)
    totals = []
    for per_vintage in (written_off, start, end):
        total = np.zeros((len(plants), len(years)))
        np.add.at(total, plant, per_vintage)
        totals.append(total)
    return totals[0], totals[1], totals[2]


def _rates_in_force(
    scenario: Scenario, plants: pd.DataFrame, revenue: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per tax, plant and year (K, P, T): the rate in force, its budget shares (…, L) and
    regime, for plants with this yearly ``revenue`` (P, T).

    Incentives count their years from the plant's first year with revenue.
    """
    rules = TaxRules(scenario)
    count, years = revenue.shape
    rates = np.zeros((len(TAXES), count, years))
    shares = np.zeros((len(TAXES), count, years, len(LEVELS)))
    regimes = np.full((len(TAXES), count, years), "", dtype=object)
    looked_up: dict[tuple[str, str, str | None, int | None], Rate] = {}
    kinds, locations = plants["location_kind"].to_numpy(), _plant_column(plants, "location")
    sites = [str(place) if kind == "site" else None for kind, place in zip(kinds, locations, strict=True)]
    for p, (region, site) in enumerate(zip(plants["region"].astype(str), sites, strict=True)):
        earning = np.flatnonzero(revenue[p] > 0)
        first = int(earning[0]) if len(earning) else None
        for t in range(years):
            since = None if first is None or t < first else t - first
            for k, tax in enumerate(TAXES):
                key = (tax, region, site, since)
                if key not in looked_up:
                    looked_up[key] = rules.rate(tax, region, site, since)
                rate = looked_up[key]
                rates[k, p, t] = rate.rate
                shares[k, p, t] = [getattr(rate, level) for level in LEVELS]
                regimes[k, p, t] = rate.regime
    return rates, shares, regimes
