"""The whole assessment of the mini plan: promised fields and invariants."""

from __future__ import annotations

import json

import pytest

from angara.assess.assessment import Assessment, assess
from angara.plan.result import Plan
from angara.scenario.model import Scenario
from angara.scenario.problems import ScenarioError
from angara.scenario.schema import AssessmentSettings


@pytest.fixture(scope="module")
def result(mini_scenario: Scenario, mini_plan: Plan) -> Assessment:
    return assess(mini_scenario, mini_plan)


def test_json_has_the_promised_fields(result: Assessment) -> None:
    document = json.loads(json.dumps(result.to_json(), allow_nan=False))
    for key in ("npv_rub", "irr", "capex_rub", "discount_rate", "jobs", "taxes", "diversification", "city"):
        assert key in document
    for key in ("direct", "indirect", "induced", "construction_person_years", "by_region"):
        assert key in document["jobs"]
    for key in ("by_level", "by_region", "by_year", "total_rub"):
        assert key in document["taxes"]
    assert set(document["diversification"]["north"]["before"]) == {
        "mining_share",
        "manufacturing_share",
        "high_tech_share",
        "hhi",
        "shannon",
    }
    assert document["discount_rate"] == 0.08
    assert document["jobs"]["direct"] > 0 and document["capex_rub"] > 0


def test_cluster_cash_flows_discount_to_the_reported_npv(result: Assessment) -> None:
    flows = result.cashflows[result.cashflows["entity_kind"] == "cluster"].sort_values("year")
    by_hand = sum(
        f / 1.08 ** (y - 2027) for y, f in zip(flows["year"], flows["free_cash_flow_rub"], strict=True)
    )
    assert result.to_json()["npv_rub"] == pytest.approx(by_hand, rel=1e-12)
    plants = result.cashflows[result.cashflows["entity_kind"] == "plant"]
    infrastructure = result.cashflows[result.cashflows["entity_kind"] == "infrastructure"]
    total = plants["discounted_fcf_rub"].sum() + infrastructure["discounted_fcf_rub"].sum()
    assert total == pytest.approx(by_hand, rel=1e-12)


def test_taxes_by_level_sum_to_the_total(result: Assessment) -> None:
    taxes = result.to_json()["taxes"]
    assert sum(taxes["by_level"].values()) == pytest.approx(taxes["total_rub"], rel=1e-12)
    by_region = sum(sum(levels.values()) for levels in taxes["by_region"].values())
    assert by_region == pytest.approx(taxes["total_rub"], rel=1e-12)
    by_year = sum(sum(v for k, v in row.items() if k != "year") for row in taxes["by_year"])
    assert by_year == pytest.approx(taxes["total_rub"], rel=1e-12)
    # every tax paid by a plant is in its statement
    paid = (
        result.cashflows[result.cashflows["entity_kind"] == "plant"][
            ["property_tax_rub", "land_tax_rub", "extraction_tax_rub", "profit_tax_rub"]
        ]
        .sum()
        .sum()
    )
    withheld = result.taxes.loc[result.taxes["tax"] == "personal_income", "amount_rub"].sum()
    assert paid + withheld == pytest.approx(taxes["total_rub"], rel=1e-12)


def test_each_plant_writes_off_what_it_invested(result: Assessment) -> None:
    """Depreciation and the book value left add up to CAPEX and sustaining capital; the
    rest of the residual value is the working capital released at the horizon's end, and
    every change of working capital adds up to nothing over the horizon."""
    plants = result.cashflows[result.cashflows["entity_kind"] == "plant"]
    last = plants["year"] == plants["year"].max()
    book_left = plants["residual_value_rub"] - plants["working_capital_rub"].where(last, 0.0)
    sums = plants.assign(book_left=book_left).groupby(["process", "location"])
    invested = sums["capex_rub"].sum() + sums["sustaining_capex_rub"].sum()
    assert (sums["depreciation_rub"].sum() + sums["book_left"].sum()).to_numpy() == pytest.approx(
        invested.to_numpy(), rel=1e-9
    )
    assert (invested > 0).any()
    tied = (
        sums["working_capital_change_rub"].sum()
        - plants.loc[last].groupby(["process", "location"])["working_capital_rub"].sum()
    )
    assert tied.to_numpy() == pytest.approx(0.0, abs=1e-3)


def test_output_shares_sum_to_one(result: Assessment) -> None:
    shares = result.structure.groupby(["region", "year"])[["share_before", "share_after"]].sum()
    assert shares.to_numpy() == pytest.approx(1.0)
    assert result.structure["added_rub"].sum() > 0


def test_jobs_and_city(result: Assessment, mini_scenario: Scenario) -> None:
    jobs = result.to_json()["jobs"]
    assert jobs["direct"] == pytest.approx(sum(r["direct"] for r in jobs["by_region"].values()))
    # 60 % of indirect and induced jobs stay in the region (the mini scenario's local_share)
    elsewhere = jobs["by_region"]["rest_of_russia"]
    assert elsewhere["induced"] == pytest.approx(0.4 * jobs["induced"], rel=1e-9)
    city = result.city
    assert (city["residents"] == city["migrants"] * 2.75).all()
    assert result.to_json()["city"]["residents"] > 0  # the mini scenario lacks engineers


def test_transfer_prices_move_profit_between_plants_not_out_of_the_cluster(
    result: Assessment,
    mini_scenario: Scenario,
    mini_plan: Plan,
) -> None:
    settings = AssessmentSettings(transfer_price="shadow", local_share=0.6)
    shadow = assess(
        mini_scenario.model_copy(
            update={"meta": mini_scenario.meta.model_copy(update={"assessment": settings})}
        ),
        mini_plan,
    )
    market = result.cashflows[result.cashflows["entity_kind"] == "cluster"]["revenue_rub"].to_numpy()
    other = shadow.cashflows[shadow.cashflows["entity_kind"] == "cluster"]["revenue_rub"].to_numpy()
    assert market == pytest.approx(other)
    assert shadow.transfer_price == "shadow"


def test_a_plan_from_another_scenario_is_refused(mini_plan: Plan) -> None:
    from angara.scenario.load import load

    with pytest.raises(ScenarioError) as error:
        assess(load("angara-yenisei"), mini_plan)
    assert any(p.where == "capacity.csv" and p.column == "process, location" for p in error.value.problems)


def test_taxes_are_reported_undiscounted_and_discounted(result: Assessment) -> None:
    """Each receipt discounted at 8 % to 2027, and the totals both ways, labelled."""
    taxes = result.taxes
    factor = 1.08 ** -(taxes["year"] - 2027)
    assert taxes["discounted_rub"].to_numpy() == pytest.approx((taxes["amount_rub"] * factor).to_numpy())
    summary = result.to_json()["taxes"]
    assert summary["total_discounted_rub"] == pytest.approx(taxes["discounted_rub"].sum(), rel=1e-12)
    assert sum(summary["by_level_discounted"].values()) == pytest.approx(summary["total_discounted_rub"])
    assert 0 < summary["total_discounted_rub"] < summary["total_rub"]
    assert "undiscounted" in summary["basis"] and "discounted at 8% to 2027" in summary["basis"]
    paid = result.entities[result.entities["entity_kind"] == "plant"]
    assert (paid["taxes_paid_discounted_rub"] <= paid["taxes_paid_rub"] + 1e-6).all()


def test_the_consolidated_view_beside_each_plant_taxed_alone(result: Assessment) -> None:
    """One group never pays more profit tax than its plants alone; the rest of the money is
    the same, so the NPVs differ by the tax saved, and the per-plant view is the headline."""
    views = result.to_json()["consolidated"]
    alone, together = views["per_plant"], views["consolidated"]
    assert views["group"] == "cluster" and views["status"].startswith("what-if")
    assert alone["npv_rub"] == pytest.approx(result.cluster["npv_rub"], rel=1e-12)
    assert together["profit_tax_rub"] < alone["profit_tax_rub"]  # the mini mine's early losses offset
    saved = alone["profit_tax_discounted_rub"] - together["profit_tax_discounted_rub"]
    assert together["npv_rub"] - alone["npv_rub"] == pytest.approx(saved, rel=1e-9, abs=1e-3)
    table = result.consolidation.set_index(["view", "year"])["profit_tax_rub"]
    assert table.loc["per_plant"].sum() == pytest.approx(alone["profit_tax_rub"], rel=1e-12)
    plants = result.cashflows[result.cashflows["entity_kind"] == "plant"]
    assert table.loc["per_plant"].sum() == pytest.approx(plants["profit_tax_rub"].sum(), rel=1e-12)
