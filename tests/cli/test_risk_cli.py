"""angara risk: the JSON it promises, the files it writes, and bad input refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import Result
from tests.risk.conftest import with_price_factors


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from angara.cli import main

    root = tmp_path_factory.mktemp("risk")
    scenario = with_price_factors(root / "mini")
    out = root / "plan"
    try:
        main(["plan", str(scenario), "--out", str(out)])
    except SystemExit as stop:
        assert not stop.code
    return out


def test_json_has_the_distribution(planned: Path, cli: Callable[..., Result]) -> None:
    result = cli("risk", planned, "--samples", "2000", "--seed", "5", "--json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    for key in ("samples", "seed", "npv_p10", "npv_p50", "npv_p90", "prob_npv_negative", "plants", "tornado"):
        assert key in document
    assert document["samples"] == 2000 and document["seed"] == 5
    assert document["npv_p10"] <= document["npv_p50"] <= document["npv_p90"]
    again = json.loads(cli("risk", planned, "--samples", "2000", "--seed", "5", "--json").out)
    document.pop("seconds"), again.pop("seconds")
    assert again == document


def test_the_scenarios_settings_are_the_default(planned: Path, cli: Callable[..., Result]) -> None:
    document = json.loads(cli("risk", planned, "--json").out)
    assert (document["samples"], document["seed"]) == (10_000, 2027)


def test_a_scenario_is_planned_first(planned: Path, cli: Callable[..., Result]) -> None:
    from_plan = json.loads(cli("risk", planned, "--samples", "500", "--json").out)
    from_scenario = json.loads(cli("risk", planned / "scenario", "--samples", "500", "--json").out)
    assert from_scenario["npv_as_planned_rub"] == pytest.approx(from_plan["npv_as_planned_rub"], rel=1e-6)


def test_prints_a_summary_and_writes_tables(
    planned: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    out = tmp_path / "risk"
    result = cli("risk", planned, "--samples", "1000", "--out", out)
    assert result.code == 0, result.err
    for text in ("P(NPV < 0)", "P10", "Sensitivity", "Discount rate", "jobs at full operation"):
        assert text in result.out
    assert {"risk.json", "risk_samples.csv", "risk_plants.csv", "tornado.csv"} <= {
        p.name for p in out.iterdir()
    }
    samples = pd.read_csv(out / "risk_samples.csv")
    document = json.loads((out / "risk.json").read_text())
    assert len(samples) == 1000
    assert samples["npv_rub"].quantile(0.5) == pytest.approx(document["npv_p50"], rel=1e-6)
    assert cli("risk", planned, "--samples", "10", "--out", out).code == 0  # a result folder is replaced


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--samples", "0"], "Input should be greater than or equal to 1"),
        (["--seed", "-1"], "Input should be greater than or equal to 0"),
        (["--time-limit", "inf"], "Input should be a finite number"),
        (["--scheduler", "localhost:8786"], "tcp://HOST:PORT"),
        (["--variant", "no-such-scenario"], "no-such-scenario"),
    ],
)
def test_bad_options_exit_2(
    planned: Path, cli: Callable[..., Result], arguments: list[str], expected: str
) -> None:
    result = cli("risk", planned, *arguments)
    assert result.code == 2
    assert expected in result.err
    assert arguments[0] in result.err or arguments[0] == "--variant"  # a variant is located in its files
    assert "Traceback" not in result.err


def test_a_broken_plan_folder_is_located(planned: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "plan.json").write_text("{not json", encoding="utf-8")
    result = cli("risk", broken, "--samples", "10")
    assert result.code == 2
    assert "plan.json" in result.err


def test_refuses_to_overwrite_a_folder_that_is_not_a_result(
    planned: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = cli("risk", planned, "--samples", "10", "--out", tmp_path)
    assert result.code == 2
    assert (tmp_path / "keep.txt").read_text() == "mine"
