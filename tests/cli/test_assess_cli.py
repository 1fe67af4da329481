"""angara plan prints and writes the assessment; angara assess re-assesses a saved plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import MINI, Result


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from angara.cli import main

    out = tmp_path_factory.mktemp("assess") / "out"
    try:
        main(["plan", str(MINI), "--out", str(out)])
    except SystemExit as stop:
        assert not stop.code
    return out


def test_plan_writes_the_assessment_and_the_scenario_it_used(planned: Path) -> None:
    names = {p.name for p in planned.iterdir()}
    assert {"assessment.json", "cashflows.csv", "taxes.csv", "jobs.csv", "city.csv", "scenario"} <= names
    document = json.loads((planned / "assessment.json").read_text())
    for key in ("npv_rub", "irr", "capex_rub", "discount_rate", "jobs", "taxes", "diversification", "city"):
        assert key in document
    flows = pd.read_csv(planned / "cashflows.csv")
    assert {"entity_kind", "entity", "year", "free_cash_flow_rub"} <= set(flows.columns)
    cluster = flows[flows["entity_kind"] == "cluster"]
    assert cluster["discounted_fcf_rub"].sum() == pytest.approx(document["npv_rub"], rel=1e-8)


def test_plan_prints_the_headline(cli: Callable[..., Result]) -> None:
    result = cli("plan", MINI)
    assert result.code == 0, result.err
    for text in (
        "Assessment",
        "NPV",
        "IRR",
        "CAPEX",
        "Jobs at full operation",
        "Taxes",
        "federal",
        "Satellite city",
    ):
        assert text in result.out
    document = json.loads(cli("plan", MINI, "--json").out)
    assert document["assessment"]["npv_rub"] > 0


def test_assess_a_saved_plan_under_other_tax_rules(
    planned: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    same = json.loads(cli("assess", planned, "--json").out)
    assert same["npv_rub"] == pytest.approx(json.loads((planned / "assessment.json").read_text())["npv_rub"])
    cheaper = tmp_path / "cheaper"
    cheaper.mkdir()
    for path in (planned / "scenario").iterdir():
        (cheaper / path.name).write_bytes(path.read_bytes())
    # the regional investment project covers the mini horizon's profits; property tax does not
    taxes = (cheaper / "taxes.csv").read_text().replace("property,*,0.022,", "property,*,0.011,")
    (cheaper / "taxes.csv").write_text(taxes)
    other = cli("assess", planned, cheaper, "--out", tmp_path / "again")
    assert other.code == 0, other.err
    again = json.loads((tmp_path / "again" / "assessment.json").read_text())
    assert again["taxes"]["by_tax"]["property"] == pytest.approx(same["taxes"]["by_tax"]["property"] / 2)
    assert again["npv_rub"] > same["npv_rub"]


def test_bad_plan_folders_exit_2_without_a_traceback(
    planned: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    missing = cli("assess", tmp_path / "nowhere")
    assert missing.code == 2 and "Traceback" not in missing.err + missing.out
    assert "no such folder" in missing.err
    wrong = cli("assess", planned, "angara-yenisei")
    assert wrong.code == 2 and "not in scenario angara-yenisei" in wrong.err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    refused = cli("assess", planned, "--out", tmp_path / "full")
    assert refused.code == 2 and "not an assessment folder" in refused.err
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_assess_reports_support_written_with_units_and_refuses_bad_rows(
    planned: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """A grant in mn RUB and a loan with rates in % for the metal plant, and a grant for a
    plant the plan does not build; then a loan with no market rate, located at its row."""
    supported = tmp_path / "supported"
    supported.mkdir()
    for path in (planned / "scenario").iterdir():
        (supported / path.name).write_bytes(path.read_bytes())
    header = (
        "id,kind,process,location,level,amount [MRUB],capex_share [%],rate [%],market_rate [%],term,grace\n"
    )
    rows = [
        "grant,capital_grant,metal,plant_site,regional,5,,,,,\n",
        "idf,subsidised_loan,metal,plant_site,federal,,50,3,16,7,3\n",
        "nowhere,capital_grant,separate,elsewhere,regional,5,,,,,\n",
    ]
    (supported / "support.csv").write_text(header + "".join(rows[:2]))
    result = cli("assess", planned, supported, "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert "Support instruments" in result.out
    document = json.loads((tmp_path / "out" / "assessment.json").read_text())
    grant, loan = document["support"]["instruments"]
    assert grant["budget_cost_rub"] == pytest.approx(5e6)
    assert loan["by_level"]["federal"] > 0 and loan["plant_npv_effect_rub"] > 0
    table = pd.read_csv(tmp_path / "out" / "support.csv")
    assert set(table["support"]) == {"grant", "idf"}
    (supported / "support.csv").write_text(header + rows[0] + rows[1].replace(",16,", ",,") + rows[2])
    bad = cli("validate", supported, "--json")
    assert bad.code == 2
    problems = json.loads(bad.out)["problems"]
    assert {(p["where"], p["row"], p["column"]) for p in problems} == {
        ("support.csv", 3, "market_rate"),
        ("support.csv", 4, "location"),
    }


def test_assess_reports_an_offtake_and_refuses_bad_ones(
    planned: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """The home market as a state buyer of the 100 t of NdPr metal the plan sells there in 2031
    at 93 USD/kg (9.3 mn RUB/t at 100 RUB/USD): no other market prices the metal, so the whole
    payment is the budget's.  Then an offtake without a market and one measured against a
    market that does not price the good, located at their rows."""
    supported = tmp_path / "supported"
    supported.mkdir()
    for path in (planned / "scenario").iterdir():
        (supported / path.name).write_bytes(path.read_bytes())
    header = "id,kind,process,location,level,market,good,reference_market\n"
    (supported / "support.csv").write_text(header + "metal,offtake,*,*,regional,home,ndpr_metal,\n")
    result = cli("assess", planned, supported, "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert "offtake" in result.out and "930" in result.out  # mn RUB
    document = json.loads((tmp_path / "out" / "assessment.json").read_text())
    [offtake] = document["support"]["instruments"]
    assert offtake["kind"] == "offtake" and offtake["budget_cost_rub"] == pytest.approx(9.3e8)
    assert offtake["by_level"] == {"regional": pytest.approx(9.3e8)} and offtake["plants"] == 1
    assert any("the reference is 0" in note for note in offtake["notes"])
    table = pd.read_csv(tmp_path / "out" / "support.csv")
    assert table[["support", "process", "location"]].values.tolist() == [["metal", "metal", "plant_site"]]
    rows = ["a,offtake,*,*,federal,,ndpr_metal,\n", "b,offtake,*,*,federal,home,ndpr_metal,abroad\n"]
    (supported / "support.csv").write_text(header + "".join(rows))
    bad = cli("validate", supported, "--json")
    assert bad.code == 2
    problems = json.loads(bad.out)["problems"]
    assert {(p["where"], p["row"], p["column"]) for p in problems} == {
        ("support.csv", 2, "market"),
        ("support.csv", 3, "reference_market"),
    }
