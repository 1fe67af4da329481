"""A fixed plan's money as arrays that uncertain prices and costs can scale.

The assessment of a plan (:mod:`angara.assess`) is linear in the things the Monte
Carlo varies, except for profit tax: revenue is a sum over *series* (a price factor,
or none, and whether the market prices in USD) of base amounts times the series'
multiplier; CAPEX, depreciation, book values (so property tax) and the residual value
scale with each plant's CAPEX ratio; electricity and transport costs with their
tariffs.  :class:`Ledger` holds those base amounts, per plant and year, from the same
operations and tax rules the assessment uses, so that at multipliers of 1 the
evaluation reproduces the assessment (tested).

Arrays: ``P`` plants, ``T`` years, ``E`` series, ``L`` budget levels (federal,
regional, local).  Money in RUB of the base year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.assess.finance import book_values, land_value_per_ha, rates_in_force
from angara.assess.inputoutput import HouseholdClosure, effects
from angara.assess.io_table import read_table
from angara.assess.jobs import table_product
from angara.assess.operations import Operations, Trade, operations, year_periods
from angara.assess.taxes import LEVELS, Rate, TaxRules
from angara.chain import expand
from angara.plan.result import Plan
from angara.risk.prices import FactorModel, exposure
from angara.scenario.model import Scenario

OTHER_COSTS = ("opex_rub", "gas_rub", "reagents_rub", "fixed_opex_rub", "wages_rub", "insurance_rub")
NONE = -1  # series without a price factor
KINDS = ("indirect", "induced", "direct")


@dataclass(frozen=True)
class Ledger:
    """Base amounts of a fixed plan (see the module docstring for the shapes)."""

    plants: tuple[tuple[str, str], ...]  # (process, location)
    years: tuple[int, ...]
    series: tuple[tuple[int, bool], ...]  # (factor index or NONE, priced in USD)
    sales: np.ndarray  # (P, T, E) external sales
    receipts: np.ndarray  # (P, T, E) paid by other plants
    purchases: np.ndarray  # (P, T, E) paid to other plants
    mineral: np.ndarray  # (P, T, E) value of extracted mineral charged to the plant
    other_costs: np.ndarray  # (P, T) fixed in the Monte Carlo
    electricity: np.ndarray  # (P, T)
    transport: np.ndarray  # (P, T)
    land_tax: np.ndarray  # (P, T)
    property_tax: np.ndarray  # (P, T) at planned CAPEX
    depreciation: np.ndarray  # (P, T) at planned CAPEX
    capex: np.ndarray  # (P, T)
    residual: np.ndarray  # (P, T) book value left in the last year
    extraction_rate: np.ndarray  # (P, T)
    profit_rate: np.ndarray  # (P, T)
    profit_split: np.ndarray  # (P, T, L)
    property_split: np.ndarray  # (P, T, L)
    extraction_split: np.ndarray  # (P, T, L)
    fixed_taxes: np.ndarray  # (L,) land tax and personal income tax over the horizon
    infrastructure: np.ndarray  # (T,) outlays outside the plants
    discount: np.ndarray  # (T,) discount factors to the first year
    direct_jobs: float  # at full operation
    reference: int  # index of the year of full operation
    indirect_per_rub: np.ndarray  # (P,) indirect jobs per RUB of external sales
    induced_per_rub: np.ndarray  # (P,) induced jobs per RUB of external sales
    own_per_rub: np.ndarray  # (P,) jobs already direct per RUB delivered to other plants
    building_per_rub: float  # supply-chain and induced jobs per RUB of CAPEX (construction phase)
    infrastructure_jobs: float  # those jobs from links and power lines built in the reference year


def _series_of(
    model: FactorModel, scenario: Scenario
) -> tuple[dict[tuple[str, str], tuple[int, bool]], dict[str, tuple[int, bool]]]:
    """Series of each (good, market) price and of each good passed between plants at market price."""
    usd = {m.id: m.currency == "USD" for m in scenario.markets}
    priced = {(p.good, p.market) for p in scenario.prices}
    by_price = {}
    for good, market in priced:
        factor = exposure(scenario, model, good, market)
        by_price[(good, market)] = (NONE if factor is None else factor, usd.get(market, False))
    by_good: dict[str, tuple[int, bool]] = {}
    for (good, _), (factor, in_usd) in sorted(by_price.items()):
        # a transfer at market price is the mean over markets: take the first market's series
        by_good.setdefault(good, (factor, in_usd))
    return by_price, by_good


def build_ledger(scenario: Scenario, plan: Plan, ops: Operations | None = None) -> Ledger:
    """The base amounts of ``plan`` as :func:`angara.assess.assessment.assess` counts them
    (``ops``: the plan's operations, computed when not given)."""
    ops = ops or operations(scenario, expand(scenario), plan)
    assert ops.trade is not None
    model = FactorModel.from_scenario(scenario)
    plants = tuple(ops.plants.index)
    years = ops.years
    by_price, by_good = _series_of(model, scenario)
    series = tuple(sorted(set(by_price.values()) | set(by_good.values()) | {(NONE, False)}))
    position = {s: i for i, s in enumerate(series)}
    shape = (len(plants), len(years), len(series))
    calendar = year_periods(plan)
    trade = _yearly_trade(ops.trade, calendar)
    index_p = {p: i for i, p in enumerate(plants)}
    index_t = {y: i for i, y in enumerate(years)}

    def fill(frame: pd.DataFrame, column: str, series_of_row: list[tuple[int, bool]]) -> np.ndarray:
        array = np.zeros(shape)
        for (process, location, year, value), key in zip(
            frame[["process", "location", "year", column]].itertuples(index=False), series_of_row, strict=True
        ):
            if (process, location) in index_p:
                array[index_p[(process, location)], index_t[year], position[key]] += value
        return array

    sales = fill(
        trade.sales,
        "sales_rub",
        [
            by_price.get((g, m), (NONE, False))
            for g, m in zip(trade.sales["good"], trade.sales["market"], strict=True)
        ],
    )
    receipts = fill(trade.receipts, "receipts_rub", _transfer_series(trade.receipts, by_good))
    purchases = fill(trade.purchases, "purchases_rub", _transfer_series(trade.purchases, by_good))
    yearly = ops.yearly.set_index(["process", "location", "year"])

    def per_plant(column: str) -> np.ndarray:
        frame = (
            yearly[column]
            .unstack("year")
            .reindex(index=pd.MultiIndex.from_tuples(plants), columns=list(years))
        )
        frame = frame.fillna(0.0)
        result: np.ndarray = frame.to_numpy(dtype=float)
        return result

    mineral = _mineral(ops, plants, sales + receipts - purchases, per_plant("mineral_value_rub"))
    rules = TaxRules(scenario)
    levels = len(LEVELS)
    rates = {name: np.zeros((len(plants), len(years))) for name in ("profit", "extraction")}
    splits = {
        name: np.zeros((len(plants), len(years), levels)) for name in ("profit", "property", "extraction")
    }
    property_tax = np.zeros((len(plants), len(years)))
    depreciation = np.zeros((len(plants), len(years)))
    residual = np.zeros((len(plants), len(years)))
    fixed_taxes = np.zeros(levels)
    land = np.zeros((len(plants), len(years)))
    revenue = (sales + receipts).sum(axis=2)
    wages = per_plant("wages_rub")
    land_ha = per_plant("land_ha")
    vintages_of = dict(tuple(ops.vintages.groupby(["process", "location"]))) if len(ops.vintages) else {}
    for i, slot in enumerate(plants):
        plant = ops.plants.loc[slot]
        region = str(plant["region"])
        site = str(plant["location"]) if plant["location_kind"] == "site" else None
        in_force = rates_in_force(rules, region, site, revenue[i])
        vintages = vintages_of.get(slot, ops.vintages.iloc[0:0])
        dep, start, end = book_values(vintages, float(plant["lifetime"]), years)
        depreciation[i], residual[i, -1] = dep, end[-1]
        value = land_value_per_ha(scenario, region)
        for t in range(len(years)):
            profit, held, mined = (in_force[tax][t] for tax in ("profit", "property", "mineral_extraction"))
            rates["profit"][i, t], rates["extraction"][i, t] = profit.rate, mined.rate
            property_tax[i, t] = 0.5 * (start[t] + end[t]) * held.rate
            land[i, t] = land_ha[i, t] * value * in_force["land"][t].rate
            for name, in_effect in (("profit", profit), ("property", held), ("extraction", mined)):
                splits[name][i, t] = _shares(in_effect)
            pit = in_force["personal_income"][t]
            fixed_taxes += wages[i, t] * pit.rate * _shares(pit) + land[i, t] * _shares(in_force["land"][t])
    indirect, induced, own, building = _jobs_per_rub(scenario, ops, plants)
    direct = ops.staff.groupby("year")["staff"].sum().reindex(list(years)).fillna(0.0).to_numpy()
    reference = int(np.argmax(direct)) if direct.max() > 0 else len(years) - 1
    infrastructure = (
        ops.infrastructure.groupby("year")["capex_rub"].sum().reindex(list(years)).fillna(0.0).to_numpy()
    )
    # moving people is not construction (as in angara.assess.jobs)
    built = ops.infrastructure[
        (ops.infrastructure["item"] != "migration") & (ops.infrastructure["year"] == years[reference])
    ]
    rate, first = scenario.meta.discount_rate, scenario.meta.first_year
    return Ledger(
        plants=plants,
        years=years,
        series=series,
        sales=sales,
        receipts=receipts,
        purchases=purchases,
        mineral=mineral,
        other_costs=np.sum([per_plant(column) for column in OTHER_COSTS], axis=0),
        electricity=per_plant("electricity_rub"),
        transport=per_plant("transport_rub"),
        land_tax=land,
        property_tax=property_tax,
        depreciation=depreciation,
        capex=per_plant("capex_rub"),
        residual=residual,
        extraction_rate=rates["extraction"],
        profit_rate=rates["profit"],
        profit_split=splits["profit"],
        property_split=splits["property"],
        extraction_split=splits["extraction"],
        fixed_taxes=fixed_taxes,
        infrastructure=infrastructure,
        discount=(1.0 + rate) ** -(np.array(years, dtype=float) - first),
        direct_jobs=float(direct[reference]),
        reference=reference,
        indirect_per_rub=indirect,
        induced_per_rub=induced,
        own_per_rub=own,
        building_per_rub=building,
        infrastructure_jobs=building * float(built["capex_rub"].sum()),
    )


def _shares(rate: Rate) -> np.ndarray:
    """The federal, regional and local shares of a tax."""
    return np.array([rate.federal, rate.regional, rate.local])


def _yearly_trade(trade: Trade, calendar: pd.DataFrame) -> Trade:
    def expand(frame: pd.DataFrame) -> pd.DataFrame:
        return calendar.merge(frame, on="period").drop(columns="period")

    return Trade(
        sales=expand(trade.sales),
        receipts=expand(trade.receipts),
        purchases=expand(trade.purchases),
        transport=expand(trade.transport),
    )


def _transfer_series(frame: pd.DataFrame, by_good: dict[str, tuple[int, bool]]) -> list[tuple[int, bool]]:
    """Transfers at market price move with the good's prices; at shadow price they stay."""
    return [
        by_good.get(good, (NONE, False)) if basis == "market" else (NONE, False)
        for good, basis in zip(frame["good"], frame["basis"], strict=True)
    ]


def _mineral(ops: Operations, plants: tuple[str, ...], net: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Each mining plant's share of its deposit's net revenue, per series (see
    :func:`angara.assess.operations._mineral_value`; the shares are those of the plan)."""
    result = np.zeros_like(net)
    locations = ops.plants.loc[list(plants), "location"].to_numpy()
    at_deposit = ops.plants.loc[list(plants), "location_kind"].to_numpy() == "deposit"
    for location in set(locations[at_deposit]):
        members = np.flatnonzero((locations == location) & at_deposit)
        total = net[members].sum(axis=0)  # (T, E)
        total_value = total.sum(axis=1)  # (T,)
        for i in members:
            share = np.divide(base[i], total_value, out=np.zeros_like(base[i]), where=total_value > 0)
            result[i] = total * share[:, None]
    return result


def _jobs_per_rub(
    scenario: Scenario, ops: Operations, plants: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Jobs per RUB of each plant's product, and per RUB of CAPEX while building (see
    :mod:`angara.assess.jobs`, whose arithmetic this repeats per RUB)."""
    settings = scenario.meta.assessment
    per_job = settings.labour_cost_per_job
    table = read_table()
    closure = HouseholdClosure(propensity_to_consume=settings.propensity_to_consume)
    cache: dict[str, tuple[float, float, float]] = {}

    def per_rub(product: str) -> tuple[float, float, float]:
        """Compensation per RUB of final demand: indirect, induced, direct."""
        if product not in cache:
            one = effects(table, {product: 1.0}, closure)
            indirect, induced, direct = (float(one[f"compensation_{k}"].sum()) for k in KINDS)
            cache[product] = (indirect, induced, direct)
        return cache[product]

    indirect, induced, own = (np.zeros(len(plants)) for _ in range(3))
    for i, slot in enumerate(plants):
        product = table_product(table, str(ops.plants.at[slot, "io_product"] or ""))
        if product is not None:
            indirect[i], induced[i], own[i] = (value / per_job for value in per_rub(product))
    works = table_product(table, settings.construction_product)
    equipment = table_product(table, settings.equipment_product)
    building = 0.0
    if works is not None and equipment is not None:
        share = settings.construction_share
        w, e = per_rub(works), per_rub(equipment)
        building = (share * (w[0] + w[1]) + (1 - share) * (e[0] + e[1] + e[2])) / per_job
    return indirect, induced, own, building
