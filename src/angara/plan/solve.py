"""Solve the model and read the plan out of the solution."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import linopy
import pandas as pd

from angara.chain import Chain, expand
from angara.plan.balance import element_balance, largest_relative_residual
from angara.plan.diagnose import PlanFailure, explain
from angara.plan.index import MASS, MONEY, Index, build_index
from angara.plan.model import BALANCE, Built, Objective, build
from angara.plan.periods import Periods
from angara.plan.result import Plan
from angara.plan.solver import GAP_OPTIONS, solve, solver_options
from angara.scenario.model import Scenario

ACTIVE = 1e-6  # t/yr, units, MW below which a value is reported as zero
# how solvers spell their random seed (solver.OPTION_NAMES holds the common limits)
SEED_OPTION = {"highs": "random_seed", "gurobi": "Seed", "cplex": "randomseed"}


@dataclass(frozen=True)
class PlanOptions:
    """How to solve: solver name and limits; objective and periods override the scenario's."""

    solver: str = "highs"
    time_limit: float | None = None  # s; default from the scenario
    mip_gap: float | None = None  # relative; default from the scenario
    threads: int | None = None
    objective: Objective | None = None
    periods: list[int] | None = None
    shadow_prices: bool = True
    log: bool = False
    seed: int | None = None  # the solver's random seed (None: the solver's default)
    min_staff: float | None = None  # persons: operating staff of all plants in the last period, at least
    staff_weight: float = 0.0  # RUB per person of that staff added to the objective's value

    def __post_init__(self) -> None:
        if self.min_staff is not None and self.min_staff < 0:
            raise ValueError(f"min_staff must not be negative, got {self.min_staff}")
        if self.staff_weight < 0:
            raise ValueError(f"staff_weight must not be negative, got {self.staff_weight}")


def optimize(scenario: Scenario, options: PlanOptions | None = None) -> Plan:
    """Find the best plan for ``scenario``.

    With ``options.min_staff`` the plants must employ at least that many people (operating
    staff) in the last period; with ``options.staff_weight`` (RUB per person) that staff is
    valued in the objective (a very large weight maximises jobs before money).  The plan's
    ``objective`` is always the NPV (or cost) alone, without the value of the staff.

    Raises :class:`PlanFailure` with a plain-language explanation when the scenario is
    infeasible (what is short, where and when) or unbounded.
    """
    options = options or PlanOptions()
    started = time.perf_counter()
    chain = expand(scenario)
    periods = Periods.of(
        scenario.meta.first_year,
        scenario.meta.last_year,
        scenario.meta.discount_rate,
        options.periods if options.periods is not None else scenario.meta.periods,
    )
    index = build_index(chain, periods)
    objective: Objective = options.objective or scenario.meta.objective
    built = build(index, objective, min_staff=options.min_staff, staff_weight=options.staff_weight / MONEY)
    seconds_build = time.perf_counter() - started
    solve_options = _solver_options(scenario, options)
    started = time.perf_counter()
    status, condition = solve(built.model, options.solver, solve_options, options.log)
    seconds_solve = time.perf_counter() - started
    if condition not in ("optimal", "time_limit", "suboptimal") or not _has_solution(built.model):
        raise explain(
            index, objective, condition, options.solver, solve_options, options.log, options.min_staff
        )
    gap = _mip_gap(built.model)
    m = built.model
    size = {
        "variables": int(m.nvars),
        "constraints": int(m.ncons),
        "integers": int(m.integers.nvars) + int(m.binaries.nvars),
    }
    value = float(built.model.objective.value or 0.0) * MONEY
    if built.staff is not None and options.staff_weight:
        # report money only: take the value credited to the staff back out
        value += options.staff_weight * float(built.staff.solution)
    plan_objective = -value if objective == "npv" else value
    tables = _tables(built, chain)
    if options.shadow_prices:
        tables["shadow_prices"] = _shadow_prices(built, options.solver, solve_options, options.log)
    else:
        tables["shadow_prices"] = pd.DataFrame(columns=["stream", "node", "period", "value_rub_per_t"])
    balance = tables["element_balance"]
    return Plan(
        scenario=scenario.meta.name,
        status="optimal" if condition == "optimal" else "feasible",
        objective_kind=objective,
        objective=plan_objective,
        mip_gap=gap,
        balance_residual_max=largest_relative_residual(balance),
        seconds_build=seconds_build,
        seconds_solve=seconds_solve,
        solver=options.solver,
        size=size,
        periods=[
            {"start": s, "years": list(ys), "weight": round(w, 6)}
            for s, ys, w in zip(periods.starts, periods.years, periods.weights, strict=True)
        ],
        notes=[] if status == "ok" else [f"solver status: {status}, {condition}"],
        **tables,
    )


def _solver_options(scenario: Scenario, options: PlanOptions) -> dict[str, Any]:
    settings = scenario.meta.solver
    chosen = solver_options(
        options.solver,
        options.time_limit if options.time_limit is not None else settings.time_limit,
        options.mip_gap if options.mip_gap is not None else settings.mip_gap,
        options.threads if options.threads is not None else settings.threads,
        options.log,
    )
    if options.seed is not None and options.solver in SEED_OPTION:
        chosen[SEED_OPTION[options.solver]] = options.seed
    return chosen


def _has_solution(model: linopy.Model) -> bool:
    value = model.objective.value
    return value is not None and math.isfinite(value)


def _mip_gap(model: linopy.Model) -> float:
    solver = getattr(model, "solver_model", None)
    if solver is not None and hasattr(solver, "getInfo"):
        gap = float(solver.getInfo().mip_gap)
        return (
            0.0
            if not math.isfinite(gap) or model.integers.nvars + model.binaries.nvars == 0
            else max(gap, 0.0)
        )
    return 0.0


def _solution(model: linopy.Model, name: str, scale: float = 1.0) -> pd.Series:
    """Solution of variable ``name`` times ``scale``, over its coordinates (masked entries dropped)."""
    if name not in model.variables:
        return pd.Series(dtype=float)
    series = model.variables[name].solution.to_series().dropna() * scale
    return series[series.abs() > ACTIVE]


def _tables(built: Built, chain: Chain) -> dict[str, pd.DataFrame]:
    """Every result table of the plan."""
    index, m = built.index, built.model
    slots = index.slots
    new = _solution(m, "new").round()
    new = new[new > 0]
    builds = new.rename("units").reset_index().join(slots, on="slot")
    builds["capacity"] = builds["units"] * builds["unit_capacity"]
    builds["capex_rub"] = builds["units"] * builds["capex"]
    builds = builds[
        [
            "slot",
            "process",
            "stage",
            "location",
            "location_kind",
            "region",
            "node",
            "period",
            "units",
            "capacity",
            "capex_rub",
            "unit_capacity",
        ]
    ]
    units = m.variables["units"].solution.round(6).to_series()
    units = units[units > ACTIVE]
    capacity = (
        units.rename("units").reset_index().join(slots[["process", "location", "unit_capacity"]], on="slot")
    )
    capacity["capacity"] = capacity["units"] * capacity["unit_capacity"]

    activity = (
        _solution(m, "activity", MASS)
        .rename("activity")
        .reset_index()
        .join(index.modes[["slot", "source", "node"]], on="mode")
    )
    activity = activity.join(slots[["process", "location"]], on="slot")
    mining = pd.DataFrame(columns=["deposit", "period", "ore_tonnes"])
    if not index.extraction.empty and len(activity):
        mined = activity.merge(index.extraction, on="mode")
        mined["ore_tonnes"] = mined["activity"] * mined["coefficient"]
        mining = mined.groupby(["deposit", "period"], as_index=False)["ore_tonnes"].sum()

    flows = _solution(m, "flow", MASS).rename("tonnes").reset_index()
    if len(flows):
        flows = flows.join(index.routes[["stream", "arc", "link"]], on="route").join(
            chain.arcs[["from_node", "to_node", "mode"]], on="arc"
        )
        flows["cost_rub"] = flows["tonnes"] * flows["route"].map(index.routes["cost"]) * MONEY
        flows = flows.drop(columns="route")
    else:
        flows = pd.DataFrame(
            columns=["period", "tonnes", "stream", "arc", "link", "from_node", "to_node", "mode", "cost_rub"]
        )

    sales = _solution(m, "sell", MASS).rename("tonnes").reset_index()
    if len(sales):
        sales = sales.join(index.sales[["market", "stream", "good", "node"]], on="sale")
        per_tonne = (index.price / index.weight * MONEY).to_series()
        sales["price_rub_per_t"] = per_tonne.reindex(
            pd.MultiIndex.from_frame(sales[["sale", "period"]])
        ).to_numpy()
        sales["revenue_rub"] = sales["tonnes"] * sales["price_rub_per_t"]
        sales = sales.drop(columns="sale")
    else:
        sales = pd.DataFrame(
            columns=["period", "tonnes", "market", "stream", "good", "node", "price_rub_per_t", "revenue_rub"]
        )

    disposal = _solution(m, "dispose", MASS).rename("tonnes").reset_index()
    if len(disposal):
        disposal = disposal.join(index.disposal, on="disposal").drop(columns="disposal")
    else:
        disposal = pd.DataFrame(columns=["period", "tonnes", "stream", "node"])

    balance = element_balance(
        activity[["mode", "node", "period", "activity"]]
        if len(activity)
        else pd.DataFrame(columns=["mode", "node", "period", "activity"]),
        chain.elements,
        chain.composition,
        flows,
        sales,
        disposal,
    )
    return {
        "builds": builds.reset_index(drop=True),
        "capacity": capacity,
        "activities": activity,
        "mining": mining,
        "flows": flows,
        "sales": sales,
        "disposal": disposal,
        **_limits(built, units),
        "element_balance": balance,
    }


def _limits(built: Built, units: pd.Series) -> dict[str, pd.DataFrame]:
    """Use of power and land per site, and of staff per region and skill."""
    index, m = built.index, built.model
    slots = index.slots
    per_slot = (
        units.rename("units")
        .reset_index()
        .join(slots[["location", "location_kind", "power", "land", "region"]], on="slot")
    )
    at_sites = per_slot[per_slot["location_kind"] == "site"].copy()
    at_sites["power_mw"] = at_sites["units"] * at_sites["power"]
    at_sites["land_ha"] = at_sites["units"] * at_sites["land"]
    used = at_sites.groupby(["location", "period"])[["power_mw", "land_ha"]].sum()
    grid = pd.MultiIndex.from_product([index.sites.index, index.period], names=["site", "period"])
    used = used.rename_axis(["site", "period"]).reindex(grid, fill_value=0.0)
    available = index.site_power.to_series().reindex(grid).fillna(0.0)
    expansion = _solution(m, "expansion").reindex(grid, fill_value=0.0)
    power = pd.DataFrame(
        {"used_mw": used["power_mw"], "available_mw": available, "bought_mw": expansion}
    ).reset_index()
    land_available = index.sites["land"].reindex(grid.get_level_values("site")).to_numpy()
    land = pd.DataFrame(
        {"used_ha": used["land_ha"].to_numpy(), "available_ha": land_available}, index=grid
    ).reset_index()
    staff_rows = index.staff.merge(units.rename("units").reset_index(), on="slot")
    staff_rows["needed"] = staff_rows["units"] * staff_rows["staff"]
    needed = staff_rows.groupby(["region", "skill", "period"], as_index=False)["needed"].sum()
    labour = index.labour.set_index(["region", "skill"])
    elapsed = needed["period"] - index.periods.first_year
    pool = labour.reindex(pd.MultiIndex.from_frame(needed[["region", "skill"]]))
    needed["local_available"] = pool["pool"].to_numpy() + pool["graduates"].to_numpy() * elapsed.to_numpy()
    migrants = _solution(m, "migrants")
    needed["migrants"] = [
        float(migrants.get((f"{r}|{s}", p), 0.0))
        for r, s, p in zip(needed["region"], needed["skill"], needed["period"], strict=True)
    ]
    links = _solution(m, "open").rename("open").reset_index()
    if links.empty:
        links = pd.DataFrame(columns=["link", "period", "open"])
    return {"power": power, "land": land, "staff": needed, "links": links}


def _shadow_prices(built: Built, solver: str, solve_options: dict[str, Any], log: bool) -> pd.DataFrame:
    """Value of one more tonne of each stream at each node (RUB/t, per year of the period).

    The integer decisions are fixed at their optimal values and the remaining LP is
    solved again; its balance duals are the transfer prices of intermediates.
    """
    m, index = built.model, built.index
    empty = pd.DataFrame(columns=["stream", "node", "period", "value_rub_per_t"])
    discrete = [*m.integers, *m.binaries]
    for name in discrete:
        variable = m.variables[name]
        variable.fix(variable.solution.fillna(0).round())
        variable.relax()
    options = {k: v for k, v in solve_options.items() if k not in GAP_OPTIONS}
    _, condition = solve(m, solver, options, log)
    blocks = [name for name in m.constraints if name.startswith(BALANCE)]
    if condition != "optimal" or not blocks:
        return empty
    dual = pd.concat([m.constraints[name].dual.to_series().dropna() for name in blocks])
    weight = pd.Series(index.weight.to_numpy(), index=index.period)
    values = dual * MONEY / MASS / weight.reindex(dual.index.get_level_values("period")).to_numpy()
    frame = values.rename("value_rub_per_t").reset_index()
    frame[["stream", "node"]] = frame["balance"].str.split("|", n=1, expand=True)
    return frame[["stream", "node", "period", "value_rub_per_t"]]


__all__ = ["Index", "PlanFailure", "PlanOptions", "optimize"]
