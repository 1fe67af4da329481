"""The regional economy around the cluster: labour, sectors, taxes and incentives,
satellite-city norms, strategy targets and the institutions involved.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from angara.scenario.schema.fields import (
    ID_PATTERN,
    Row,
    calendar_year,
    fraction,
    identifier,
    quantity,
    reference,
)


class Skill(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")


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
    attrition: float = quantity(
        "1/yr",
        "Share of the pool that leaves it each year (retirement, emigration); 0 keeps everyone.",
        default=0.0,
        ge=0.0,
        le=1.0,
    )
    graduate_retention: float = quantity(
        "1",
        "Share of the yearly graduates who join the pool (stay in the region).",
        default=1.0,
        ge=0.0,
        le=1.0,
    )
    competing_demand: float = quantity(
        "1",
        "Share of the pool that other employers keep: the cluster can hire the rest.",
        default=0.0,
        ge=0.0,
        le=1.0,
    )


SectorLevel = Literal["section", "branch"]
SECTOR_LEVELS: tuple[SectorLevel, ...] = get_args(SectorLevel)
TechnologyIntensity = Literal["high", "medium_high", "medium_low", "low"]
TECHNOLOGY_INTENSITIES: tuple[TechnologyIntensity, ...] = get_args(TechnologyIntensity)


class Sector(Row):
    region: str = reference("regions", description="Region.")
    sector: str = Field(
        ..., description="OKVED code of the section or branch (B, C, C24…).", pattern=ID_PATTERN
    )
    name: str = Field(..., description="Sector name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    level: SectorLevel = Field("section", description="section (letter) or manufacturing branch.")
    year: int = calendar_year("Year of the figure.")
    output: float = quantity(
        "RUB/yr",
        "Output of the sector (industrial shipments or value added; one measure per region).",
        ge=0.0,
    )
    technology: TechnologyIntensity | None = Field(
        None, description="OECD technology intensity of a manufacturing branch."
    )


TaxKind = Literal["profit", "property", "land", "personal_income", "mineral_extraction", "insurance", "vat"]
TAX_KINDS: tuple[TaxKind, ...] = get_args(TaxKind)


class Tax(Row):
    tax: TaxKind = Field(..., description="Which tax.")
    region: str = reference("regions", description="Region, or * for every region.", wildcard=True)
    rate: float = fraction("Rate on its base.")
    federal: float = fraction("Share of receipts going to the federal budget.")
    regional: float = fraction("Share going to the regional budget.")
    local: float = fraction("Share going to local budgets.")
    base: str | None = Field(None, description="What the rate applies to.")


IncentiveGrant = Literal["status", "law"]
INCENTIVE_GRANTS: tuple[IncentiveGrant, ...] = get_args(IncentiveGrant)
IncentiveStart = Literal["revenue", "profit", "extraction"]
INCENTIVE_STARTS: tuple[IncentiveStart, ...] = get_args(IncentiveStart)
TaxPeriod = Literal["year", "month"]
TAX_PERIODS: tuple[TaxPeriod, ...] = get_args(TaxPeriod)


class Incentive(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    regime: str = Field(..., description="e.g. regional_investment_project, sez, tor.")
    tax: TaxKind = Field(..., description="Tax it changes.")
    region: str | None = reference(
        "regions", description="Region where it applies, or * for every region.", default=None, wildcard=True
    )
    site: str | None = reference(
        "sites", description="Site where it applies (narrower than region).", default=None
    )
    rate: float = fraction("Reduced rate while it lasts.")
    federal: float = fraction("Share of the reduced receipts going to the federal budget.")
    regional: float = fraction("Share going to the regional budget.")
    local: float = fraction("Share going to local budgets.")
    start: int = Field(
        0, description="Tax periods after the period it counts from when it starts.", ge=0, le=1200
    )
    duration: int = Field(..., description="Tax periods it lasts.", ge=0, le=1200)
    period: TaxPeriod = Field(
        "year",
        description="The tax period that start and duration count: year (profit, property tax) or month "
        "(mineral extraction tax).",
    )
    counts_from: IncentiveStart = Field(
        "revenue",
        description="The plant's first year with revenue, with taxable profit (as planned) or with "
        "extraction (its first year of output).",
    )
    granted: IncentiveGrant = Field(
        "status",
        description="status: only for plants that claim the regime in plant_incentives; law: for every "
        "plant where it applies.",
    )
    min_capex: float | None = quantity(
        "RUB", "Least CAPEX a plant must invest to qualify (empty: no minimum).", default=None, ge=0.0
    )
    capex_years: int | None = Field(
        None, description="Years from a plant's first CAPEX within which min_capex must be spent.", ge=1
    )
    apply_by: int | None = calendar_year(
        "Last year in which a plant may obtain the status: its first year of CAPEX (empty: no deadline).",
        default=None,
    )


class PlantIncentive(Row):
    process: str = reference(
        "processes", description="Process of the plant, or * for every process.", wildcard=True
    )
    location: str = reference(
        "sites", "deposits", description="Site or deposit of the plant, or * for every one.", wildcard=True
    )
    regime: str = Field(..., description="Regime it claims: the regime of incentives granted by status.")


class AssetClass(Row):
    stage: str = Field(..., description="Stage of the chain (processes.stage), or * for every stage.")
    immovable: float = fraction(
        "Share of a module's CAPEX that is immovable property (buildings, structures): the property tax base."
    )


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
TARGET_INDICATORS: tuple[TargetIndicator, ...] = get_args(TargetIndicator)
TargetDirection = Literal["at_least", "at_most"]
TARGET_DIRECTIONS: tuple[TargetDirection, ...] = get_args(TargetDirection)


class Target(Row):
    region: str = reference("regions", description="Region.")
    indicator: TargetIndicator = Field(
        ...,
        description="Shares of industrial output (mining, manufacturing; high- and medium-high-tech share "
        "of manufacturing), diversification indices (hhi, shannon) or new jobs.",
    )
    year: int = calendar_year("Year the target is set for.")
    value: float = quantity("1", "Target value: a share (0.25 = 25 %), an index value or a number of jobs.")
    direction: TargetDirection = Field("at_least", description="Whether more or less is better.")
    name: str = Field(..., description="The target as the strategy words it.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")


class Institution(Row):
    id: str = identifier()
    name: str = Field(..., description="Name in English.")
    name_ru: str | None = Field(None, description="Name in Russian.")
    kind: str = Field(..., description="university, institute, company, investor, fund, government…")
    city: str | None = Field(None, description="City.")
    region: str | None = Field(None, description="Region id, or text for places outside the scenario.")
    role: str | None = Field(None, description="Role in the cluster as reported.")
