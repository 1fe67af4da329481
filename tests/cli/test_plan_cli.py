"""angara plan end to end: JSON, output folder, failures with exit status 3, bad options."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import MINI, Result

REQUIRED = ("status", "objective", "mip_gap", "balance_residual_max", "builds", "assessment", "run")


def test_json_has_the_promised_fields(cli: Callable[..., Result]) -> None:
    result = cli("plan", MINI, "--json", "--threads", "1")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    for key in REQUIRED:
        assert key in document
    run = document["run"]
    assert run["parameters"] == {"threads": 1, "solver": "highs"} and run["kind"] == "plan"
    assert run["seconds"]["solve"] > 0 and "seconds_solve" not in document
    assert document["status"] == "optimal"
    assert document["balance_residual_max"] <= 1e-6
    assert {b["process"] for b in document["builds"]} >= {"separate", "metal"}


def test_out_writes_plan_and_tables_and_can_be_replaced(tmp_path: Path, cli: Callable[..., Result]) -> None:
    out = tmp_path / "out"
    first = cli("plan", MINI, "--out", out)
    assert first.code == 0, first.err
    assert "What to build" in first.out
    names = {p.name for p in out.iterdir()}
    assert {
        "plan.json",
        "builds.csv",
        "flows.csv",
        "sales.csv",
        "element_balance.csv",
        "shadow_prices.csv",
    } <= names
    again = cli("plan", MINI, "--out", out, "--objective", "cost")
    assert again.code == 0
    assert json.loads((out / "plan.json").read_text())["objective_kind"] == "cost"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # nothing half-written left behind


def test_no_plan_exits_3_with_what_is_short(mini: Path, cli: Callable[..., Result]) -> None:
    prices = mini / "prices.csv"
    prices.write_text(
        prices.read_text().replace("home,ndpr_metal,2025,93,500,", "home,ndpr_metal,2025,93,500,100")
    )
    result = cli("plan", mini)
    assert result.code == 3
    assert "the contract for 100 t/yr of ndpr_metal in 2027 cannot be met" in result.err
    assert "Traceback" not in result.err
    as_json = cli("plan", mini, "--json")
    assert as_json.code == 3
    assert json.loads(as_json.out)["status"] == "infeasible"


def test_bad_options_are_located(tmp_path: Path, cli: Callable[..., Result]) -> None:
    assert cli("plan", MINI, "--periods", "2027,soon").code == 2
    unknown = cli("plan", MINI, "--solver", "nosuchsolver")
    assert unknown.code == 2 and "not installed" in unknown.err
    occupied = tmp_path / "mine"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("keep me")
    refused = cli("plan", MINI, "--out", occupied)
    assert refused.code == 2 and "not an Angara result folder" in refused.err
    assert (occupied / "notes.txt").read_text() == "keep me"
    assert cli("plan", MINI, "--objective", "profit").code == 2
    for option, value, message in (
        ("--time-limit", "nan", "Input should be a finite number"),
        ("--time-limit", "0", "Input should be greater than 0"),
        ("--gap", "1.5", "Input should be less than or equal to 1"),
        ("--threads", "0", "Input should be greater than or equal to 1"),
        ("--periods", "1066", "Input should be greater than or equal to 1900"),
    ):
        refused = cli("plan", MINI, option, value)
        assert refused.code == 2 and "Traceback" not in refused.err, option
        assert option in refused.err and message in refused.err, option


def test_a_bad_scenario_is_bad_input(mini: Path, cli: Callable[..., Result]) -> None:
    (mini / "deposits.csv").write_text("id\n")
    assert cli("plan", mini).code == 2


def test_write_lp_writes_the_built_model_under_the_registrys_names(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "mini.lp"
    done = cli("plan", MINI, "--write-lp", target, "--json")
    assert done.code == 0, done.err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\\ Angara plan model") and text.rstrip().endswith("end")
    for group in ("stock(", "capacity(", "balance(", "power("):
        assert f"\n{group}" in text


def test_write_lp_to_a_missing_folder_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    done = cli("plan", MINI, "--write-lp", tmp_path / "nowhere" / "mini.lp")
    assert done.code == 2
    assert "--write-lp" in done.err and "folder does not exist" in done.err
