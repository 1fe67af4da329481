"""Uploaded scenarios: zipped folders and workbooks load; hostile zips are refused, located."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from angara.scenario.archive import scenario_from_upload, workbook_bytes
from angara.scenario.limits import MAX_ENTRIES
from angara.scenario.load import load
from angara.scenario.problems import ScenarioError
from tests.conftest import MINI

LIMIT = 10 * 2**20


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _mini(prefix: str = "") -> dict[str, bytes]:
    return {f"{prefix}{path.name}": path.read_bytes() for path in MINI.iterdir() if path.is_file()}


def _problems(filename: str, content: bytes, limit: int = LIMIT) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_upload(filename, content, limit)
    assert all(problem.where == filename for problem in caught.value.problems)
    return [problem.message for problem in caught.value.problems]


@pytest.mark.parametrize("prefix", ["", "mini/"])
def test_a_zipped_folder_loads_whether_or_not_it_has_a_top_folder(prefix: str) -> None:
    assert scenario_from_upload("mini.zip", _zip(_mini(prefix)), LIMIT) == load(MINI)


def test_a_workbook_loads_and_round_trips() -> None:
    scenario = load(MINI)
    assert scenario_from_upload("Mini Scenario.XLSX", workbook_bytes(scenario), LIMIT) == scenario


def test_files_outside_the_scenario_folder_are_ignored() -> None:
    entries = _mini("mini/") | {"mini/notes/readme.csv": b"x", "__MACOSX/mini/._deposits.csv": b"\0"}
    assert scenario_from_upload("mini.zip", _zip(entries), LIMIT) == load(MINI)


def test_hostile_or_broken_zips_are_refused() -> None:
    assert "outside" in _problems("evil.zip", _zip(_mini() | {"../escape.csv": b"a"}))[0]
    assert "not a readable zip" in _problems("broken.zip", b"PK\x03\x04 not really")[0]
    assert "no scenario.yaml" in _problems("empty.zip", _zip({"a.csv": b"a"}))[0]
    assert "2 scenario.yaml" in _problems("two.zip", _zip(_mini("a/") | _mini("b/")))[0]
    many = {f"f{i}.csv": b"" for i in range(MAX_ENTRIES + 1)}
    assert str(MAX_ENTRIES) in _problems("many.zip", _zip(many | _mini()))[0]


def test_a_zip_that_unpacks_too_large_is_refused_before_unpacking() -> None:
    bomb = _zip(_mini() | {"padding.bin": b"\0" * (2 * 2**20)})
    assert len(bomb) < 2**20 / 10
    [message] = _problems("bomb.zip", bomb, limit=2**20)
    assert "unpacks to" in message and "1,048,576" in message


def test_other_files_are_not_scenarios(tmp_path: Path) -> None:
    assert "expected a .zip" in _problems("notes.txt", b"hello")[0]
    problems = _problems("broken.xlsx", b"not a workbook")
    assert problems
