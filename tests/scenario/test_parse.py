"""Cells and headers: properties that hold for any input (hypothesis)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from angara.scenario import ScenarioError, load
from tests.conftest import MINI

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(MINI, target)
    return target


def _set_reserves(folder: Path, cell: str, unit: str = "Mt") -> None:
    path = folder / "deposits.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("reserves [Mt]", f"reserves [{unit}]")
    fields = lines[1].split(",")
    fields[7] = cell
    lines[1] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@SETTINGS
@given(
    st.text(alphabet=st.characters(blacklist_characters=',"\r\n', blacklist_categories=["Cs"]), max_size=12)
)
@example("0\x1f")  # str.strip() drops ASCII separators that float() refuses: found by CI
def test_any_text_in_a_number_cell_loads_or_is_located(tmp_path: Path, text: str) -> None:
    folder = _copy(tmp_path, "text")
    _set_reserves(folder, text)
    try:
        scenario = load(folder)
    except ScenarioError as error:
        for problem in error.problems:
            assert problem.where == "deposits.csv"
            assert problem.row in (2, None)  # None: the whole file is unreadable (a NUL byte)
            assert problem.column in ("reserves [Mt]", None)
        return
    number = float(text) if text.strip() else math.nan
    assert scenario.deposits[0].reserves == pytest.approx(number * 1e6)
    assert number >= 0


@SETTINGS
@given(st.binary(max_size=200), st.sampled_from(["institutions.csv", "deposits.csv", "goods.csv"]))
def test_any_bytes_as_a_table_never_crash(tmp_path: Path, content: bytes, name: str) -> None:
    """Garbage in one file gives problems about that file only, never a crash."""
    folder = _copy(tmp_path, "bytes")
    (folder / name).write_bytes(content)
    try:
        load(folder)
    except ScenarioError as error:
        assert error.problems
        assert all(p.where == name for p in error.problems), error.problems


@SETTINGS
@given(st.floats(min_value=0, max_value=200, allow_nan=False))
def test_a_grade_is_valid_exactly_when_grades_stay_within_100_percent(tmp_path: Path, grade: float) -> None:
    folder = _copy(tmp_path, "grade")
    path = folder / "deposit_grades.csv"
    path.write_text(path.read_text().replace("dep,Nb,0.7", f"dep,Nb,{grade!r}"))
    total = 5 + grade  # the TREO grade is 5 %
    try:
        scenario = load(folder)
    except ScenarioError as error:
        assert total > 100 + 1e-4
        assert all(p.where == "deposit_grades.csv" and p.row == 3 for p in error.problems)
        return
    assert total <= 100 + 1e-4
    assert scenario.deposit_grades[1].grade == pytest.approx(grade / 100)


@SETTINGS
@given(
    st.floats(min_value=0, max_value=1e4, allow_nan=False),
    st.sampled_from([("t", 1.0), ("kt", 1e3), ("Mt", 1e6)]),
)
def test_the_unit_in_the_header_does_not_change_the_scenario(
    tmp_path: Path, tonnes: float, unit: tuple[str, float]
) -> None:
    name, factor = unit
    written = _copy(tmp_path, "written")
    _set_reserves(written, repr(tonnes / factor), name)
    reference = _copy(tmp_path, "reference")
    _set_reserves(reference, repr(tonnes), "t")
    assert load(written).deposits[0].reserves == pytest.approx(
        load(reference).deposits[0].reserves, rel=1e-12
    )


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["yes", "no", "YES", "No", "true", "false", "1", "0", "да", "нет"]),
        min_size=1,
        max_size=1,
    )
)
def test_booleans_accept_common_spellings(tmp_path: Path, words: list[str]) -> None:
    folder = _copy(tmp_path, "bool")
    path = folder / "deposits.csv"
    path.write_text(path.read_text().replace("State,yes", f"State,{words[0]}"))
    expected = words[0].lower() in {"yes", "true", "1", "да"}
    assert load(folder).deposits[0].enabled is expected
