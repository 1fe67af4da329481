"""The registry of tables: each table's file or sheet name, row model, key and
description, and the columns derived from the row model.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic.fields import FieldInfo

from angara.scenario.schema.economy import (
    AssetClass,
    CityNorm,
    Incentive,
    Institution,
    Labour,
    PlantIncentive,
    Sector,
    Skill,
    Target,
    Tax,
)
from angara.scenario.schema.fields import Row
from angara.scenario.schema.geography import Arc, Node, PowerPlant, Region, Site, SitePower, TransportMode
from angara.scenario.schema.mandates import Mandate
from angara.scenario.schema.markets import ExchangeRate, Market, Price
from angara.scenario.schema.payability import Payability
from angara.scenario.schema.resources import Deposit, Element, Grade, Profile
from angara.scenario.schema.risk import FactorCorrelation, MarketAccess, PriceExposure, PriceFactor
from angara.scenario.schema.support import Support
from angara.scenario.schema.technology import (
    Composition,
    Cutoff,
    Good,
    Plant,
    Process,
    ProcessInput,
    ProcessOutput,
    ProcessSite,
    ProcessStaff,
    RampUp,
    Recovery,
)

ColumnKind = Literal["quantity", "integer", "boolean", "text", "choice"]
COLUMN_KINDS: tuple[ColumnKind, ...] = typing.get_args(ColumnKind)


@dataclass(frozen=True)
class ColumnSpec:
    """What one column holds, derived from the row model."""

    name: str
    kind: ColumnKind
    required: bool
    description: str
    unit: str | None = None
    choices: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    wildcard: bool = False
    plausible: tuple[float, float] | None = None  # a quantity's plausible range, in ``unit``


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
        """The column called ``name``, or None if the table has no such column."""
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
        bounds = extra.get("plausible")
        plausible = None
        if isinstance(bounds, list) and all(isinstance(end, int | float) for end in bounds):
            plausible = (float(bounds[0]), float(bounds[1]))  # type: ignore[arg-type]
        return ColumnSpec(name, "quantity", required, description, unit=unit, plausible=plausible)
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
    TableSpec(
        "ramp_ups",
        RampUp,
        ("curve", "year"),
        "Ramp-up curves: share of nameplate a new module reaches in its first, second… year; "
        "later years run at nameplate.",
    ),
    TableSpec("process_inputs", ProcessInput, ("process", "good"), "What each process consumes."),
    TableSpec("process_outputs", ProcessOutput, ("process", "good"), "What each process produces."),
    TableSpec(
        "recoveries",
        Recovery,
        ("process", "species", "good"),
        "Share of each species in the main feed reaching each output.",
    ),
    TableSpec(
        "cutoffs",
        Cutoff,
        ("process", "species"),
        "Least content of a species in the feed a process takes: lower-grade feeds are refused.",
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
        "payability",
        Payability,
        ("market", "good", "species", "year"),
        "Goods priced by their contents: price and payable share per contained species, minimum "
        "contents and penalties.",
    ),
    TableSpec(
        "labour",
        Labour,
        ("region", "skill"),
        "Labour pool, graduates and in-migration by region and skill.",
    ),
    TableSpec("sectors", Sector, ("region", "sector", "year"), "Baseline output of each region by sector."),
    TableSpec("taxes", Tax, ("tax", "region"), "Tax rates and their split between budget levels."),
    TableSpec(
        "incentives",
        Incentive,
        ("id",),
        "Tax incentives by region or site: rates, durations, where they count from, conditions.",
    ),
    TableSpec(
        "plant_incentives",
        PlantIncentive,
        ("process", "location", "regime"),
        "Which plants claim which incentive regime (a status the law grants on application).",
    ),
    TableSpec(
        "support",
        Support,
        ("id",),
        "Support instruments granted to plants from a year: capital grants, subsidised loans, tax "
        "holidays (an incentives regime), tariff discounts and offtake contracts at fixed prices (a "
        "market the state buys at), with the budget level that pays.",
    ),
    TableSpec(
        "asset_classes",
        AssetClass,
        ("stage",),
        "Share of each stage's CAPEX that is immovable property, the base of the property tax.",
    ),
    TableSpec("city_norms", CityNorm, ("region",), "Town-planning norms and costs for the satellite city."),
    TableSpec("price_factors", PriceFactor, ("id",), "Price risk factors: mean-reverting in log space."),
    TableSpec("price_exposures", PriceExposure, ("good", "market"), "Which factor moves each good's price."),
    TableSpec(
        "factor_correlations", FactorCorrelation, ("factor", "other"), "Correlations of the factors' shocks."
    ),
    TableSpec("market_access", MarketAccess, ("market",), "Risk that a market closes to the cluster."),
    TableSpec(
        "mandates",
        Mandate,
        ("id",),
        "Projects or outcomes the plan must deliver (optional): must-build, minimum output, "
        "production share, local processing, investment and jobs floors.",
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
