"""The scenario schema, declared once.

Each table is a pydantic row model plus a :class:`TableSpec` (file/sheet name,
key columns, description).  The same declarations drive validation
(:mod:`angara.scenario.parse`), cross-reference checks
(:mod:`angara.scenario.checks`), the Excel template and ``docs/scenario-format.md``.

Quantities carry a canonical unit (``json_schema_extra["unit"]``): values are
stored in that unit after loading, whatever unit the file used.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.fields import FieldInfo

ID_PATTERN = r"^[\w.\-+]+$"
WILDCARD = "*"


def quantity(
    unit: str,
    description: str,
    *,
    default: Any = ...,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
) -> Any:
    """A numeric column stored in ``unit`` (``"1"`` for a plain fraction or count)."""
    return Field(default, description=description, ge=ge, gt=gt, le=le, json_schema_extra={"unit": unit})


def fraction(description: str, *, default: Any = ..., le: float | None = 1.0) -> Any:
    """A share between 0 and 1; files may write it in % (``recovery [%]``)."""
    return quantity("1", description, default=default, ge=0.0, le=le)


def reference(*tables: str, description: str, default: Any = ..., wildcard: bool = False) -> Any:
    """An id that must exist in one of ``tables`` (or be ``*`` where allowed)."""
    return Field(
        default,
        description=description,
        json_schema_extra={"ref": list(tables), "wildcard": wildcard},
    )


def identifier(description: str = "Unique id: letters, digits, '_', '-', '.'") -> Any:
    return Field(..., description=description, pattern=ID_PATTERN)


class Row(BaseModel):
    """Columns every table accepts: where a row's numbers come from, and a note."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str | None = Field(None, description="Where the row's numbers come from (URL or citation).")
    note: str | None = Field(None, description="Free-text remark.")


# --------------------------------------------------------------------------- elements, goods


class Element(Row):
    id: str = identifier("Tracked species: an element or a group tracked as one (e.g. NdPr).")
    name: str = Field(..., description="Readable name.")
    oxide: str | None = Field(None, description="Formula of the oxide that grades and prices refer to.")
    metal_fraction: float = quantity(
        "1",
        "Element mass per mass of its oxide (1 when there is no oxide).",
        default=1.0,
        gt=0.0,
        le=1.0,
    )
    group: str | None = Field(None, description="Group for reporting, e.g. LREE, HREE, rare metal.")


GoodKind = Literal["ore", "intermediate", "product", "reagent"]


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


class Profile(Row):
    profile: str = Field(
        ...,
        description="Name of the distribution, e.g. carbonatite_crust_analogue.",
        pattern=ID_PATTERN,
    )
    species: str = reference("elements", description="Species in the group.")
    share: float = fraction("Share of the group total (oxide basis), e.g. Nd share of TREO.")


# --------------------------------------------------------------------------- deposits, sites


class Deposit(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    region: str = reference("regions", description="Region the deposit lies in.")
    node: str = reference("nodes", description="Transport node where its ore or concentrate leaves.")
    lat: float | None = quantity("1", "Latitude, degrees north (WGS 84).", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east (WGS 84).", default=None, ge=-180.0, le=180.0)
    ore: str = reference("goods", description="The good its run-of-mine ore is (kind ore).")
    reserves: float = quantity("t", "Ore reserves that may be mined over the horizon.", ge=0.0)
    max_rate: float = quantity("t/yr", "Highest mining rate.", ge=0.0)
    earliest_start: int = Field(..., description="First year mining may start.", ge=1900, le=2200)
    licensee: str | None = Field(None, description="Licence holder or owner (investor).")
    enabled: bool = Field(True, description="Whether the optimizer may use the deposit.")


GradeBasis = Literal["oxide", "element"]


class Grade(Row):
    deposit: str = reference("deposits", description="Deposit.")
    species: str = Field(
        ...,
        description="Element id, or a group name (e.g. TREO) split by `profile`.",
        pattern=ID_PATTERN,
    )
    grade: float = fraction("Mass share of the species (or group) in the ore.")
    basis: GradeBasis = Field("oxide", description="Whether the grade counts the oxide or the element.")
    profile: str | None = Field(None, description="Profile splitting a group grade into species.")


class Site(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    region: str = reference("regions", description="Region.")
    node: str = reference("nodes", description="Transport node serving the site.")
    lat: float | None = quantity("1", "Latitude, degrees north.", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east.", default=None, ge=-180.0, le=180.0)
    land: float = quantity("ha", "Land available for new plants.", ge=0.0)
    power_expansion_max: float = quantity(
        "MW", "Extra power that can be bought beyond the site_power path.", default=0.0, ge=0.0
    )
    power_expansion_cost: float = quantity(
        "RUB/MW",
        "One-off cost of each extra MW (grid connection, generation).",
        default=0.0,
        ge=0.0,
    )
    rail: bool = Field(False, description="Rail siding on site.")
    gas: bool = Field(False, description="Pipeline gas on site.")
    electricity_price: float | None = quantity(
        "RUB/MWh", "Delivered price here, overriding the region's.", default=None, ge=0.0
    )
    gas_price: float | None = quantity(
        "RUB/GJ", "Delivered fuel heat price here, overriding the region's.", default=None, ge=0.0
    )
    enabled: bool = Field(True, description="Whether the optimizer may build here.")


class SitePower(Row):
    site: str = reference("sites", description="Site.")
    year: int = Field(
        ..., description="Year from which the value holds (until the next row).", ge=1900, le=2200
    )
    power: float = quantity("MW", "Electric power available to new plants.", ge=0.0)


class PowerPlant(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    region: str | None = reference("regions", description="Region, if one of the scenario's.", default=None)
    lat: float | None = quantity("1", "Latitude, degrees north.", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east.", default=None, ge=-180.0, le=180.0)
    capacity: float | None = quantity("MW", "Installed capacity.", default=None, ge=0.0)
    output: float | None = quantity("MWh/yr", "Average yearly generation.", default=None, ge=0.0)
    kind: str | None = Field(None, description="hydro, thermal (coal, lignite), …")
    status: str | None = Field(None, description="operating, planned, …")
    owner: str | None = Field(None, description="Owner or operator.")


# --------------------------------------------------------------------------- processes

ProcessLocation = Literal["site", "deposit"]


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
    first_year: int = Field(..., description="First year they operate.", ge=1900, le=2200)
    retire_year: int | None = Field(
        None, description="Last year they operate (empty: beyond the horizon).", ge=1900, le=2200
    )


# --------------------------------------------------------------------------- transport, markets


class Node(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    region: str | None = reference("regions", description="Region, if one of the scenario's.", default=None)
    lat: float | None = quantity("1", "Latitude, degrees north.", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east.", default=None, ge=-180.0, le=180.0)
    kind: str | None = Field(None, description="city, station, deposit, site, border, port, market.")


class TransportMode(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    tariff: float = quantity("RUB/t/km", "Cost per tonne-kilometre.", ge=0.0)


ArcStatus = Literal["existing", "candidate"]


class Arc(Row):
    id: str = identifier()
    from_node: str = reference("nodes", description="Start node.")
    to_node: str = reference("nodes", description="End node.")
    mode: str = reference("transport_modes", description="Transport mode.")
    length: float | None = quantity("km", "Length; cost is length × the mode's tariff.", default=None, ge=0.0)
    cost: float | None = quantity(
        "RUB/t", "Explicit cost per tonne, overriding length × tariff.", default=None, ge=0.0
    )
    status: ArcStatus = Field("existing", description="existing, or candidate (must be built first).")
    build_cost: float = quantity("RUB", "Cost to build a candidate link.", default=0.0, ge=0.0)
    earliest_year: int | None = Field(
        None, description="First year a candidate link can be open.", ge=1900, le=2200
    )
    both_ways: bool = Field(True, description="Whether goods may also travel to → from.")
    lifetime: float = quantity(
        "yr", "Economic life of a candidate link (its build cost is spread over it).", default=50.0, gt=0.0
    )
    capacity: float | None = quantity(
        "t/yr", "Most tonnes per year (empty: unlimited).", default=None, ge=0.0
    )

    @model_validator(mode="after")
    def _has_cost(self) -> Arc:
        if self.length is None and self.cost is None:
            raise ValueError("give a length or a cost per tonne")
        return self


MarketKind = Literal["domestic", "export"]
Currency = Literal["RUB", "USD"]


class Market(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    node: str = reference("nodes", description="Where goods are delivered.")
    kind: MarketKind = Field("domestic", description="domestic or export.")
    currency: Currency = Field(
        "RUB", description="Currency its prices are set in (matters for exchange-rate risk)."
    )


class Price(Row):
    market: str = reference("markets", description="Market.")
    good: str = reference("goods", description="Good sold.")
    year: int = Field(
        ..., description="Year from which the row holds (until the next row).", ge=1900, le=2200
    )
    price: float = quantity("RUB/t", "Price received at the market's node.", ge=0.0)
    max_quantity: float | None = quantity(
        "t/yr", "Most the market takes (empty: unlimited).", default=None, ge=0.0
    )
    min_quantity: float = quantity("t/yr", "Contracted quantity that must be delivered.", default=0.0, ge=0.0)


class ExchangeRate(Row):
    year: int = Field(
        ..., description="Year from which the rate holds (until the next row).", ge=1900, le=2200
    )
    rub_per_usd: float = quantity("RUB/USD", "Roubles per US dollar.", gt=0.0)


# --------------------------------------------------------------------------- regions, labour, taxes


class Region(Row):
    id: str = identifier()
    name: str = Field(..., description="Name in English.")
    name_ru: str | None = Field(None, description="Name in Russian.")
    population: float | None = quantity("person", "Population.", default=None, ge=0.0)
    employment: float | None = quantity("person", "Employed persons.", default=None, ge=0.0)
    grp: float | None = quantity("RUB/yr", "Gross regional product.", default=None, ge=0.0)
    wage: float | None = quantity("RUB/yr", "Average wage (all sectors).", default=None, ge=0.0)
    electricity_price: float = quantity("RUB/MWh", "Delivered industrial electricity price.", ge=0.0)
    gas_price: float = quantity("RUB/GJ", "Delivered fuel heat price.", ge=0.0)
    land_value: float | None = quantity("RUB/ha", "Cadastral value of industrial land.", default=None, ge=0.0)
    household_size: float | None = quantity("1", "Residents per in-migrating worker.", default=None, ge=1.0)


class Skill(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")


class Labour(Row):
    region: str = reference("regions", description="Region.")
    skill: str = reference("skills", description="Skill.")
    pool: float = quantity("person", "Local workers available to the cluster.", ge=0.0)
    graduates: float = quantity(
        "person/yr", "Yearly graduates of local universities and colleges.", default=0.0, ge=0.0
    )
    migration_cost: float | None = quantity(
        "RUB/person",
        "Cost of bringing one worker in (empty: no in-migration).",
        default=None,
        ge=0.0,
    )
    wage: float | None = quantity("RUB/yr", "Wage of this skill here.", default=None, ge=0.0)


class Sector(Row):
    region: str = reference("regions", description="Region.")
    sector: str = Field(
        ..., description="OKVED code of the section or branch (B, C, C24…).", pattern=ID_PATTERN
    )
    name: str = Field(..., description="Sector name.")
    level: Literal["section", "branch"] = Field(
        "section", description="section (letter) or manufacturing branch."
    )
    year: int = Field(..., description="Year of the figure.", ge=1900, le=2200)
    output: float = quantity(
        "RUB/yr",
        "Output of the sector (industrial shipments or value added; one measure per region).",
        ge=0.0,
    )
    technology: Literal["high", "medium_high", "medium_low", "low"] | None = Field(
        None, description="OECD technology intensity of a manufacturing branch."
    )


TaxKind = Literal["profit", "property", "land", "personal_income", "mineral_extraction", "insurance", "vat"]


class Tax(Row):
    tax: TaxKind = Field(..., description="Which tax.")
    region: str = reference("regions", description="Region, or * for every region.", wildcard=True)
    rate: float = fraction("Rate on its base.")
    federal: float = fraction("Share of receipts going to the federal budget.")
    regional: float = fraction("Share going to the regional budget.")
    local: float = fraction("Share going to local budgets.")
    base: str | None = Field(None, description="What the rate applies to.")


class Incentive(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    regime: str = Field(..., description="e.g. regional_investment_project, sez, tor.")
    tax: TaxKind = Field(..., description="Tax it changes.")
    region: str | None = reference("regions", description="Region where it applies.", default=None)
    site: str | None = reference(
        "sites", description="Site where it applies (narrower than region).", default=None
    )
    rate: float = fraction("Reduced rate while it lasts.")
    federal: float = fraction("Share of the reduced receipts going to the federal budget.")
    regional: float = fraction("Share going to the regional budget.")
    local: float = fraction("Share going to local budgets.")
    start: int = Field(0, description="Years after a plant's first revenue when it starts.", ge=0, le=100)
    duration: int = Field(..., description="Years it lasts.", ge=0, le=100)


class CityNorm(Row):
    region: str = reference("regions", description="Region, or * for every region.", wildcard=True)
    housing: float = quantity("m^2/person", "Housing floor area per resident.", ge=0.0)
    kindergarten: float = quantity("place/person", "Kindergarten places per resident.", ge=0.0)
    school: float = quantity("place/person", "School places per resident.", ge=0.0)
    outpatient: float = quantity(
        "visit/person", "Outpatient capacity (visits per shift) per resident.", ge=0.0
    )
    housing_cost: float = quantity("RUB/m^2", "Construction cost of housing.", ge=0.0)
    kindergarten_cost: float = quantity("RUB/place", "Construction cost per kindergarten place.", ge=0.0)
    school_cost: float = quantity("RUB/place", "Construction cost per school place.", ge=0.0)
    outpatient_cost: float = quantity(
        "RUB/visit", "Construction cost per visit-per-shift of outpatient capacity.", ge=0.0
    )


TargetIndicator = Literal[
    "mining_share", "manufacturing_share", "high_tech_share", "hhi", "shannon", "new_jobs"
]


class Target(Row):
    region: str = reference("regions", description="Region.")
    indicator: TargetIndicator = Field(
        ...,
        description="Shares of industrial output (mining, manufacturing; high- and medium-high-tech share "
        "of manufacturing), diversification indices (hhi, shannon) or new jobs.",
    )
    year: int = Field(..., description="Year the target is set for.", ge=1900, le=2200)
    value: float = quantity("1", "Target value: a share (0.25 = 25 %), an index value or a number of jobs.")
    direction: Literal["at_least", "at_most"] = Field(
        "at_least", description="Whether more or less is better."
    )
    name: str = Field(..., description="The target as the strategy words it.")


class PriceFactor(Row):
    id: str = identifier("Factor id; 'rub_per_usd' is the exchange rate (RUB per USD).")
    name: str = Field(..., description="What moves with it.")
    volatility: float = quantity("1", "Standard deviation of the factor's yearly log shocks.", ge=0.0, le=5.0)
    reversion: float = quantity(
        "1/yr", "Speed of reversion to the long-run level (0: a random walk).", ge=0.0
    )
    long_run: float = quantity(
        "1", "Long-run level relative to the scenario's prices (1 = the path).", gt=0.0
    )
    start: float = quantity(
        "1",
        "Level in the base year relative to the scenario's prices (1 = on the path).",
        default=1.0,
        gt=0.0,
    )


class PriceExposure(Row):
    good: str = reference("goods", description="Good whose price moves with the factor.")
    market: str = reference("markets", description="Market, or * for every market.", wildcard=True)
    factor: str = reference("price_factors", description="The factor.")


class FactorCorrelation(Row):
    factor: str = reference("price_factors", description="A factor.")
    other: str = reference("price_factors", description="Another factor.")
    correlation: float = quantity("1", "Correlation of their yearly shocks.", ge=-1.0, le=1.0)


class Institution(Row):
    id: str = identifier()
    name: str = Field(..., description="Name in English.")
    name_ru: str | None = Field(None, description="Name in Russian.")
    kind: str = Field(..., description="university, institute, company, investor, fund, government…")
    city: str | None = Field(None, description="City.")
    region: str | None = Field(None, description="Region id, or text for places outside the scenario.")
    role: str | None = Field(None, description="Role in the cluster as reported.")


# --------------------------------------------------------------------------- scenario meta


class SolverOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field("highs", description="Solver name known to linopy.")
    time_limit: float = Field(600.0, description="Seconds.", gt=0)
    mip_gap: float = Field(0.01, description="Relative MIP gap at which to stop.", ge=0, le=1)
    threads: int = Field(2, description="Solver threads.", ge=1)


def percent(value: Any) -> Any:
    """Accept ``8 %`` as well as ``0.08`` for a rate or share in scenario.yaml."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip().rstrip("%").strip()) / 100
        except ValueError:
            raise ValueError("expected a rate such as 0.08 or '8 %'") from None
    return value


class AssessmentSettings(BaseModel):
    """How a plan is assessed: transfer prices and the input-output assumptions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    transfer_price: Literal["market", "shadow"] = Field(
        "market",
        description="Value of intermediates passed between plants: market (a market price where one "
        "exists, else the plan's shadow price) or shadow (always the shadow price).",
    )
    construction_share: float = Field(
        0.45, description="Share of CAPEX spent on construction works (the rest on equipment).", ge=0, le=1
    )
    construction_product: str = Field(
        "41 + 42 + 43", description="Input-output product of construction works."
    )
    equipment_product: str = Field("28", description="Input-output product of equipment purchases.")
    propensity_to_consume: float = Field(
        0.77, description="Share of households' net wage income spent on consumption (type II).", ge=0, le=1
    )
    labour_cost_per_job: float = Field(
        1.295e6,
        description="Labour cost (wage plus contributions) per job-year in supplier industries, RUB.",
        gt=0,
    )
    local_share: float = Field(
        0.5, description="Share of indirect and induced jobs that fall in the plant's own region.", ge=0, le=1
    )

    @field_validator("construction_share", "propensity_to_consume", "local_share", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Any:
        return percent(value)


class RiskSettings(BaseModel):
    """Monte Carlo and sensitivity settings (price factors are tables of their own)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    samples: int = Field(10_000, description="Monte Carlo samples.", ge=1)
    seed: int = Field(
        2027, description="Seed of the random numbers: the same seed gives the same results.", ge=0
    )
    capex_overrun_median: float = Field(
        1.15, description="Median ratio of actual to planned CAPEX (lognormal).", gt=0
    )
    capex_overrun_sigma: float = Field(0.3, description="Log standard deviation of the CAPEX ratio.", ge=0)
    capex_overrun_common: float = Field(
        0.5, description="Share of the CAPEX ratio's variance common to every plant.", ge=0, le=1
    )
    sensitivity: float = Field(
        0.2,
        description="Swing of each driver in the sensitivity analysis (0.2: -20 % and +20 %).",
        gt=0,
        lt=1,
    )
    discount_low: float = Field(
        0.07, description="Low discount rate of the sensitivity analysis.", ge=0, lt=1
    )
    discount_high: float = Field(
        0.13, description="High discount rate of the sensitivity analysis.", ge=0, lt=1
    )

    @field_validator("capex_overrun_common", "sensitivity", "discount_low", "discount_high", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Any:
        return percent(value)


class Meta(BaseModel):
    """Contents of ``scenario.yaml`` (the ``meta`` sheet in a workbook)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(..., description="Short id.", pattern=ID_PATTERN)
    title: str = Field(..., description="Title in English.")
    title_ru: str | None = Field(None, description="Title in Russian.")
    description: str | None = Field(None, description="What the scenario represents.")
    first_year: int = Field(2027, description="First planning year.", ge=1900, le=2200)
    last_year: int = Field(2045, description="Last planning year.", ge=1900, le=2200)
    base_year: int = Field(2025, description="Money is in constant prices of this year.", ge=1900, le=2200)
    discount_rate: float = Field(0.1, description="Real discount rate per year (0.1 = 10 %).", ge=0, lt=1)
    objective: Literal["npv", "cost"] = Field("npv", description="npv: maximise NPV; cost: minimise cost.")
    periods: list[int] | None = Field(
        None, description="Representative years (investment periods); empty: every year."
    )
    solver: SolverOptions = Field(default_factory=SolverOptions, description="Solver settings.")
    assessment: AssessmentSettings = Field(
        default_factory=AssessmentSettings, description="Assessment settings (see docs/assessment.md)."
    )
    risk: RiskSettings = Field(default_factory=RiskSettings, description="Risk settings (see docs/risk.md).")

    @field_validator("discount_rate", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Any:
        return percent(value)

    @model_validator(mode="after")
    def _years_in_order(self) -> Meta:
        if self.last_year < self.first_year:
            raise ValueError(f"last_year {self.last_year} is before first_year {self.first_year}")
        if self.periods is not None:
            if sorted(set(self.periods)) != list(self.periods):
                raise ValueError("periods must be increasing years without repeats")
            if self.periods and (self.periods[0] != self.first_year or self.periods[-1] > self.last_year):
                raise ValueError("periods must start at first_year and end by last_year")
        return self


# --------------------------------------------------------------------------- table registry


@dataclass(frozen=True)
class ColumnSpec:
    """What one column holds, derived from the row model."""

    name: str
    kind: Literal["quantity", "integer", "boolean", "text", "choice"]
    required: bool
    description: str
    unit: str | None = None
    choices: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    wildcard: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One table of the scenario: its file (``<name>.csv``) or sheet, and its rows."""

    name: str
    row: type[Row]
    key: tuple[str, ...]
    description: str

    @property
    def columns(self) -> list[ColumnSpec]:
        """Columns in schema order, with the common ``source`` and ``note`` last."""
        common = list(Row.model_fields)
        names = [n for n in self.row.model_fields if n not in common] + common
        return [_column_spec(name, self.row.model_fields[name]) for name in names]

    def column(self, name: str) -> ColumnSpec | None:
        info = self.row.model_fields.get(name)
        return _column_spec(name, info) if info is not None else None


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _column_spec(name: str, info: FieldInfo) -> ColumnSpec:
    annotation, _ = _strip_optional(info.annotation)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    description = info.description or ""
    required = info.is_required()
    if typing.get_origin(annotation) is Literal:
        choices = tuple(str(a) for a in typing.get_args(annotation))
        return ColumnSpec(name, "choice", required, description, choices=choices)
    if annotation is bool:
        return ColumnSpec(name, "boolean", required, description)
    if annotation is int:
        return ColumnSpec(name, "integer", required, description)
    if annotation is float:
        unit = str(extra.get("unit", "1"))
        return ColumnSpec(name, "quantity", required, description, unit=unit)
    refs = extra.get("ref", [])
    references = tuple(str(r) for r in refs) if isinstance(refs, list) else ()
    return ColumnSpec(
        name,
        "text",
        required,
        description,
        references=references,
        wildcard=bool(extra.get("wildcard")),
    )


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "exchange_rates",
        ExchangeRate,
        ("year",),
        "RUB per USD by year; USD amounts are converted with it on load.",
    ),
    TableSpec(
        "elements",
        Element,
        ("id",),
        "Tracked elements (or element groups such as NdPr) whose mass is balanced.",
    ),
    TableSpec("goods", Good, ("id",), "Ores, intermediates, products and reagents."),
    TableSpec("compositions", Composition, ("good", "species"), "Element content of products."),
    TableSpec(
        "profiles",
        Profile,
        ("profile", "species"),
        "Distributions that split a group grade (e.g. TREO) into species.",
    ),
    TableSpec("regions", Region, ("id",), "Regions: economic baseline, energy prices."),
    TableSpec("nodes", Node, ("id",), "Transport nodes: stations, towns, border crossings, markets."),
    TableSpec("transport_modes", TransportMode, ("id",), "Modes of transport and their tariffs."),
    TableSpec("arcs", Arc, ("id",), "Rail, road and other links, existing or candidate."),
    TableSpec("deposits", Deposit, ("id",), "Candidate deposits."),
    TableSpec(
        "deposit_grades",
        Grade,
        ("deposit", "species"),
        "Grades of each deposit, per species or per group with a profile.",
    ),
    TableSpec("sites", Site, ("id",), "Candidate industrial sites."),
    TableSpec("site_power", SitePower, ("site", "year"), "Power available at each site over time."),
    TableSpec("power_plants", PowerPlant, ("id",), "Power plants of the area, for the map and context."),
    TableSpec("skills", Skill, ("id",), "Skills of operating staff."),
    TableSpec(
        "processes",
        Process,
        ("id",),
        "Technologies: capacity modules, costs, energy, land, lead time.",
    ),
    TableSpec("process_inputs", ProcessInput, ("process", "good"), "What each process consumes."),
    TableSpec("process_outputs", ProcessOutput, ("process", "good"), "What each process produces."),
    TableSpec(
        "recoveries",
        Recovery,
        ("process", "species", "good"),
        "Share of each species in the main feed reaching each output.",
    ),
    TableSpec("process_staff", ProcessStaff, ("process", "skill"), "Operating staff per module, by skill."),
    TableSpec(
        "process_sites",
        ProcessSite,
        ("process", "site"),
        "Where a site process may be built, with per-site overrides.",
    ),
    TableSpec(
        "plants",
        Plant,
        ("process", "location"),
        "Modules that exist or are committed: no build decision, no investment cost.",
    ),
    TableSpec("markets", Market, ("id",), "Where products are sold."),
    TableSpec(
        "prices",
        Price,
        ("market", "good", "year"),
        "Price paths, quantity caps and contracted quantities.",
    ),
    TableSpec(
        "labour",
        Labour,
        ("region", "skill"),
        "Labour pool, graduates and in-migration by region and skill.",
    ),
    TableSpec("sectors", Sector, ("region", "sector", "year"), "Baseline output of each region by sector."),
    TableSpec("taxes", Tax, ("tax", "region"), "Tax rates and their split between budget levels."),
    TableSpec("incentives", Incentive, ("id",), "Tax incentives by region or site, with their durations."),
    TableSpec("city_norms", CityNorm, ("region",), "Town-planning norms and costs for the satellite city."),
    TableSpec("price_factors", PriceFactor, ("id",), "Price risk factors: mean-reverting in log space."),
    TableSpec("price_exposures", PriceExposure, ("good", "market"), "Which factor moves each good's price."),
    TableSpec(
        "factor_correlations", FactorCorrelation, ("factor", "other"), "Correlations of the factors' shocks."
    ),
    TableSpec(
        "targets", Target, ("region", "indicator", "year"), "Regional strategy targets shown beside results."
    ),
    TableSpec(
        "institutions",
        Institution,
        ("id",),
        "Universities, institutes, companies, investors and their roles.",
    ),
)

TABLE_BY_NAME: dict[str, TableSpec] = {spec.name: spec for spec in TABLES}
