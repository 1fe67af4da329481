"""What each support instrument costs the budget, beside the taxes and jobs its plant brings.

The money engine carries the instruments in the plants' cash flows
(:mod:`angara.assess.money.support`); this module measures, per instrument, plant and
budget level: the budget cost over the horizon (undiscounted and discounted to the first
year), the plant's NPV with every instrument less without this one, the taxes the plant
pays to that budget and its jobs at full operation (direct, and its share of its region's
indirect and induced jobs, in proportion to its direct jobs).

Budget costs: a grant is what is paid; a subsidised loan, the interest at the market rate
the row states less the interest paid; a tariff discount, the share off the plant's
electricity or rail cost at the planned tariffs; a tax holiday, the taxes the plant would
pay without the incentives of its regime less those it pays (the plan's accounts rebuilt
without the regime, so the profit tax's losses carried forward are counted right); an
offtake, the quantity sold to its buyer times the contract price less the reference price
(:mod:`angara.assess.offtake`), whose NPV effect is the plant's NPV less its NPV with those
sales at the reference price.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from angara.assess.money import Accounts, Drivers, Statements, build_accounts, evaluate
from angara.assess.money.support import FLOWS, Instrument, covered, instruments, with_support
from angara.assess.offtake import offtake_cost, with_sales_changed
from angara.assess.operations import Operations
from angara.assess.taxes import LEVELS
from angara.scenario.model import Scenario
from angara.scenario.schema import Support


def support_costs(scenario: Scenario, ops: Operations, money: Statements, jobs: pd.DataFrame) -> pd.DataFrame:
    """One row per support instrument, plant and budget level (see :data:`angara.assess.tables.SUPPORT`);
    ``money``: the plan's statements as planned, ``jobs``: the assessment's jobs per region and year."""
    accounts = money.accounts
    bare = dataclasses.replace(accounts, **dict.fromkeys(FLOWS))  # type: ignore[arg-type]
    found, _ = instruments(scenario.support, bare)
    regions = [str(region) for region in ops.plants["region"]]
    context = _Context(money, regions, _jobs(accounts, regions, jobs))
    rows: list[dict[str, Any]] = []
    for row in scenario.support:
        mine = [i for i in found if i.row.id == row.id]
        if row.kind == "tax_holiday":
            rows += _holiday(scenario, ops, row, context)
        elif row.kind == "offtake":
            rows += _offtake(scenario, ops, row, context)
        elif not mine:
            rows.append(_nothing(row, "the plan builds no plant this row covers: it costs nothing"))
        for instrument in mine:
            others = [i for i in found if i is not instrument]
            without = evaluate(with_support(bare, others), Drivers.planned(bare)).plant_npv[
                0, instrument.plant
            ]
            cost = instrument.subsidy + _discounts(instrument, accounts)
            effect = float(money.plant_npv[0, instrument.plant] - without)
            rows.append(context.row(row, instrument.plant, row.level, cost, effect))
    return pd.DataFrame(rows, columns=COLUMNS)


COLUMNS = [
    "support",
    "kind",
    "process",
    "location",
    "region",
    "level",
    "budget_cost_rub",
    "budget_cost_discounted_rub",
    "plant_npv_effect_rub",
    "taxes_rub",
    "taxes_discounted_rub",
    "direct_jobs",
    "indirect_jobs",
    "induced_jobs",
    "note",
]


@dataclasses.dataclass(frozen=True)
class _Context:
    """What every row of a plant reads: its statements, region and jobs (P, 3)."""

    money: Statements
    regions: list[str]
    jobs: np.ndarray

    def row(
        self, support: Support, p: int, level: str, cost: np.ndarray, effect: float, note: str = ""
    ) -> dict[str, Any]:
        money = self.money
        at = LEVELS.index(level)
        taxes = money.by_level(per_plant_year=True)[0, p].sum(axis=1)[:, at]  # (T,)
        process, location = money.accounts.plants[p]
        return {
            "support": support.id,
            "kind": support.kind,
            "process": process,
            "location": location,
            "region": self.regions[p],
            "level": level,
            "budget_cost_rub": float(cost.sum()),
            "budget_cost_discounted_rub": float(cost @ money.discount),
            "plant_npv_effect_rub": effect,
            "taxes_rub": float(taxes.sum()),
            "taxes_discounted_rub": float(taxes @ money.discount),
            "direct_jobs": float(self.jobs[p, 0]),
            "indirect_jobs": float(self.jobs[p, 1]),
            "induced_jobs": float(self.jobs[p, 2]),
            "note": note,
        }


def _nothing(row: Support, note: str) -> dict[str, Any]:
    """A row that costs nothing and covers no plant of the plan."""
    zero = dict.fromkeys(COLUMNS[6:14], 0.0)
    place = {"process": row.process, "location": row.location, "region": "", "level": row.level}
    return {"support": row.id, "kind": row.kind, **place, **zero, "note": note}


def _discounts(instrument: Instrument, accounts: Accounts) -> np.ndarray:
    """What a tariff discount saves the plant per year (T,) at the planned tariffs (RUB)."""
    p = instrument.plant
    result: np.ndarray = (
        instrument.flows["electricity_discount"] * accounts.electricity[p]
        + instrument.flows["transport_discount"] * accounts.transport[p]
    )
    return result


def _holiday(scenario: Scenario, ops: Operations, row: Support, context: _Context) -> list[dict[str, Any]]:
    """A tax holiday's rows: per plant it covers where its regime is in force, the taxes
    forgone by each budget level."""
    money = context.money
    accounts = money.accounts
    plants = [
        p
        for p, plant in enumerate(accounts.plants)
        if covered(row, plant) and (accounts.regimes[:, p, :] == row.regime).any()
    ]
    if not plants:
        return [
            _nothing(
                row,
                f"regime {row.regime} is in force for no plant of the plan this row covers (not built, "
                "not claimed or refused): it costs nothing",
            )
        ]
    kept = tuple(i for i in scenario.incentives if i.regime != row.regime)
    without = evaluate(
        general := build_accounts(scenario.model_copy(update={"incentives": kept}), ops),
        Drivers.planned(general),
    )
    forgone = without.by_level(per_plant_year=True)[0].sum(axis=2) - money.by_level(per_plant_year=True)[
        0
    ].sum(axis=2)  # (P, T, L)
    return [
        context.row(row, p, level, forgone[p, :, at], float(money.plant_npv[0, p] - without.plant_npv[0, p]))
        for p in plants
        for at, level in enumerate(LEVELS)
    ]


def _offtake(scenario: Scenario, ops: Operations, row: Support, context: _Context) -> list[dict[str, Any]]:
    """An offtake's rows: per plant whose output the plan sells to the buyer in the
    contract's years, its share of the cost, and its NPV less its NPV with those sales at
    the reference price (:mod:`angara.assess.offtake`)."""
    found = offtake_cost(scenario, ops, row)
    plants = [int(p) for p in np.flatnonzero(found.tonnes.sum(axis=1) > 0)]
    if not plants:
        return [
            _nothing(
                row,
                f"the plan sells no {row.good} to {row.market} in the contract's years: it costs nothing",
            )
        ]
    note, cost, money = found.note(), found.cost, context.money
    rows = []
    for p in plants:
        at_reference = with_sales_changed(ops, money.accounts.plants[p], -cost[p])
        without = evaluate(accounts := build_accounts(scenario, at_reference), Drivers.planned(accounts))
        effect = float(money.plant_npv[0, p] - without.plant_npv[0, p])
        rows.append(context.row(row, p, row.level, cost[p], effect, note))
    return rows


def _jobs(accounts: Accounts, regions: list[str], jobs: pd.DataFrame) -> np.ndarray:
    """Per plant (P, 3): direct staff at full operation (the year with the most direct jobs)
    and its share, by direct jobs, of its region's indirect and induced jobs that year."""
    result = np.zeros((len(accounts.plants), 3))
    if jobs.empty or not jobs["direct"].sum() > 0:
        return result
    year = int(jobs.groupby("year")["direct"].sum().idxmax())
    if year not in accounts.years:
        return result
    r = accounts.years.index(year)
    staff = accounts.staff[:, r]
    at = jobs[jobs["year"] == year].set_index("region")
    for p, region in enumerate(regions):
        peers = sum(staff[q] for q, other in enumerate(regions) if other == region)
        share = staff[p] / peers if peers > 0 else 0.0
        result[p, 0] = staff[p]
        if region in at.index:
            result[p, 1] = share * float(at.at[region, "indirect"])
            result[p, 2] = share * float(at.at[region, "induced"])
    return result
