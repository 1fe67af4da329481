"""Bounds the model derives from capacities, deposit rates and the chain's supply: the most
of each stream that could ever be made, and the most modules of each slot that could be
kept busy.  Tight bounds make fixed costs count in the relaxation, which speeds the
solver up a lot."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from angara.chain import STREAM


def _most_per_mode(
    modes: pd.DataFrame,
    slots: pd.DataFrame,
    existing: np.ndarray,
    deposits: pd.DataFrame,
    ore_terms: pd.DataFrame,
) -> np.ndarray:
    """Most activity per mode and year (t/yr): all its slot's modules at capacity, and no
    more ore than the deposit's yearly rate (a mine mines, a concentrator treats)."""
    most_units = slots["max_units"].to_numpy(dtype=float) + existing.max(axis=1, initial=0.0)
    slot_of_mode = modes["slot"].to_numpy()
    per_mode: np.ndarray = (
        most_units[slot_of_mode] * slots["unit_capacity"].to_numpy(dtype=float)[slot_of_mode]
    )
    if len(ore_terms):
        rate = ore_terms["deposit"].map(deposits["max_rate"]).to_numpy() / ore_terms["coefficient"].to_numpy()
        np.minimum.at(per_mode, ore_terms["mode"].to_numpy(dtype=int), rate)
    return per_mode


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
    mode mines or treats per tonne of activity.  It bounds the stream's flow on a link
    that is not yet open.
    """
    per_mode = _most_per_mode(modes, slots, existing, deposits, ore_terms)
    made = terms[terms["coefficient"] > 0]
    made_tonnes = made["coefficient"].to_numpy() * per_mode[made["mode"].to_numpy()]
    return (
        pd.Series(made_tonnes, index=pd.MultiIndex.from_frame(made[list(STREAM)])).groupby(level=[0, 1]).sum()
    )


def useful_units(
    terms: pd.DataFrame,
    modes: pd.DataFrame,
    slots: pd.DataFrame,
    existing: np.ndarray,
    deposits: pd.DataFrame,
    ore_terms: pd.DataFrame,
    rounds: int = 8,
) -> np.ndarray:
    """Most modules each slot could keep busy (slot,): its modules' capacity, a deposit's
    rate, and what the plants upstream could at most deliver of each input stream,
    propagated down the chain (``rounds`` passes; at least 1, at most ``max_units`` plus
    existing).  A module beyond it would stand idle: the bound is the big M of ``operates``.
    """
    capacity = slots["unit_capacity"].to_numpy(dtype=float)
    most_units = slots["max_units"].to_numpy(dtype=float) + existing.max(axis=1, initial=0.0)
    slot_of_mode = modes["slot"].to_numpy()
    bound = _most_per_mode(modes, slots, existing, deposits, ore_terms)
    made, used = terms[terms["coefficient"] > 0], terms[terms["coefficient"] < 0]
    made_key = pd.MultiIndex.from_frame(made[list(STREAM)])
    used_key = pd.MultiIndex.from_frame(used[list(STREAM)])
    for _ in range(rounds):
        supply = pd.Series(made["coefficient"].to_numpy() * bound[made["mode"].to_numpy()], index=made_key)
        supply = supply.groupby(level=[0, 1]).sum()
        # an input no plant makes is not bounded here (it may come from outside the chain)
        available = supply.reindex(used_key).to_numpy()
        limit = np.where(np.isnan(available), np.inf, available / -used["coefficient"].to_numpy())
        updated = bound.copy()
        np.minimum.at(updated, used["mode"].to_numpy(), limit)
        if np.array_equal(updated, bound):
            break
        bound = updated
    busy = np.zeros(len(slots))
    np.add.at(busy, slot_of_mode, bound)
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.ceil(np.where(capacity > 0, busy / capacity, most_units) - 1e-9)
    result: np.ndarray = np.clip(np.minimum(needed, most_units), 1.0, None)
    return result


def market_caps_of(prices: pd.DataFrame) -> pd.Series:
    """Most tonnes a year the open markets take of each good (t/yr): per year the sum over
    its markets (inf where one is uncapped), the largest over the years.  ``prices``: the
    chain's price paths (a (market, good)'s cap repeated on each of its streams)."""
    if prices.empty:
        return pd.Series(dtype=float)
    caps = prices.drop_duplicates(["market", "good", "year"])
    per_year = caps.assign(cap=caps["max_quantity"].fillna(np.inf)).groupby(["good", "year"])["cap"].sum()
    return per_year.groupby(level="good").max()


def sellable_activity(
    terms: pd.DataFrame,
    modes: pd.DataFrame,
    slots: pd.DataFrame,
    existing: np.ndarray,
    deposits: pd.DataFrame,
    ore_terms: pd.DataFrame,
    market_caps: pd.Series,
    mandated: Mapping[str, float] | None = None,
    rounds: int = 20,
) -> np.ndarray:
    """Most activity per mode (t/yr) that anybody could take the output of: what the open
    markets take of each good (``market_caps``, t/yr per good, inf where a market is
    uncapped) plus what the plants downstream could at most use, propagated up the chain.

    Beyond it the output could only be stockpiled, which earns nothing and costs the
    activity's variable cost: a plan that runs a mode harder is never better, so the bound
    is valid for the optimum (not for every feasible plan).  It does not hold where the
    output itself is worth something besides its sales, so it is infinite for modes of
    slots with a role (site power, training places).  ``mandated`` (t/yr per good) adds what
    mandates require made of a good to what its markets take (inf where a mandate on a share
    of its output makes more of it worth having).
    """
    bound = _most_per_mode(modes, slots, existing, deposits, ore_terms)
    role = slots["role"].to_numpy() if "role" in slots else np.full(len(slots), "")
    has_role = np.array([isinstance(r, str) and r != "" for r in role])
    free = has_role[modes["slot"].to_numpy()]
    made, used = terms[terms["coefficient"] > 0], terms[terms["coefficient"] < 0]
    goods = pd.Index(sorted(set(terms["good"]) | set(market_caps.index)))
    sold = market_caps.reindex(goods).fillna(0.0).to_numpy(dtype=float, copy=True)
    required = pd.Series(mandated or {}, dtype=float)
    sold += required.groupby(level=0).sum().reindex(goods).fillna(0.0).to_numpy(dtype=float)
    made_good = goods.get_indexer(made["good"])
    used_good = goods.get_indexer(used["good"])
    made_mode = made["mode"].to_numpy()
    makes = np.isin(np.arange(len(bound)), made_mode)
    for _ in range(rounds):
        demand = sold.copy()
        with np.errstate(invalid="ignore"):
            np.add.at(demand, used_good, bound[used["mode"].to_numpy()] * -used["coefficient"].to_numpy())
        limit = np.zeros(len(bound))
        np.maximum.at(limit, made_mode, demand[made_good] / made["coefficient"].to_numpy())
        limit[free | ~makes] = np.inf
        updated = np.minimum(bound, limit)
        if np.array_equal(updated, bound):
            break
        bound = updated
    return bound
