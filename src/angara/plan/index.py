"""The model's sets (its dimensions) and the data aligned on them, derived from a Chain.

A set whose key has one part (``period``, ``deposit``, ``site``, ``link``) is a
dimension labelled by that id.  A set whose key has several parts (a slot is a process
at a location) is a dimension labelled by position, with one coordinate per part
(``process``, ``location``): linopy's v1 convention has no MultiIndex dimensions, and no
key is ever joined into one string.  Each such set is a DataFrame here whose RangeIndex
is the position and whose first columns are the key parts of :data:`KEYS`.

Every number here is in the model's units (:mod:`angara.plan.scale`: kt, million RUB),
converted once, here; columns ending in ``_rub_per_t`` keep RUB per tonne for reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from angara.chain import ARC, MODE, SLOT, STREAM, Chain
from angara.plan.bounds import market_caps_of, sellable_activity, stream_bounds_of, useful_units
from angara.plan.labour import available_labour
from angara.plan.periods import Periods, annuity, closure_annuity
from angara.plan.ramp import existing_shortfall, ramp_terms
from angara.plan.routes import routes_of_streams
from angara.plan.scale import per_tonne, rubles, tonnes
from angara.plan.sets import (
    BALANCE_SET,
    COEFFICIENT_TERMS,
    DEPOSIT_SET,
    DISPOSAL_SET,
    EXTRACTION_TERMS,
    LINK_SET,
    MARKET_GOOD_SET,
    MODE_SET,
    RAMP_TERMS,
    RETIREMENTS,
    ROUTE_SET,
    SALE_SET,
    SITE_SET,
    SLOT_SET,
    STAFF_TERMS,
    WORKFORCE_SET,
)
from angara.tables import declared

POWER_LIFETIME = 30.0  # years over which bought power (generation, grid) is paid off
BALANCE = (*STREAM, "node")  # a stream at a node
KEYS: dict[str, tuple[str, ...]] = {
    "slot": SLOT,
    "mode": MODE,
    "balance": BALANCE,
    "route": (*STREAM, *ARC),
    "sale": ("market", *STREAM),
    "market_good": ("market", "good"),
    "disposal": BALANCE,
    "workforce": ("region", "skill"),
}
Coords = dict[str, pd.Index | tuple[str, np.ndarray]]


def key_columns(dims: tuple[str, ...]) -> list[str]:
    """The columns that identify a row of a variable or constraint over ``dims``."""
    return [part for dim in dims for part in KEYS.get(dim, (dim,))]


def set_coords(frame: pd.DataFrame, dim: str) -> Coords:
    """Coordinates of a set keyed by position: the positions and one coordinate per key part."""
    coords: Coords = {dim: pd.Index(frame.index, name=dim)}
    for part in KEYS[dim]:
        coords[part] = (dim, frame[part].to_numpy())
    return coords


def positions(frame: pd.DataFrame, keys: pd.DataFrame, columns: tuple[str, ...] | None = None) -> np.ndarray:
    """Position in ``frame`` (a set keyed by position) of each row of ``keys``, matched on
    ``columns`` (default: the columns both have); -1 where there is none."""
    on = list(columns) if columns else [c for c in frame.columns if c in keys.columns]
    lookup = pd.MultiIndex.from_frame(frame[on])
    return np.asarray(lookup.get_indexer(pd.MultiIndex.from_frame(keys[on])))


@dataclass(frozen=True)
class Index:
    """The model's sets and data, aligned on named dimensions (see the module docstring).

    Sets keyed by position (columns after the key parts): ``slots`` (the chain's slot
    columns), ``modes`` (``slot`` position, ``node``, ``variable_cost`` million RUB per kt),
    ``balances``, ``routes`` (``from_node``, ``to_node``, ``from_balance``, ``to_balance``,
    ``cost`` million RUB per kt, ``cost_rub_per_t``, ``candidate``, ``earliest_year``,
    ``capacity`` and ``bound`` kt/yr), ``sales`` (``node``, ``balance`` and ``market_good``
    positions), ``market_goods``, ``disposals`` (``balance`` position), ``workforce``
    (every region and skill with labour data or staff needed: ``pool``, ``graduates`` per yr,
    ``migration_cost`` million RUB per person, ``attrition``, ``graduate_retention``,
    ``competing_demand``; NaN without data).  Sets keyed
    by id: ``deposits`` (``reserves`` kt, ``max_rate`` kt/yr), ``sites`` (``land`` ha,
    ``expansion_max`` MW, ``expansion_annuity`` million RUB/yr per MW), ``links`` (candidate
    links: ``earliest_year``, ``annuity`` million RUB/yr).  Rows of terms: ``coefficients``
    (``mode``, ``balance`` positions, ``coefficient`` kt per kt), ``extraction`` (``mode``,
    ``deposit``, ``coefficient`` t ore per t), ``staff`` (``slot``, ``workforce`` positions,
    ``region``, ``skill``, ``staff`` persons per module), ``retirements`` (``slot``, and
    the positions of the ``commission`` and ``retire`` periods), ``ramp`` (``slot``,
    ``commission`` and ``period`` positions, ``shortfall``: share of nameplate short while
    modules commissioned then ramp up, see :mod:`angara.plan.ramp`).
    """

    periods: Periods
    period: pd.Index
    weight: xr.DataArray  # (period) discounted years
    length: xr.DataArray  # (period) years
    slots: pd.DataFrame
    new_allowed: xr.DataArray  # (slot, period) bool
    retirements: pd.DataFrame
    existing: xr.DataArray  # (slot, period) modules
    capex_weight: xr.DataArray  # (slot, period) million RUB per module commissioned then
    fixed_cost: xr.DataArray  # (slot) million RUB/yr per module
    sustaining: xr.DataArray  # (slot) million RUB/yr per module standing: sustaining capital
    capacity: xr.DataArray  # (slot) kt/yr per module
    ramp: pd.DataFrame
    ramp_existing: xr.DataArray  # (slot, period) existing modules short while they ramp up
    modes: pd.DataFrame
    active: xr.DataArray  # (mode, period) bool: capacity can exist
    balances: pd.DataFrame
    coefficients: pd.DataFrame
    extraction: pd.DataFrame
    deposits: pd.DataFrame
    routes: pd.DataFrame
    route_active: xr.DataArray  # (route, period) bool
    links: pd.DataFrame
    sales: pd.DataFrame
    price: xr.DataArray  # (sale, period) million RUB per kt, discount-weighted over the period
    market_goods: pd.DataFrame
    max_quantity: xr.DataArray  # (market_good, period) kt/yr, NaN: no cap
    min_quantity: xr.DataArray  # (market_good, period) kt/yr contracted
    disposals: pd.DataFrame
    sites: pd.DataFrame
    site_power: xr.DataArray  # (site, period) MW
    staff: pd.DataFrame
    workforce: pd.DataFrame
    local_labour: xr.DataArray  # (workforce, period) persons the cluster can hire locally (plan.labour)
    crewed: xr.DataArray  # (slot, period) bool: a plant with per-plant staff could stand there
    useful_units: xr.DataArray  # (slot,) most modules a slot's feed could keep busy (plan.bounds)
    sellable: xr.DataArray  # (slot,) kt/yr: most activity anybody could take the output of (plan.bounds)
    stream_bounds: pd.Series  # most t/yr of each stream (good, source) all plants could make

    def set(self, dim: str) -> pd.DataFrame:
        """The rows of a set: ``slots`` for ``slot``, ``sites`` for ``site`` ..."""
        frame: pd.DataFrame = getattr(self, SET_TABLES[dim])
        return frame

    def coords(self, dim: str) -> Coords:
        """Coordinates of the whole dimension ``dim``."""
        if dim == "period":
            return {"period": self.period}
        if dim in KEYS:
            return set_coords(self.set(dim), dim)
        return {dim: pd.Index(self.set(dim).index, name=dim)}

    def array(self, values: np.ndarray | float, *dims: str) -> xr.DataArray:
        """``values`` laid out over the whole ``dims`` (in that order), with their coordinates."""
        coords: Coords = {}
        for dim in dims:
            coords.update(self.coords(dim))
        shape = tuple(self.size(dim) for dim in dims)
        return xr.DataArray(np.broadcast_to(values, shape).copy(), coords=coords, dims=dims)

    def size(self, dim: str) -> int:
        """Number of members of ``dim``."""
        return len(self.period) if dim == "period" else len(self.set(dim))


SET_TABLES = {
    "slot": "slots",
    "mode": "modes",
    "balance": "balances",
    "route": "routes",
    "sale": "sales",
    "market_good": "market_goods",
    "disposal": "disposals",
    "workforce": "workforce",
    "deposit": "deposits",
    "site": "sites",
    "link": "links",
}


def build_index(chain: Chain, periods: Periods, mandated: Mapping[str, float] | None = None) -> Index:
    """Derive every set and coefficient the model needs.  ``mandated``: t/yr of goods the
    mandates require made, inf where they make more worth having than the markets and
    plants take (see :func:`~angara.plan.bounds.sellable_activity`)."""
    period = pd.Index(periods.starts, name="period")
    starts = np.array(periods.starts)
    rate = periods.discount_rate

    def over(values: np.ndarray, coords: Coords, dim: str) -> xr.DataArray:
        return xr.DataArray(values, coords={**coords, "period": period}, dims=(dim, "period"))

    slots = chain.slots.reset_index()
    slot_coords = set_coords(slots, "slot")
    buildable = slots["max_units"].to_numpy()[:, None] > 0
    allowed = (starts[None, :] >= slots["earliest"].to_numpy()[:, None]) & buildable
    # the period in which a unit commissioned in period c has reached its lifetime
    lifetime = slots["lifetime"].to_numpy()
    retire_at = np.searchsorted(starts, starts[None, :] + lifetime[:, None] - 1e-9, side="left")
    s_idx, c_idx = np.nonzero(allowed & (retire_at < len(starts)))
    retirements = pd.DataFrame({"slot": s_idx, "commission": c_idx, "retire": retire_at[s_idx, c_idx]})
    existing = _existing(chain, slots, starts)
    ramp = ramp_terms(slots, allowed, retire_at, periods, chain.ramp_ups)
    committed = positions(slots, chain.existing, SLOT) if len(chain.existing) else np.zeros(0, dtype=int)
    ramping = existing_shortfall(slots, committed, chain.existing, periods, chain.ramp_ups)
    # the investment (interest during construction included) and the closure it will need
    yearly_charge = np.array(
        [
            rubles(
                annuity(r.capex, rate, r.lifetime, r.lead_time)
                + closure_annuity(r.closure_cost, rate, r.lifetime)
            )
            for r in slots.itertuples()
        ]
    )
    # a unit commissioned in period c pays its annuity in every period until it retires
    cumulative = np.concatenate([[0.0], np.cumsum(periods.weights)])
    paid = cumulative[np.minimum(retire_at, len(starts))] - cumulative[None, : len(starts)]

    modes = chain.modes.reset_index()
    modes["slot"] = positions(slots, modes, SLOT)
    modes["node"] = slots["node"].to_numpy()[modes["slot"].to_numpy()]
    modes["variable_cost"] = per_tonne(modes["variable_cost"])
    could_exist = (existing > 0) | allowed
    could_exist = np.maximum.accumulate(could_exist, axis=1) & ((existing > 0) | buildable)

    terms = chain.coefficients.copy()
    terms["mode"] = positions(modes, terms, MODE)
    terms = terms.drop(columns="source").rename(columns={"stream_source": "source"})
    terms["node"] = modes["node"].to_numpy()[terms["mode"].to_numpy()]
    kind = chain.streams["kind"].reindex(pd.MultiIndex.from_frame(terms[list(STREAM)])).to_numpy()
    ore = terms[kind == "ore"]
    # ore a mode mines (a mine) or treats (a concentrator), per tonne of its activity
    ore_terms = pd.DataFrame(
        {
            "mode": ore["mode"].to_numpy(),
            "deposit": ore["source"].to_numpy(),
            "coefficient": ore["coefficient"].abs().to_numpy(),
        }
    )
    extraction = ore_terms[ore["coefficient"].to_numpy() > 0].reset_index(drop=True)

    sales = chain.sales.copy()
    market_goods = sales[["market", "good"]].drop_duplicates().reset_index(drop=True)
    sales["market_good"] = positions(market_goods, sales)
    # each stream's own price: per tonne, or what its contents are worth there (chain.valuation)
    sale_keys = pd.MultiIndex.from_frame(sales[["market", *STREAM]])
    by_year = chain.prices.pivot_table(index=["market", *STREAM], columns="year", values="price")
    weighted = np.zeros((len(sales), len(period)))
    for k, years in enumerate(periods.years):
        weighted[:, k] = sum(periods.discount(y) * by_year[y].reindex(sale_keys).to_numpy() for y in years)
    # caps and contracts are the (market, good)'s, repeated on each of its streams
    at_start = chain.prices[chain.prices["year"].isin(periods.starts)].drop_duplicates(
        ["market", "good", "year"]
    )
    market_keys = pd.MultiIndex.from_frame(market_goods)

    def per_market_good(column: str) -> np.ndarray:
        table = at_start.pivot_table(index=["market", "good"], columns="year", values=column, dropna=False)
        return np.asarray(tonnes(table.reindex(index=market_keys, columns=period).to_numpy(dtype=float)))

    routes, links = routes_of_streams(chain, terms, sales, rate)
    routes["cost"] = per_tonne(routes["cost_rub_per_t"])
    routes["capacity"] = tonnes(routes["capacity"])
    links["annuity"] = rubles(links["annuity"])
    balances = _balances(terms, routes, sales)
    terms["balance"] = positions(balances, terms, BALANCE)
    sales["balance"] = positions(balances, sales, BALANCE)
    produced = terms.loc[terms["coefficient"] > 0, list(BALANCE)]
    disposals = produced.drop_duplicates().sort_values(list(BALANCE)).reset_index(drop=True)
    disposals["balance"] = positions(balances, disposals, BALANCE)
    for end in ("from", "to"):
        routes[f"{end}_balance"] = positions(
            balances, routes.rename(columns={f"{end}_node": "node"}), BALANCE
        )
    stream_bounds = stream_bounds_of(terms, modes, slots, existing, chain.deposits, ore_terms)
    useful = useful_units(terms, modes, slots, existing, chain.deposits, ore_terms)
    sellable = np.zeros(len(slots))
    np.add.at(
        sellable,
        modes["slot"].to_numpy(),
        sellable_activity(
            terms,
            modes,
            slots,
            existing,
            chain.deposits,
            ore_terms,
            market_caps_of(chain.prices),
            mandated,
        ),
    )
    routes["bound"] = tonnes(stream_bounds.reindex(pd.MultiIndex.from_frame(routes[list(STREAM)])).to_numpy())
    open_from = np.where(
        routes["candidate"].to_numpy(dtype=bool), routes["earliest_year"].to_numpy(float), -np.inf
    )

    sites = chain.sites.copy()
    sites["expansion_annuity"] = [
        rubles(annuity(c, rate, POWER_LIFETIME, 0.0)) for c in sites["expansion_cost"]
    ]
    site_ids = pd.Index(sites.index, name="site")
    power = chain.site_power[chain.site_power["year"].isin(periods.starts)]
    power = power.pivot(index="site", columns="year", values="power").reindex(index=site_ids, columns=period)

    staff = chain.staff.join(chain.slots["region"], on=list(SLOT))
    # every region and skill that has labour data or is needed; without data nothing limits it
    needed = staff[["region", "skill"]].drop_duplicates()
    workforce = chain.labour.merge(needed, on=["region", "skill"], how="outer").sort_values(
        ["region", "skill"]
    )
    workforce = workforce.reset_index(drop=True)
    workforce["migration_cost"] = rubles(workforce["migration_cost"])
    staff = pd.DataFrame(
        {
            "slot": positions(slots, staff, SLOT),
            "workforce": positions(workforce, staff, ("region", "skill")),
            "region": staff["region"].to_numpy(),
            "skill": staff["skill"].to_numpy(),
            "staff": staff["staff"].to_numpy(),
            "per_plant": staff["per_plant"].to_numpy(),
        }
    )
    crewed = np.zeros(len(slots), dtype=bool)
    crewed[staff.loc[staff["per_plant"] > 0, "slot"].to_numpy(dtype=int)] = True
    local = available_labour(
        workforce["pool"].to_numpy(),
        workforce["graduates"].to_numpy(),
        workforce["attrition"].to_numpy(),
        workforce["graduate_retention"].to_numpy(),
        workforce["competing_demand"].to_numpy(),
        starts - periods.first_year,
    )
    deposits = chain.deposits.copy()
    deposits["reserves"] = tonnes(deposits["reserves"])
    deposits["max_rate"] = tonnes(deposits["max_rate"])
    return Index(
        periods=periods,
        period=period,
        weight=xr.DataArray(np.array(periods.weights), coords=[period]),
        length=xr.DataArray(np.array(periods.lengths, dtype=float), coords=[period]),
        slots=declared(SLOT_SET, slots),
        new_allowed=over(allowed, slot_coords, "slot"),
        retirements=declared(RETIREMENTS, retirements),
        existing=over(existing, slot_coords, "slot"),
        capex_weight=over(yearly_charge[:, None] * paid, slot_coords, "slot"),
        fixed_cost=xr.DataArray(rubles(slots["fixed_cost"].to_numpy()), coords=slot_coords, dims="slot"),
        sustaining=xr.DataArray(
            rubles(slots["sustaining_capex"].to_numpy()), coords=slot_coords, dims="slot"
        ),
        capacity=xr.DataArray(tonnes(slots["unit_capacity"].to_numpy()), coords=slot_coords, dims="slot"),
        ramp=declared(RAMP_TERMS, ramp),
        ramp_existing=over(ramping, slot_coords, "slot"),
        modes=declared(MODE_SET, modes),
        active=over(could_exist[modes["slot"].to_numpy()], set_coords(modes, "mode"), "mode"),
        balances=declared(BALANCE_SET, balances),
        coefficients=declared(COEFFICIENT_TERMS, terms[["mode", "balance", *BALANCE, "coefficient"]]),
        extraction=declared(EXTRACTION_TERMS, extraction),
        deposits=declared(DEPOSIT_SET, deposits),
        routes=declared(ROUTE_SET, routes),
        route_active=over(starts[None, :] >= open_from[:, None], set_coords(routes, "route"), "route"),
        links=declared(LINK_SET, links),
        sales=declared(SALE_SET, sales),
        price=over(per_tonne(weighted), set_coords(sales, "sale"), "sale"),
        market_goods=declared(MARKET_GOOD_SET, market_goods),
        max_quantity=over(
            per_market_good("max_quantity"), set_coords(market_goods, "market_good"), "market_good"
        ),
        min_quantity=over(
            np.nan_to_num(per_market_good("min_quantity")),
            set_coords(market_goods, "market_good"),
            "market_good",
        ),
        disposals=declared(DISPOSAL_SET, disposals),
        sites=declared(SITE_SET, sites),
        site_power=xr.DataArray(power.fillna(0.0).to_numpy(), coords=[site_ids, period]),
        staff=declared(STAFF_TERMS, staff),
        workforce=declared(WORKFORCE_SET, workforce),
        local_labour=over(local, set_coords(workforce, "workforce"), "workforce"),
        crewed=over(could_exist & crewed[:, None], slot_coords, "slot"),
        useful_units=xr.DataArray(useful, coords=slot_coords, dims="slot"),
        sellable=xr.DataArray(tonnes(sellable), coords=slot_coords, dims="slot"),
        stream_bounds=stream_bounds,
    )


def _existing(chain: Chain, slots: pd.DataFrame, starts: np.ndarray) -> np.ndarray:
    """Modules standing per slot and period from the scenario's plants table."""
    existing = np.zeros((len(slots), len(starts)))
    if chain.existing.empty:
        return existing
    where = positions(slots, chain.existing, SLOT)
    first = chain.existing["first_year"].to_numpy()[:, None]
    last = chain.existing["last_year"].to_numpy()[:, None]
    standing = (starts[None, :] >= first) & (starts[None, :] <= last)
    known = where >= 0
    np.add.at(existing, where[known], chain.existing["units"].to_numpy()[known, None] * standing[known])
    return existing


def _balances(terms: pd.DataFrame, routes: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    """Every stream at every node that is made, used, arrives, leaves or is sold there."""
    ends = [routes.rename(columns={f"{end}_node": "node"})[list(BALANCE)] for end in ("from", "to")]
    rows = pd.concat([terms[list(BALANCE)], *ends, sales[list(BALANCE)]])
    return rows.drop_duplicates().sort_values(list(BALANCE)).reset_index(drop=True)


__all__ = ["BALANCE", "KEYS", "Index", "build_index", "key_columns", "positions", "set_coords"]
