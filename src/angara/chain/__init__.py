"""Chain: a scenario expanded into streams per source, plant slots, modes, arcs and markets."""

from __future__ import annotations

import math

import pandas as pd

from angara.chain.chain import Chain
from angara.chain.deposits import earliest_mining, minable_reserves
from angara.chain.network import ARC, directed_arcs
from angara.chain.places import MODE, SLOT, place
from angara.chain.streams import expand_streams
from angara.chain.tables import (
    ARCS,
    COEFFICIENTS,
    COMPOSITION,
    DEPOSITS,
    ELEMENTS,
    EXISTING,
    LABOUR,
    MODES,
    PRICES,
    RAMP_UPS,
    SALES,
    SITE_POWER,
    SITES,
    SLOTS,
    STAFF,
    STREAMS,
)
from angara.chain.valuation import sales_and_prices
from angara.scenario.model import Scenario
from angara.scenario.summary import site_power_paths
from angara.tables import declared, names

STREAM = ("good", "source")  # a good from one source (a deposit), or "" for a product


def expand(scenario: Scenario) -> Chain:
    """Turn a validated scenario into the tables the optimizer works on."""
    streams = expand_streams(scenario)
    placed = place(scenario, streams)
    sales, prices = sales_and_prices(scenario, streams)
    mass = {g.id: g.is_mass() for g in scenario.goods}
    stream_rows = [
        {"good": s.good, "source": s.source, "kind": s.kind, "mass": mass.get(s.good, True)}
        for s in streams.streams.values()
    ]
    composition = [
        {"good": s.good, "source": s.source, "species": species, "content": content}
        for s in streams.streams.values()
        for species, content in s.composition.items()
        if content > 0
    ]
    deposits = [
        {
            "deposit": d.id,
            "node": d.node,
            "reserves": minable_reserves(d, scenario.meta),
            "max_rate": d.max_rate,
            "earliest_start": earliest_mining(d, scenario.meta),
            "reserve_category": d.reserve_category,
            "licence": d.licence,
        }
        for d in scenario.deposits
        if d.enabled
    ]
    sites = [
        {
            "site": s.id,
            "node": s.node,
            "region": s.region,
            "land": s.land,
            "expansion_max": s.power_expansion_max,
            "expansion_cost": s.power_expansion_cost,
        }
        for s in scenario.sites
        if s.enabled
    ]
    power = site_power_paths(scenario)
    site_power = [
        {"site": site.id, "year": year, "power": power[site.id].at(year) or 0.0}
        for site in scenario.sites
        if site.enabled
        for year in scenario.years
    ]
    labour = [
        {
            "region": row.region,
            "skill": row.skill,
            "pool": row.pool,
            "graduates": row.graduates,
            "migration_cost": row.migration_cost if row.migration_cost is not None else math.nan,
            "attrition": row.attrition,
            "graduate_retention": row.graduate_retention,
            "competing_demand": row.competing_demand,
        }
        for row in scenario.labour
    ]
    return Chain(
        streams=declared(
            STREAMS, pd.DataFrame(stream_rows, columns=[*STREAM, "kind", "mass"]).set_index(list(STREAM))
        ),
        composition=declared(COMPOSITION, pd.DataFrame(composition, columns=[*STREAM, "species", "content"])),
        slots=declared(SLOTS, placed.slots),
        staff=declared(STAFF, placed.staff),
        existing=declared(EXISTING, placed.existing),
        modes=declared(MODES, placed.modes),
        coefficients=declared(COEFFICIENTS, placed.coefficients),
        elements=declared(ELEMENTS, placed.elements),
        deposits=declared(
            DEPOSITS,
            pd.DataFrame(
                deposits,
                columns=[
                    "deposit",
                    "node",
                    "reserves",
                    "max_rate",
                    "earliest_start",
                    "reserve_category",
                    "licence",
                ],
            ).set_index("deposit"),
        ),
        arcs=declared(ARCS, directed_arcs(scenario)),
        sales=declared(SALES, sales),
        prices=declared(PRICES, prices),
        sites=declared(
            SITES,
            pd.DataFrame(
                sites, columns=["site", "node", "region", "land", "expansion_max", "expansion_cost"]
            ).set_index("site"),
        ),
        site_power=declared(SITE_POWER, pd.DataFrame(site_power, columns=["site", "year", "power"])),
        labour=declared(LABOUR, pd.DataFrame(labour, columns=names(LABOUR))),
        ramp_ups=declared(
            RAMP_UPS,
            pd.DataFrame(
                [(r.curve, r.year, r.share) for r in scenario.ramp_ups], columns=["curve", "year", "share"]
            ),
        ),
        years=tuple(scenario.years),
        notes=tuple(streams.notes),
    )


__all__ = ["ARC", "MODE", "SLOT", "STREAM", "Chain", "expand"]
