"""Time assessing the default scenario's plan (without solving it again).

Run by hand:  .venv/bin/python benchmarks/assess_default.py [--plan out] [--repeat N]
With --plan, the plan saved in that folder (angara plan --out) is assessed; without,
the default plan is solved first (not timed).  Prints JSON: seconds of the assessment
(best and median of N, the first run reads the input-output table), its parts, peak
memory, and the size of what it produced.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from angara.assess.assessment import TABLES, assess
from angara.assess.finance import assess_finance
from angara.assess.jobs import jobs_by_region
from angara.assess.operations import operations
from angara.chain import expand
from angara.plan import optimize
from angara.results.saved_plan import read_plan
from angara.scenario import load
from angara.scenario.load import DEFAULT_SCENARIO


def _seconds(action: object, repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return {"best_s": round(min(times), 4), "median_s": round(statistics.median(times), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", type=Path, help="folder written by angara plan --out")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scenario = load(str(args.plan / "scenario")) if args.plan else load(DEFAULT_SCENARIO)
    plan = read_plan(args.plan) if args.plan else optimize(scenario)
    chain = expand(scenario)
    started = time.perf_counter()
    result = assess(scenario, plan, chain)
    first = time.perf_counter() - started
    ops = operations(scenario, chain, plan)
    finance = assess_finance(scenario, ops)
    tracemalloc.start()
    assess(scenario, plan, chain)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report = {
        "scenario": scenario.meta.name,
        "plants": len(ops.plants),
        "years": len(ops.years),
        "rows": {name: len(result.table(name)) for name in TABLES},
        "first_run_s": round(first, 4),
        "assess": _seconds(lambda: assess(scenario, plan, chain), args.repeat),
        "parts": {
            "operations": _seconds(lambda: operations(scenario, chain, plan), args.repeat),
            "finance": _seconds(lambda: assess_finance(scenario, ops), args.repeat),
            "jobs": _seconds(
                lambda: jobs_by_region(scenario, ops, finance.statements, ops.infrastructure), args.repeat
            ),
        },
        "peak_memory_mb": round(peak / 2**20, 1),
        "npv_rub": result.to_json()["npv_rub"],
        "python": sys.version.split()[0],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
