"""The mandates of a plan for the terminal: met, what each costs the cluster and what it brings
in jobs and taxes; and the announced figures beside the plan's own."""

from __future__ import annotations

import math
from typing import Any

from rich.table import Table

from angara.assess.assessment import Assessment
from angara.cli.console import out
from angara.plan.result import Plan
from angara.scenario.model import Scenario

BN = 1e9


def plan_figures(plan: Plan, assessment: Assessment) -> dict[str, float | None]:
    """The plan's CAPEX (RUB), direct jobs at full operation, most land used (ha) and first year
    of a new plant: the figures an announcement gives."""
    direct = assessment.jobs.groupby("year")["direct"].sum() if len(assessment.jobs) else None
    land = plan.land.groupby("period")["used_ha"].sum() if len(plan.land) else None
    return {
        "investment_rub": float(plan.builds["capex_rub"].sum()) if len(plan.builds) else 0.0,
        "jobs": float(direct.max()) if direct is not None else 0.0,
        "land_ha": float(land.max()) if land is not None else 0.0,
        "first_objects_year": float(plan.builds["period"].min()) if len(plan.builds) else None,
    }


def reported_comparison(plan: Plan, assessment: Assessment, scenario: Scenario) -> dict[str, Any] | None:
    """The scenario's reported figures beside the plan's (None when it reports none)."""
    reported = scenario.meta.reported
    if reported is None:
        return None
    own = plan_figures(plan, assessment)
    return {
        name: {"reported": getattr(reported, name), "plan": own[name]}
        for name in ("investment_rub", "jobs", "land_ha", "first_objects_year")
    } | {"source": reported.source}


def show_mandates(plan: Plan, assessment: Assessment, scenario: Scenario) -> None:
    """The mandates table and the reported figures, when the scenario has them."""
    if len(plan.mandates):
        table = Table(
            title="What each commitment costs the cluster, and what it brings in jobs and taxes",
            title_justify="left",
        )
        for column in ("mandate", "kind", "year", "met", "cost, bn RUB", "direct jobs", "taxes, bn RUB"):
            table.add_column(column, justify="left" if column in ("mandate", "kind") else "right")
        for row in plan.mandates.itertuples():
            table.add_row(
                str(row.id),
                str(row.kind),
                str(row.year),
                "yes" if row.met else "[red]no[/]",
                _bn(float(row.cost_rub)),
                _count(float(row.direct_jobs)),
                _bn(float(row.taxes_rub)),
            )
        together = plan.mandates_together or {}
        if together:
            table.add_row(
                "all together",
                "",
                "",
                "",
                _bn(together.get("cost_rub")),
                _count(together.get("direct_jobs")),
                _bn(together.get("taxes_rub")),
            )
        out.print(table)
    comparison = reported_comparison(plan, assessment, scenario)
    if comparison is not None:
        table = Table(title="Announced figures beside the plan", title_justify="left")
        for column in ("figure", "announced", "plan"):
            table.add_column(column, justify="left" if column == "figure" else "right")
        labels = {
            "investment_rub": ("investment, bn RUB", _bn),
            "jobs": ("direct jobs", _count),
            "land_ha": ("land, ha", _count),
            "first_objects_year": ("first objects, year", _year),
        }
        for name, (label, shown) in labels.items():
            table.add_row(label, shown(comparison[name]["reported"]), shown(comparison[name]["plan"]))
        out.print(table)


def _bn(value: float | None) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value / BN:,.2f}"


def _count(value: float | None) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value:,.0f}"


def _year(value: float | None) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value:.0f}"
