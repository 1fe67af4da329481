"""The one reader of result folders: typed documents and tables from a folder or from a
server's stored files, and every damage located (file, row, column, value)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from angara.results.columns import ALL_TABLES, DECLARED
from angara.results.read import read_plan_results, read_results, results_from_files
from angara.scenario.problems import Problem, ScenarioError
from tests.report.conftest import make_run


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``angara plan MINI --out run`` and ``angara risk run --out run/risk``."""
    return make_run(tmp_path_factory.mktemp("results") / "run")


def copy_of(folder: Path, target: Path) -> Path:
    """A copy of a result folder (risk/ included, the scenario left out) to damage."""
    target.mkdir()
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] != "scenario":
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(path.read_bytes())
    return target


def problems_of(folder: Path) -> set[tuple[str, int | None, str | None, str | None]]:
    with pytest.raises(ScenarioError) as raised:
        read_results(folder)
    return {(p.where, p.row, p.column, p.value) for p in raised.value.problems}


def edit_json(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def test_the_documents_are_typed_as_written(run_dir: Path) -> None:
    results = read_results(run_dir)
    written = json.loads((run_dir / "assessment.json").read_text(encoding="utf-8"))
    assert results.assessment.npv_rub == written["npv_rub"]
    assert results.assessment.jobs.direct == written["jobs"]["direct"]
    assert results.assessment.taxes.by_level == written["taxes"]["by_level"]
    plan = json.loads((run_dir / "plan.json").read_text(encoding="utf-8"))
    assert results.plan.objective == plan["objective"]
    assert [p.start for p in results.plan.periods] == [p["start"] for p in plan["periods"]]
    assert results.plan.years() == (2027, 2031)  # the mini scenario's horizon
    assert results.run is not None and results.run.scenario == "mini"
    assert results.risk is not None and results.risk.samples == 500
    assert {"risk_samples", "tornado", "builds", "cashflows"} <= set(results.tables)
    assert set(results.tables) <= set(ALL_TABLES)


def test_a_servers_stored_files_read_the_same(run_dir: Path) -> None:
    files = {
        p.name: p.read_bytes() for p in [*run_dir.iterdir(), *(run_dir / "risk").iterdir()] if p.is_file()
    }
    stored = results_from_files(files, "run 7")
    folder = read_results(run_dir)
    assert (stored.plan, stored.assessment, stored.risk, stored.run) == (
        folder.plan,
        folder.assessment,
        folder.risk,
        folder.run,
    )
    assert sorted(stored.tables) == sorted(folder.tables)


def test_a_plan_without_its_assessment_reads_as_a_plan(run_dir: Path, tmp_path: Path) -> None:
    plan_only = copy_of(run_dir, tmp_path / "plan")
    (plan_only / "assessment.json").unlink()
    assert read_plan_results(plan_only).plan.scenario == "mini"
    assert ("assessment.json", None, None, None) in problems_of(plan_only)


def test_missing_and_damaged_tables_are_located(run_dir: Path, tmp_path: Path) -> None:
    broken = copy_of(run_dir, tmp_path / "broken")
    (broken / "flows.csv").unlink()
    builds = pd.read_csv(broken / "builds.csv")
    builds["units"] = builds["units"].astype(object)
    builds.loc[0, "units"] = "two"
    builds.to_csv(broken / "builds.csv", index=False)
    pd.read_csv(broken / "sales.csv").drop(columns="revenue_rub").to_csv(broken / "sales.csv", index=False)
    cashflows = pd.read_csv(broken / "cashflows.csv")
    cashflows["year"] = cashflows["year"].astype(float)
    cashflows.loc[2, "year"] = 2030.5
    cashflows.to_csv(broken / "cashflows.csv", index=False)
    (broken / "risk" / "tornado.csv").write_text("", encoding="utf-8")
    found = problems_of(broken)
    assert ("flows.csv", None, None, None) in found
    assert ("builds.csv", 2, "units", "two") in found
    assert ("sales.csv", 1, "revenue_rub", None) in found
    assert ("cashflows.csv", 4, "year", "2030.5") in found
    assert ("risk/tornado.csv", None, None, None) in found


def test_a_renamed_or_unknown_key_is_located(run_dir: Path, tmp_path: Path) -> None:
    broken = copy_of(run_dir, tmp_path / "renamed")
    npv = json.loads((broken / "assessment.json").read_text(encoding="utf-8"))["npv_rub"]
    edit_json(broken / "assessment.json", lambda d: d.update(npv=d.pop("npv_rub")))
    edit_json(broken / "plan.json", lambda d: d["periods"][0].update(start="soon"))
    edit_json(broken / "risk" / "risk.json", lambda d: d["tornado"]["base"].pop("npv_rub"))
    found = problems_of(broken)
    assert ("assessment.json", None, "npv_rub", None) in found  # the key readers use: missing
    assert ("assessment.json", None, "npv", json.dumps(npv)) in found  # and the key no one reads: refused
    assert ("plan.json", None, "periods.0.start", '"soon"') in found
    assert ("risk/risk.json", None, "tornado.base.npv_rub", None) in found


def test_risk_extras_are_kept_and_old_plan_timings_still_read(run_dir: Path, tmp_path: Path) -> None:
    folder = copy_of(run_dir, tmp_path / "older")
    edit_json(folder / "risk" / "risk.json", lambda d: d.update(pareto=[{"floor": 10.0}]))
    edit_json(folder / "plan.json", lambda d: d.update(seconds_build=1.5, seconds_solve=2.5))
    results = read_results(folder)
    assert results.risk is not None and results.risk.extras()["pareto"] == [{"floor": 10.0}]
    assert (results.plan.seconds_build, results.plan.seconds_solve) == (1.5, 2.5)


def test_not_a_result_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as nowhere:
        read_results(tmp_path / "nowhere")
    assert nowhere.value.problems == [
        Problem(str(tmp_path / "nowhere"), "no such folder; give a folder written by angara plan --out")
    ]
    (tmp_path / "plan.json").write_text("[1, 2]", encoding="utf-8")
    found = problems_of(tmp_path)
    assert ("plan.json", None, None, None) in found and ("assessment.json", None, None, None) in found


def test_every_table_is_written_as_declared(run_dir: Path) -> None:
    """The columns the reader insists on are the ones the writers write, in order."""
    for table, schema in DECLARED.items():
        written = run_dir / f"{table}.csv"
        if not written.exists():
            written = run_dir / "risk" / f"{table}.csv"
        if table in ("build_frequency", "variant_builds"):
            continue  # written only with re-planning: tests/workflow covers it
        assert list(pd.read_csv(written).columns) == list(schema.columns), table
