"""Malformed input: each case gets a located message and exit status 2, never a traceback.

Every case starts from the valid mini scenario, breaks one thing, and checks the
problem reported by ``angara validate --json`` (where, row, column, value,
message) and that the readable form exits with status 2 without a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Result


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable[[Path], object]  # may return another path to validate
    where: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None


CASES = [
    Case(
        "malformed YAML",
        lambda d: replace(d / "scenario.yaml", "title: Mini", "title: [Mini"),
        "scenario.yaml",
        "malformed YAML",
        row=4,
    ),
    Case(
        "YAML that is not a mapping",
        lambda d: (d / "scenario.yaml").write_text("- a\n- b\n"),
        "scenario.yaml",
        "expected a mapping",
    ),
    Case(
        "YAML alias bomb",
        lambda d: append(
            d / "scenario.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]"
        ),
        "scenario.yaml",
        "aliases (*a) are not allowed",
        row=16,
    ),
    Case(
        "YAML nested too deep",
        lambda d: append(d / "scenario.yaml", "deep: " + "[" * 50_000 + "]" * 50_000),
        "scenario.yaml",
        "nested deeper than",
        row=15,
    ),
    Case("missing scenario.yaml", lambda d: (d / "scenario.yaml").unlink(), "scenario.yaml", "missing"),
    Case(
        "unknown meta key",
        lambda d: append(d / "scenario.yaml", "horizon: 20"),
        "scenario.yaml",
        "unknown key",
        column="horizon",
        value="20",
    ),
    Case(
        "years out of order",
        lambda d: replace(d / "scenario.yaml", "last_year: 2031", "last_year: 2020"),
        "scenario.yaml",
        "last_year 2020 is before first_year 2027",
    ),
    Case(
        "discount rate not a number",
        lambda d: replace(d / "scenario.yaml", "8 %", "eight"),
        "scenario.yaml",
        "expected a number",
        column="discount_rate",
        value="eight",
    ),
    Case("empty table file", lambda d: (d / "deposits.csv").write_text(""), "deposits.csv", "file is empty"),
    Case(
        "binary table file",
        lambda d: (d / "deposits.csv").write_bytes(b"\x89PNG\x00\x01\x02"),
        "deposits.csv",
        "binary",
    ),
    Case(
        "not UTF-8",
        lambda d: (d / "regions.csv").write_bytes("id,name\nx,Кызыл\n".encode("cp1251")),
        "regions.csv",
        "not UTF-8",
    ),
    Case(
        "unknown table",
        lambda d: (d / "depostis.csv").write_text("id\nx\n"),
        "depostis.csv",
        "unknown table 'depostis'",
    ),
    Case(
        "unknown column",
        lambda d: replace(d / "sites.csv", "land [ha]", "area [ha]"),
        "sites.csv",
        "unknown column",
        row=1,
        column="area [ha]",
    ),
    Case(
        "missing required column",
        lambda d: replace(d / "deposits.csv", ",reserves [Mt]", ",note"),
        "deposits.csv",
        "required column 'reserves [t]' is missing",
        row=1,
    ),
    Case(
        "duplicate column",
        lambda d: replace(d / "skills.csv", "id,name", "id,name,name"),
        "skills.csv",
        "appears twice",
        row=1,
        column="name",
    ),
    Case(
        "unknown unit",
        lambda d: replace(d / "deposits.csv", "reserves [Mt]", "reserves [Mtt]"),
        "deposits.csv",
        "unknown unit 'Mtt'",
        row=1,
        column="reserves [Mtt]",
    ),
    Case(
        "incompatible unit",
        lambda d: replace(d / "deposits.csv", "reserves [Mt]", "reserves [MW]"),
        "deposits.csv",
        "not compatible with 't'",
        row=1,
        column="reserves [MW]",
    ),
    Case(
        "missing unit",
        lambda d: replace(d / "deposits.csv", "reserves [Mt]", "reserves"),
        "deposits.csv",
        "needs a unit in brackets",
        row=1,
        column="reserves",
    ),
    Case(
        "unit on a text column",
        lambda d: replace(d / "skills.csv", "id,name", "id,name [t]"),
        "skills.csv",
        "takes no unit",
        row=1,
        column="name [t]",
    ),
    Case(
        "text in a number cell",
        lambda d: replace(d / "deposits.csv", ",ore,10,", ",ore,lots,"),
        "deposits.csv",
        "expected a number",
        row=2,
        column="reserves [Mt]",
        value="lots",
    ),
    Case(
        "a unit in the cell that does not fit the column",
        lambda d: replace(d / "deposits.csv", ",ore,10,", ",ore,10 MW,"),
        "deposits.csv",
        "unit 'MW' does not fit this column; expected a unit like 't'",
        row=2,
        column="reserves [Mt]",
        value="10 MW",
    ),
    Case(
        "negative reserves",
        lambda d: replace(d / "deposits.csv", ",ore,10,", ",ore,-5,"),
        "deposits.csv",
        "expected a number at least 0 Mt",
        row=2,
        column="reserves [Mt]",
        value="-5",
    ),
    Case(
        "grade over 100 %",
        lambda d: replace(d / "deposit_grades.csv", "dep,Nb,0.7", "dep,Nb,120"),
        "deposit_grades.csv",
        "expected a number at most 100 %",
        row=3,
        column="grade [%]",
        value="120",
    ),
    Case(
        "ramp-up share over 100 %",
        lambda d: replace(d / "ramp_ups.csv", "chemical,2,80", "chemical,2,150"),
        "ramp_ups.csv",
        "expected a number at most 100 %",
        row=3,
        column="share [%]",
        value="150",
    ),
    Case(
        "ramp-up curve with a gap",
        lambda d: replace(d / "ramp_ups.csv", "chemical,2,80", "chemical,3,80"),
        "ramp_ups.csv",
        "ramp-up curve 'chemical' has no year 2",
        row=3,
        column="year",
        value="3",
    ),
    Case(
        "process on an unknown ramp-up curve",
        lambda d: replace(d / "processes.csv", ",3,chemical,80,", ",3,chemcial,80,"),
        "processes.csv",
        "unknown ramp up; did you mean 'chemical'?",
        row=4,
        column="ramp_up",
        value="chemcial",
    ),
    Case(
        "contingency over 100 %",
        lambda d: replace(d / "processes.csv", ",4,10,20,2,5,pit,", ",4,10,120,2,5,pit,"),
        "processes.csv",
        "expected a number at most 100 %",
        row=2,
        column="contingency [%]",
        value="120",
    ),
    Case(
        "unknown licence status",
        lambda d: replace(d / "deposits.csv", ",licensed,balance,", ",pending,balance,"),
        "deposits.csv",
        "auction_planned",
        row=2,
        column="licence",
        value="pending",
    ),
    Case(
        "unknown reserve category",
        lambda d: replace(d / "deposits.csv", ",licensed,balance,", ",licensed,proven,"),
        "deposits.csv",
        "off_balance",
        row=2,
        column="reserve_category",
        value="proven",
    ),
    Case(
        "unknown recovery evidence",
        lambda d: replace(
            d / "recoveries.csv", "benef,La,concentrate,65,testwork", "benef,La,concentrate,65,hope"
        ),
        "recoveries.csv",
        "testwork",
        row=2,
        column="evidence",
        value="hope",
    ),
    Case(
        "unknown reserve category to count",
        lambda d: append(d / "scenario.yaml", "reserves_counted: [balance, proven]"),
        "scenario.yaml",
        "off_balance",
        column="reserves_counted.1",
        value="proven",
    ),
    Case(
        "negative licensing years",
        lambda d: append(d / "scenario.yaml", "licensing_years: {unlicensed: -2}"),
        "scenario.yaml",
        "licensing_years must not be negative",
    ),
    Case(
        "duplicate id",
        lambda d: append(d / "skills.csv", "operator,Operators again"),
        "skills.csv",
        "duplicate id (first given in row 2)",
        row=4,
        column="id",
        value="operator",
    ),
    Case(
        "unknown region",
        lambda d: replace(d / "sites.csv", "plant_site,Plant site,north", "plant_site,Plant site,nort"),
        "sites.csv",
        "unknown region; did you mean 'north'?",
        row=2,
        column="region",
        value="nort",
    ),
    Case(
        "unknown node",
        lambda d: replace(d / "markets.csv", "home,Domestic,town", "home,Domestic,city"),
        "markets.csv",
        "unknown node",
        row=2,
        column="node",
        value="city",
    ),
    Case(
        "unknown good",
        lambda d: append(d / "prices.csv", "home,gold,2025,60,,"),
        "prices.csv",
        "unknown good",
        row=8,
        column="good",
        value="gold",
    ),
    Case(
        "unknown element",
        lambda d: append(d / "compositions.csv", "ndpr_metal,Fe,1"),
        "compositions.csv",
        "unknown element",
        row=5,
        column="species",
        value="Fe",
    ),
    Case(
        "unknown site",
        lambda d: append(d / "site_power.csv", "other_site,2027,5"),
        "site_power.csv",
        "unknown site",
        row=4,
        column="site",
        value="other_site",
    ),
    Case(
        "invalid choice",
        lambda d: replace(d / "goods.csv", "ore,REE-Nb ore,ore", "ore,REE-Nb ore,mineral"),
        "goods.csv",
        "expected one of: ore, intermediate, product, reagent",
        row=2,
        column="kind",
        value="mineral",
    ),
    Case(
        "fractional year",
        lambda d: replace(d / "deposits.csv", ",2027,State", ",2027.5,State"),
        "deposits.csv",
        "expected a whole number",
        row=2,
        column="earliest_start",
        value="2027.5",
    ),
    Case(
        "not yes or no",
        lambda d: replace(d / "deposits.csv", "State,yes", "State,maybe"),
        "deposits.csv",
        "expected yes or no",
        row=2,
        column="enabled",
        value="maybe",
    ),
    Case(
        "id with a space",
        lambda d: replace(d / "skills.csv", "engineer,Engineers", "chief engineer,Engineers"),
        "skills.csv",
        "expected an id",
        row=3,
        column="id",
        value="chief engineer",
    ),
    Case(
        "row with too many cells",
        lambda d: append(d / "skills.csv", "driver,Drivers,extra"),
        "skills.csv",
        "row has 3 cells but the header names 2 columns",
        row=4,
        value="extra",
    ),
    Case(
        "grades over 100 % in total",
        lambda d: append(d / "deposit_grades.csv", "dep,La,96,oxide,"),
        "deposit_grades.csv",
        "grades of 'dep' add up to 101.7 %",
        row=4,
        column="grade",
    ),
    Case(
        "profile over 100 %",
        lambda d: replace(d / "profiles.csv", "light,NdPr,40", "light,NdPr,45"),
        "profiles.csv",
        "shares of 'light' add up to 105 %",
        row=3,
        column="share",
    ),
    Case(
        "tax shares not 100 %",
        lambda d: replace(d / "taxes.csv", "profit,*,25,32,68,0", "profit,*,25,32,60,0"),
        "taxes.csv",
        "add up to 92 %",
        row=2,
        column="local",
    ),
    Case(
        "USD without exchange rates",
        lambda d: (d / "exchange_rates.csv").unlink(),
        "goods.csv",
        "no exchange_rates table",
        row=1,
        column="purchase_price [USD/t]",
    ),
    Case(
        "link without length or cost",
        lambda d: replace(d / "arcs.csv", "a1,mine_node,town,road,150,", "a1,mine_node,town,road,,"),
        "arcs.csv",
        "give a length or a cost per tonne",
        row=2,
    ),
    Case(
        "recipe creating an element",
        lambda d: replace(d / "process_inputs.csv", "metal,ndpr_oxide,1.238", "metal,ndpr_oxide,0.5"),
        "processes.csv",
        "a recipe cannot create an element",
        row=5,
        column="id",
        value="metal",
    ),
    Case(
        "two main feeds",
        lambda d: append(d / "process_inputs.csv", "separate,ore,"),
        "processes.csv",
        "exactly one main feed",
        row=4,
        column="id",
        value="separate",
    ),
    Case(
        "product output with a quantity",
        lambda d: replace(d / "process_outputs.csv", "separate,la_oxide,", "separate,la_oxide,0.1"),
        "process_outputs.csv",
        "leave the quantity of a product output empty",
        row=5,
        column="quantity",
    ),
    Case(
        "site process at a deposit",
        lambda d: append(d / "process_sites.csv", "separate,dep,1,,"),
        "process_sites.csv",
        "is built at sites; this is not a site",
        row=4,
        column="site",
        value="dep",
    ),
    Case(
        "contract above cap",
        lambda d: replace(
            d / "prices.csv", "home,ndpr_metal,2031,93,500,100", "home,ndpr_metal,2031,93,50,100"
        ),
        "prices.csv",
        "min_quantity exceeds max_quantity",
        row=6,
        column="min_quantity",
    ),
    Case(
        "composition of an intermediate",
        lambda d: append(d / "compositions.csv", "concentrate,La,0.1"),
        "compositions.csv",
        "compositions are for products",
        row=5,
        column="good",
        value="concentrate",
    ),
    Case(
        "not a scenario at all",
        lambda d: _text_file(d),
        "notes.txt",
        "expected a scenario folder or an .xlsx workbook",
    ),
    Case(
        "workbook that is not a workbook",
        lambda d: _fake_workbook(d),
        "fake.xlsx",
        "is not a readable .xlsx workbook",
    ),
    Case(
        "id with a look-alike Cyrillic letter",
        lambda d: replace(d / "deposits.csv", "\ndep,", "\nd\u0435p,"),
        "deposits.csv",
        "expected an id of letters A-Z or a-z, digits, '_' or '-' only",
        row=2,
        column="id",
        value="d\u0435p",
    ),
    Case(
        "scenario named '..'",
        lambda d: replace(d / "scenario.yaml", "name: mini", "name: '..'"),
        "scenario.yaml",
        "expected letters A-Z or a-z, digits, '_' or '-' only",
        column="name",
        value="..",
    ),
    Case(
        "price beyond the plausible range",
        lambda d: replace(d / "prices.csv", "abroad,ndpr_oxide,2025,75,", "abroad,ndpr_oxide,2025,1e308,"),
        "prices.csv",
        "outside the plausible range 0 to 1.25e+07 USD/kg; check the unit",
        row=3,
        column="price [USD/kg]",
        value="1e308",
    ),
    Case(
        "table over the rows cap",
        lambda d: append(d / "regions.csv", "\n".join(f"r{n},Region {n}" for n in range(5_001))),
        "regions.csv",
        "has more than 5,000 rows of data",
        row=5_002,
    ),
]


def _text_file(folder: Path) -> Path:
    path = folder.parent / "notes.txt"
    path.write_text("hello")
    return path


def _fake_workbook(folder: Path) -> Path:
    path = folder.parent / "fake.xlsx"
    path.write_bytes(b"this is not a zip archive")
    return path


def test_there_are_enough_distinct_cases() -> None:
    assert len({case.name for case in CASES}) == len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_malformed_input_is_located(case: Case, mini: Path, cli: Callable[..., Result]) -> None:
    broken = case.breaks(mini)
    target = broken if isinstance(broken, Path) else mini
    result = cli("validate", target, "--json")
    assert result.code == 2, result
    report = json.loads(result.out)
    assert report["valid"] is False
    matching = [p for p in report["problems"] if case.message in p["message"]]
    assert matching, f"no problem says {case.message!r}: {report['problems']}"
    problem = matching[0]
    assert Path(problem["where"]).name == case.where or problem["where"].endswith(case.where)
    assert problem["row"] == case.row
    assert problem["column"] == case.column
    if case.value is not None:
        assert problem["value"] == case.value
    readable = cli("validate", target)
    assert readable.code == 2
    assert "Traceback" not in readable.out + readable.err
    assert case.where in readable.err


def test_every_problem_is_reported_in_one_pass(mini: Path, cli: Callable[..., Result]) -> None:
    replace(mini / "deposits.csv", ",ore,10,", ",ore,-5,")
    replace(mini / "sites.csv", "plant_site,Plant site,north", "plant_site,Plant site,nort")
    append(mini / "skills.csv", "operator,Operators again")
    (mini / "institutions.csv").write_bytes(b"\x00\x01")
    result = cli("validate", mini, "--json")
    wheres = {p["where"] for p in json.loads(result.out)["problems"]}
    assert {"deposits.csv", "sites.csv", "skills.csv", "institutions.csv"} <= wheres


def test_bad_input_writes_nothing(mini: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    replace(mini / "deposits.csv", ",ore,10,", ",ore,-5,")
    for destination in (tmp_path / "out.xlsx", tmp_path / "out_folder"):
        result = cli("convert", mini, destination)
        assert result.code == 2
        assert not destination.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini"]
