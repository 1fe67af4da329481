"""Index sets and coefficient arrays of the optimization model, derived from a Chain.

Everything here is plain pandas/xarray over labelled coordinates; the model builder
(:mod:`angara.plan.model`) turns them into variables and constraints in whole blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import xarray as xr

from angara.chain.chain import Chain
from angara.plan.periods import Periods, annuity

MONEY = 1e6  # the model counts money in million RUB and mass in kilotonnes:
MASS = 1e3  # coefficients then stay within a few orders of magnitude, which the solver needs
POWER_LIFETIME = 30.0  # years over which bought power (generation, grid) is paid off


def key(stream: pd.Series, node: pd.Series) -> pd.Series:
    """Balance key of a stream at a node."""
    return stream + "|" + node


@dataclass(frozen=True)
class Index:
    """The model's sets and data, aligned on named coordinates."""

    periods: Periods
    period: pd.Index
    weight: xr.DataArray  # (period) discounted years
    length: xr.DataArray  # (period) years
    slots: pd.DataFrame
    new_allowed: xr.DataArray  # (slot, period) bool
    retirements: pd.DataFrame  # slot, commission, period: units commissioned then retire in period
    existing: xr.DataArray  # (slot, period) units
    capex_weight: xr.DataArray  # (slot, period) MRUB per unit commissioned then
    modes: pd.DataFrame  # + node, location_kind
    active: xr.DataArray  # (mode, period) bool: capacity can exist
    coefficients: pd.DataFrame  # + node, key
    extraction: pd.DataFrame  # mode, deposit, coefficient (t ore per t activity)
    deposits: pd.DataFrame  # reserves (t), max_rate (t/yr)
    routes: pd.DataFrame  # index route: stream, arc, link, from_key, to_key, cost, candidate, bound, capacity
    stream_bounds: pd.Series  # most t/yr of each stream all plants could make
    route_active: xr.DataArray  # (route, period) bool
    links: pd.DataFrame  # candidate links: earliest_year, annuity (MRUB/yr), capacity bound
    sales: pd.DataFrame  # + key, market_good
    price: xr.DataArray  # (sale, period) MRUB/t, discount-weighted over the period
    caps: pd.DataFrame  # (market_good, period) max and min quantities
    disposal: pd.DataFrame  # index disposal key (stream|node)
    sites: pd.DataFrame
    site_power: xr.DataArray  # (site, period) MW
    staff: pd.DataFrame  # slot, skill, staff, group (region|skill)
    labour: pd.DataFrame  # index group: pool, graduates, migration_cost
    stream_kind: pd.Series


def build_index(chain: Chain, periods: Periods) -> Index:
    """Derive every set and coefficient the model needs."""
    period = pd.Index(periods.starts, name="period")
    starts = np.array(periods.starts)
    weight = xr.DataArray(np.array(periods.weights), coords=[period])
    length = xr.DataArray(np.array(periods.lengths, dtype=float), coords=[period])
    rate = periods.discount_rate

    slots = chain.slots.copy()
    slot = pd.Index(slots.index, name="slot")
    earliest = slots["earliest"].to_numpy()[:, None]
    buildable = slots["max_units"].to_numpy()[:, None] > 0
    new_allowed = xr.DataArray((starts[None, :] >= earliest) & buildable, coords=[slot, period])
    # the period in which a unit commissioned in period c has reached its lifetime
    lifetime = slots["lifetime"].to_numpy()
    retire_position = np.searchsorted(starts, starts[None, :] + lifetime[:, None] - 1e-9, side="left")
    allowed = new_allowed.to_numpy()
    s_idx, c_idx = np.nonzero(allowed & (retire_position < len(starts)))
    retirements = pd.DataFrame(
        {
            "slot": slot[s_idx],
            "commission": starts[c_idx],
            "period": starts[retire_position[s_idx, c_idx]],
        }
    )

    existing_np = np.zeros((len(slot), len(period)))
    positions = {s: i for i, s in enumerate(slot)}
    for row in chain.existing.itertuples():
        if row.slot in positions:
            existing_np[positions[row.slot]] += row.units * (
                (starts >= row.first_year) & (starts <= row.last_year)
            )
    existing = xr.DataArray(existing_np, coords=[slot, period])

    yearly_charge = np.array(
        [annuity(r.capex, rate, r.lifetime, r.lead_time) / MONEY for r in slots.itertuples()]
    )
    # a unit commissioned in period c pays its annuity in every period until it retires
    cumulative = np.concatenate([[0.0], np.cumsum(periods.weights)])
    paid = cumulative[np.minimum(retire_position, len(starts))] - cumulative[None, : len(starts)]
    capex_weight = xr.DataArray(yearly_charge[:, None] * paid, coords=[slot, period])

    could_exist = (existing_np > 0) | allowed
    could_exist = np.maximum.accumulate(could_exist, axis=1) & ((existing_np > 0) | buildable)
    modes = chain.modes.join(slots[["node", "location_kind"]], on="slot")
    mode = pd.Index(modes.index, name="mode")
    slot_position = np.array([positions[s] for s in modes["slot"]], dtype=int)
    active = xr.DataArray(
        could_exist[slot_position] if len(modes) else np.zeros((0, len(period)), bool), coords=[mode, period]
    )

    coefficients = chain.coefficients.join(modes["node"], on="mode")
    coefficients["key"] = key(coefficients["stream"], coefficients["node"])
    stream_kind = chain.streams["kind"]
    ore_rows = coefficients[
        (coefficients["coefficient"] > 0) & (coefficients["stream"].map(stream_kind) == "ore")
    ]
    extraction = pd.DataFrame(
        {
            "mode": ore_rows["mode"].to_numpy(),
            "deposit": ore_rows["stream"].map(chain.streams["source"]).to_numpy(),
            "coefficient": ore_rows["coefficient"].to_numpy(),
        }
    )

    sales = chain.sales.copy()
    sales["key"] = key(sales["stream"], sales["node"])
    sales["market_good"] = sales["market"] + "|" + sales["good"]
    prices = chain.prices.copy()
    prices["market_good"] = prices["market"] + "|" + prices["good"]
    price_by_year = prices.pivot(index="market_good", columns="year", values="price")
    weighted_price = pd.DataFrame(
        {
            start: sum(periods.discount(y) * price_by_year[y] for y in years)
            for start, years in zip(periods.starts, periods.years, strict=True)
        }
    )
    sale = pd.Index(sales.index, name="sale")
    price = xr.DataArray(
        weighted_price.reindex(sales["market_good"]).to_numpy() / MONEY
        if len(sales)
        else np.zeros((0, len(period))),
        coords=[sale, period],
    )
    at_start = prices[prices["year"].isin(periods.starts)].rename(columns={"year": "period"})
    caps = at_start.set_index(["market_good", "period"])[["max_quantity", "min_quantity"]]

    routes, route_active, links = _routes(chain, coefficients, sales, periods, rate)
    stream_bounds = _stream_bounds(coefficients, modes, slots, existing_np, chain.deposits, extraction)
    routes["bound"] = routes["stream"].map(stream_bounds)
    produced = coefficients[coefficients["coefficient"] > 0]
    disposal = pd.DataFrame(index=pd.Index(sorted(set(produced["key"])), name="disposal"))
    disposal["stream"] = [k.split("|")[0] for k in disposal.index]
    disposal["node"] = [k.split("|")[1] for k in disposal.index]

    site_power = chain.site_power[chain.site_power["year"].isin(periods.starts)]
    power = (
        site_power.pivot(index="site", columns="year", values="power").reindex(chain.sites.index).fillna(0.0)
    )
    site_power_da = xr.DataArray(power.to_numpy(), coords=[pd.Index(chain.sites.index, name="site"), period])
    staff = chain.staff.join(slots["region"], on="slot")
    staff["group"] = staff["region"] + "|" + staff["skill"]
    labour = chain.labour.copy()
    labour.index = pd.Index(labour["region"] + "|" + labour["skill"], name="group")
    return Index(
        periods=periods,
        period=period,
        weight=weight,
        length=length,
        slots=slots,
        new_allowed=new_allowed,
        retirements=retirements,
        existing=existing,
        capex_weight=capex_weight,
        modes=modes,
        active=active,
        coefficients=coefficients,
        extraction=extraction,
        deposits=chain.deposits,
        routes=routes,
        stream_bounds=stream_bounds,
        route_active=route_active,
        links=links,
        sales=sales,
        price=price,
        caps=caps,
        disposal=disposal,
        sites=chain.sites,
        site_power=site_power_da,
        staff=staff,
        labour=labour,
        stream_kind=stream_kind,
    )


def _routes(
    chain: Chain, coefficients: pd.DataFrame, sales: pd.DataFrame, periods: Periods, rate: float
) -> tuple[pd.DataFrame, xr.DataArray, pd.DataFrame]:
    """Arcs each stream may travel on: streams made and used (or sold) at different nodes.

    For each stream, nodes that are dead ends of the network (one neighbour, neither
    making, using nor selling the stream) are pruned repeatedly: no simple path between
    the stream's ends passes through them, so the plan cannot need those arcs.
    """
    made = coefficients[coefficients["coefficient"] > 0].groupby("stream")["node"].agg(set)
    used = coefficients[coefficients["coefficient"] < 0].groupby("stream")["node"].agg(set)
    sold = sales.groupby("stream")["node"].agg(set)
    arcs = chain.arcs
    graph = nx.MultiGraph()
    graph.add_edges_from(zip(arcs["from_node"], arcs["to_node"], arcs.index, strict=True))
    rows = []
    for stream in made.index:
        ends = made[stream] | used.get(stream, set()) | sold.get(stream, set())
        if len(ends) < 2 or (stream not in used.index and stream not in sold.index):
            continue
        kept = _without_dead_ends(graph, ends)
        for arc, a in zip(arcs.index, arcs.itertuples(), strict=True):
            if a.from_node in kept and a.to_node in kept:
                rows.append(
                    {
                        "route": f"{stream}|{arc}",
                        "stream": stream,
                        "arc": arc,
                        "link": a.link,
                        "from_key": f"{stream}|{a.from_node}",
                        "to_key": f"{stream}|{a.to_node}",
                        "cost": a.cost / MONEY,
                        "candidate": bool(a.candidate),
                        "earliest_year": a.earliest_year,
                        "capacity": a.capacity,
                    }
                )
    columns = [
        "route",
        "stream",
        "arc",
        "link",
        "from_key",
        "to_key",
        "cost",
        "candidate",
        "earliest_year",
        "capacity",
    ]
    routes = pd.DataFrame(rows, columns=columns).set_index("route")
    starts = np.array(periods.starts)
    open_from = np.where(
        routes["candidate"].to_numpy(dtype=bool), routes["earliest_year"].to_numpy(dtype=float), -np.inf
    )
    route_active = xr.DataArray(
        starts[None, :] >= open_from[:, None],
        coords=[pd.Index(routes.index, name="route"), pd.Index(starts, name="period")],
    )
    candidate = arcs[arcs["candidate"]].groupby("link").first()
    links = pd.DataFrame(index=pd.Index(candidate.index, name="link"))
    links["earliest_year"] = candidate["earliest_year"]
    links["annuity"] = [
        annuity(c, rate, life, 0.0) / MONEY
        for c, life in zip(candidate["build_cost"], candidate["lifetime"], strict=True)
    ]
    links["capacity"] = candidate["capacity"]
    return routes, route_active, links


def _stream_bounds(
    coefficients: pd.DataFrame,
    modes: pd.DataFrame,
    slots: pd.DataFrame,
    existing: np.ndarray,
    deposits: pd.DataFrame,
    extraction: pd.DataFrame,
) -> pd.Series:
    """Most tonnes per year of each stream that could ever be made (t/yr).

    It bounds the stream's flow on a link that is not yet open: a tight bound makes the
    link's fixed cost count in the relaxation, which speeds the solver up a lot.
    """
    most_units = slots["max_units"].to_numpy(dtype=float) + existing.max(axis=1, initial=0.0)
    most_activity = pd.Series(most_units * slots["unit_capacity"].to_numpy(), index=slots.index)
    per_mode = modes["slot"].map(most_activity)
    if len(extraction):
        # a mine makes no more than its deposit's yearly rate
        rate = extraction["deposit"].map(deposits["max_rate"]) / extraction["coefficient"]
        per_mode = per_mode.combine(
            pd.Series(rate.to_numpy(), index=extraction["mode"]), min, fill_value=np.inf
        )
    made = coefficients[coefficients["coefficient"] > 0]
    tonnes = made["coefficient"].to_numpy() * made["mode"].map(per_mode).to_numpy()
    return pd.Series(tonnes, index=made["stream"].to_numpy()).groupby(level=0).sum()


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
