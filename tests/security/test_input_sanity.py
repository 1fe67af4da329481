"""Input sanity: ids and scenario names are plain ASCII (no look-alike letters, no '.' or '..'),
numbers are finite and within their column's plausible range; each refusal is a located problem
saying what is allowed, from the CLI (exit 2), the loader and the server's API and store."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from angara.scenario.load import load
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.schema import ID_RULE, TABLES
from angara.server.store.database import StoreError, open_database
from angara.server.store.scenarios import save_version
from angara.server.store.users import add_user
from tests.conftest import MINI, Result
from tests.server.api.conftest import Server, start

CYRILLIC_A = "\u0430"  # looks like the Latin 'a'


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        load(folder)
    return caught.value.problems


# ------------------------------------------------------------------------------------------ identifiers


@pytest.mark.parametrize(
    "bad",
    [f"L{CYRILLIC_A}", "La.x", "La+x", "La x", "Lä"],
    ids=["cyrillic-look-alike", "dot", "plus", "space", "accent"],
)
def test_an_id_of_other_characters_is_refused_saying_what_is_allowed(mini: Path, bad: str) -> None:
    _edit(mini, "elements.csv", "\nLa,Lanthanum", f'\n"{bad}",Lanthanum')
    problems = [p for p in _problems(mini) if p.where == "elements.csv" and p.column == "id"]
    assert problems, _problems(mini)
    assert problems[0].row == 2 and problems[0].value == bad
    assert ID_RULE in problems[0].message


def test_ids_that_differ_only_in_case_are_refused_as_duplicates(mini: Path) -> None:
    # ids keep their case (La, NdPr, OKVED C24), but 'La' beside 'la' is one id to any reader
    path = mini / "elements.csv"
    first = path.read_text(encoding="utf-8").splitlines()[1]
    assert first.startswith("La,")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("la" + first[2:] + "\n")
    problems = [p for p in _problems(mini) if p.where == "elements.csv" and p.column == "id"]
    assert [(p.value, p.row) for p in problems] == [("la", len(path.read_text().splitlines()))]
    assert "differ only in case" in problems[0].message and "row 2" in problems[0].message


@pytest.mark.parametrize("name", [".", "..", "mini\n", f"mini{CYRILLIC_A}", "../x", "mini.v2"])
def test_a_scenario_name_of_other_characters_is_refused(mini: Path, name: str) -> None:
    _edit(mini, "scenario.yaml", "name: mini", f"name: {name!r}".replace("'", '"').replace("\n", "\\n"))
    problems = [p for p in _problems(mini) if p.where == "scenario.yaml" and p.column == "name"]
    assert problems and problems[0].value == name
    assert problems[0].message == f"expected {ID_RULE}"


def test_the_built_in_scenarios_and_the_fixtures_meet_the_id_rule() -> None:
    for source in ("angara-yenisei", "angara-yenisei-announced", MINI):
        load(source)  # raises on any id the rule refuses


def test_the_cli_refuses_a_look_alike_id_with_exit_2(mini: Path, cli: object) -> None:
    _edit(mini, "deposits.csv", "\ndep,", f"\nd{CYRILLIC_A}p,")
    assert callable(cli)
    result: Result = cli("validate", mini)
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert "letters A-Z or a-z" in " ".join((result.out + result.err).split())


# ------------------------------------------------------------------------------------------ the server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from start(f"sqlite:///{tmp_path / 'angara.db'}")


def _zipped(folder: Path = MINI) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"mini/{path.name}")
    return buffer.getvalue()


@pytest.mark.parametrize("name", [".", "..", "mini\n", f"mini{CYRILLIC_A}", "a/b", "mini.v2"])
def test_the_api_refuses_an_upload_under_a_name_of_other_characters(server: Server, name: str) -> None:
    answer = server.client.post(
        "/api/scenarios",
        files={"file": ("mini.zip", _zipped())},
        data={"name": name},
        headers=server.headers("analyst"),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["problems"][0]["where"] == "name"
    assert ID_RULE in answer.json()["problems"][0]["message"]
    assert server.client.get("/api/scenarios", headers=server.headers("viewer")).json() == []


@pytest.mark.parametrize("name", [".", "..", " mini", "mini\n"])
def test_the_store_refuses_a_name_of_other_characters(tmp_path: Path, name: str) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'angara.db'}")
    with database.session() as session:
        analyst = add_user(session, "analyst", "analyst", "correct horse battery staple", created_by=None)
        with pytest.raises(StoreError, match="letters A-Z or a-z"):
            save_version(session, name, load(MINI), analyst, "a name it refuses")
    database.close()


# ------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        # 1e12 RUB/t at the mini scenario's 80 RUB/USD
        ("1e308", "outside the plausible range 0 to 1.25e+07 USD/kg; check the unit"),
        ("1e12", "expected a number at most 1.25e+07 USD/kg: outside the plausible range"),
        ("-1e12", "expected a number at least 0 USD/kg: outside the plausible range 0 to 1.25e+07 USD/kg"),
        ("nan", "finite"),
        ("inf", "finite"),
        ("-Infinity", "finite"),
    ],
)
def test_an_implausible_or_non_finite_price_is_refused_naming_the_range(
    mini: Path, cell: str, words: str
) -> None:
    _edit(mini, "prices.csv", "abroad,ndpr_oxide,2025,75,", f"abroad,ndpr_oxide,2025,{cell},")
    problems = [p for p in _problems(mini) if p.where == "prices.csv"]
    assert problems and problems[0].row == 3 and problems[0].column == "price [USD/kg]"
    assert problems[0].value == cell
    assert words in problems[0].message


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400"])
def test_a_non_finite_number_in_the_meta_is_refused(mini: Path, value: str) -> None:
    _edit(mini, "scenario.yaml", "time_limit: 30", f"time_limit: {value}")
    problems = [p for p in _problems(mini) if p.where == "scenario.yaml"]
    assert problems and problems[0].column == "solver.time_limit"
    assert problems[0].message == "expected a finite number (not NaN or infinity)"


def test_every_quantity_column_has_a_plausible_range_in_the_docs() -> None:
    reference = (Path(__file__).parents[2] / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    for spec in TABLES:
        for column in spec.columns:
            if column.kind == "quantity":
                assert column.plausible is not None, f"{spec.name}.{column.name}"
                low, high = column.plausible
                assert low < high and high < 1e16
                assert "Plausible range" in column.description
                assert column.description in reference
