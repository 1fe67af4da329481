"""What is made and how: goods, their compositions, processes and their recipes, plants."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, field_validator

from angara.scenario.schema.fields import (
    ID_PATTERN,
    Row,
    calendar_year,
    fraction,
    identifier,
    quantity,
    reference,
)
from angara.scenario.schema.resources import GradeBasis
from angara.scenario.units import UNITS, UnitProblem, parse_unit

# Goods that carry the element contents of the deposit they come from, so that one good
# can stand for ores of many grades.
SourcedGoodKind = Literal["ore", "intermediate"]
SOURCED_GOOD_KINDS: tuple[SourcedGoodKind, ...] = get_args(SourcedGoodKind)
GoodKind = Literal[SourcedGoodKind, "product", "reagent"]
GOOD_KINDS: tuple[GoodKind, ...] = get_args(GoodKind)
GoodRole = Literal["site_power", "training"]
GOOD_ROLES: tuple[GoodRole, ...] = get_args(GoodRole)


class Good(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    kind: GoodKind = Field(
        ...,
        description=(
            "ore and intermediate carry the element contents of their source deposit; "
            "product has a fixed composition (compositions table); reagent is bought, not tracked."
        ),
    )
    purchase_price: float | None = quantity(
        "RUB/t", "Price paid when the good is bought in (reagents).", default=None, ge=0.0
    )
    unit: str = Field(
        "t",
        description=(
            "Unit the good is measured in (pint): t for a material; MW*yr of computing (IT load), GWh of "
            "electricity, MW*yr of firm site power, unit of product, place*yr of a training place. Every "
            "per-tonne figure of a good in another unit is per that unit (give it with its unit in the "
            "cell, e.g. '9000 RUB/(kW*month)'); such a good carries no elements and does not travel: it "
            "is made and used or sold at its node."
        ),
    )
    role: GoodRole | None = Field(
        None,
        description=(
            "What a non-material good does besides being sold or used: site_power (MW*yr made at a "
            "site add to its power limit: a gas unit or a substation upgrade), training (place*yr: "
            "each place adds 1/programme_length graduates a year of `skill` to its region's labour "
            "from programme_length years after it opens)."
        ),
    )
    skill: str | None = reference(
        "skills", description="Skill the graduates of a training good's places have.", default=None
    )
    programme_length: float | None = quantity(
        "yr", "Years from a training place's opening to its first graduates.", default=None, gt=0.0, le=10.0
    )

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str) -> str:
        try:
            parse_unit(value)
        except UnitProblem as error:
            raise ValueError(f"{error}; expected a unit such as t, MW*yr, GWh, unit or place*yr") from None
        return value.strip()

    def is_mass(self) -> bool:
        """Whether the good is a material measured by mass (tonnes inside the model)."""
        return bool(parse_unit(self.unit).dimensionality == UNITS.metric_ton.dimensionality)


class Composition(Row):
    good: str = reference("goods", description="A product.")
    species: str = reference("elements", description="Tracked species contained.")
    content: float = fraction("Mass of the species (element basis) per mass of the good.")


refers_to = reference
ProcessLocation = Literal["site", "deposit"]
PROCESS_LOCATIONS: tuple[ProcessLocation, ...] = get_args(ProcessLocation)


class Process(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    stage: str = Field(..., description="Stage of the chain, e.g. mining, beneficiation, separation.")
    location: ProcessLocation = Field(
        "site",
        description=(
            "site: built at sites (process_sites limits which); "
            "deposit: at each deposit whose ore it takes or makes."
        ),
    )
    reference: str = reference(
        "goods",
        description=(
            "Good whose tonnes measure activity and capacity; every per-tonne figure is per tonne "
            "of it. For processes with recoveries it must be the main input."
        ),
    )
    unit_capacity: float = quantity("t/yr", "Capacity of one module (unit).", gt=0.0)
    capex_per_unit: float = quantity("RUB", "Investment per module.", ge=0.0)
    fixed_opex: float = quantity("RUB/yr", "Fixed operating cost per module and year.", default=0.0, ge=0.0)
    variable_opex: float = quantity("RUB/t", "Operating cost per tonne of activity.", default=0.0, ge=0.0)
    electricity: float = quantity("MWh/t", "Electricity per tonne of activity.", default=0.0, ge=0.0)
    gas: float = quantity("GJ/t", "Gas or other fuel heat per tonne of activity.", default=0.0, ge=0.0)
    land_per_unit: float = quantity("ha", "Land per module.", default=0.0, ge=0.0)
    lead_time: float = quantity(
        "yr", "Years from the build decision to first operation.", default=1.0, ge=0.0, le=30.0
    )
    lifetime: float = quantity("yr", "Economic lifetime of a module.", gt=0.0, le=100.0)
    max_units: int = Field(10, description="Most modules at one location (process_sites may override).", ge=0)
    io_product: str | None = Field(
        None,
        description="Product code of the Rosstat input-output table its output counts under (07.2, 24.4…).",
    )
    owner: str | None = Field(None, description="Investor that builds and owns its plants (sites).")
    owners_cost: float = fraction(
        "Owner's costs (studies, permits, land, project team, first fills) as a share of capex_per_unit, "
        "added to the CAPEX of a module.",
        default=0.0,
    )
    contingency: float = fraction(
        "Contingency as a share of capex_per_unit (wider for a less defined estimate), added to the "
        "CAPEX of a module.",
        default=0.0,
    )
    sustaining_capex: float = fraction(
        "Sustaining capital spent each year a module stands, as a share of capex_per_unit per year.",
        default=0.0,
    )
    closure_cost: float = fraction(
        "Closure and rehabilitation at the end of a module's life, as a share of capex_per_unit.",
        default=0.0,
        le=None,
    )
    ramp_up: str | None = refers_to(  # `reference` is a column of this table
        "ramp_ups",
        description="Ramp-up curve of a new module (ramp_ups table); empty: nameplate from its first year.",
        default=None,
    )
    residue_handling: float = quantity(
        "RUB/t",
        "Storage and disposal of radioactive (thorium, uranium) residues per tonne of activity, charged "
        "on feed from a deposit whose ore carries them (deposits' thorium_uranium).",
        default=0.0,
        ge=0.0,
    )
    enabled: bool = Field(True, description="Whether the optimizer may build it.")


class RampUp(Row):
    curve: str = Field(..., description="Name of the curve, e.g. hydromet.", pattern=ID_PATTERN)
    year: int = Field(..., description="Year of a module's operation: 1 for its first year.", ge=1, le=30)
    share: float = quantity(
        "1", "Share of nameplate capacity a module can run at in that year.", gt=0.0, le=1.0
    )


class ProcessInput(Row):
    process: str = reference("processes", description="Process.")
    good: str = reference("goods", description="Good consumed.")
    quantity: float | None = quantity(
        "t/t",
        "Tonnes per tonne of the reference good; leave empty for the main feed of a process with recoveries.",
        default=None,
        ge=0.0,
    )


class ProcessOutput(Row):
    process: str = reference("processes", description="Process.")
    good: str = reference("goods", description="Good produced.")
    quantity: float | None = quantity(
        "t/t",
        (
            "Tonnes per tonne of the reference good. For a process with recoveries give it, or a "
            "target `grade`, for ore/intermediate outputs (a fixed mass pull) and leave it empty "
            "for products (their tonnes follow from the recovered elements)."
        ),
        default=None,
        ge=0.0,
    )
    species: str | None = reference(
        "elements",
        description="Key species of the target `grade` (an intermediate of a process with recoveries).",
        default=None,
    )
    grade: float | None = fraction(
        "Target content of `species` in this output, instead of a fixed `quantity`: the mass pull is "
        "the recovered tonnes of the species divided by it, so the tonnage follows the feed's grade "
        "and the grade is the product's specification (e.g. 6 % Li2O).",
        default=None,
    )
    basis: GradeBasis = Field(
        "oxide", description="Whether `grade` counts the species' oxide (elements table) or the element."
    )


RecoveryEvidence = Literal["testwork", "analogue", "estimate"]
RECOVERY_EVIDENCE: tuple[RecoveryEvidence, ...] = get_args(RecoveryEvidence)


class Recovery(Row):
    process: str = reference("processes", description="Process.")
    species: str = reference("elements", description="Species.")
    good: str = reference("goods", description="Output that receives it.")
    recovery: float = fraction("Share of the species in the feed that reaches this output.")
    evidence: RecoveryEvidence | None = Field(
        None,
        description=(
            "What the recovery rests on: testwork on this ore, an analogue plant or ore, or an estimate; "
            "say which in source."
        ),
    )


class Cutoff(Row):
    process: str = reference("processes", description="A process with recoveries, or a mine.")
    species: str = reference("elements", description="Species whose content the feed must reach.")
    grade: float = fraction(
        "Least content of the species in the feed (the ore or intermediate of one source) the "
        "process takes: a feed below it is refused (the process has no mode for that source)."
    )
    basis: GradeBasis = Field(
        "oxide", description="Whether `grade` counts the species' oxide (elements table) or the element."
    )


class ProcessStaff(Row):
    process: str = reference("processes", description="Process.")
    skill: str = reference("skills", description="Skill.")
    staff: float = quantity("person", "Operating staff per module.", ge=0.0)
    per_plant: float = quantity(
        "person",
        "Operating staff of a plant whatever its modules (management, maintenance, laboratory), "
        "once per plant with any module standing; staff adds per module.",
        default=0.0,
        ge=0.0,
    )


class ProcessSite(Row):
    process: str = reference("processes", description="Process.")
    site: str = reference("sites", "deposits", description="Site (or deposit) where it may be built.")
    max_units: int | None = Field(None, description="Most modules here (overrides the process).", ge=0)
    unit_capacity: float | None = quantity("t/yr", "Module capacity here.", default=None, gt=0.0)
    capex_per_unit: float | None = quantity("RUB", "Investment per module here.", default=None, ge=0.0)
    owner: str | None = Field(None, description="Investor of its plants here (overrides the process).")


class Plant(Row):
    process: str = reference("processes", description="Process.")
    location: str = reference("sites", "deposits", description="Site (or deposit) where the modules stand.")
    units: int = Field(..., description="Modules existing or committed.", ge=1)
    first_year: int = calendar_year("First year they operate.")
    retire_year: int | None = calendar_year(
        "Last year they operate (empty: beyond the horizon).", default=None
    )
