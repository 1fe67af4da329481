"""Bounds the model derives from capacities, deposit rates and the chain's supply: the most
of each stream that could ever be made, and the most modules of each slot that could be
kept busy.  Tight bounds make fixed costs count in the relaxation, which speeds the
solver up a lot."""

from __future__ import annotations

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
