"""The expanded value chain: plain tables the optimizer builds its model from.

Every table is a pandas DataFrame declared in :mod:`angara.chain.tables` (columns,
types, units); keys of several parts are several columns (or a MultiIndex), never ids
joined into one string.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Chain:
    """A scenario turned into streams, plant slots, modes, arcs and markets: each table
    as declared in :mod:`angara.chain.tables` (``streams`` is :data:`~angara.chain.tables.STREAMS`,
    ``slots`` :data:`~angara.chain.tables.SLOTS` ...); ``years``: every planning year;
    ``notes``: what the reader should know about the chain (deposits no process takes)."""

    streams: pd.DataFrame
    composition: pd.DataFrame
    slots: pd.DataFrame
    staff: pd.DataFrame
    existing: pd.DataFrame
    modes: pd.DataFrame
    coefficients: pd.DataFrame
    elements: pd.DataFrame
    deposits: pd.DataFrame
    arcs: pd.DataFrame
    sales: pd.DataFrame
    prices: pd.DataFrame
    sites: pd.DataFrame
    site_power: pd.DataFrame
    labour: pd.DataFrame
    ramp_ups: pd.DataFrame
    years: tuple[int, ...]
    notes: tuple[str, ...] = ()
