"""What an offtake contract at a fixed price costs the budget, plant by plant and year by year.

An ``offtake`` row of the ``support`` table names a market of the scenario (the state or a
state company as the buyer) whose ``prices`` rows give the contract price and the
contracted volume; the optimizer sells there as at any market.  Its budget cost in a year
of the contract is the quantity the plan sells there times the contract price less the
reference price, both net prices at their markets' nodes (:meth:`Price.net_price`, as the
optimizer sees them): the ``reference_market``'s price for the good, or without one the
best price any other open market gives that year (markets other offtakes buy at do not
count).  Where no market gives a reference price the reference is 0: the whole payment is
the budget's.  A contract below the market costs less than nothing: the state buys cheap.

The cost falls on the plants whose output is sold there, by their share of the quantity
sold (the operations' trade, :func:`angara.assess.operations.allocate_trade`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.assess.operations import PLANT, Operations, mineral_value
from angara.chain.network import price_paths
from angara.scenario.model import Scenario
from angara.scenario.paths import StepPath
from angara.scenario.schema import Support, contracted_sales


@dataclass(frozen=True)
class OfftakeCost:
    """One offtake row over the plan: arrays along the plants of ``Operations.plants`` (P)
    and ``Operations.years`` (T)."""

    row: Support
    tonnes: np.ndarray  # (P, T) sold to the buyer in the contract's years, per year
    contract: np.ndarray  # (T,) the contract's net price (RUB per unit of the good)
    reference: np.ndarray  # (T,) the reference net price, 0 where no market gives one
    unreferenced: tuple[int, ...]  # years of sales without a reference price

    @property
    def cost(self) -> np.ndarray:
        """Budget cost per plant and year (P, T) in RUB: quantity times the price difference."""
        result: np.ndarray = self.tonnes * (self.contract - self.reference)
        return result

    def note(self) -> str:
        """What the reader should know of the cost: a contract below the market, or no
        reference price."""
        parts = []
        if self.cost.sum() < 0:
            parts.append(
                f"the contract price of {self.row.good} at {self.row.market} is below the reference price: "
                "the state buys below the market, the budget gains"
            )
        if self.unreferenced:
            years = ", ".join(str(year) for year in self.unreferenced)
            parts.append(
                f"no other open market prices {self.row.good} in {years}: the reference is 0 and the whole "
                "payment is the budget's cost"
            )
        return "; ".join(parts)


def offtake_cost(scenario: Scenario, ops: Operations, row: Support) -> OfftakeCost:
    """The quantities, prices and cost of the offtake ``row`` in the plan behind ``ops``."""
    years = list(ops.years)
    first = row.year if row.year is not None else years[0]
    lasting = np.array([first <= y < (first + row.years if row.years else math.inf) for y in years])
    tonnes = _tonnes(ops, row) * lasting
    contract = _path(scenario, str(row.market), str(row.good), years)
    if row.reference_market is not None:
        reference = _path(scenario, row.reference_market, str(row.good), years)
    else:
        reference = _best_other(scenario, row, years)
    sold = tonnes.sum(axis=0) > 0
    missing = tuple(
        int(y) for y, absent, s in zip(years, np.isnan(reference), sold, strict=True) if absent and s
    )
    return OfftakeCost(
        row=row,
        tonnes=tonnes,
        contract=np.nan_to_num(contract),
        reference=np.nan_to_num(reference),
        unreferenced=missing,
    )


def _tonnes(ops: Operations, row: Support) -> np.ndarray:
    """Each plant's share of the quantity sold to the row's market per year (P, T)."""
    result = np.zeros((len(ops.plants), len(ops.years)))
    if ops.trade is None:
        return result
    sales = ops.trade.sales
    sales = sales[(sales["market"] == row.market) & (sales["good"] == row.good)]
    yearly = ops.periods().merge(sales, on="period")
    plants = ops.plants.index.get_indexer(yearly.set_index(list(ops.plants.index.names)).index)
    at = np.array([ops.years.index(int(y)) for y in yearly["year"]], dtype=int)
    keep = plants >= 0
    np.add.at(result, (plants[keep], at[keep]), yearly["tonnes"].to_numpy(dtype=float)[keep])
    return result


def _path(scenario: Scenario, market: str, good: str, years: list[int]) -> np.ndarray:
    """The net price of ``good`` at ``market`` per year (NaN without any price row); a
    closed market's prices count too, as a reference."""
    path = StepPath((p.year, p.net_price()) for p in scenario.prices if p.market == market and p.good == good)
    return np.array([math.nan if (v := path.at(y)) is None else v for y in years], dtype=float)


def _best_other(scenario: Scenario, row: Support, years: list[int]) -> np.ndarray:
    """The best net price of the row's good at any open market but those bought from by an
    offtake, per year (NaN where there is none)."""
    contracted = {market for good, market in contracted_sales(scenario.support) if good == row.good}
    deck = price_paths(scenario)
    others = deck[(deck["good"] == row.good) & ~deck["market"].isin(contracted | {row.market})]
    best = others.groupby("year")["price"].max()
    return np.array([float(best.get(y, math.nan)) for y in years], dtype=float)


def with_sales_changed(ops: Operations, plant: tuple[str, str], change: np.ndarray) -> Operations:
    """``ops`` with the external sales of ``plant`` (process, location) changed by ``change``
    per year (RUB, along ``ops.years``) and the value of extracted mineral charged to the
    plants of its deposit recomputed; the trade tables stay as planned."""
    yearly = ops.yearly.copy()
    at = (yearly[PLANT[0]] == plant[0]) & (yearly[PLANT[1]] == plant[1])
    by_year = pd.Series(change, index=list(ops.years))
    yearly.loc[at, "sales_rub"] += yearly.loc[at, "year"].map(by_year).fillna(0.0).to_numpy()
    yearly["mineral_value_rub"] = mineral_value(yearly, ops.plants)
    return dataclasses.replace(ops, yearly=yearly)  # the same columns as declared
