"""Which arcs each stream may travel on and the candidate links that can be opened."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from angara.chain import ARC, STREAM, Chain
from angara.plan.periods import annuity

ROUTE_COLUMNS = [
    *STREAM,
    *ARC,
    "from_node",
    "to_node",
    "cost_rub_per_t",
    "candidate",
    "earliest_year",
    "capacity",
]


def routes_of_streams(
    chain: Chain, terms: pd.DataFrame, sales: pd.DataFrame, rate: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Routes (a stream on an arc) and candidate links.

    A stream travels between the nodes where it is made, used or sold.  For each stream,
    nodes that are dead ends of the network (one neighbour, neither making, using nor
    selling the stream) are pruned repeatedly: no simple path between the stream's ends
    passes through them, so the plan cannot need those arcs.

    ``terms``: ``good``, ``source``, ``node``, ``coefficient`` per term of a mode.  Returns
    routes (columns :data:`ROUTE_COLUMNS`; ``capacity`` t/yr, NaN: none) and links
    (index ``link``: ``candidate``, ``earliest_year``, ``annuity`` RUB/yr of a candidate's
    build cost, ``capacity`` t/yr, NaN: none).
    """
    made = terms[terms["coefficient"] > 0].groupby(list(STREAM))["node"].agg(set)
    used = terms[terms["coefficient"] < 0].groupby(list(STREAM))["node"].agg(set)
    sold = sales.groupby(list(STREAM))["node"].agg(set)
    arcs = chain.arcs.reset_index()
    graph = nx.MultiGraph()
    graph.add_edges_from(zip(arcs["from_node"], arcs["to_node"], strict=True))
    parts = []
    mass = chain.streams["mass"]
    for stream in made.index:
        if not bool(mass.get(stream, True)):
            continue  # a good in its own unit (MW*yr, place*yr) is made and used or sold at its node
        ends = made[stream] | used.get(stream, set()) | sold.get(stream, set())
        if len(ends) < 2 or (stream not in used.index and stream not in sold.index):
            continue
        kept = _without_dead_ends(graph, ends)
        inside = arcs[arcs["from_node"].isin(kept) & arcs["to_node"].isin(kept)]
        parts.append(inside.assign(good=stream[0], source=stream[1]))
    routes = (
        pd.concat(parts, ignore_index=True).rename(columns={"cost": "cost_rub_per_t"})
        if parts
        else pd.DataFrame(columns=ROUTE_COLUMNS)
    )
    routes = routes[ROUTE_COLUMNS].astype({"candidate": bool})
    each = chain.arcs.groupby(level="link").first()
    links = pd.DataFrame(index=pd.Index(each.index, name="link"))
    links["candidate"] = each["candidate"].astype(bool)
    links["earliest_year"] = each["earliest_year"]
    links["annuity"] = [
        annuity(cost, rate, life, 0.0) if candidate else 0.0
        for cost, life, candidate in zip(
            each["build_cost"], each["lifetime"], links["candidate"], strict=True
        )
    ]
    links["capacity"] = each["capacity"].astype(float)
    return routes, links


def _without_dead_ends(graph: nx.MultiGraph, ends: set[str]) -> set[str]:
    """Nodes left after repeatedly removing nodes with one neighbour that are not ``ends``."""
    degree = {node: len(set(graph.neighbors(node))) for node in graph.nodes}
    removed: set[str] = set()
    leaves = [n for n, d in degree.items() if d <= 1 and n not in ends]
    while leaves:
        node = leaves.pop()
        if node in removed:
            continue
        removed.add(node)
        for neighbour in set(graph.neighbors(node)):
            if neighbour in removed:
                continue
            degree[neighbour] -= 1
            if degree[neighbour] <= 1 and neighbour not in ends:
                leaves.append(neighbour)
    return set(graph.nodes) - removed
