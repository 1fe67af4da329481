"""The stages of a run, chained here and nowhere else: plan, assess, weigh the risk.

``angara plan``, ``angara assess``, ``angara risk`` and the server's runs all call these;
each stage says what it does to the caller's :class:`~angara.workflow.listener.Listener`
first, so the caller can show it, log it or stop the run before the stage starts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd

from angara.assess.assessment import Assessment, assess
from angara.plan.result import Plan
from angara.plan.solve import optimize
from angara.results.documents import Seconds
from angara.risk.analysis import RiskAnalysis, analyse
from angara.scenario.model import Scenario
from angara.workflow.listener import QUIET, Listener
from angara.workflow.mandates import cost_mandates
from angara.workflow.parameters import RunParameters
from angara.workflow.replanning import DaskCluster, Replanning, replanned

RunKind = Literal["plan", "risk"]  # a plan with its assessment; the same with its risk weighed
RUN_KINDS: tuple[str, ...] = get_args(RunKind)


@dataclass(frozen=True)
class Outcome:
    """What a run gives: the plan, its assessment, its risk analysis (risk runs), with the
    parameters it was given and the time each stage took."""

    kind: RunKind
    parameters: RunParameters
    plan: Plan
    assessment: Assessment
    risk: RiskAnalysis | None = None
    seconds: Seconds = field(default_factory=Seconds)


def make_plan(
    scenario: Scenario,
    parameters: RunParameters,
    listener: Listener = QUIET,
    *,
    solver_log: bool = False,
    lp_file: Path | None = None,
) -> Plan:
    """The best plan of ``scenario`` (``solver_log``: the solver writes its log to standard
    error; ``lp_file``: the built model is written there as an LP file before solving).
    Raises :class:`angara.plan.PlanFailure` when there is none."""
    listener.stage("planning", f"planning {scenario.meta.name} with {parameters.solver}")
    plan = optimize(scenario, parameters.plan_options(log=solver_log, lp_file=lp_file))
    npv = f", NPV {plan.npv / 1e9:,.2f} bn RUB" if plan.npv is not None else ""
    listener.log(f"plan {plan.status}{npv}, gap {plan.mip_gap:.2%}, solved in {plan.seconds_solve:.1f} s")
    return plan


def assess_plan(scenario: Scenario, plan: Plan, listener: Listener = QUIET) -> Assessment:
    """What ``plan`` gives under ``scenario``'s prices, taxes and norms (a saved plan may be
    assessed under another scenario than it was made with)."""
    listener.stage("assessing", "assessing the plan")
    return assess(scenario, plan)


def plan_and_assess(
    scenario: Scenario,
    parameters: RunParameters,
    listener: Listener = QUIET,
    *,
    solver_log: bool = False,
    lp_file: Path | None = None,
) -> Outcome:
    """Plan ``scenario`` and assess the plan (``lp_file`` as in :func:`make_plan`)."""
    plan = make_plan(scenario, parameters, listener, solver_log=solver_log, lp_file=lp_file)
    started = time.perf_counter()
    assessment = assess_plan(scenario, plan, listener)
    assessed = time.perf_counter()
    if scenario.mandates:
        plan = cost_mandates(scenario, plan, assessment, parameters.plan_options(), listener)
    seconds = Seconds(
        build=plan.seconds_build,
        solve=plan.seconds_solve,
        assess=assessed - started,
        mandates=time.perf_counter() - assessed if scenario.mandates else None,
    )
    return Outcome("plan", parameters, plan, assessment, seconds=seconds)


def weigh_risk(
    scenario: Scenario,
    plan: Plan,
    parameters: RunParameters,
    listener: Listener = QUIET,
    *,
    variants: Sequence[Scenario] = (),
    pareto: int = 0,
    cluster: DaskCluster | None = None,
) -> RiskAnalysis:
    """The risk of ``plan`` under ``scenario``: Monte Carlo and tornado, and, when asked for,
    ``parameters.replan`` sampled futures, ``variants`` and ``pareto`` points planned again
    (futures on ``cluster``, else in this process; variants and the front on Dask).

    Re-plans come first: a cluster that does not answer
    (:class:`angara.risk.ensemble.SchedulerUnreachable`) is reported before the Monte Carlo's work.
    """
    seed = scenario.meta.risk.seed if parameters.seed is None else parameters.seed
    wanted = Replanning(parameters.replan, seed, variants, pareto, cluster)
    extra: dict[str, Any] = {}
    tables: dict[str, pd.DataFrame] = {}
    if wanted.wanted:
        extra, tables = replanned(scenario, wanted, parameters.replan_options(scenario), listener)
    samples = scenario.meta.risk.samples if parameters.samples is None else parameters.samples
    listener.stage("monte_carlo", f"risk: Monte Carlo of {samples:,} samples")
    analysis = analyse(
        scenario, plan, samples, seed, lambda done, total: listener.advance("monte_carlo", done, total)
    )
    below_zero = float((analysis.simulation.outcome.npv < 0).mean())
    listener.log(f"risk: {analysis.simulation.samples:,} samples, P(NPV < 0) {below_zero:.1%}")
    return replace(
        analysis, extra={**analysis.extra, **extra}, extra_tables={**analysis.extra_tables, **tables}
    )


def plan_and_weigh(
    scenario: Scenario,
    parameters: RunParameters,
    listener: Listener = QUIET,
    *,
    variants: Sequence[Scenario] = (),
    pareto: int = 0,
    cluster: DaskCluster | None = None,
) -> tuple[Plan, RiskAnalysis]:
    """Plan ``scenario`` and weigh the plan's risk, without assessing it (``angara risk
    SCENARIO``); as :func:`make_plan` and :func:`weigh_risk`."""
    plan = make_plan(scenario, parameters, listener)
    analysis = weigh_risk(
        scenario, plan, parameters, listener, variants=variants, pareto=pareto, cluster=cluster
    )
    return plan, analysis


def outcome_of(
    scenario: Scenario, parameters: RunParameters, kind: RunKind, listener: Listener = QUIET
) -> Outcome:
    """A whole run of ``kind``: the plan and its assessment, and for ``risk`` its risk weighed
    (sampled futures re-planned in this process)."""
    outcome = plan_and_assess(scenario, parameters, listener)
    if kind == "plan":
        return outcome
    started = time.perf_counter()
    analysis = weigh_risk(scenario, outcome.plan, parameters, listener)
    seconds = outcome.seconds.model_copy(update={"risk": time.perf_counter() - started})
    return replace(outcome, kind=kind, risk=analysis, seconds=seconds)
