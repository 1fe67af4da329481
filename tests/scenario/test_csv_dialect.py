"""CSV as spreadsheets save it: Russian-locale Excel writes ';' between cells and decimal
commas; such a file reads as the same scenario, and a decimal comma in a comma-separated file
gets one message saying what to do."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.scenario.csv_dialect import decimal_point, delimiter_of, has_decimal_comma, split_by_decimal_comma
from angara.scenario.load import load
from angara.scenario.problems import ScenarioError
from tests.conftest import MINI


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id;name;price [USD/kg]\nx;y;1,5\n", ";"),
        ("id,name,price [USD/kg]\nx,y,1.5\n", ","),
        ("id,name\nx;y,z\n", ","),  # the header decides, not the rows
        ("id", ","),
    ],
)
def test_the_header_line_tells_the_separator(text: str, expected: str) -> None:
    assert delimiter_of(text) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12,5", "12.5"),
        ("-3,25", "-3.25"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234\u00a0567,25", "1234567.25"),
        ("6,02e23", "6.02e23"),
        ("2025", "2025"),  # a whole number has no comma to turn
        ("La,Ce", "La,Ce"),  # text stays text
        ("1,2,3", "1,2,3"),
        ("12.5", "12.5"),
    ],
)
def test_a_decimal_comma_becomes_a_point_and_nothing_else_changes(cell: str, expected: str) -> None:
    assert decimal_point(cell) == expected


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_any_number_written_with_a_decimal_comma_reads_back(value: float) -> None:
    written = repr(value).replace(".", ",")
    assert float(decimal_point(written)) == value
    assert has_decimal_comma(written) == ("," in written)


def test_a_row_cut_by_a_decimal_comma_is_recognised() -> None:
    assert split_by_decimal_comma(["abroad", "la_oxide", "2025", "12", "5", "5000"])
    assert not split_by_decimal_comma(["abroad", "la_oxide", "2025", "12.5", "5000"])


def _as_russian_excel(folder: Path) -> int:
    """Rewrite every CSV of ``folder`` as Excel in a Russian locale saves it: ';' between cells,
    decimal commas.  Returns how many numbers got a comma."""
    commas = 0
    for path in sorted(folder.glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        converted = []
        for row in rows:
            cells = []
            for cell in row:
                try:
                    float(cell)
                except ValueError:
                    cells.append(cell)
                    continue
                commas += "." in cell
                cells.append(cell.replace(".", ","))
            converted.append(cells)
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(converted)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return commas


def test_a_scenario_saved_by_russian_excel_reads_as_the_same_scenario(mini: Path) -> None:
    assert _as_russian_excel(mini) > 20  # the mini scenario has decimals in many tables
    assert ";" in (mini / "prices.csv").read_text(encoding="utf-8").splitlines()[0]
    assert load(mini) == load(MINI)


def test_a_decimal_comma_in_a_comma_separated_cell_is_named(mini: Path) -> None:
    path = mini / "elements.csv"
    text = path.read_text(encoding="utf-8")
    assert "La2O3,0.853," in text
    path.write_text(text.replace("La2O3,0.853,", 'La2O3,"0,853",'), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load(mini)
    [problem] = [p for p in caught.value.problems if p.where == "elements.csv"]
    assert (problem.row, problem.value) == (2, "0,853")
    assert "decimal point, not a comma: write 0.853" in problem.message


def test_an_unquoted_decimal_comma_gets_one_message_saying_what_to_do(mini: Path) -> None:
    path = mini / "elements.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("La2O3,0.853,", "La2O3,0,853,"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load(mini)
    problems = [p for p in caught.value.problems if p.where == "elements.csv"]
    assert len(problems) == 1 and problems[0].row == 2
    assert "decimal comma (12,5) splits a cell" in problems[0].message
    assert "';' between cells" in problems[0].message
