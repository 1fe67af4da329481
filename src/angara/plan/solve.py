"""Solve the model and read the plan out of the solution."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import linopy
import pandas as pd

from angara.atomic import staged
from angara.chain import expand
from angara.plan.balance import largest_relative_residual
from angara.plan.diagnose import PlanFailure, explain
from angara.plan.index import Index, build_index
from angara.plan.lp import write_lp
from angara.plan.mandates import mandate_frame, mandated_output, mandates_met
from angara.plan.model import Built, Objective, build
from angara.plan.periods import Periods
from angara.plan.readback import plan_tables, shadow_prices
from angara.plan.result import LIMIT_TABLES, Plan
from angara.plan.scale import MONEY
from angara.plan.solver import GAP_OPTIONS, solve, solver_options
from angara.plan.tables import SHADOW_PRICES
from angara.scenario.model import Scenario
from angara.tables import empty

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
    lp_file: Path | None = None  # write the built model here as an LP file (docs/model.md) before solving
    # ids of the scenario's mandates the plan must meet (None: all; the others are only measured)
    mandates: frozenset[str] | None = None

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
    objective: Objective = options.objective or scenario.meta.objective
    mandates = mandate_frame(scenario)
    index: Index = build_index(chain, periods, mandated_output(mandates))
    built = build(
        index,
        objective,
        min_staff=options.min_staff,
        staff_weight=options.staff_weight / MONEY,
        mandates=mandates,
        enforced=options.mandates,
    )
    seconds_build = time.perf_counter() - started
    if options.lp_file is not None:
        with staged(options.lp_file) as target:
            write_lp(built, target)
    solve_options = _solver_options(scenario, options)
    started = time.perf_counter()
    status, condition = solve(built.model, options.solver, solve_options, options.log)
    seconds_solve = time.perf_counter() - started
    if condition not in ("optimal", "time_limit", "suboptimal") or not _has_solution(built.model):
        raise explain(
            index,
            objective,
            condition,
            options.solver,
            solve_options,
            options.log,
            options.min_staff,
            mandates[
                mandates["id"].isin(mandates["id"] if options.mandates is None else list(options.mandates))
            ],
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
    tables = plan_tables(built, chain)
    tables["mandates"] = mandates_met(built, mandates, options.mandates)
    limits = {name: tables.pop(name) for name in LIMIT_TABLES}
    if options.shadow_prices:
        tables["shadow_prices"] = _shadow_prices(built, options.solver, solve_options, options.log)
    else:
        tables["shadow_prices"] = empty(SHADOW_PRICES)
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
        notes=[*chain.notes, *([] if status == "ok" else [f"solver status: {status}, {condition}"])],
        limits=limits,
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


def _shadow_prices(built: Built, solver: str, solve_options: dict[str, Any], log: bool) -> pd.DataFrame:
    """Value of one more tonne of each stream at each node (RUB/t, per year of the period).

    The integer decisions are fixed at their optimal values and the remaining LP is
    solved again; its balance duals are the transfer prices of intermediates.
    """
    m = built.model
    for name in [*m.integers, *m.binaries]:
        variable = m.variables[name]
        variable.fix(variable.solution.fillna(0).round())
        variable.relax()
    options = {k: v for k, v in solve_options.items() if k not in GAP_OPTIONS}
    _, condition = solve(m, solver, options, log)
    if condition != "optimal" or "balance" not in m.constraints:
        return empty(SHADOW_PRICES)
    return shadow_prices(built)


__all__ = ["PlanFailure", "PlanOptions", "optimize"]
