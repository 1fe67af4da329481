"""The scenario schema, declared once.

Each table is a pydantic row model plus a :class:`TableSpec` (file/sheet name,
key columns, description).  The same declarations drive validation
(:mod:`angara.scenario.parse`), cross-reference checks
(:mod:`angara.scenario.checks`), the Excel template and ``docs/scenario-format.md``.

Quantities carry a canonical unit (``json_schema_extra["unit"]``): values are
stored in that unit after loading, whatever unit the file used.

The row models live in modules by topic; import them from here.
"""

from angara.scenario.schema.economy import (
    CityNorm,
    Incentive,
    Institution,
    Labour,
    Sector,
    Skill,
    Target,
    TargetIndicator,
    Tax,
    TaxKind,
)
from angara.scenario.schema.fields import (
    ID_PATTERN,
    WILDCARD,
    Row,
    fraction,
    identifier,
    quantity,
    reference,
)
from angara.scenario.schema.geography import (
    Arc,
    ArcStatus,
    Node,
    PowerPlant,
    Region,
    Site,
    SitePower,
    TransportMode,
)
from angara.scenario.schema.markets import (
    Currency,
    ExchangeRate,
    Market,
    MarketKind,
    Price,
)
from angara.scenario.schema.resources import Deposit, Element, Grade, GradeBasis, Profile
from angara.scenario.schema.risk import FactorCorrelation, PriceExposure, PriceFactor
from angara.scenario.schema.settings import (
    AssessmentSettings,
    Meta,
    RiskSettings,
    SolverOptions,
    percent,
)
from angara.scenario.schema.tables import (
    TABLE_BY_NAME,
    TABLES,
    ColumnSpec,
    TableSpec,
)
from angara.scenario.schema.technology import (
    Composition,
    Good,
    GoodKind,
    Plant,
    Process,
    ProcessInput,
    ProcessLocation,
    ProcessOutput,
    ProcessSite,
    ProcessStaff,
    Recovery,
)

__all__ = [
    "ID_PATTERN",
    "TABLES",
    "TABLE_BY_NAME",
    "WILDCARD",
    "Arc",
    "ArcStatus",
    "AssessmentSettings",
    "CityNorm",
    "ColumnSpec",
    "Composition",
    "Currency",
    "Deposit",
    "Element",
    "ExchangeRate",
    "FactorCorrelation",
    "Good",
    "GoodKind",
    "Grade",
    "GradeBasis",
    "Incentive",
    "Institution",
    "Labour",
    "Market",
    "MarketKind",
    "Meta",
    "Node",
    "Plant",
    "PowerPlant",
    "Price",
    "PriceExposure",
    "PriceFactor",
    "Process",
    "ProcessInput",
    "ProcessLocation",
    "ProcessOutput",
    "ProcessSite",
    "ProcessStaff",
    "Profile",
    "Recovery",
    "Region",
    "RiskSettings",
    "Row",
    "Sector",
    "Site",
    "SitePower",
    "Skill",
    "SolverOptions",
    "TableSpec",
    "Target",
    "TargetIndicator",
    "Tax",
    "TaxKind",
    "TransportMode",
    "fraction",
    "identifier",
    "percent",
    "quantity",
    "reference",
]
