"""OR-Library capacitated facility location instances (J.E. Beasley) as Angara scenarios.

Format (whitespace separated): ``m n``; ``m`` pairs ``capacity fixed_cost`` (capacity
may be the word ``capacity``, then given separately); for each of ``n`` customers its
demand and ``m`` costs of serving its whole demand from each site.  Demand may be
split; cost is linear in the share served.

As a scenario: one year, zero discount, one good; a plant per site with its own
capacity and investment (at most one module, paid off in the one year); each customer a
market with a contracted quantity equal to its demand; a direct link from every site to
every customer costing ``cost / demand`` per tonne.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from angara.scenario.model import Scenario
from angara.scenario.schema import (
    Arc,
    Market,
    Node,
    Price,
    ProcessSite,
    Site,
)
from angara.validation.common import GOOD, REGION, YEAR, basics, meta, source


class InstanceError(ValueError):
    """The file is not an instance of the expected format."""


@dataclass(frozen=True)
class FacilityLocation:
    """A capacitated facility location instance."""

    name: str
    capacities: list[float]
    fixed_costs: list[float]
    demands: list[float]
    costs: list[list[float]]  # costs[j][i]: serving all of customer j from site i


def read_instance(path: Path, capacity: float | None = None) -> FacilityLocation:
    """Read an OR-Library ``cap*`` file; ``capacity`` replaces the word 'capacity'."""
    tokens = path.read_text().split()
    try:
        sites, customers = int(tokens[0]), int(tokens[1])
        position = 2
        capacities, fixed = [], []
        for _ in range(sites):
            word = tokens[position]
            if word.lower() == "capacity":
                if capacity is None:
                    raise InstanceError(f"{path.name} gives no capacities; pass one (e.g. --capacity 8000)")
                capacities.append(capacity)
            else:
                capacities.append(capacity if capacity is not None else float(word))
            fixed.append(float(tokens[position + 1]))
            position += 2
        demands, costs = [], []
        for _ in range(customers):
            demands.append(float(tokens[position]))
            costs.append([float(t) for t in tokens[position + 1 : position + 1 + sites]])
            position += 1 + sites
    except (IndexError, ValueError) as error:
        raise InstanceError(
            f"{path.name} is not an OR-Library capacitated facility location file: {error}"
        ) from error
    if position != len(tokens):
        raise InstanceError(f"{path.name} has {len(tokens) - position} numbers too many")
    return FacilityLocation(path.stem, capacities, fixed, demands, costs)


def to_scenario(instance: FacilityLocation) -> Scenario:
    """The instance as a one-year, min-cost Angara scenario."""
    sites = range(len(instance.capacities))
    customers = [j for j, d in enumerate(instance.demands) if d > 0]
    nodes = [Node(id=f"s{i}", name=f"Site {i + 1}") for i in sites]
    nodes += [Node(id=f"c{j}", name=f"Customer {j + 1}") for j in customers]
    return Scenario(
        meta=meta(f"orlib-{instance.name}", f"OR-Library capacitated facility location {instance.name}"),
        **basics(),
        nodes=tuple(nodes),
        sites=tuple(
            Site(id=f"s{i}", name=f"Site {i + 1}", region=REGION, node=f"s{i}", land=0.0) for i in sites
        ),
        **source("plant", "Facility", max_units=1),
        process_sites=tuple(
            ProcessSite(
                process="plant",
                site=f"s{i}",
                max_units=1,
                unit_capacity=instance.capacities[i],
                capex_per_unit=instance.fixed_costs[i],
            )
            for i in sites
        ),
        markets=tuple(Market(id=f"c{j}", name=f"Customer {j + 1}", node=f"c{j}") for j in customers),
        prices=tuple(
            Price(
                market=f"c{j}",
                good=GOOD,
                year=YEAR,
                price=0.0,
                max_quantity=instance.demands[j],
                min_quantity=instance.demands[j],
            )
            for j in customers
        ),
        arcs=tuple(
            Arc(
                id=f"s{i}-c{j}",
                from_node=f"s{i}",
                to_node=f"c{j}",
                mode="direct",
                cost=instance.costs[j][i] / instance.demands[j],
                both_ways=False,
            )
            for i in sites
            for j in customers
        ),
    )
