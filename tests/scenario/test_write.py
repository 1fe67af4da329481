"""Writing: folder <-> workbook conversion is lossless, the template loads, writes are atomic."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from angara.scenario import load
from angara.scenario.schema import TABLES
from angara.scenario.write import write_folder, write_template, write_workbook
from tests.conftest import MINI, Result


@pytest.mark.parametrize("source", [MINI, "angara-yenisei"], ids=["mini", "default"])
def test_folder_to_workbook_to_folder_is_identical(source: Path | str, tmp_path: Path) -> None:
    original = load(source)
    workbook = tmp_path / "scenario.xlsx"
    write_workbook(original, workbook)
    from_workbook = load(workbook)
    folder = tmp_path / "again"
    write_folder(from_workbook, folder)
    again = load(folder)
    assert from_workbook == original
    assert again == original
    # writing again gives the same bytes: canonical units, stable order
    second = tmp_path / "second"
    write_folder(again, second)
    for path in folder.iterdir():
        assert (second / path.name).read_bytes() == path.read_bytes(), path.name


def test_info_json_is_the_same_for_both_forms(tmp_path: Path, cli: Callable[..., Result]) -> None:
    workbook = tmp_path / "default.xlsx"
    assert cli("convert", "angara-yenisei", workbook).code == 0
    from_folder = json.loads(cli("info", "angara-yenisei", "--json").out)
    from_workbook = json.loads(cli("info", workbook, "--json").out)
    assert from_folder == from_workbook
    assert from_folder["counts"]["deposits"] == 8


def test_template_has_every_table_and_loads_as_an_empty_scenario(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    assert {spec.name for spec in TABLES} <= set(workbook.sheetnames)
    header = [cell.value for cell in workbook["deposits"][1]]
    assert "reserves [t]" in header and "max_rate [t/yr]" in header
    assert workbook["deposits"]["A1"].comment is not None
    scenario = load(path)
    assert scenario.meta.name == "my-scenario"
    assert all(not scenario.table(spec.name) for spec in TABLES)


def test_template_refuses_to_overwrite(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "t.xlsx"
    assert cli("template", path).code == 0
    before = path.read_bytes()
    result = cli("template", path)
    assert result.code == 2 and "already exists" in result.err
    assert path.read_bytes() == before
    assert cli("template", tmp_path / "t.csv").code == 2


def test_convert_replaces_only_with_force(tmp_path: Path, cli: Callable[..., Result]) -> None:
    destination = tmp_path / "folder"
    assert cli("convert", MINI, destination).code == 0
    assert cli("convert", MINI, destination).code == 2
    assert cli("convert", MINI, destination, "--force").code == 0
    assert load(destination) == load(MINI)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_failed_write_leaves_the_old_destination(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    destination = tmp_path / "scenario.xlsx"
    write_workbook(load(MINI), destination)
    before = destination.read_bytes()

    def explode(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.Workbook.save", explode)
    with pytest.raises(OSError):
        write_workbook(load(MINI), destination)
    assert destination.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.xlsx"]


def test_an_unwritable_destination_is_reported(tmp_path: Path, cli: Callable[..., Result]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("convert", MINI, blocker / "inside" / "scenario.xlsx")
    assert result.code == 2
    assert "cannot be written" in result.err and "Traceback" not in result.err
