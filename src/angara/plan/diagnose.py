"""Explain an infeasible or unbounded scenario in words.

The model is built again with a priced slack on every limit (power, land and staff
per place and period, contracted quantities); solving it shows which limits would
have to give, by how much, where and when.  A floor on jobs is relaxed alone first: when
that is enough, the floor is what cannot be met, and the relaxed plan employs the most
people the scenario allows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from angara.plan.index import MASS, Index
from angara.plan.model import Objective, Slack, build
from angara.plan.solver import solve

MEANINGFUL = 1e-4  # below this a slack is solver noise
SHOWN = 12  # messages of one kind listed before the rest are counted
SCALE = {"contract_shortfall": MASS}  # slacks the model keeps in kilotonnes
UNITS = {
    "power_shortfall": "MW-periods of power",
    "land_shortfall": "ha-periods of land",
    "staff_shortfall": "person-periods of staff",
    "contract_shortfall": "t/yr-periods of contracted deliveries",
    "staff_floor_shortfall": "persons of the jobs floor",
}


class PlanFailure(Exception):
    """The scenario has no plan; ``messages`` say why in plain language."""

    def __init__(self, condition: str, messages: list[str]) -> None:
        self.condition = condition
        self.messages = messages
        super().__init__(f"no plan ({condition}): " + "; ".join(messages))


def explain(
    index: Index,
    objective: Objective,
    condition: str,
    solver: str,
    options: dict[str, Any],
    log: bool = False,
    min_staff: float | None = None,
) -> PlanFailure:
    """A :class:`PlanFailure` naming what is short (re-solving with priced slack);
    ``min_staff`` is the plan's floor on operating staff in the last period (persons)."""
    if "unbounded" in condition and "infeasible" not in condition:
        return PlanFailure(
            condition,
            ["the plan can grow without limit: a product with no market cap is made with no capacity limit"],
        )
    # first let only the jobs floor give, then the limits; contracts give too only if that
    # is not enough
    slacks: tuple[Slack, ...] = ("floor", "limits", "all") if min_staff is not None else ("limits", "all")
    for slack in slacks:
        built = build(index, objective, slack=slack, min_staff=min_staff)
        status, relaxed = solve(built.model, solver, options, log)
        if relaxed in ("optimal", "time_limit", "suboptimal"):
            break
    if relaxed not in ("optimal", "time_limit", "suboptimal"):
        return PlanFailure(
            condition,
            [
                f"the scenario is {condition}, and relaxing power, land, staff and contracts "
                f"does not help (solver: {status}, {relaxed})"
            ],
        )
    messages = []
    m = built.model
    for name in built.slacks:
        values = m.variables[name].solution.to_series().dropna() * SCALE.get(name, 1.0)
        values = values[values > MEANINGFUL]
        said = [_say(name, position, float(amount), built) for position, amount in values.items()]
        messages += said[:SHOWN]
        if len(said) > SHOWN:
            messages.append(f"… and {len(said) - SHOWN} more of the same kind")
        if len(said) > 1:
            messages.append(f"in all: {float(values.sum()):,.0f} {UNITS[name]} short")
    if "contract_shortfall" in m.variables:
        messages += _capacity_reasons(index)
    if not messages:
        messages.append(f"the solver reported the scenario {condition}, but no limit had to be relaxed")
    return PlanFailure(condition, messages)


def _capacity_reasons(index: Index) -> list[str]:
    """Goods whose contracts together ask more than every plant able to make them could."""
    contracts = index.caps["min_quantity"].fillna(0.0)
    contracts = contracts[contracts > 0]
    goods = contracts.index.get_level_values("market_good").str.split("|").str[1]
    asked = contracts.groupby([goods, contracts.index.get_level_values("period")]).sum()
    stream_goods = index.sales.drop_duplicates("stream").set_index("stream")["good"]
    most = index.stream_bounds.groupby(stream_goods.reindex(index.stream_bounds.index)).sum()
    reasons = []
    for (good, period), quantity in asked.items():
        can = float(most.get(good, 0.0))
        if can < quantity - MEANINGFUL:
            reasons.append(
                f"in {period}, contracts for {good} total {quantity:,.0f} t/yr, "
                f"but all plants that can make it together make at most {can:,.0f} t/yr"
            )
    return reasons[:SHOWN]


def _say(name: str, position: Any, amount: float, built: Any) -> str:
    index = built.index
    m = built.model
    if name == "staff_floor_shortfall":
        floor = float(built.min_staff)
        return (
            f"the plan cannot employ {floor:,.0f} people in {position}; "
            f"at most {max(floor - amount, 0.0):,.0f}"
        )
    key, period = position
    if name == "power_shortfall":
        available = float(index.site_power.sel(site=key, period=period))
        bought = 0.0
        if "expansion" in m.variables and key in m.variables["expansion"].indexes["site"]:
            bought = float(m.variables["expansion"].solution.sel(site=key, period=period))
        have = available + bought
        extra = f" (incl. {bought:,.0f} MW that can be bought)" if bought > MEANINGFUL else ""
        return f"{key} needs {have + amount:,.0f} MW in {period}; {have:,.0f} MW available{extra}"
    if name == "land_shortfall":
        available = float(index.sites.loc[key, "land"])
        return f"{key} needs {available + amount:,.0f} ha in {period}; {available:,.0f} ha available"
    if name == "staff_shortfall":
        region, skill = key.split("|", 1)
        labour = index.labour.loc[key]
        local = labour["pool"] + labour["graduates"] * (period - index.periods.first_year)
        moving = "" if pd.notna(labour["migration_cost"]) else " and no in-migration is allowed"
        return (
            f"{region} is short of {amount:,.0f} {skill} staff in {period}: "
            f"{local + amount:,.0f} needed, {local:,.0f} local{moving}"
        )
    if name == "contract_shortfall":
        market, good = key.split("|", 1)
        contracted = float(index.caps.loc[(key, period), "min_quantity"])
        return (
            f"{market}: the contract for {contracted:,.0f} t/yr of {good} in {period} cannot be met; "
            f"{contracted - amount:,.0f} t/yr can be delivered ({amount:,.0f} t/yr short)"
        )
    return f"{name} {key} {period}: {amount:g}"
