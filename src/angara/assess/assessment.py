"""Assess a plan: money, taxes, jobs, regional structure and the satellite city.

``assess(scenario, plan)`` is the one entry point; the result's ``to_json`` is
``assessment.json`` and its tables are the CSV files written beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from angara.assess.city import satellite_city
from angara.assess.finance import Finance, assess_finance, rub_per_usd, taxes_by_level
from angara.assess.io_table import InputOutputTable
from angara.assess.jobs import jobs_by_region
from angara.assess.operations import operations, year_periods
from angara.assess.structure import INDICATORS, dominance_notes, regional_structure
from angara.assess.support import support_costs
from angara.assess.tables import CITY, DIVERSIFICATION, JOBS, STRUCTURE, SUPPORT
from angara.chain import MODE, SLOT, Chain, expand
from angara.plan.result import Plan
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError
from angara.tables import declared

MAX_REPORTED = 12  # rows named per table in a message; more would bury the point
# what the law allows of each consolidated view (docs/taxes.md, "Consolidated view")
CONSOLIDATION_STATUS = {
    "cluster": "what-if: consolidated groups of taxpayers (Tax Code ch. 3.1) ended on 1 January 2023 "
    "and no new ones are registered; each company pays its own profit tax",
    "investor": "allowed: an investor's plants run as branches of one company share one profit tax base",
}
TABLES = (
    "cashflows",
    "entities",
    "taxes",
    "consolidation",
    "jobs",
    "structure",
    "diversification",
    "city",
    "support",
)


@dataclass(frozen=True)
class Assessment:
    """What a plan gives.  Tables (pandas) are written as ``<name>.csv``:

    cashflows: per entity and year (see :class:`angara.assess.finance.Finance`);
    entities: NPV, IRR, paybacks per plant, investor, infrastructure and the cluster;
    taxes: per plant, region, year, tax and budget level (RUB, undiscounted and discounted);
    consolidation: per year, the profit tax of each plant taxed alone and consolidated;
    jobs: per region and year: direct, construction (person-years), indirect, induced;
    structure: per region, year and sector: baseline and added output, shares;
    diversification: per region, year and indicator: before and after;
    city: per region and year: labour gap, in-migrants, residents, facilities, cost;
    support: per support instrument, plant and budget level: budget cost against the plant's
    taxes and jobs (:mod:`angara.assess.support`).
    """

    scenario: str
    base_year: int
    discount_rate: float
    discount_to_year: int
    years: tuple[int, ...]
    rub_per_usd: tuple[float, ...]
    transfer_price: str
    cashflows: pd.DataFrame
    entities: pd.DataFrame
    taxes: pd.DataFrame
    consolidation: pd.DataFrame
    consolidated: dict[str, Any]
    jobs: pd.DataFrame
    structure: pd.DataFrame
    diversification: pd.DataFrame
    city: pd.DataFrame
    support: pd.DataFrame
    targets: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> pd.DataFrame:
        frame = getattr(self, name)
        assert isinstance(frame, pd.DataFrame)
        return frame

    @property
    def cluster(self) -> dict[str, Any]:
        """The cluster's row of ``entities``."""
        rows = self.entities[self.entities["entity_kind"] == "cluster"]
        return dict(rows.iloc[0]) if len(rows) else {}

    def reference_year(self) -> int | None:
        """The first year with the most direct jobs: the plan at full operation."""
        if self.jobs.empty:
            return None
        direct = self.jobs.groupby("year")["direct"].sum()
        return int(direct.idxmax()) if direct.max() > 0 else None

    def to_json(self) -> dict[str, Any]:
        """assessment.json: headline figures and per-region summaries."""
        cluster = self.cluster
        usd = dict(zip(self.years, self.rub_per_usd, strict=True))
        first_rate = usd.get(self.discount_to_year, math.nan)
        document: dict[str, Any] = _clean(
            {
                "scenario": self.scenario,
                "currency": "RUB",
                "money_of_year": self.base_year,
                "discount_rate": self.discount_rate,
                "discounted_to_year": self.discount_to_year,
                "transfer_price": self.transfer_price,
                "npv_rub": cluster.get("npv_rub"),
                "npv_usd": (cluster.get("npv_rub") or math.nan) / first_rate,
                "irr": cluster.get("irr"),
                "capex_rub": cluster.get("capex_rub"),
                "capex_usd": float(
                    (self._cluster_flows()["capex_rub"] / self._cluster_flows()["year"].map(usd)).sum()
                ),
                "payback_years": cluster.get("payback_years"),
                "discounted_payback_years": cluster.get("discounted_payback_years"),
                "rub_per_usd": {str(y): r for y, r in usd.items()},
                "jobs": self._jobs_summary(),
                "taxes": self._taxes_summary(),
                "consolidated": self._consolidated_summary(),
                "diversification": self._diversification_summary(),
                "city": self._city_summary(),
                "support": self._support_summary(),
                "targets": self.targets,
                "investors": self.entities[self.entities["entity_kind"] == "investor"]
                .drop(columns=["entity_kind", "process", "location", "region"])
                .to_dict(orient="records"),
                "notes": self.notes,
            }
        )
        return document

    def _cluster_flows(self) -> pd.DataFrame:
        return self.cashflows[self.cashflows["entity_kind"] == "cluster"]

    def _jobs_summary(self) -> dict[str, Any]:
        year = self.reference_year()
        at = self.jobs[self.jobs["year"] == year] if year is not None else self.jobs.iloc[0:0]
        by_region = {
            str(region): {
                "direct": float(group["direct"].sum()),
                "indirect": float(group["indirect"].sum()),
                "induced": float(group["induced"].sum()),
                "construction_person_years": float(
                    self.jobs.loc[self.jobs["region"] == region, "construction"].sum()
                ),
            }
            for region, group in at.groupby("region")
        }
        for region in set(self.jobs["region"]) - set(by_region):
            by_region[str(region)] = {
                "direct": 0.0,
                "indirect": 0.0,
                "induced": 0.0,
                "construction_person_years": float(
                    self.jobs.loc[self.jobs["region"] == region, "construction"].sum()
                ),
            }
        return {
            "year": year,
            "direct": float(at["direct"].sum()),
            "indirect": float(at["indirect"].sum()),
            "induced": float(at["induced"].sum()),
            "construction_person_years": float(self.jobs["construction"].sum()),
            "by_region": dict(sorted(by_region.items())),
        }

    def _taxes_summary(self) -> dict[str, Any]:
        taxes = self.taxes
        per_year = taxes.pivot_table(
            index="year", columns="level", values="amount_rub", aggfunc="sum"
        ).fillna(0.0)
        return {
            "basis": (
                f"total_rub, by_level, by_tax, by_region, by_year: undiscounted sums of RUB of "
                f"{self.base_year} paid each year; total_discounted_rub, by_level_discounted: "
                f"discounted at {self.discount_rate:.0%} to {self.discount_to_year}"
            ),
            "total_rub": float(taxes["amount_rub"].sum()),
            "total_discounted_rub": float(taxes["discounted_rub"].sum()),
            "by_level": taxes_by_level(taxes),
            "by_level_discounted": taxes_by_level(taxes, "discounted_rub"),
            "by_tax": {str(k): float(v) for k, v in taxes.groupby("tax")["amount_rub"].sum().items()},
            "by_region": {
                str(region): {
                    str(level): float(v) for level, v in group.groupby("level")["amount_rub"].sum().items()
                }
                for region, group in taxes.groupby("region")
            },
            "by_year": [
                {"year": int(year), **{str(k): float(v) for k, v in row.items()}}
                for year, row in per_year.iterrows()
            ],
            "insurance_contributions_rub": float(self._cluster_flows()["insurance_rub"].sum()),
        }

    def _support_summary(self) -> dict[str, Any]:
        """Each support instrument's budget cost over its plants, by level, beside the taxes
        and jobs of the plants it supports (support.csv has them per plant and level)."""
        frame = self.support
        instruments = []
        for support, rows in frame.groupby("support", sort=False):
            plants = rows.drop_duplicates(["process", "location"])
            instruments.append(
                {
                    "id": str(support),
                    "kind": str(rows["kind"].iloc[0]),
                    "plants": int((plants["region"] != "").sum()),
                    "budget_cost_rub": float(rows["budget_cost_rub"].sum()),
                    "budget_cost_discounted_rub": float(rows["budget_cost_discounted_rub"].sum()),
                    "by_level": {
                        str(level): float(v)
                        for level, v in rows.groupby("level")["budget_cost_rub"].sum().items()
                    },
                    "plant_npv_effect_rub": float(plants["plant_npv_effect_rub"].sum()),
                    "taxes_rub": float(rows["taxes_rub"].sum()),
                    "taxes_discounted_rub": float(rows["taxes_discounted_rub"].sum()),
                    "jobs": float(plants[["direct_jobs", "indirect_jobs", "induced_jobs"]].sum().sum()),
                    "notes": sorted({str(n) for n in rows["note"] if n}),
                }
            )
        return {
            "basis": (
                f"budget_cost_rub undiscounted in RUB of {self.base_year}; budget_cost_discounted_rub at "
                f"{self.discount_rate:.0%} to {self.discount_to_year}; taxes_rub: the supported plants' "
                "taxes to the budgets that pay; jobs: direct, indirect and induced at full operation"
            ),
            "budget_cost_rub": float(frame["budget_cost_rub"].sum()),
            "budget_cost_discounted_rub": float(frame["budget_cost_discounted_rub"].sum()),
            "instruments": instruments,
        }

    def _consolidated_summary(self) -> dict[str, Any]:
        """The profit tax with each plant taxed alone (the law, and the headline) beside the
        consolidated group's, with what the law says of the group."""
        group = self.consolidated.get("group", "cluster")
        status = CONSOLIDATION_STATUS.get(str(group), "")
        return {**self.consolidated, "status": status}

    def _diversification_summary(self) -> dict[str, Any]:
        frame = self.diversification
        year = self.reference_year() or (max(self.years) if self.years else None)
        result: dict[str, Any] = {}
        for region, group in frame.groupby("region"):
            at = group[group["year"] == year].set_index("indicator")
            result[str(region)] = {
                "year": year,
                "before": {name: float(at.at[name, "before"]) for name in INDICATORS if name in at.index},
                "after": {name: float(at.at[name, "after"]) for name in INDICATORS if name in at.index},
            }
        return result

    def _city_summary(self) -> dict[str, Any]:
        city = self.city
        if city.empty:
            return {"residents": 0.0, "cost_rub": 0.0, "by_region": {}}
        peak = city.groupby("region").max(numeric_only=True)
        by_region = {
            str(region): {
                "migrants": float(row["migrants"]),
                "residents": float(row["residents"]),
                "housing_m2": float(row["housing_m2"]),
                "kindergarten_places": float(row["kindergarten_places"]),
                "school_places": float(row["school_places"]),
                "outpatient_visits_per_shift": float(row["outpatient_visits_per_shift"]),
                "cost_rub": float(city.loc[city["region"] == region, "cost_rub"].sum()),
            }
            for region, row in peak.iterrows()
        }
        return {
            "residents": float(sum(r["residents"] for r in by_region.values())),
            "migrants": float(sum(r["migrants"] for r in by_region.values())),
            "cost_rub": float(city["cost_rub"].sum()),
            "by_region": by_region,
        }


def assess(
    scenario: Scenario, plan: Plan, chain: Chain | None = None, table: InputOutputTable | None = None
) -> Assessment:
    """Assess ``plan`` under ``scenario``'s prices, tax rules and norms."""
    chain = chain if chain is not None else expand(scenario)
    _check_plan(scenario, chain, plan)
    ops = operations(scenario, chain, plan)
    finance: Finance = assess_finance(scenario, ops)
    jobs, job_notes = jobs_by_region(scenario, ops, finance.statements, ops.infrastructure, table)
    structure, indices = regional_structure(scenario, finance.statements, ops.plants, ops.years)
    city, city_notes = satellite_city(scenario, plan.staff, year_periods(plan))
    assert finance.money is not None
    support = declared(SUPPORT, support_costs(scenario, ops, finance.money, jobs))
    result = Assessment(
        scenario=scenario.meta.name,
        base_year=scenario.meta.base_year,
        discount_rate=scenario.meta.discount_rate,
        discount_to_year=scenario.meta.first_year,
        years=ops.years,
        rub_per_usd=tuple(float(r) for r in rub_per_usd(scenario, ops.years)),
        transfer_price=scenario.meta.assessment.transfer_price,
        cashflows=finance.cashflows,
        entities=finance.entities,
        taxes=finance.taxes,
        consolidation=finance.consolidation,
        consolidated=finance.consolidated,
        jobs=declared(JOBS, jobs),
        structure=declared(STRUCTURE, structure),
        diversification=declared(DIVERSIFICATION, indices),
        city=declared(CITY, city),
        support=support,
        targets=[],
        notes=[
            *ops.notes,
            *finance.notes,
            *_support_notes(support),
            *job_notes,
            *city_notes,
            *dominance_notes(structure),
        ],
    )
    return _with_targets(scenario, result)


def _support_notes(support: pd.DataFrame) -> list[str]:
    """A note per support row that costs nothing, and why."""
    idle = support[support["note"] != ""].drop_duplicates("support")
    return [f"support {row.support} ({row.kind}): {row.note}" for row in idle.itertuples()]


def _check_plan(scenario: Scenario, chain: Chain, plan: Plan) -> None:
    """A plan can only be assessed with a scenario that has its plants, modes and years."""
    problems: list[Problem] = []
    for name, columns, known in (
        ("capacity", SLOT, chain.slots.index),
        ("builds", SLOT, chain.slots.index),
        ("activities", MODE, chain.modes.index),
    ):
        frame = plan.table(name)
        keys = list(columns)
        present = pd.MultiIndex.from_frame(frame[keys].astype(str)).isin(known) if len(frame) else []
        unknown = frame.loc[~np.asarray(present, dtype=bool), keys].drop_duplicates()
        for row, value in list(unknown.iterrows())[:MAX_REPORTED]:
            problems.append(
                Problem(
                    f"{name}.csv",
                    f"not in scenario {scenario.meta.name}: its process or location is missing or disabled",
                    row=int(row) + 2,
                    column=", ".join(keys),
                    value=", ".join(str(v) for v in value),
                )
            )
        if len(unknown) > MAX_REPORTED:
            problems.append(Problem(f"{name}.csv", f"and {len(unknown) - MAX_REPORTED} more like these"))
        if len(unknown):
            break  # the other tables would repeat the same plants
    first, last = scenario.meta.first_year, scenario.meta.last_year
    outside = [p["start"] for p in plan.periods if not first <= p["start"] <= last]
    if outside:
        problems.append(
            Problem(
                "plan.json",
                f"periods outside the scenario's years {first}-{last}",
                column="periods",
                value=str(outside),
            )
        )
    if problems:
        raise ScenarioError(problems)


def _with_targets(scenario: Scenario, result: Assessment) -> Assessment:
    """Each strategy target beside the plan's value in the target year and at full operation."""
    reference = result.reference_year()
    rows = []
    for target in scenario.targets:
        values = {}
        for label, year in (("target_year", target.year), ("full_operation", reference)):
            values[label] = _indicator_value(result, target.region, target.indicator, year)
        rows.append(
            {
                "region": target.region,
                "indicator": target.indicator,
                "name": target.name,
                "year": target.year,
                "target": target.value,
                "direction": target.direction,
                "plan_in_target_year": values["target_year"],
                "plan_at_full_operation": values["full_operation"],
                "full_operation_year": reference,
            }
        )
    return Assessment(**{**result.__dict__, "targets": rows})


def _indicator_value(result: Assessment, region: str, indicator: str, year: int | None) -> float | None:
    if year is None:
        return None
    if indicator == "new_jobs":
        jobs = result.jobs[(result.jobs["region"] == region) & (result.jobs["year"] == year)]
        return float(jobs[["direct", "indirect", "induced"]].sum().sum())
    frame = result.diversification
    match = frame[(frame["region"] == region) & (frame["year"] == year) & (frame["indicator"] == indicator)]
    if match.empty:
        # before the horizon starts (or after it ends) the region is as in the baseline
        match = frame[(frame["region"] == region) & (frame["indicator"] == indicator)]
        return float(match["before"].iloc[0]) if len(match) else None
    return float(match["after"].iloc[0])


def _clean(value: Any) -> Any:
    """JSON-ready: numpy scalars become numbers, NaN and infinities become null."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
