"""The mandates table: each row has what its kind needs, located when it does not; and a
scenario that extends a built-in one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from angara.scenario import load
from angara.scenario.problems import ScenarioError
from tests.conftest import MINI

HEADER = (
    "id,kind,year,process,location,good,region,modules,"
    "output [t/yr],share [%],amount [bnRUB],staff [person]\n"
)


def _mini_with(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "mandates.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def test_good_rows_load_in_canonical_units(tmp_path: Path) -> None:
    folder = _mini_with(
        tmp_path,
        "metal,must_build,2030,metal,plant_site,,,1,,,,\n"
        "out,min_output,2031,,,ndpr_metal,,,100,,,\n"
        "local,local_processing,2030,,,ndpr_oxide,,,,0,,\n"
        "north,production_share,2030,,,ndpr_oxide,north,,,60,,\n"
        "invest,investment_floor,2031,,,,,,,,700,\n"
        "jobs,jobs_floor,2031,,,,,,,,,3500\n",
    )
    mandates = {m.id: m for m in load(folder).mandates}
    assert mandates["metal"].modules == 1 and mandates["metal"].location == "plant_site"
    assert mandates["north"].share == pytest.approx(0.6)
    assert mandates["invest"].amount == pytest.approx(700e9)
    assert mandates["jobs"].staff == 3500.0


def test_a_row_missing_what_its_kind_needs_is_located(tmp_path: Path) -> None:
    folder = _mini_with(
        tmp_path,
        "fine,min_output,2031,,,ndpr_metal,,,100,,,\n"
        "nowhere,must_build,2030,metal,,,,1,,,,\n"
        "both,production_share,2030,metal,,ndpr_oxide,north,,,60,,\n",
    )
    with pytest.raises(ScenarioError) as caught:
        load(folder)
    located = [(p.where, p.row, p.message) for p in caught.value.problems]
    assert located == [
        ("mandates.csv", 3, "a must_build mandate needs location"),
        ("mandates.csv", 4, "a production_share mandate needs a process or a region (one of them)"),
    ]


def test_an_unknown_process_or_kind_is_located(tmp_path: Path) -> None:
    folder = _mini_with(tmp_path, "bad,must_build,2030,smelter,plant_site,,,1,,,,\nodd,wish,2030,,,,,,,,,\n")
    with pytest.raises(ScenarioError) as caught:
        load(folder)
    located = {(p.where, p.row, p.column) for p in caught.value.problems}
    assert ("mandates.csv", 2, "process") in located
    assert ("mandates.csv", 3, "kind") in located


def test_a_scenario_extending_a_built_in_one_takes_its_tables_and_adds_its_own(tmp_path: Path) -> None:
    folder = tmp_path / "announced"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(
        "name: mine\ntitle: Mine\nextends: angara-yenisei\nreserves_counted: [balance, off_balance]\n",
        encoding="utf-8",
    )
    (folder / "mandates.csv").write_text(HEADER + "jobs,jobs_floor,2035,,,,,,,,,3500\n", encoding="utf-8")
    scenario, default = load(folder), load("angara-yenisei")
    assert scenario.meta.name == "mine" and scenario.meta.reserves_counted == ["balance", "off_balance"]
    assert scenario.meta.periods == default.meta.periods
    assert scenario.processes == default.processes
    assert [m.id for m in scenario.mandates] == ["jobs"]


def test_extending_what_is_not_built_in_is_located(tmp_path: Path) -> None:
    folder = tmp_path / "orphan"
    folder.mkdir()
    (folder / "scenario.yaml").write_text("name: o\ntitle: O\nextends: atlantis\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load(folder)
    (problem,) = [p for p in caught.value.problems if p.column == "extends"]
    assert problem.value == "atlantis" and "is not a built-in scenario" in problem.message
