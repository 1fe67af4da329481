"""Re-plans per minute of an ensemble of sampled futures on 1 and 2 local Dask workers.

Run by hand:  .venv/bin/python benchmarks/ensemble.py [--futures 4] [--workers 1 2]
              [--cluster threads processes] [--scenario angara-yenisei] [--seed 2027]

``threads``: the in-process cluster ``replan`` starts by default (one thread per worker);
``processes``: a LocalCluster of worker processes, reached through its scheduler address
as a remote cluster would be (its start-up is not timed).  Each solve uses one HiGHS
thread; the default scenario takes about 30 s a solve, so the default run takes about
3 minutes.  The time limit is raised (``--time-limit``, 600 s) so that solves end on the
gap: a solve stopped by the clock depends on the machine's load, not only on its inputs.
Prints one JSON document; ``same_members`` says whether every run found the same plans
(status, NPV, builds); ``at_time_limit`` counts members stopped by the clock.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from typing import Any

from distributed import LocalCluster

from angara.chain import expand
from angara.plan import PlanOptions
from angara.plan.index import build_index
from angara.plan.model import build
from angara.plan.periods import Periods
from angara.risk.ensemble import Ensemble, replan
from angara.risk.futures import sample_futures
from angara.scenario import load
from angara.scenario.model import Scenario


def problem_size(scenario: Scenario) -> dict[str, int]:
    """Variables, constraints and integers of the scenario's model."""
    meta = scenario.meta
    periods = Periods.of(meta.first_year, meta.last_year, meta.discount_rate, meta.periods)
    m = build(build_index(expand(scenario), periods)).model
    return {
        "variables": int(m.nvars),
        "constraints": int(m.ncons),
        "integers": int(m.integers.nvars) + int(m.binaries.nvars),
    }


def run(
    scenario: Scenario, futures: int, seed: int, cluster: str, workers: int, time_limit: float
) -> tuple[dict[str, Any], Ensemble]:
    drawn = sample_futures(scenario, futures, seed)
    options = PlanOptions(time_limit=time_limit)
    if cluster == "threads":
        started = time.perf_counter()
        result = replan(scenario, drawn, options=options, workers=workers)
    else:
        with LocalCluster(  # type: ignore[no-untyped-call]
            processes=True,
            n_workers=workers,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as local:
            started = time.perf_counter()
            result = replan(scenario, drawn, options=options, scheduler=local.scheduler_address)
    seconds = time.perf_counter() - started
    solved = [m for m in result.members if m.npv_rub is not None]
    figures = {
        "cluster": cluster,
        "workers": result.workers,
        "replans": len(result.members),
        "solved": len(solved),
        "at_time_limit": sum(m.status == "feasible" for m in result.members),
        "seconds": round(seconds, 1),
        "replans_per_minute": round(60.0 * len(result.members) / seconds, 2),
        "seconds_per_task_mean": round(statistics.fmean(m.seconds for m in result.members), 1),
        "npv_median_bn_rub": round(statistics.median(m.npv_rub or 0.0 for m in solved) / 1e9, 3)
        if solved
        else None,
    }
    return figures, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="angara-yenisei")
    parser.add_argument("--futures", type=int, default=4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--cluster", nargs="+", choices=["threads", "processes"], default=["threads"])
    parser.add_argument("--seed", type=int, default=None, help="default: the scenario's risk seed")
    parser.add_argument("--time-limit", type=float, default=600.0, help="s per solve")
    args = parser.parse_args()
    scenario = load(args.scenario)
    seed = scenario.meta.risk.seed if args.seed is None else args.seed
    runs = []
    members = []
    for cluster in args.cluster:
        for workers in args.workers:
            figures, result = run(scenario, args.futures, seed, cluster, workers, args.time_limit)
            runs.append(figures)
            members.append([(m.name, m.status, m.npv_rub, m.builds) for m in result.members])
    document = {
        "scenario": scenario.meta.name,
        "futures": args.futures,
        "seed": seed,
        "size": problem_size(scenario),
        "runs": runs,
        "same_members": all(m == members[0] for m in members),
    }
    print(json.dumps(document), flush=True)


if __name__ == "__main__":
    main()
