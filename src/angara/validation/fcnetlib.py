"""FCNetLib single-commodity fixed-charge network flow instances as Angara scenarios.

CSV tables (converted from FCNetLib, Ortega & Wolsey 2003): ``arcs.csv`` (instance,
tail, head, parallel_arc, fixed_cost, unit_cost) and ``nodes.csv`` (instance, node,
demand: positive must receive, negative supplies).

As a scenario: one year, zero discount, one good; every supply node a site with a
committed source of exactly its supply; every demand node a market with a contracted
quantity equal to its demand; every arc a one-way candidate link with a build cost and
a cost per tonne.  Flows may pass through any number of nodes.
"""

from __future__ import annotations

import csv
from pathlib import Path

from angara.scenario.model import Scenario
from angara.scenario.schema import Arc, Market, Node, Plant, Price, ProcessSite, Site
from angara.validation.common import GOOD, REGION, YEAR, basics, meta, source
from angara.validation.orlib import InstanceError


def read_rows(folder: Path, instance: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The instance's node and arc rows."""

    def rows(name: str) -> list[dict[str, str]]:
        path = folder / name
        if not path.is_file():
            raise InstanceError(f"{path} not found")
        with path.open(encoding="utf-8") as handle:
            return [row for row in csv.DictReader(handle) if row.get("instance") == instance]

    nodes, arcs = rows("nodes.csv"), rows("arcs.csv")
    if not nodes or not arcs:
        raise InstanceError(f"no instance '{instance}' in {folder}")
    return nodes, arcs


def to_scenario(folder: Path, instance: str) -> Scenario:
    """The instance as a one-year, min-cost Angara scenario."""
    node_rows, arc_rows = read_rows(folder, instance)
    try:
        demand = {row["node"]: float(row["demand"]) for row in node_rows}
        arcs = [
            Arc(
                id=f"{row['tail']}-{row['head']}-{row['parallel_arc']}",
                from_node=row["tail"],
                to_node=row["head"],
                mode="direct",
                cost=float(row["unit_cost"]),
                status="candidate",
                build_cost=float(row["fixed_cost"]),
                earliest_year=YEAR,
                both_ways=False,
                lifetime=1.0,
            )
            for row in arc_rows
        ]
    except (KeyError, ValueError) as error:
        raise InstanceError(f"malformed FCNetLib tables for '{instance}': {error}") from error
    supplies = [n for n, d in demand.items() if d < 0]
    sinks = [n for n, d in demand.items() if d > 0]
    return Scenario(
        meta=meta(f"fcnetlib-{instance}", f"FCNetLib fixed-charge network flow {instance}"),
        **basics(),
        nodes=tuple(Node(id=n, name=n) for n in demand),
        sites=tuple(
            Site(id=f"supply-{n}", name=f"Supply at {n}", region=REGION, node=n, land=0.0) for n in supplies
        ),
        **source("supply", "Supply", max_units=0),
        process_sites=tuple(
            ProcessSite(process="supply", site=f"supply-{n}", max_units=0, unit_capacity=-demand[n])
            for n in supplies
        ),
        plants=tuple(
            Plant(process="supply", location=f"supply-{n}", units=1, first_year=YEAR) for n in supplies
        ),
        markets=tuple(Market(id=f"demand-{n}", name=f"Demand at {n}", node=n) for n in sinks),
        prices=tuple(
            Price(
                market=f"demand-{n}",
                good=GOOD,
                year=YEAR,
                price=0.0,
                max_quantity=demand[n],
                min_quantity=demand[n],
            )
            for n in sinks
        ),
        arcs=tuple(arcs),
    )
