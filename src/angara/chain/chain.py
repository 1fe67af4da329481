"""The expanded value chain: plain tables the optimizer builds its model from.

Every table is a pandas DataFrame with the columns documented here; keys of several
parts are several columns (or a MultiIndex), never ids joined into one string.  Units:
tonnes (t), t/yr, RUB of the scenario's base year, MW, ha, persons.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Chain:
    """A scenario turned into streams, plant slots, modes, arcs and markets.

    Keys: a *stream* is (``good``, ``source``): ``source`` is the deposit whose contents
    the good carries, "" for products of fixed composition.  A *slot* is (``process``,
    ``location``): a process at a site or deposit.  A *mode* is (``process``, ``location``,
    ``source``): a slot treating one source's feed ("" for recipes).  An *arc* is
    (``link``, ``direction``): a transport link travelled ``forward`` or ``back``.

    streams: index (good, source); column ``kind``.
    composition: ``good``, ``source``, ``species``, ``content`` (t element per t).
    slots: index (process, location); columns ``stage``, ``location_kind`` (site/deposit),
        ``node``, ``region``, ``unit_capacity`` (t/yr of the reference good), ``capex`` (RUB
        per unit), ``fixed_cost`` (RUB/yr per unit, incl. labour), ``labour_cost`` (RUB/yr per
        unit, part of fixed_cost: wages plus insurance contributions), ``wages`` (RUB/yr
        per unit, before contributions), ``land`` (ha per unit), ``power`` (MW per unit),
        ``lead_time``, ``lifetime`` (yr), ``max_units``, ``earliest`` (first year a new
        unit may operate), ``reference`` (good), ``io_product``, ``owner`` (investor; "" if none given).
    staff: ``process``, ``location``, ``skill``, ``staff`` (persons per unit).
    existing: ``process``, ``location``, ``units``, ``first_year``, ``last_year``.
    modes: index (process, location, source); columns ``variable_cost`` (RUB per t of
        activity), the sum of ``opex_cost``, ``electricity_cost``, ``gas_cost`` and
        ``reagent_cost`` (RUB per t).
    coefficients: the mode (``process``, ``location``, ``source``), the stream (``good``,
        ``stream_source``) and ``coefficient`` (t per t of activity; positive made, negative used).
    elements: the mode (``process``, ``location``, ``source``), ``species``, ``inflow`` (t
        taken from the ground or from outside per t of activity), ``loss`` (t lost per t of activity).
    deposits: index ``deposit``; columns ``node``, ``reserves`` (t), ``max_rate``
        (t/yr), ``earliest_start``.
    arcs: index (link, direction); columns ``from_node``, ``to_node``, ``cost`` (RUB/t),
        ``candidate``, ``build_cost`` (RUB), ``earliest_year``, ``capacity`` (t/yr, NaN:
        none), ``lifetime`` (yr), ``mode``.
    sales: ``market``, ``good``, ``source``, ``node``: every stream a market prices.
    prices: ``market``, ``good``, ``year``, ``price`` (RUB/t), ``max_quantity`` (t/yr,
        NaN: none), ``min_quantity`` (t/yr).
    sites: index ``site``; columns ``node``, ``region``, ``land`` (ha),
        ``expansion_max`` (MW), ``expansion_cost`` (RUB per MW).
    site_power: ``site``, ``year``, ``power`` (MW available).
    labour: ``region``, ``skill``, ``pool``, ``graduates`` (per yr), ``migration_cost``
        (RUB per person, NaN: none).
    years: every planning year, first to last.
    """

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
    years: tuple[int, ...]
