"""Pieces shared by the benchmark converters: a one-year, zero-discount, min-cost scenario."""

from __future__ import annotations

from typing import Any

from angara.plan import PlanFailure, PlanOptions, optimize
from angara.scenario.model import Scenario
from angara.scenario.schema import Good, Meta, Process, ProcessOutput, Region, SolverOptions, TransportMode

YEAR: int = Meta.model_fields["first_year"].default  # the schema's first planning year
GOOD = "good"
REGION = "r"


def meta(name: str, title: str) -> Meta:
    """One planning year, no discounting, minimum cost: the static special case."""
    return Meta(
        name=name,
        title=title,
        first_year=YEAR,
        last_year=YEAR,
        base_year=YEAR,
        discount_rate=0.0,
        objective="cost",
        solver=SolverOptions(time_limit=600.0, mip_gap=1e-9, threads=2),
    )


def basics() -> dict[str, Any]:
    """The one good, region and transport mode every converted instance uses."""
    return {
        "goods": (Good(id=GOOD, name="The benchmark's single commodity", kind="product"),),
        "regions": (Region(id=REGION, name="Benchmark region", electricity_price=0.0, gas_price=0.0),),
        "transport_modes": (TransportMode(id="direct", name="Direct link", tariff=0.0),),
    }


def source(process: str, name: str, max_units: int) -> dict[str, Any]:
    """A process making the good from nothing (a facility, a supply), built at sites."""
    return {
        "processes": (
            Process(
                id=process,
                name=name,
                stage="supply",
                reference=GOOD,
                unit_capacity=1.0,
                capex_per_unit=0.0,
                lead_time=0.0,
                lifetime=1.0,
                max_units=max_units,
            ),
        ),
        "process_outputs": (ProcessOutput(process=process, good=GOOD, quantity=1.0),),
    }


def plan_report(scenario: Scenario, instance: str, time_limit: float) -> tuple[dict[str, Any], int]:
    """Plan a converted instance; the JSON the benchmark scripts print and their exit status."""
    try:
        plan = optimize(scenario, PlanOptions(time_limit=time_limit, mip_gap=1e-9, shadow_prices=False))
    except PlanFailure as failure:
        return {"instance": instance, "status": failure.condition, "messages": failure.messages}, 3
    return {
        "instance": instance,
        "status": plan.status,
        "objective": plan.objective,
        "mip_gap": plan.mip_gap,
        "seconds_build": round(plan.seconds_build, 3),
        "seconds_solve": round(plan.seconds_solve, 3),
        "seconds_total": round(plan.seconds_build + plan.seconds_solve, 3),
        "size": plan.size,
    }, 0
