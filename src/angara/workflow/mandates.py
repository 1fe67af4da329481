"""What each mandate costs the cluster, and what it brings in jobs and taxes.

The cost of a mandate is the objective of the free optimum (no mandate enforced) minus the
objective with that mandate alone enforced, each re-solved; what it brings is the
difference of the two plans' direct jobs (at full operation) and taxes, each plan assessed.
The plan with every mandate is the plan already made: its difference with the free optimum
is the cost of all together.  The free optimum is solved first; a mandate it already meets
costs nothing and is not solved again; the others are solved in parallel on Dask (the
workers of :class:`angara.risk.ensemble.Workers`).

Each solve stops at the MIP gap, so two solves of problems that differ little may differ by
up to the gap in either direction.  Every plan solved is a plan of the free problem, and
every plan that meets a mandate is a plan of the problem with that mandate: so each
problem's optimum is taken as the best plan found for it among all the solves (the free
optimum the best of all; a mandate's the best of those that meet it).  A mandate costs
therefore never less than 0, and exactly 0 when the free optimum meets it.
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


@dataclass(frozen=True)
class Outcome:
    """A re-solved plan's objective (RUB, larger is better: NPV, or minus the cost), its direct
    jobs at full operation (persons), total taxes (RUB) and the mandates it meets; all None
    (and no mandate met) when it has no plan."""

    objective: float | None
    direct_jobs: float | None
    taxes_rub: float | None
    met: frozenset[str] = frozenset()


def outcome_of(plan: Plan, assessment: Assessment) -> Outcome:
    """The figures of ``plan`` the mandates' costs are differences of."""
    value = plan.objective if plan.objective_kind == "npv" else -plan.objective
    direct = assessment.jobs.groupby("year")["direct"].sum() if len(assessment.jobs) else None
    met = plan.mandates.loc[plan.mandates["met"].astype(bool), "id"] if len(plan.mandates) else []
    return Outcome(
        float(value),
        float(direct.max()) if direct is not None else 0.0,
        float(assessment.taxes["amount_rub"].sum()) if len(assessment.taxes) else 0.0,
        frozenset(str(i) for i in met),
    )


def best(outcomes: list[Outcome]) -> Outcome:
    """The outcome of the largest objective among ``outcomes`` that have a plan; a plan-less
    outcome if none has one."""
    found = [o for o in outcomes if o.objective is not None]
    return max(found, key=lambda o: o.objective or 0.0) if found else Outcome(None, None, None)


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


def _solve_all(scenario: Scenario, tasks: list[PlanOptions], cluster: DaskCluster) -> list[Outcome]:
    """Plan and assess ``scenario`` under each of ``tasks``: on Dask when there are more than
    one, else here."""
    if len(tasks) < 2:
        return [solve_and_assess(scenario, task) for task in tasks]
    with Workers(cluster.scheduler, cluster.workers) as pool:
        shipped = pool.client.scatter(scenario, broadcast=True, hash=False)  # type: ignore[no-untyped-call]
        futures = [pool.client.submit(solve_and_assess, shipped, task, pure=False) for task in tasks]
        outcomes: list[Outcome] = pool.client.gather(futures)  # type: ignore[no-untyped-call]
    return outcomes


def mandate_costs(
    ids: list[str], solved: list[Outcome], everything: Outcome
) -> tuple[list[dict[str, float]], dict[str, float]]:
    """Each mandate's cost and what it brings (``cost_rub``, ``direct_jobs``, ``taxes_rub``),
    and those of ``everything`` (the plan with all of them), against the best plan of the
    free problem among ``solved``; each mandate's plan is the best of ``solved`` that meets
    it (none: NaN)."""
    free = best(solved)  # every plan solved is a plan of the free problem
    costs = [_difference(best([o for o in solved if i in o.met]), free) for i in ids]
    return costs, _difference(everything, free)


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
    listener.stage("mandates", f"costing {len(ids)} mandates: the free optimum first")
    free = solve_and_assess(
        scenario, deterministic(replace(options, mandates=frozenset[str](), lp_file=None))
    )
    # a mandate the free optimum meets costs nothing: no need to solve it again
    alone = [i for i in ids if i not in free.met]
    listener.stage(
        "mandates",
        f"{len(ids) - len(alone)} of {len(ids)} mandates met by the free optimum; "
        f"{len(alone)} plans solved again",
    )
    tasks = [deterministic(replace(options, mandates=frozenset([i]), lp_file=None)) for i in alone]
    outcomes = [free, *_solve_all(scenario, tasks, cluster or DaskCluster())]
    everything = outcome_of(plan, assessment)
    costs, together = mandate_costs(ids, [*outcomes, everything], everything)
    table = plan.mandates.copy()
    order = table["id"].map({i: n for n, i in enumerate(ids)}).to_numpy()
    for column in ("cost_rub", "direct_jobs", "taxes_rub"):
        table[column] = np.array([costs[int(n)][column] for n in order], dtype=float)
    listener.log(f"mandates together cost {together['cost_rub'] / 1e9:,.2f} bn RUB of NPV")
    return replace(plan, mandates=table, mandates_together=dict[str, float | None](together))
