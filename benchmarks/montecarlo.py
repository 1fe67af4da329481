"""Samples per second of the Monte Carlo: vectorized evaluation against a plain loop.

Run by hand:  .venv/bin/python benchmarks/montecarlo.py [--plan out] [--samples 100000] [--loop 500]
With --plan, the plan saved in that folder (angara plan --out) is used; without, the
default plan is solved first (not timed).  Prints JSON: the whole vectorized Monte
Carlo of --samples samples (sampling included) end to end, the plain per-sample loop
the tests check the money engine against (``tests/assess/reference.py``) on --loop
samples of the same drivers, both in samples/s, their ratio, peak memory and the
problem size.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from angara.plan import optimize
from angara.results.saved_plan import read_plan
from angara.risk.ledger import build_ledger
from angara.risk.montecarlo import CHUNK, draw, simulate
from angara.risk.prices import FactorModel
from angara.scenario import load
from angara.scenario.load import DEFAULT_SCENARIO


def main() -> None:
    # the reference loop lives with the tests, in the checkout this script runs from
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.assess.reference import evaluate_one

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", type=Path, help="folder written by angara plan --out")
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--loop", type=int, default=500, help="samples for the per-sample loop")
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()
    scenario = load(str(args.plan / "scenario")) if args.plan else load(DEFAULT_SCENARIO)
    plan = read_plan(args.plan) if args.plan else optimize(scenario)

    started = time.perf_counter()
    ledger = build_ledger(scenario, plan)
    seconds_ledger = time.perf_counter() - started
    simulate(scenario, ledger, min(args.samples, CHUNK), args.seed)  # warm up: first touches of memory

    started = time.perf_counter()
    simulation = simulate(scenario, ledger, args.samples, args.seed)
    seconds_vectorized = time.perf_counter() - started

    drivers = draw(scenario, FactorModel.from_scenario(scenario), ledger, args.loop, np.random.default_rng(1))
    started = time.perf_counter()
    for n in range(args.loop):
        evaluate_one(ledger.accounts, drivers.prices[n], drivers.capex[n])
    seconds_loop = time.perf_counter() - started

    tracemalloc.start()
    simulate(scenario, ledger, min(args.samples, CHUNK), args.seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    vectorized = args.samples / seconds_vectorized
    loop = args.loop / seconds_loop
    report = {
        "scenario": scenario.meta.name,
        "plants": len(ledger.plants),
        "years": len(ledger.years),
        "price_series": len(ledger.series),
        "price_factors": len(scenario.price_factors),
        "samples": args.samples,
        "seconds_ledger": round(seconds_ledger, 3),
        "seconds_vectorized": round(seconds_vectorized, 3),
        "samples_per_s_vectorized": round(vectorized),
        "loop_samples": args.loop,
        "seconds_loop": round(seconds_loop, 3),
        "samples_per_s_loop": round(loop, 1),
        "ratio": round(vectorized / loop, 1),
        "peak_memory_mb_per_chunk": round(peak / 2**20, 1),
        "chunk": CHUNK,
        "npv_p50_rub": simulation.summary()["npv_p50"],
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
