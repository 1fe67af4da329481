"""Contents of ``scenario.yaml``: the horizon, the objective and the solver, assessment
and risk settings.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from angara.scenario.schema.fields import ID_PATTERN, calendar_year
from angara.scenario.schema.resources import LicenceStatus, ReserveCategory

Objective = Literal["npv", "cost"]
OBJECTIVES: tuple[Objective, ...] = get_args(Objective)
TransferPriceBasis = Literal["netback", "market", "shadow"]
TRANSFER_PRICE_BASES: tuple[TransferPriceBasis, ...] = get_args(TransferPriceBasis)
ConsolidatedGroup = Literal["cluster", "investor"]
CONSOLIDATED_GROUPS: tuple[ConsolidatedGroup, ...] = get_args(ConsolidatedGroup)


class SolverOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

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
    """How a plan is assessed: transfer prices, working capital, the consolidated view and
    the input-output assumptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    transfer_price: TransferPriceBasis = Field(
        "netback",
        description="Value of intermediates passed between plants: netback (a market price where one "
        "exists, else what the buyer earns from it less its own costs and capital charge), market (a "
        "market price where one exists, else the plan's shadow price) or shadow (always the shadow "
        "price).",
    )
    consolidated_group: ConsolidatedGroup = Field(
        "cluster",
        description="Who forms one taxpayer in the consolidated view of the profit tax, shown beside each "
        "plant taxed alone: the cluster (a consolidated group of taxpayers: a what-if, no new groups "
        "since 2023) or each investor (its plants as branches of one company).",
    )
    receivable_days: float = Field(
        30.0, description="Receivables: days of revenue not yet paid by buyers.", ge=0, le=365
    )
    inventory_days: float = Field(
        45.0, description="Inventories: days of operating costs held as materials and products.", ge=0, le=365
    )
    payable_days: float = Field(
        30.0, description="Payables: days of operating costs not yet paid to suppliers.", ge=0, le=365
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

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

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
    delay_probabilities: list[float] = Field(
        default_factory=list,
        description="Probabilities that the construction programme slips by 1, 2, ... years (the rest: "
        "on time); every plant's CAPEX, operations and infrastructure shift by the slip. Empty: no delay.",
    )
    rampup_shortfall: float = Field(
        0.0,
        description="Mean shortfall of a plant's output below plan in its first year of operation, "
        "uniform on [0, 2 x mean] per plant and sample, shrinking linearly to 0 over rampup_years.",
        ge=0,
        le=0.5,
    )
    rampup_years: int = Field(3, description="Years over which a ramp-up shortfall fades out.", ge=1)
    recovery_shortfall: float = Field(
        0.0,
        description="Mean shortfall of a plant's recovery below design (a share of its output), "
        "uniform on [0, 2 x mean] per plant and sample, for its whole life.",
        ge=0,
        le=0.5,
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

    @field_validator(
        "capex_overrun_common",
        "rampup_shortfall",
        "recovery_shortfall",
        "sensitivity",
        "discount_low",
        "discount_high",
        mode="before",
    )
    @classmethod
    def _percent(cls, value: Any) -> Any:
        return percent(value)

    @field_validator("delay_probabilities")
    @classmethod
    def _probabilities(cls, value: list[float]) -> list[float]:
        if any(p < 0 for p in value) or sum(value) > 1 + 1e-9:
            raise ValueError("delay probabilities must be non-negative and add up to at most 1")
        return value


def _balance_only() -> list[ReserveCategory]:
    return ["balance"]


class ReportedFigures(BaseModel):
    """Figures announced for the cluster (or its first stage), printed beside the plan's own
    to compare with; they constrain nothing (mandates do)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    investment_rub: float | None = Field(None, description="Investment announced (RUB), at least.", ge=0)
    jobs: float | None = Field(None, description="Jobs announced (persons), at least.", ge=0)
    first_objects_year: int | None = calendar_year("Year the first objects are announced for.", default=None)
    land_ha: float | None = Field(None, description="Land of the sites announced (ha), at least.", ge=0)
    source: str | None = Field(None, description="Where the figures were announced (URL).")


class Meta(BaseModel):
    """Contents of ``scenario.yaml`` (the ``meta`` sheet in a workbook)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    name: str = Field(..., description="Short id.", pattern=ID_PATTERN)
    title: str = Field(..., description="Title in English.")
    title_ru: str | None = Field(None, description="Title in Russian.")
    description: str | None = Field(None, description="What the scenario represents.")
    first_year: int = calendar_year("First planning year.", default=2027)
    last_year: int = calendar_year("Last planning year.", default=2045)
    base_year: int = calendar_year("Money is in constant prices of this year.", default=2025)
    discount_rate: float = Field(0.1, description="Real discount rate per year (0.1 = 10 %).", ge=0, lt=1)
    objective: Objective = Field("npv", description="npv: maximise NPV; cost: minimise cost.")
    periods: list[int] | None = Field(
        None, description="Representative years (investment periods); empty: every year."
    )
    reserves_counted: list[ReserveCategory] = Field(
        default_factory=_balance_only,
        description=(
            "Reserve categories that may be mined (balance, off_balance, resource); a deposit of another "
            "category is not mined."
        ),
        min_length=1,
    )
    licensing_years: dict[LicenceStatus, int] = Field(
        default_factory=dict,
        description=(
            "Years from first_year before a deposit of each licence status may be mined (auction, "
            "studies, permits, building), e.g. {unlicensed: 8}; a deposit's earliest_start is never "
            "earlier. Empty: earliest_start alone."
        ),
    )
    extends: str | None = Field(
        None,
        description=(
            "A built-in scenario this one starts from: its tables and meta keys are used where this "
            "scenario gives none (a table given here replaces the built-in one whole)."
        ),
        pattern=ID_PATTERN,
    )
    reported: ReportedFigures | None = Field(
        None, description="Announced figures to compare the plan with (investment, jobs, land, first year)."
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
        if any(years < 0 for years in self.licensing_years.values()):
            raise ValueError("licensing_years must not be negative")
        if self.periods is not None:
            if sorted(set(self.periods)) != list(self.periods):
                raise ValueError("periods must be increasing years without repeats")
            if self.periods and (self.periods[0] != self.first_year or self.periods[-1] > self.last_year):
                raise ValueError("periods must start at first_year and end by last_year")
        return self
