"""Plan the default scenario and report model size, build and solve time, gap and memory.

Run by hand:  .venv/bin/python benchmarks/plan_default.py [--yearly] [--seeds 0,1,2]

--yearly plans every year instead of the scenario's investment periods; --seeds repeats
the solve with HiGHS random seeds to show how much the solve time varies.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from angara.chain import expand
from angara.plan.index import build_index
from angara.plan.model import build
from angara.plan.periods import Periods
from angara.plan.solver import solve, solver_options
from angara.scenario import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--yearly", action="store_true")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--time-limit", type=float, default=300.0)
    args = parser.parse_args()
    scenario = load("angara-yenisei")
    meta = scenario.meta
    for seed in (int(s) for s in args.seeds.split(",")):
        started = time.perf_counter()
        periods = Periods.of(
            meta.first_year, meta.last_year, meta.discount_rate, None if args.yearly else meta.periods
        )
        built = build(build_index(expand(scenario), periods))
        seconds_build = time.perf_counter() - started
        options = solver_options(
            "highs", args.time_limit, meta.solver.mip_gap, meta.solver.threads, log=False
        )
        options["random_seed"] = seed
        started = time.perf_counter()
        _, condition = solve(built.model, "highs", options)
        seconds_solve = time.perf_counter() - started
        m = built.model
        print(
            json.dumps(
                {
                    "periods": len(periods.starts),
                    "seed": seed,
                    "termination": condition,
                    "npv_bn_rub": round(-float(m.objective.value or 0.0) / 1e3, 3),
                    "mip_gap": round(float(m.solver_model.getInfo().mip_gap), 5),
                    "variables": int(m.nvars),
                    "integers": int(m.integers.nvars) + int(m.binaries.nvars),
                    "constraints": int(m.ncons),
                    "seconds_build": round(seconds_build, 2),
                    "seconds_solve": round(seconds_solve, 1),
                    "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
