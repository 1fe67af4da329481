"""What a scenario holds, in numbers: the content of ``angara info``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from angara.scenario.grades import contained
from angara.scenario.model import Scenario
from angara.scenario.paths import StepPath
from angara.scenario.schema import TABLES


def site_power_paths(scenario: Scenario) -> dict[str, StepPath]:
    """Power available (MW) at each site, as a path over years."""
    points: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for row in scenario.site_power:
        points[row.site].append((row.year, row.power))
    return {site.id: StepPath(points.get(site.id, [])) for site in scenario.sites}


def summarize(scenario: Scenario) -> dict[str, Any]:
    """Counts, reserves and contained tonnes, land, power and an overview by region.

    Units: tonnes (t), t/yr, hectares (ha), megawatts (MW), RUB of the base year.
    The result is plain data (JSON-ready) and does not depend on where the
    scenario was read from.
    """
    meta = scenario.meta
    first, last = meta.first_year, meta.last_year
    by_deposit = contained(scenario)
    totals: dict[str, float] = defaultdict(float)
    for amounts in by_deposit.values():
        for species, tonnes in amounts.items():
            totals[species] += tonnes
    power = site_power_paths(scenario)
    regions: dict[str, dict[str, Any]] = {
        r.id: {
            "name": r.name,
            "name_ru": r.name_ru,
            "population": r.population,
            "grp_rub_per_yr": r.grp,
            "deposits": 0,
            "sites": 0,
            "land_ha": 0.0,
            "power_mw_first_year": 0.0,
            "power_mw_last_year": 0.0,
            "power_plants_mw": 0.0,
            "contained_t": defaultdict(float),
        }
        for r in scenario.regions
    }
    deposits = []
    for deposit in scenario.deposits:
        amounts = by_deposit.get(deposit.id, {})
        deposits.append(
            {
                "id": deposit.id,
                "name": deposit.name,
                "region": deposit.region,
                "enabled": deposit.enabled,
                "reserves_t": deposit.reserves,
                "max_rate_t_per_yr": deposit.max_rate,
                "earliest_start": deposit.earliest_start,
                "contained_t": dict(sorted(amounts.items())),
            }
        )
        overview = regions[deposit.region]
        overview["deposits"] += 1
        for species, tonnes in amounts.items():
            overview["contained_t"][species] += tonnes
    sites = []
    for site in scenario.sites:
        first_power = power[site.id].at(first) or 0.0
        last_power = power[site.id].at(last) or 0.0
        sites.append(
            {
                "id": site.id,
                "name": site.name,
                "region": site.region,
                "enabled": site.enabled,
                "land_ha": site.land,
                "power_mw_first_year": first_power,
                "power_mw_last_year": last_power,
                "power_expansion_max_mw": site.power_expansion_max,
                "rail": site.rail,
                "gas": site.gas,
            }
        )
        overview = regions[site.region]
        overview["sites"] += 1
        overview["land_ha"] += site.land
        overview["power_mw_first_year"] += first_power
        overview["power_mw_last_year"] += last_power
    for plant in scenario.power_plants:
        if plant.region in regions and plant.capacity is not None:
            regions[plant.region]["power_plants_mw"] += plant.capacity
    for overview in regions.values():
        overview["contained_t"] = dict(sorted(overview["contained_t"].items()))
    return {
        "name": meta.name,
        "title": meta.title,
        "years": [first, last],
        "base_year": meta.base_year,
        "discount_rate": meta.discount_rate,
        "counts": {spec.name: len(scenario.table(spec.name)) for spec in TABLES},
        "contained_t": dict(sorted(totals.items())),
        "land_ha": sum(s.land for s in scenario.sites),
        "power_mw_first_year": sum(s["power_mw_first_year"] for s in sites),
        "power_mw_last_year": sum(s["power_mw_last_year"] for s in sites),
        "deposits": deposits,
        "sites": sites,
        "regions": regions,
    }
