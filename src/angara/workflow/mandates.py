"""What each mandate costs the cluster, and what it brings in jobs and taxes.

The cost of a mandate is the objective of the free optimum (no mandate enforced) minus the
objective with that mandate alone enforced, each re-solved; what it brings is the
difference of the two plans' direct jobs (at full operation) and taxes, each plan assessed.
The plan with every mandate is the plan already made: its difference with the free optimum
is the cost of all together.  With more than one mandate the plans are solved in parallel
on Dask (the workers of :class:`angara.risk.ensemble.Workers`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from angara.assess.assessment import Assessment, assess
from angara.plan.diagnose import PlanFailure
from angara.plan.result import Plan
from angara.plan.solve import PlanOptions, optimize
from angara.risk.ensemble import Workers, deterministic
from angara.scenario.model import Scenario
from angara.workflow.listener import QUIET, Listener
from angara.workflow.replanning import DaskCluster

FREE = "free"  # the plan with no mandate enforced


@dataclass(frozen=True)
class Outcome:
    """A re-solved plan's objective (RUB, larger is better: NPV, or minus the cost), its direct
    jobs at full operation (persons) and total taxes (RUB); all None when it has no plan."""

    objective: float | None
    direct_jobs: float | None
    taxes_rub: float | None


def outcome_of(plan: Plan, assessment: Assessment) -> Outcome:
    """The figures of ``plan`` the mandates' costs are differences of."""
    value = plan.objective if plan.objective_kind == "npv" else -plan.objective
    direct = assessment.jobs.groupby("year")["direct"].sum() if len(assessment.jobs) else None
    return Outcome(
        float(value),
        float(direct.max()) if direct is not None else 0.0,
        float(assessment.taxes["amount_rub"].sum()) if len(assessment.taxes) else 0.0,
    )


def solve_and_assess(scenario: Scenario, options: PlanOptions) -> Outcome:
    """The task: plan ``scenario`` under ``options`` and assess it (about 1 s beyond the solve)."""
    try:
        plan = optimize(scenario, options)
    except PlanFailure:
        return Outcome(None, None, None)
    return outcome_of(plan, assess(scenario, plan))


def _difference(mandated: Outcome, free: Outcome) -> dict[str, float]:
    def less(a: float | None, b: float | None) -> float:
        return float(a - b) if a is not None and b is not None else float("nan")

    return {
        "cost_rub": less(free.objective, mandated.objective),
        "direct_jobs": less(mandated.direct_jobs, free.direct_jobs),
        "taxes_rub": less(mandated.taxes_rub, free.taxes_rub),
    }


def cost_mandates(
    scenario: Scenario,
    plan: Plan,
    assessment: Assessment,
    options: PlanOptions,
    listener: Listener = QUIET,
    cluster: DaskCluster | None = None,
) -> Plan:
    """``plan`` (made with every mandate of ``scenario`` enforced) with each mandate's cost and
    what it brings filled in its ``mandates`` table, and all together in ``mandates_together``."""
    ids = [m.id for m in scenario.mandates]
    if not ids:
        return plan
    listener.stage("mandates", f"costing {len(ids)} mandates: {len(ids) + 1} plans solved again")
    wanted = [(FREE, frozenset[str]()), *((i, frozenset([i])) for i in ids)]
    tasks = [deterministic(replace(options, mandates=enforced, lp_file=None)) for _, enforced in wanted]
    if len(tasks) > 2:
        cluster = cluster or DaskCluster()
        with Workers(cluster.scheduler, cluster.workers) as pool:
            shipped = pool.client.scatter(scenario, broadcast=True, hash=False)  # type: ignore[no-untyped-call]
            futures = [pool.client.submit(solve_and_assess, shipped, task, pure=False) for task in tasks]
            outcomes: list[Outcome] = pool.client.gather(futures)  # type: ignore[no-untyped-call]
    else:
        outcomes = [solve_and_assess(scenario, task) for task in tasks]
    free = outcomes[0]
    costs = [_difference(outcome, free) for outcome in outcomes[1:]]
    table = plan.mandates.copy()
    order = table["id"].map({i: n for n, i in enumerate(ids)}).to_numpy()
    for column in ("cost_rub", "direct_jobs", "taxes_rub"):
        table[column] = np.array([costs[int(n)][column] for n in order], dtype=float)
    together = _difference(outcome_of(plan, assessment), free)
    listener.log(f"mandates together cost {together['cost_rub'] / 1e9:,.2f} bn RUB of NPV")
    return replace(plan, mandates=table, mandates_together=dict[str, float | None](together))
