"""OR-Library capacitated facility location: the published optima are reproduced."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from angara.plan import optimize
from angara.validation.orlib import InstanceError, read_instance, to_scenario

DATA = Path(__file__).parents[1] / "data" / "orlib_cap"
OPTIMA = {
    row["instance"]: float(row["optimal_objective"]) for row in csv.DictReader((DATA / "optima.csv").open())
}


@pytest.mark.parametrize("instance", sorted(OPTIMA))
def test_published_optimum_is_reached(instance: str) -> None:
    plan = optimize(to_scenario(read_instance(DATA / f"{instance}.txt")))
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(OPTIMA[instance], rel=1e-6)
    assert plan.balance_residual_max <= 1e-6


def test_the_word_capacity_needs_a_value(tmp_path: Path) -> None:
    path = tmp_path / "capx.txt"
    path.write_text("2 1\ncapacity 10.\ncapacity 20.\n5 1.0 2.0\n")
    with pytest.raises(InstanceError, match="--capacity"):
        read_instance(path)
    instance = read_instance(path, capacity=8.0)
    assert instance.capacities == [8.0, 8.0]
    plan = optimize(to_scenario(instance))
    assert plan.objective == pytest.approx(10.0 + 1.0)  # open site 1, serve all from it


def test_a_malformed_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_text("2 1\n10 5\n")
    with pytest.raises(InstanceError, match="not an OR-Library"):
        read_instance(path)
