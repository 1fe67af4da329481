"""Transport links as directed arcs with a cost per tonne, and where goods can be sold (the open
markets) at what net price."""

from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd

from angara.chain.streams import Streams
from angara.scenario.model import Scenario
from angara.scenario.paths import StepPath

ARC = ("link", "direction")  # a directed arc: a link travelled forward (from -> to) or back
FORWARD, BACK = "forward", "back"


def directed_arcs(scenario: Scenario) -> pd.DataFrame:
    """One row per direction of each link (index: link, direction); cost is the explicit
    cost or length x tariff (RUB/t)."""
    tariffs = {m.id: m.tariff for m in scenario.transport_modes}
    rows = []
    for arc in scenario.arcs:
        cost = arc.cost if arc.cost is not None else (arc.length or 0.0) * tariffs[arc.mode]
        ends = [(FORWARD, arc.from_node, arc.to_node)]
        if arc.both_ways:
            ends.append((BACK, arc.to_node, arc.from_node))
        for direction, start, end in ends:
            rows.append(
                {
                    "link": arc.id,
                    "direction": direction,
                    "from_node": start,
                    "to_node": end,
                    "cost": cost,
                    "candidate": arc.status == "candidate",
                    "build_cost": arc.build_cost,
                    "earliest_year": arc.earliest_year or scenario.meta.first_year,
                    "capacity": arc.capacity if arc.capacity is not None else math.nan,
                    "lifetime": arc.lifetime,
                    "mode": arc.mode,
                }
            )
    columns = [
        *ARC,
        "from_node",
        "to_node",
        "cost",
        "candidate",
        "build_cost",
        "earliest_year",
        "capacity",
        "lifetime",
        "mode",
    ]
    return pd.DataFrame(rows, columns=columns).set_index(list(ARC))


def open_markets(scenario: Scenario) -> set[str]:
    """Ids of the markets the cluster can sell to (``open``); the others keep their prices in
    the scenario for reference only."""
    return {m.id for m in scenario.markets if m.open}


def sales_options(scenario: Scenario, streams: Streams) -> pd.DataFrame:
    """Every (market, stream) pair an open market gives a price for: columns market, good,
    source, node."""
    nodes = {m.id: m.node for m in scenario.markets}
    reachable = open_markets(scenario)
    sources: dict[str, list[str]] = defaultdict(list)
    for good, source in streams.streams:
        sources[good].append(source)
    pairs = sorted({(p.market, p.good) for p in scenario.prices if p.market in reachable})
    rows = [
        {"market": market, "good": good, "source": source, "node": nodes[market]}
        for market, good in pairs
        for source in sorted(sources.get(good, []))
    ]
    return pd.DataFrame(rows, columns=["market", "good", "source", "node"])


def price_paths(scenario: Scenario) -> pd.DataFrame:
    """Price, cap and contracted quantity of every (market, good) of an open market in every
    planning year.  The price is what a seller receives at the market's node (RUB/t): the
    figure net of VAT and export duty, plus its basis adjustment (:meth:`Price.net_price`)."""
    reachable = open_markets(scenario)
    points: dict[tuple[str, str], list[tuple[int, float, float, float]]] = defaultdict(list)
    for row in scenario.prices:
        if row.market not in reachable:
            continue
        cap = row.max_quantity if row.max_quantity is not None else math.nan
        points[(row.market, row.good)].append((row.year, row.net_price(), cap, row.min_quantity))
    rows = []
    for (market, good), given in sorted(points.items()):
        price_path = StepPath((y, p) for y, p, _, _ in given)
        cap_path = StepPath((y, c) for y, _, c, _ in given)
        contract_path = StepPath((y, m) for y, _, _, m in given)
        for year in scenario.years:
            rows.append(
                {
                    "market": market,
                    "good": good,
                    "year": year,
                    "price": price_path.at(year),
                    "max_quantity": cap_path.at(year),
                    "min_quantity": contract_path.at(year),
                }
            )
    return pd.DataFrame(rows, columns=["market", "good", "year", "price", "max_quantity", "min_quantity"])
