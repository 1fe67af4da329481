"""Pieces shared by the benchmark converters: a one-year, zero-discount, min-cost scenario."""

from __future__ import annotations

from typing import Any

from angara.scenario.schema import Good, Meta, Region, SolverOptions, TransportMode

YEAR = 2027
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
