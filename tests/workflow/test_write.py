"""A run written to a folder: every file, run.json beside the results, all or nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from angara import __version__
from angara.results.read import read_results
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.workflow import Outcome, RunParameters, outcome_of, run_document, write_outcome
from tests.risk.conftest import with_price_factors


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return load(with_price_factors(tmp_path_factory.mktemp("write") / "mini"))


@pytest.fixture(scope="module")
def outcome(scenario: Scenario) -> Outcome:
    return outcome_of(scenario, RunParameters(threads=1, samples=200, seed=1), "risk")


def test_the_folder_reads_back(outcome: Outcome, scenario: Scenario, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    written = write_outcome(outcome, scenario, folder)
    assert {p.name for p in written} >= {"plan.json", "assessment.json", "run.json", "scenario", "risk"}
    assert all(path.exists() for path in written)
    results = read_results(folder)
    assert results.risk is not None and results.risk.samples == 200
    assert results.run is not None
    assert (results.run.kind, results.run.angara_version, results.run.solver) == (
        "risk",
        __version__,
        "highs",
    )
    assert results.run.parameters == {"threads": 1, "samples": 200, "seed": 1}
    assert load(folder / "scenario").meta.name == scenario.meta.name


def test_timings_are_only_in_run_json(outcome: Outcome, scenario: Scenario, tmp_path: Path) -> None:
    write_outcome(outcome, scenario, tmp_path / "run")
    plan = json.loads((tmp_path / "run" / "plan.json").read_text(encoding="utf-8"))
    assert not [key for key in plan if key.startswith("seconds")]
    seconds = json.loads((tmp_path / "run" / "run.json").read_text(encoding="utf-8"))["seconds"]
    assert seconds["solve"] == round(outcome.plan.seconds_solve, 3) and seconds["risk"] > 0
    assert run_document(outcome).seconds.build == round(outcome.plan.seconds_build, 3)


def test_a_failed_write_leaves_the_old_folder(outcome: Outcome, scenario: Scenario, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    write_outcome(outcome, scenario, folder)
    before = sorted(p.name for p in folder.iterdir())
    # NaN is not strict JSON: plan.json cannot be written
    broken = replace(outcome, plan=replace(outcome.plan, periods=[{"start": float("nan")}]))
    with pytest.raises(ValueError):
        write_outcome(broken, scenario, folder)
    assert sorted(p.name for p in folder.iterdir()) == before
