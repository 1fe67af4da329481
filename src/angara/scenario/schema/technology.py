"""What is made and how: goods, their compositions, processes and their recipes, plants."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from angara.scenario.schema.fields import Row, calendar_year, fraction, identifier, quantity, reference

# Goods that carry the element contents of the deposit they come from, so that one good
# can stand for ores of many grades.
SourcedGoodKind = Literal["ore", "intermediate"]
SOURCED_GOOD_KINDS: tuple[SourcedGoodKind, ...] = get_args(SourcedGoodKind)
GoodKind = Literal[SourcedGoodKind, "product", "reagent"]
GOOD_KINDS: tuple[GoodKind, ...] = get_args(GoodKind)


class Good(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
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


class Composition(Row):
    good: str = reference("goods", description="A product.")
    species: str = reference("elements", description="Tracked species contained.")
    content: float = fraction("Mass of the species (element basis) per mass of the good.")


ProcessLocation = Literal["site", "deposit"]
PROCESS_LOCATIONS: tuple[ProcessLocation, ...] = get_args(ProcessLocation)


class Process(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
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
    enabled: bool = Field(True, description="Whether the optimizer may build it.")


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
            "Tonnes per tonne of the reference good. For a process with recoveries give it for "
            "ore/intermediate outputs (mass pull) and leave it empty for products (their tonnes "
            "follow from the recovered elements)."
        ),
        default=None,
        ge=0.0,
    )


class Recovery(Row):
    process: str = reference("processes", description="Process.")
    species: str = reference("elements", description="Species.")
    good: str = reference("goods", description="Output that receives it.")
    recovery: float = fraction("Share of the species in the feed that reaches this output.")


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
