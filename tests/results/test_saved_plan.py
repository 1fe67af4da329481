"""A saved plan reads back as it was written; damaged folders give located messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from angara.plan import optimize
from angara.plan.result import TABLES
from angara.plan.write import write_plan
from angara.results.saved_plan import read_plan
from angara.scenario.load import load
from angara.scenario.problems import ScenarioError
from tests.conftest import MINI


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plan") / "out"
    write_plan(optimize(load(str(MINI))), folder)
    return folder


def test_round_trip(saved: Path) -> None:
    plan = read_plan(saved)
    again = saved.parent / "again"
    write_plan(plan, again)
    # CSV keeps 10 significant digits: the summary matches to that precision
    assert json.loads((again / "plan.json").read_text()) == _approx(
        json.loads((saved / "plan.json").read_text())
    )
    for table in TABLES:
        pd.testing.assert_frame_equal(
            pd.read_csv(again / f"{table}.csv"), pd.read_csv(saved / f"{table}.csv"), check_dtype=False
        )


def _approx(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _approx(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_approx(v) for v in value]
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-9)
    return value


def _copy(saved: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    target.mkdir()
    for path in saved.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


def test_missing_and_damaged_files_are_located(saved: Path, tmp_path: Path) -> None:
    broken = _copy(saved, tmp_path)
    (broken / "flows.csv").unlink()
    builds = pd.read_csv(broken / "builds.csv")
    builds["units"] = builds["units"].astype(object)
    builds.loc[0, "units"] = "two"
    builds.to_csv(broken / "builds.csv", index=False)
    pd.read_csv(broken / "sales.csv").drop(columns="revenue_rub").to_csv(broken / "sales.csv", index=False)
    with pytest.raises(ScenarioError) as error:
        read_plan(broken)
    found = {(p.where, p.row, p.column, p.value) for p in error.value.problems}
    assert ("flows.csv", None, None, None) in found
    assert ("builds.csv", 2, "units", "two") in found
    assert ("sales.csv", 1, "revenue_rub", None) in found


def test_not_a_plan_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError):
        read_plan(tmp_path / "nowhere")
    (tmp_path / "plan.json").write_text("{not json")
    with pytest.raises(ScenarioError) as error:
        read_plan(tmp_path)
    assert error.value.problems[0].where == "plan.json"
