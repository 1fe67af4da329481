"""A fixed plan's accounts: the money engine's inputs, per plant, year and price series.

:func:`build_accounts` reads a plan's :class:`~angara.assess.operations.Operations` and
the scenario's tax rules once: amounts per plant and year (sales, payments between
plants and the value of extracted mineral also per *price series*, so that sampled
prices can move them), operating costs, the book values of the modules at their planned
CAPEX (and of its immovable part, the property tax base), sustaining capital and
closure, the working capital's days, and for every tax the rate in force each year (the
general rate or an incentive the plant has, :mod:`angara.assess.money.rates`) with its
split between budget levels.  Nothing here depends on a sample;
:mod:`angara.assess.money.engine` turns accounts and drivers into statements.

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

from angara.assess.money.rates import TAXES, claimed_regimes, first_years, rates_in_force
from angara.assess.operations import Operations, Trade
from angara.scenario.model import Scenario

__all__ = ["FIXED_COSTS", "TAXES", "Accounts", "PriceSeries", "build_accounts"]

DAYS_PER_YEAR = 365.0
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
    transfer at the plan's shadow price, the fixed part of a netback) is in ``fixed``.
    A netback's parts follow the sales and transfers they are netted back from.
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
    sustaining: np.ndarray  # (P, T) sustaining capital paid, at planned CAPEX
    closure: np.ndarray  # (P, T) closure cost, at planned CAPEX
    depreciation: np.ndarray  # (P, T) of the commissioned modules and sustaining capital
    book_start: np.ndarray  # (P, T) book value at the year's start, at planned CAPEX
    book_end: np.ndarray  # (P, T) book value at the year's end, at planned CAPEX
    taxable_start: np.ndarray  # (P, T) the immovable part of book_start: the property tax base
    taxable_end: np.ndarray  # (P, T) the immovable part of book_end
    land_value: np.ndarray  # (P, T) cadastral value of the land the plant occupies
    rates: np.ndarray  # (K, P, T) rate in force, a share of the tax's base
    shares: np.ndarray  # (K, P, T, L) share of the receipts of each budget level
    regimes: np.ndarray  # (K, P, T) "general" or the incentive's regime (str)
    infrastructure: np.ndarray  # (T,) outlays outside the plants
    discount_rate: float  # real, per year
    first_year: int  # the year money is discounted to
    # working capital in years of flows: receivables of revenue, inventories and payables of costs
    receivable: float = 0.0
    inventory: float = 0.0
    payable: float = 0.0
    notes: tuple[str, ...] = ()  # incentives claimed and refused in this plan
    # support instruments (P, T), None without any (angara.assess.money.support): grants paid
    # as a share of CAPEX (moved by its overrun) or as fixed amounts, the grants' income
    # recognised with depreciation, a loan's draws less repayments and its interest, and the
    # share off the electricity and rail tariffs
    grants_capex: np.ndarray | None = None
    grants_fixed: np.ndarray | None = None
    grant_income_capex: np.ndarray | None = None
    grant_income_fixed: np.ndarray | None = None
    loan_principal: np.ndarray | None = None
    loan_interest: np.ndarray | None = None
    electricity_discount: np.ndarray | None = None
    transport_discount: np.ndarray | None = None

    def support(self, name: str) -> np.ndarray:
        """The support flow ``name`` (P, T), zeros without any."""
        value = getattr(self, name)
        result: np.ndarray = np.zeros((len(self.plants), len(self.years))) if value is None else value
        return result

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
    profit_starts: list[int | None] | None = None,
) -> Accounts:
    """The accounts of the plan behind ``ops`` under ``scenario``'s tax rules.

    Without ``series`` every amount is in one price series.  With it, sales and payments
    between plants are split by series from ``ops.trade``, which is per investment
    period: ``calendar`` (``year``, ``period``, see
    :func:`angara.assess.operations.year_periods`) places the periods' years.
    ``profit_starts``: each plant's first year (index) with taxable profit, from which
    incentives that count from profit run; without it, its first year with revenue
    (:func:`angara.assess.money.build.build_accounts` finds it as planned).
    """
    plants, years = ops.plants, ops.years

    def per_year(column: str) -> np.ndarray:
        """``column`` of the operations per plant and year (0 where the operations lack it)."""
        if column not in ops.yearly.columns:
            return np.zeros((len(plants), len(years)))
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
    sustaining = per_year("sustaining_capex_rub")
    books = _book_values(plants, years, ops.vintages, sustaining)
    capex = per_year("capex_rub")
    regions = [str(region) for region in plants["region"]]
    kinds, locations = plants["location_kind"].to_numpy(), _plant_column(plants, "location")
    sites = [str(place) if kind == "site" else None for kind, place in zip(kinds, locations, strict=True)]
    names = [(str(process), str(location)) for process, location in plants.index]
    claims, notes = claimed_regimes(scenario, names, regions, sites, capex, years)
    revenue = first_years((sales + receipts).sum(axis=2))
    starts = {
        "revenue": revenue,
        "extraction": first_years((sales + receipts + np.abs(mineral)).sum(axis=2)),
        "profit": revenue if profit_starts is None else profit_starts,
    }
    rates, shares, regimes = rates_in_force(scenario, regions, sites, starts, claims, len(years))
    land_price = {region.id: region.land_value or 0.0 for region in scenario.regions}
    per_ha = np.array([land_price.get(region, 0.0) for region in regions], dtype=float)
    infrastructure = ops.infrastructure.groupby("year")["capex_rub"].sum().reindex(list(years))
    settings = scenario.meta.assessment
    return Accounts(
        plants=tuple(names),
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
        capex=capex,
        sustaining=sustaining,
        closure=per_year("closure_rub"),
        depreciation=books[0],
        book_start=books[1],
        book_end=books[2],
        taxable_start=books[3],
        taxable_end=books[4],
        land_value=per_year("land_ha") * per_ha[:, None],
        rates=rates,
        shares=shares,
        regimes=regimes,
        infrastructure=infrastructure.fillna(0.0).to_numpy(dtype=float),
        discount_rate=scenario.meta.discount_rate,
        first_year=scenario.meta.first_year,
        receivable=settings.receivable_days / DAYS_PER_YEAR,
        inventory=settings.inventory_days / DAYS_PER_YEAR,
        payable=settings.payable_days / DAYS_PER_YEAR,
        notes=tuple(notes),
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

    def followed(frame: pd.DataFrame) -> list[Hashable]:
        """The series of each payment's part: the price it follows (angara.assess.transfer)."""
        return [
            series.fixed
            if not good
            else series.transfers.get(good, series.fixed)
            if not market
            else series.sales.get((good, market), series.fixed)
            for good, market in zip(frame["index_good"], frame["index_market"], strict=True)
        ]

    sold = [
        series.sales.get((good, market), series.fixed)
        for good, market in zip(trade.sales["good"], trade.sales["market"], strict=True)
    ]
    return (
        by_series(trade.sales, "sales_rub", sold),
        by_series(trade.receipts, "receipts_rub", followed(trade.receipts)),
        by_series(trade.purchases, "purchases_rub", followed(trade.purchases)),
    )


def _mineral(plants: pd.DataFrame, net: np.ndarray, charged: np.ndarray) -> np.ndarray:
    """Each plant's value of extracted mineral (P, T, E): its share, as planned, of its
    deposit's net revenue per series (see :func:`angara.assess.operations.mineral_value`).

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
    plants: pd.DataFrame, years: tuple[int, ...], vintages: pd.DataFrame, sustaining: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Depreciation, book values at the start and end of each year, and the immovable part
    of both (P, T), at planned CAPEX.

    A module (vintage) is depreciated straight-line over its plant's lifetime from the
    year it is commissioned (age 0); modules under construction are not fixed assets yet.
    Its ``immovable`` share (buildings, structures) is the property tax base; movable
    property is exempt (Tax Code art. 374 since 2019).  Sustaining capital is equipment
    added in the year it is spent (movable), depreciated over the plant's lifetime too.
    """
    plant = _positions(plants.index, vintages)
    keep = plant >= 0
    spent_plant, spent_year = np.nonzero(sustaining > 0)
    plant = np.concatenate([plant[keep], spent_plant])
    capex = np.concatenate(
        [vintages["capex_rub"].to_numpy(dtype=float)[keep], sustaining[spent_plant, spent_year]]
    )[:, None]
    first = np.concatenate(
        [vintages["first_year"].to_numpy(dtype=int)[keep], np.array(years, dtype=int)[spent_year]]
    )
    # without the asset classes every modules's CAPEX is taxed, as before the exemption
    share = plants["immovable"].to_numpy(dtype=float) if "immovable" in plants else np.ones(len(plants))
    immovable = np.concatenate([share[plant[: keep.sum()]], np.zeros(len(spent_plant))])[:, None]
    lifetime = plants["lifetime"].to_numpy(dtype=float)[plant][:, None]
    age = np.array(years)[None, :] - first[:, None]
    annual = capex / lifetime
    standing = age >= 0
    written_off = np.where(standing & (age < lifetime), np.minimum(annual, capex - annual * age).clip(0), 0.0)
    start = np.where(standing, np.clip(capex - annual * age, 0.0, None), 0.0)
    end = np.where(standing, np.clip(capex - annual * (age + 1), 0.0, None), 0.0)
    totals = []
    for per_vintage in (written_off, start, end, start * immovable, end * immovable):
        total = np.zeros((len(plants), len(years)))
        np.add.at(total, plant, per_vintage)
        totals.append(total)
    return tuple(totals)
