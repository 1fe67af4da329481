"""The JSON documents of a result folder as typed models: ``plan.json``, ``assessment.json``,
``risk.json`` and ``run.json`` (docs/results-format.md).

Readers use the attributes (``results.assessment.npv_rub``), so a key renamed by a writer
is a failing read with a located problem, not a blank in a report.  Unknown keys are
refused, except in ``risk.json``, whose re-planning parts are open-ended.  Money in RUB,
quantities per year, shares as fractions, as the writers give them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from angara.plan.model import Objective

RUN_FILE = "run.json"
DocumentName = Literal["plan", "assessment", "risk", "run"]  # each in NAME.json
RISK_FOLDER = "risk"  # where angara plan --out's folder keeps a risk analysis (angara risk --out DIR/risk)


class Document(BaseModel):
    """A part of a result document: every key known, nothing else accepted."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# plan.json


class Period(Document):
    """A plan period: its first year, the years it stands for, the sum of their discount factors."""

    start: int
    years: list[int] = Field(min_length=1)
    weight: float


class ModelSize(Document):
    variables: int
    constraints: int
    integers: int


class Output(Document):
    """Tonnes per year sold of a good in a period, and the revenue (RUB/yr)."""

    good: str
    period: int
    tonnes: float
    revenue_rub: float


Row = dict[str, JsonValue]  # a row of a CSV table repeated in a document (columns as the table's)


class PlanDocument(Document):
    """plan.json: the plan's headline figures, periods, builds and output."""

    scenario: str
    status: str
    objective_kind: Objective
    objective: float | None
    npv_rub: float | None
    mip_gap: float | None
    balance_residual_max: float | None
    solver: str
    size: ModelSize
    periods: list[Period] = Field(min_length=1)
    notes: list[str]
    builds: list[Row]
    links_opened: list[Row]
    output: list[Output]
    # the scenario's mandates (the mandates table) and what all together cost and bring
    mandates: list[Row] = Field(default_factory=list)
    mandates_together: dict[str, float | None] | None = None
    # written by Angara before run.json held the timings (s); read so older folders still open
    seconds_build: float | None = None
    seconds_solve: float | None = None

    def years(self) -> tuple[int, int]:
        """The first and last year the plan's periods stand for."""
        every = [year for period in self.periods for year in period.years]
        return min(every), max(every)


# assessment.json


class RegionJobs(Document):
    direct: float
    indirect: float
    induced: float
    construction_person_years: float


class Jobs(Document):
    """Jobs at full operation (``year``; None when the plan employs no one) and construction."""

    year: int | None
    direct: float
    indirect: float
    induced: float
    construction_person_years: float
    by_region: dict[str, RegionJobs]


class Taxes(Document):
    """Undiscounted sums (RUB of each year added up): by budget level, by tax, by region and
    level, by year and level; and the total and levels discounted to the first year."""

    total_rub: float
    by_level: dict[str, float]
    # absent from results written before taxes were also reported discounted
    basis: str | None = None  # which sums are discounted, in words
    total_discounted_rub: float | None = None
    by_level_discounted: dict[str, float] = Field(default_factory=dict)
    by_tax: dict[str, float]
    by_region: dict[str, dict[str, float]]
    by_year: list[dict[str, float]]
    insurance_contributions_rub: float


class ProfitTaxView(Document):
    """The cluster's NPV and its plants' profit tax (undiscounted and discounted) in one view."""

    npv_rub: float
    profit_tax_rub: float
    profit_tax_discounted_rub: float


class Consolidated(Document):
    """The profit tax with each plant taxed alone (the headline) beside a consolidated group."""

    group: str
    status: str
    per_plant: ProfitTaxView
    consolidated: ProfitTaxView


class Indicators(Document):
    """A region's industrial structure (None where undefined, e.g. without manufacturing)."""

    mining_share: float | None = None
    manufacturing_share: float | None = None
    high_tech_share: float | None = None
    hhi: float | None = None
    shannon: float | None = None


class Diversification(Document):
    year: int | None
    before: Indicators
    after: Indicators


class RegionCity(Document):
    migrants: float
    residents: float
    housing_m2: float
    kindergarten_places: float
    school_places: float
    outpatient_visits_per_shift: float
    cost_rub: float


class City(Document):
    residents: float
    migrants: float = 0.0  # absent when no one moves in
    cost_rub: float
    by_region: dict[str, RegionCity]


class Target(Document):
    region: str
    indicator: str
    name: str
    year: int
    target: float
    direction: str
    plan_in_target_year: float | None
    plan_at_full_operation: float | None
    full_operation_year: int | None


class Investor(Document):
    entity: str
    investor: str
    capex_rub: float | None
    revenue_rub: float | None
    npv_rub: float | None
    irr: float | None
    payback_years: float | None
    discounted_payback_years: float | None
    taxes_paid_rub: float | None
    taxes_paid_discounted_rub: float | None = None


class SupportInstrument(Document):
    id: str
    kind: str
    plants: int
    budget_cost_rub: float
    budget_cost_discounted_rub: float
    by_level: dict[str, float]
    plant_npv_effect_rub: float
    taxes_rub: float
    taxes_discounted_rub: float
    jobs: float
    notes: list[str]


class SupportSummary(Document):
    basis: str
    budget_cost_rub: float
    budget_cost_discounted_rub: float
    instruments: list[SupportInstrument]


class AssessmentDocument(Document):
    """assessment.json: the cluster's money, jobs, taxes, structure, city, targets, investors."""

    scenario: str
    currency: str
    money_of_year: int
    discount_rate: float
    discounted_to_year: int
    transfer_price: str
    npv_rub: float | None
    npv_usd: float | None
    irr: float | None
    capex_rub: float | None
    capex_usd: float | None
    payback_years: float | None
    discounted_payback_years: float | None
    rub_per_usd: dict[str, float]
    jobs: Jobs
    taxes: Taxes
    consolidated: Consolidated | None = None  # absent from results written before it existed
    support: SupportSummary | None = None  # absent from results written before it existed
    diversification: dict[str, Diversification]
    city: City
    targets: list[Target]
    investors: list[Investor]
    notes: list[str]


# risk.json


class Range(Document):
    p10: float
    p50: float
    p90: float
    mean: float | None = None


class GapStep(Document):
    driver: str
    label: str
    npv_change_rub: float
    standard_error_rub: float


class Gap(Document):
    """Mean NPV less NPV as planned, driver by driver (docs/risk.md)."""

    npv_as_planned_rub: float
    npv_mean_rub: float
    gap_rub: float
    order: str
    steps: list[GapStep]


class Histogram(Document):
    edges: list[float]
    counts: list[float]


class TornadoBase(Document):
    npv_rub: float
    jobs: float
    taxes_rub: float


class TornadoDocument(Document):
    base: TornadoBase
    bars: list[Row]  # the rows of tornado.csv


class RiskDocument(BaseModel):
    """risk.json: the Monte Carlo and the tornado; re-planning adds ``ensemble``,
    ``variants`` and ``pareto``, kept as they come (see docs/risk.md)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    samples: int
    seed: int
    npv_p10: float
    npv_p50: float
    npv_p90: float
    prob_npv_negative: float
    capex: Range
    jobs: Range
    taxes: dict[str, Range]  # "total" and each budget level
    histogram: Histogram
    npv_as_planned_rub: float
    tornado: TornadoDocument
    npv_mean: float | None = None
    npv_mean_standard_error: float | None = None
    npv_std: float | None = None
    gap: Gap | None = None

    def extras(self) -> dict[str, Any]:
        """The open-ended parts (re-planning), as written."""
        return dict(self.model_extra or {})


# run.json


class Seconds(Document):
    """Wall time of each stage, s (None for a stage the run did not have)."""

    build: float | None = None
    solve: float | None = None
    assess: float | None = None
    mandates: float | None = None  # the plans re-solved to cost the mandates, each assessed
    risk: float | None = None


class RunDocument(Document):
    """run.json: how the results were made (what varies between two equal runs lives here,
    so that plan.json and assessment.json of equal runs are equal byte for byte)."""

    angara_version: str
    scenario: str
    kind: str
    parameters: dict[str, JsonValue]  # as given to angara.workflow.RunParameters
    solver: str
    seconds: Seconds
