"""FCNetLib fixed-charge network flow: the published optima are reproduced."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from angara.plan import optimize
from angara.validation.fcnetlib import to_scenario
from angara.validation.orlib import InstanceError

DATA = Path(__file__).parents[1] / "data" / "fcnetlib"
OPTIMA = {
    row["instance"]: float(row["best_integer_source"]) for row in csv.DictReader((DATA / "optima.csv").open())
}


@pytest.mark.parametrize("instance", sorted(OPTIMA))
def test_published_optimum_is_reached(instance: str) -> None:
    plan = optimize(to_scenario(DATA, instance))
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(OPTIMA[instance], rel=1e-6)
    assert plan.balance_residual_max <= 1e-6


def test_flows_pass_through_intermediate_nodes() -> None:
    plan = optimize(to_scenario(DATA, "k10x90"))
    opened = plan.links[plan.links["open"] > 0.5]
    delivered = plan.sales["tonnes"].sum()
    assert delivered == pytest.approx(100.0)  # the instance's total supply
    assert len(opened) >= 1


def test_an_unknown_instance_is_refused() -> None:
    with pytest.raises(InstanceError, match="no instance 'nosuch'"):
        to_scenario(DATA, "nosuch")
