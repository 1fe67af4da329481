"""A saved plan rebuilt as a :class:`~angara.plan.result.Plan`, to assess it again or weigh
its risk without solving again."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from angara.plan.result import LIMIT_TABLES, OWN_TABLES, Plan
from angara.plan.tables import MANDATES
from angara.results.read import PlanResults, read_plan_results
from angara.tables import empty


def plan_from_results(results: PlanResults) -> Plan:
    """The plan of ``results`` (its timings from run.json, else 0 s for older folders)."""
    document, run = results.plan, results.run
    seconds_build = run.seconds.build if run is not None else document.seconds_build
    seconds_solve = run.seconds.solve if run is not None else document.seconds_solve
    return Plan(
        scenario=document.scenario,
        status=document.status,
        objective_kind=document.objective_kind,
        objective=document.objective if document.objective is not None else math.nan,
        mip_gap=document.mip_gap or 0.0,
        balance_residual_max=document.balance_residual_max or 0.0,
        seconds_build=seconds_build or 0.0,
        seconds_solve=seconds_solve or 0.0,
        solver=document.solver,
        size=document.size.model_dump(),
        periods=[period.model_dump() for period in document.periods],
        notes=list(document.notes),
        limits={name: results.table(name) for name in LIMIT_TABLES},
        **{name: results.table(name) for name in OWN_TABLES if name != "mandates"},
        mandates=_mandates(results),
        mandates_together=document.mandates_together,
    )


def read_plan(folder: Path) -> Plan:
    """The plan saved in ``folder`` (by ``angara plan --out``); ScenarioError with located
    problems when it is missing or damaged."""
    return plan_from_results(read_plan_results(folder))


def _mandates(results: PlanResults) -> pd.DataFrame:
    """The mandates table, empty (with its columns) in a folder written before it existed."""
    table = results.table("mandates")
    return table if len(table.columns) else empty(MANDATES)
