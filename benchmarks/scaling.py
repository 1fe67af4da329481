"""How model size, build time and solve time grow with the scenario.

Synthetic scenarios multiply the default's deposits, sites and years by k (1, 2, 4, 8):
each copy of a deposit gets its own node, linked like the original; each copy of a site
gets its own node 10 km by road from the original's, with the same land, power and
processes; the horizon grows to k x 19 years.  Prints JSON per size: variables, constraints, integers, build
and solve seconds, build throughput (variables per second) and peak memory.

Run by hand:  .venv/bin/python benchmarks/scaling.py [--sizes 1,2,4,8] [--solve-up-to 2] [--time-limit 120]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

from angara.chain import expand
from angara.plan.index import build_index
from angara.plan.model import build
from angara.plan.periods import Periods
from angara.plan.solver import solve, solver_options
from angara.scenario import Scenario, load
from angara.scenario.schema import Arc, Node


def scaled(base: Scenario, k: int) -> Scenario:
    """The default scenario with k copies of each deposit and site and k times the years."""
    if k == 1:
        return base
    deposit_nodes = {d.node for d in base.deposits}
    deposits, grades, nodes, arcs = (
        list(base.deposits),
        list(base.deposit_grades),
        list(base.nodes),
        list(base.arcs),
    )
    sites, power, process_sites = list(base.sites), list(base.site_power), list(base.process_sites)
    for copy in range(1, k):
        suffix = f"_{copy}"
        for node in base.nodes:
            if node.id in deposit_nodes:
                nodes.append(node.model_copy(update={"id": node.id + suffix}))
        for arc in base.arcs:
            if arc.from_node in deposit_nodes or arc.to_node in deposit_nodes:
                ends = {
                    "from_node": arc.from_node + suffix if arc.from_node in deposit_nodes else arc.from_node,
                    "to_node": arc.to_node + suffix if arc.to_node in deposit_nodes else arc.to_node,
                }
                arcs.append(arc.model_copy(update={"id": arc.id + suffix, **ends}))
        for deposit in base.deposits:
            deposits.append(
                deposit.model_copy(update={"id": deposit.id + suffix, "node": deposit.node + suffix})
            )
        grades += [g.model_copy(update={"deposit": g.deposit + suffix}) for g in base.deposit_grades]
        for site in base.sites:
            place = f"{site.node}{suffix}-{site.id}"
            nodes.append(Node(id=place, name=f"{site.name} {copy}", region=site.region))
            arcs.append(
                Arc(
                    id=f"link{suffix}-{site.id}", from_node=place, to_node=site.node, mode="road", length=10.0
                )
            )
            sites.append(site.model_copy(update={"id": site.id + suffix, "node": place}))
        power += [p.model_copy(update={"site": p.site + suffix}) for p in base.site_power]
        process_sites += [
            p.model_copy(update={"site": p.site + suffix})
            for p in base.process_sites
            if p.site in {s.id for s in base.sites}
        ]
    meta = base.meta.model_copy(
        update={"last_year": base.meta.first_year + k * (base.meta.last_year - base.meta.first_year + 1) - 1}
    )
    return base.model_copy(
        update={
            "meta": meta,
            "deposits": tuple(deposits),
            "deposit_grades": tuple(grades),
            "nodes": tuple(nodes),
            "arcs": tuple(arcs),
            "sites": tuple(sites),
            "site_power": tuple(power),
            "process_sites": tuple(process_sites),
        }
    )


def measure(k: int, solve_it: bool, time_limit: float) -> dict[str, Any]:
    scenario = scaled(load("angara-yenisei"), k)
    started = time.perf_counter()
    chain = expand(scenario)
    periods = Periods.of(scenario.meta.first_year, scenario.meta.last_year, scenario.meta.discount_rate)
    built = build(build_index(chain, periods))
    seconds_build = time.perf_counter() - started
    m = built.model
    result: dict[str, Any] = {
        "scale": k,
        "deposits": sum(d.enabled for d in scenario.deposits),
        "sites": len(scenario.sites),
        "years": len(scenario.years),
        "variables": int(m.nvars),
        "constraints": int(m.ncons),
        "integers": int(m.integers.nvars) + int(m.binaries.nvars),
        "seconds_build": round(seconds_build, 2),
        "variables_per_second": round(m.nvars / seconds_build),
    }
    if solve_it:
        started = time.perf_counter()
        _, condition = solve(m, "highs", solver_options("highs", time_limit, 0.01, 2, log=False))
        result["seconds_solve"] = round(time.perf_counter() - started, 2)
        result["termination"] = condition
        solver = getattr(m, "solver_model", None)
        if solver is not None:
            result["mip_gap"] = float(solver.getInfo().mip_gap)
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,2,4,8")
    parser.add_argument("--solve-up-to", type=int, default=2, help="solve sizes up to this scale")
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if len(sizes) == 1:
        print(json.dumps(measure(sizes[0], sizes[0] <= args.solve_up_to, args.time_limit)), flush=True)
        return
    # one process per size, so that peak memory is that size's own
    for k in sizes:
        command = [
            sys.executable,
            __file__,
            "--sizes",
            str(k),
            "--solve-up-to",
            str(args.solve_up_to),
            "--time-limit",
            str(args.time_limit),
        ]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
