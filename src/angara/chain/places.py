"""Plant slots (a process at a location) and modes placed at them, with their costs."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from angara.chain.deposits import earliest_mining
from angara.chain.streams import NO_SOURCE, ModeSpec, Streams
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError

HOURS_PER_YEAR = 8760.0
SLOT = ("process", "location")  # a plant slot: a process at a location
MODE = (*SLOT, "source")  # a process at a location treating one source's feed ("" for recipes)
STREAM_OF_MODE = ("good", "stream_source")  # the stream a coefficient applies to: (good, source)


@dataclass(frozen=True)
class Placed:
    slots: pd.DataFrame
    staff: pd.DataFrame
    existing: pd.DataFrame
    modes: pd.DataFrame
    coefficients: pd.DataFrame
    elements: pd.DataFrame


@dataclass(frozen=True)
class _Location:
    id: str
    kind: str
    node: str
    region: str
    earliest: int
    electricity_price: float
    gas_price: float


def _locations(scenario: Scenario) -> dict[str, _Location]:
    regions = {r.id: r for r in scenario.regions}
    result: dict[str, _Location] = {}
    for site in scenario.sites:
        if site.enabled:
            region = regions[site.region]
            result[site.id] = _Location(
                site.id,
                "site",
                site.node,
                site.region,
                scenario.meta.first_year,
                site.electricity_price if site.electricity_price is not None else region.electricity_price,
                site.gas_price if site.gas_price is not None else region.gas_price,
            )
    for deposit in scenario.deposits:
        if deposit.enabled:
            region = regions[deposit.region]
            result[deposit.id] = _Location(
                deposit.id,
                "deposit",
                deposit.node,
                deposit.region,
                earliest_mining(deposit, scenario.meta),
                region.electricity_price,
                region.gas_price,
            )
    return result


def _wages(scenario: Scenario) -> dict[tuple[str, str], tuple[float, float]]:
    """RUB per person-year by (region, skill): the wage, and the wage plus insurance contributions."""
    regions = {r.id: r for r in scenario.regions}
    insurance: dict[str, float] = {}
    for tax in scenario.taxes:
        if tax.tax == "insurance":
            insurance[tax.region] = tax.rate
    wages = {(row.region, row.skill): row.wage for row in scenario.labour if row.wage is not None}
    cost: dict[tuple[str, str], tuple[float, float]] = {}
    for region in scenario.regions:
        rate = insurance.get(region.id, insurance.get("*", 0.0))
        for skill in scenario.skills:
            wage = wages.get((region.id, skill.id), regions[region.id].wage or 0.0)
            cost[(region.id, skill.id)] = (wage, wage * (1 + rate))
    return cost


def place(scenario: Scenario, streams: Streams) -> Placed:
    """Every slot where a process may be (or is) built, and its modes there."""
    locations = _locations(scenario)
    processes = {p.id: p for p in scenario.processes if p.enabled}
    goods = {g.id: g for g in scenario.goods}
    specs: dict[str, list[ModeSpec]] = defaultdict(list)
    for spec in streams.modes:
        specs[spec.process].append(spec)
    overrides = {(row.process, row.site): row for row in scenario.process_sites}
    listed: dict[str, list[str]] = defaultdict(list)
    for row in scenario.process_sites:
        listed[row.process].append(row.site)
    pairs: list[tuple[str, str]] = []  # (process, location) of every slot
    for process in processes.values():
        if process.location == "deposit":
            places = sorted({spec.source for spec in specs[process.id]} & set(locations))
        else:
            candidates = listed[process.id] or [s.id for s in scenario.sites]
            places = [p for p in candidates if p in locations and locations[p].kind == "site"]
        pairs += [(process.id, place) for place in places]
    problems = []
    uncounted = {
        d.id: d.reserve_category
        for d in scenario.deposits
        if d.enabled and d.reserve_category not in scenario.meta.reserves_counted
    }
    for plant in scenario.plants:
        if plant.process not in processes or plant.location not in locations:
            problems.append(
                Problem(
                    "plants",
                    "the process or its location is disabled",
                    column="location",
                    value=plant.location,
                )
            )
        elif plant.location in uncounted:
            problems.append(
                Problem(
                    "plants",
                    f"the deposit's reserves are {uncounted[plant.location]}, which the scenario does not "
                    f"count (reserves_counted: {', '.join(scenario.meta.reserves_counted)}): its modules "
                    "could mine nothing",
                    column="location",
                    value=plant.location,
                )
            )
        elif (plant.process, plant.location) not in pairs:
            pairs.append((plant.process, plant.location))
    if problems:
        raise ScenarioError(problems)

    labour = _wages(scenario)
    owners = {d.id: d.licensee or "" for d in scenario.deposits}
    radioactive = {d.id for d in scenario.deposits if d.thorium_uranium}
    staff_rows: dict[str, list[tuple[str, float]]] = defaultdict(list)
    crew_rows: dict[str, list[float]] = defaultdict(list)  # per plant, in the order of staff_rows
    for member in scenario.process_staff:
        staff_rows[member.process].append((member.skill, member.staff))
        crew_rows[member.process].append(member.per_plant)
    first = scenario.meta.first_year
    slots, staff, modes, coefficients, elements = [], [], [], [], []
    for process_id, place in pairs:
        process, location = processes[process_id], locations[place]
        override = overrides.get((process_id, place))
        unit_capacity = (
            override.unit_capacity if override and override.unit_capacity else process.unit_capacity
        )
        direct = (
            override.capex_per_unit
            if override and override.capex_per_unit is not None
            else process.capex_per_unit
        )
        capex = direct * (1.0 + process.owners_cost + process.contingency)
        max_units = override.max_units if override and override.max_units is not None else process.max_units
        slot = {"process": process_id, "location": place}
        pay = [labour.get((location.region, skill), (0.0, 0.0)) for skill, _ in staff_rows[process_id]]
        heads = [n for _, n in staff_rows[process_id]]
        crews = crew_rows[process_id]
        wages = sum(wage * n for (wage, _), n in zip(pay, heads, strict=True))
        labour_cost = sum(cost * n for (_, cost), n in zip(pay, heads, strict=True))
        staff += [
            {**slot, "skill": skill, "staff": n, "per_plant": crew}
            for (skill, n), crew in zip(staff_rows[process_id], crews, strict=True)
        ]
        slots.append(
            {
                **slot,
                "stage": process.stage,
                "location_kind": location.kind,
                "node": location.node,
                "region": location.region,
                "unit_capacity": unit_capacity,
                "capex": capex,
                "direct_capex": direct,
                "sustaining_capex": direct * process.sustaining_capex,
                "closure_cost": direct * process.closure_cost,
                "ramp_up": process.ramp_up or "",
                "fixed_cost": process.fixed_opex + labour_cost,
                "labour_cost": labour_cost,
                "wages": wages,
                "plant_labour_cost": sum(cost * n for (_, cost), n in zip(pay, crews, strict=True)),
                "plant_wages": sum(wage * n for (wage, _), n in zip(pay, crews, strict=True)),
                "land": process.land_per_unit if location.kind == "site" else 0.0,
                "power": process.electricity * unit_capacity / HOURS_PER_YEAR
                if location.kind == "site"
                else 0.0,
                "lead_time": process.lead_time,
                "lifetime": process.lifetime,
                "max_units": max_units,
                "earliest": max(first + math.ceil(process.lead_time - 1e-9), location.earliest),
                "reference": process.reference,
                "io_product": process.io_product or "",
                "owner": (override.owner if override else None) or process.owner or owners.get(place, ""),
                "role": goods[process.reference].role or "",
                "trains": goods[process.reference].skill or "",
                "programme_length": goods[process.reference].programme_length or 0.0,
            }
        )
        electricity = process.electricity * location.electricity_price
        if goods[process.reference].role == "site_power" and location.kind == "site":
            # the MWh an on-site unit makes replace grid purchases that the site's plants are
            # charged for (electricity_cost): it earns them back, up to its own running cost,
            # so that running it never pays for its own sake
            own_cost = process.variable_opex + process.gas * location.gas_price
            electricity -= min(HOURS_PER_YEAR * location.electricity_price, own_cost)
        gas = process.gas * location.gas_price
        for spec in specs[process_id]:
            if location.kind == "deposit" and spec.source not in (place, NO_SOURCE):
                continue
            mode = {**slot, "source": spec.source}
            residue = process.residue_handling if spec.source in radioactive else 0.0
            modes.append(
                {
                    **mode,
                    "variable_cost": process.variable_opex + electricity + gas + spec.reagent_cost + residue,
                    "opex_cost": process.variable_opex,
                    "electricity_cost": electricity,
                    "gas_cost": gas,
                    "reagent_cost": spec.reagent_cost,
                    "residue_cost": residue,
                }
            )
            coefficients += [
                {**mode, "good": good, "stream_source": source, "coefficient": c}
                for (good, source), c in spec.coefficients.items()
            ]
            species = set(spec.inflow) | set(spec.loss)
            elements += [
                {**mode, "species": s, "inflow": spec.inflow.get(s, 0.0), "loss": spec.loss.get(s, 0.0)}
                for s in sorted(species)
            ]
    existing = [
        {
            "process": p.process,
            "location": p.location,
            "units": p.units,
            "first_year": p.first_year,
            "last_year": p.retire_year if p.retire_year is not None else 9999,
        }
        for p in scenario.plants
    ]
    return Placed(
        slots=pd.DataFrame(slots, columns=_SLOT_COLUMNS).set_index(list(SLOT)),
        staff=pd.DataFrame(staff, columns=[*SLOT, "skill", "staff", "per_plant"]),
        existing=pd.DataFrame(existing, columns=[*SLOT, "units", "first_year", "last_year"]),
        modes=pd.DataFrame(modes, columns=_MODE_COLUMNS).set_index(list(MODE)),
        coefficients=pd.DataFrame(coefficients, columns=[*MODE, *STREAM_OF_MODE, "coefficient"]),
        elements=pd.DataFrame(elements, columns=[*MODE, "species", "inflow", "loss"]),
    )


_SLOT_COLUMNS = [
    *SLOT,
    "stage",
    "location_kind",
    "node",
    "region",
    "unit_capacity",
    "capex",
    "direct_capex",
    "sustaining_capex",
    "closure_cost",
    "ramp_up",
    "fixed_cost",
    "labour_cost",
    "wages",
    "plant_labour_cost",
    "plant_wages",
    "land",
    "power",
    "lead_time",
    "lifetime",
    "max_units",
    "earliest",
    "reference",
    "io_product",
    "owner",
    "role",
    "trains",
    "programme_length",
]
_MODE_COLUMNS = [
    *MODE,
    "variable_cost",
    "opex_cost",
    "electricity_cost",
    "gas_cost",
    "reagent_cost",
    "residue_cost",
]
