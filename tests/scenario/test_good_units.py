"""Goods in their own units: per-good figures are read with pint in the good's unit."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from angara.scenario.load import load
from angara.scenario.problems import ScenarioError
from angara.scenario.units import parse_unit
from angara.scenario.write import write_folder, write_workbook
from tests.activities import add_data_centre, append_rows
from tests.conftest import MINI, Result


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def test_a_mw_year_good_is_read_in_its_own_unit(folder: Path) -> None:
    """9,000 RUB per kW-month is 9,000 x 1,000 x 12 = 108 million RUB per MW-year; 10 MW of
    IT load is a capacity of 10 MW-years a year; 9,636 MWh per MW-year stays as it is."""
    add_data_centre(folder)
    scenario = load(folder)
    price = next(p for p in scenario.prices if p.good == "compute")
    centre = next(p for p in scenario.processes if p.id == "data_centre")
    assert price.price == pytest.approx(108e6)
    assert centre.unit_capacity == pytest.approx(10.0)
    assert centre.electricity == pytest.approx(9636.0)
    assert next(g for g in scenario.goods if g.id == "compute").is_mass() is False
    # the mass goods read as before
    assert scenario.processes[0].unit_capacity == load(MINI).processes[0].unit_capacity


def test_a_per_tonne_figure_of_a_mw_year_good_is_refused_where_it_stands(
    folder: Path, cli: Callable[..., Result]
) -> None:
    add_data_centre(folder, electricity="9636 MWh/t")
    with pytest.raises(ScenarioError) as raised:
        load(folder)
    [problem] = raised.value.problems
    assert problem.where == "processes.csv" and problem.row == 6
    assert problem.column == "electricity [kWh/t]" and problem.value == "9636 MWh/t"
    assert "expected a unit like" in problem.message and "MWh/MW/yr" in problem.message
    result = cli("validate", folder)
    assert result.code == 2 and "Traceback" not in result.out + result.err


def test_a_header_unit_in_tonnes_does_not_fit_a_mw_year_price(folder: Path) -> None:
    """A price written without its own unit is in the header's USD/kg: not a MW-year's."""
    add_data_centre(folder, tariff="100")
    with pytest.raises(ScenarioError) as raised:
        load(folder)
    [problem] = raised.value.problems
    assert problem.where == "prices.csv" and problem.column == "price [USD/kg]"
    assert "RUB/MW/yr" in problem.message


def test_a_cell_unit_of_a_mass_good_is_converted_too(folder: Path) -> None:
    """A cell may name its own unit for a material as well: 2 kt/yr is 2,000 t/yr."""
    append_rows(
        folder,
        "prices",
        [
            {
                "market": "home",
                "good": "la_oxide",
                "year": "2026",
                "price": "3000 RUB/t",
                "max_quantity": "2 kt/yr",
            }
        ],
    )
    row = next(p for p in load(folder).prices if p.good == "la_oxide" and p.year == 2026)
    assert (row.price, row.max_quantity) == pytest.approx((3000.0, 2000.0))


def test_a_good_in_its_own_unit_carries_no_elements(folder: Path) -> None:
    add_data_centre(folder)
    append_rows(folder, "compositions", [{"good": "compute", "species": "La", "content": "0.5"}])
    with pytest.raises(ScenarioError) as raised:
        load(folder)
    assert any("not by mass" in p.message and p.where == "compositions.csv" for p in raised.value.problems)


def test_a_non_mass_good_is_no_ore(folder: Path) -> None:
    append_rows(folder, "goods", [{"id": "juice", "name": "Power", "kind": "ore", "unit": "GWh"}])
    with pytest.raises(ScenarioError) as raised:
        load(folder)
    assert any("carries no elements" in p.message and p.column == "kind" for p in raised.value.problems)


def test_an_unknown_good_unit_is_located(folder: Path) -> None:
    append_rows(
        folder, "goods", [{"id": "juice", "name": "Power", "kind": "product", "unit": "flux capacitor"}]
    )
    with pytest.raises(ScenarioError) as raised:
        load(folder)
    assert any(p.column == "unit" and p.value == "flux capacitor" for p in raised.value.problems)
    assert parse_unit("MW*yr") != parse_unit("t")


def test_a_scenario_with_a_mw_year_good_reads_back_the_same(folder: Path, tmp_path: Path) -> None:
    """Written back (a folder or a workbook), a figure per MW-year carries its unit in the cell."""
    add_data_centre(folder)
    scenario = load(folder)
    write_folder(scenario, tmp_path / "copy")
    write_workbook(scenario, tmp_path / "copy.xlsx")
    assert load(tmp_path / "copy") == scenario
    assert load(tmp_path / "copy.xlsx") == scenario
    assert "9636 MWh/MW/yr" in (tmp_path / "copy" / "processes.csv").read_text(encoding="utf-8")
