"""Which arcs each stream may travel on, the candidate links that can be opened, and the most
of each stream that could ever be made (the bound of its flow on a link not yet open)."""

from __future__ import annotations

import networkx as nx
import numpy as np
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
    for stream in made.index:
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


def stream_bounds_of(
    terms: pd.DataFrame,
    modes: pd.DataFrame,
    slots: pd.DataFrame,
    existing: np.ndarray,
    deposits: pd.DataFrame,
    ore_terms: pd.DataFrame,
) -> pd.Series:
    """Most tonnes per year of each stream (good, source) that could ever be made (t/yr).

    ``ore_terms`` (``mode``, ``deposit``, ``coefficient``): tonnes of a deposit's ore a
    mode mines or treats per tonne of activity; no mode exceeds the deposit's yearly rate.

    It bounds the stream's flow on a link that is not yet open: a tight bound makes the
    link's fixed cost count in the relaxation, which speeds the solver up a lot.
    """
    most_units = slots["max_units"].to_numpy(dtype=float) + existing.max(axis=1, initial=0.0)
    per_mode = (
        most_units[modes["slot"].to_numpy()] * slots["unit_capacity"].to_numpy()[modes["slot"].to_numpy()]
    )
    if len(ore_terms):
        # a mine makes, and a concentrator treats, no more than its deposit's yearly rate
        rate = ore_terms["deposit"].map(deposits["max_rate"]).to_numpy() / ore_terms["coefficient"].to_numpy()
        np.minimum.at(per_mode, ore_terms["mode"].to_numpy(dtype=int), rate)
    made = terms[terms["coefficient"] > 0]
    made_tonnes = made["coefficient"].to_numpy() * per_mode[made["mode"].to_numpy()]
    return (
        pd.Series(made_tonnes, index=pd.MultiIndex.from_frame(made[list(STREAM)])).groupby(level=[0, 1]).sum()
    )
