"""Offtake contracts at fixed prices: the budget cost by hand on one plant, and on the mini
scenario's plan, where the optimizer sees the contract price like any other."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from angara.assess.assessment import assess
from angara.assess.money import Drivers, build_accounts, evaluate
from angara.assess.offtake import offtake_cost
from angara.assess.operations import Operations, Trade
from angara.assess.support import support_costs
from angara.assess.tables import SUPPORT, TRADE_PURCHASES, TRADE_RECEIPTS, TRADE_SALES, TRADE_TRANSPORT
from angara.plan import optimize
from angara.scenario.model import Scenario
from angara.scenario.schema import Market, Node, Price, Support
from angara.tables import declared
from tests.assess.money.test_support import NO_JOBS
from tests.assess.test_money import _one_plant, _operations, _scenario

EVERY = {"process": "*", "location": "*"}


def _offtake(**values: Any) -> Support:
    return Support.model_validate(
        {"id": "buy", "kind": "offtake", "market": "state", "good": "g"} | EVERY | values
    )


def _hand(*rows: Support, contract: float = 10.0, free: float | None = 6.0) -> tuple[Scenario, Operations]:
    """The one plant of tests.assess.test_money selling 2 t of g a year to the state in 2030
    and 2031 (20 of its 80 of sales) at ``contract`` RUB/t; the open market ``free`` pays
    ``free`` RUB/t (no such market with None)."""
    markets = [Market(id="state", name="State", node="n", kind="state_offtake")]
    prices = [Price(market="state", good="g", year=2027, price=contract, max_quantity=2.0)]
    if free is not None:
        markets.append(Market(id="free", name="Free", node="n"))
        prices.append(Price(market="free", good="g", year=2027, price=free))
    scenario = _scenario(
        nodes=(Node(id="n", name="N", lat=0.0, lon=0.0),),
        markets=tuple(markets),
        prices=tuple(prices),
        support=rows,
    )
    sales = pd.DataFrame(
        [
            {"process": "p", "location": "s", "period": year, "market": "state", "good": "g"}
            | {"tonnes": 2.0, "sales_rub": 2.0 * contract}
            for year in (2030, 2031)
        ]
    )
    empty = {
        name: pd.DataFrame(columns=list(schema.columns))
        for name, schema in (
            ("receipts", TRADE_RECEIPTS),
            ("purchases", TRADE_PURCHASES),
            ("transport", TRADE_TRANSPORT),
        )
    }
    trade = Trade(sales=declared(TRADE_SALES, sales), **empty)
    return scenario, dataclasses.replace(_one_plant(), trade=trade)


def _costs(scenario: Scenario, ops: Operations) -> pd.DataFrame:
    accounts = build_accounts(scenario, ops)
    money = evaluate(accounts, Drivers.planned(accounts))
    return declared(SUPPORT, support_costs(scenario, ops, money, NO_JOBS))


def test_an_offtake_costs_the_quantity_times_the_price_difference_by_hand() -> None:
    """2 t at 10 instead of 6 in 2030 and 2031: 8 a year.  Valued at 6, the plant's profit
    is 8 lower in each of those years, taxed at 20 % (rip's two years are 2028 and 2029):
    its free cash flow 6.4 lower."""
    scenario, ops = _hand(_offtake(level="regional"))
    [row] = _costs(scenario, ops).to_dict(orient="records")
    assert (row["process"], row["location"], row["level"]) == ("p", "s", "regional")
    assert row["budget_cost_rub"] == pytest.approx(16.0)
    assert row["budget_cost_discounted_rub"] == pytest.approx(8 / 1.1**3 + 8 / 1.1**4)
    assert row["plant_npv_effect_rub"] == pytest.approx(6.4 / 1.1**3 + 6.4 / 1.1**4)
    assert row["note"] == ""


def test_the_contract_years_and_a_named_reference_market_bound_the_cost() -> None:
    """From 2031 for one year only, against the free market: 8; a reference market that pays
    more than the contract makes the cost negative, and the note says the state buys cheap."""
    scenario, ops = _hand(_offtake(year=2031, years=1, reference_market="free"))
    assert _costs(scenario, ops)["budget_cost_rub"].tolist() == pytest.approx([8.0])
    scenario, ops = _hand(_offtake(), contract=5.0)
    [row] = _costs(scenario, ops).to_dict(orient="records")
    assert row["budget_cost_rub"] == pytest.approx(2 * 2 * (5.0 - 6.0))
    assert "below the reference price" in row["note"]


def test_without_a_reference_price_the_whole_payment_is_the_cost() -> None:
    scenario, ops = _hand(_offtake(), free=None)
    found = offtake_cost(scenario, ops, scenario.support[0])
    assert found.unreferenced == (2030, 2031)
    [row] = _costs(scenario, ops).to_dict(orient="records")
    assert row["budget_cost_rub"] == pytest.approx(2 * 2 * 10.0)
    assert "the reference is 0" in row["note"]


@pytest.fixture(scope="module")
def offtaken(mini_scenario: Scenario) -> Scenario:
    """The mini scenario with a state buyer at the port paying 10 mn RUB/t for up to 1,000 t
    a year of NdPr oxide, above the 9 mn RUB/t abroad (90 USD/kg at 100 RUB/USD) from 2030."""
    state = Market(id="state", name="State", node="port", kind="state_offtake")
    price = Price(market="state", good="ndpr_oxide", year=2027, price=1e7, max_quantity=1000.0)
    buy = Support(id="buy", kind="offtake", market="state", good="ndpr_oxide", **EVERY)
    return mini_scenario.model_copy(
        update={
            "markets": (*mini_scenario.markets, state),
            "prices": (*mini_scenario.prices, price),
            "support": (buy,),
        }
    )


def test_the_plan_sells_the_contracted_volume_and_the_budget_pays_the_difference(offtaken: Scenario) -> None:
    """The separation plant makes NdPr oxide in 2030 and 2031 and sells 1,000 t a year to the
    state: 2 x 1,000 t x (10 - 9) mn RUB/t = 2 bn RUB, discounted at 8 % to 2027."""
    plan = optimize(offtaken)
    sold = plan.sales[plan.sales["market"] == "state"].set_index("period")["tonnes"]
    assert sold.to_dict() == pytest.approx({2030: 1000.0, 2031: 1000.0})
    assessment = assess(offtaken, plan)
    [row] = assessment.support.to_dict(orient="records")
    assert (row["kind"], row["process"], row["level"]) == ("offtake", "separate", "federal")
    assert row["budget_cost_rub"] == pytest.approx(2e9)
    assert row["budget_cost_discounted_rub"] == pytest.approx(1e9 / 1.08**3 + 1e9 / 1.08**4)
    # the plant keeps what the budget pays less the profit tax on it
    assert 0 < row["plant_npv_effect_rub"] < row["budget_cost_discounted_rub"]
    [summary] = assessment.to_json()["support"]["instruments"]
    assert summary["budget_cost_rub"] == pytest.approx(2e9) and summary["plants"] == 1


def test_an_offtake_below_an_uncapped_market_is_not_used_and_costs_nothing(mini_scenario: Scenario) -> None:
    """At 5 mn RUB/t the state pays less than abroad does in every year (6, then 9)."""
    state = Market(id="state", name="State", node="port", kind="state_offtake")
    price = Price(market="state", good="ndpr_oxide", year=2027, price=5e6)
    cheap = mini_scenario.model_copy(
        update={
            "markets": (*mini_scenario.markets, state),
            "prices": (*mini_scenario.prices, price),
            "support": (Support(id="cheap", kind="offtake", market="state", good="ndpr_oxide", **EVERY),),
        }
    )
    plan = optimize(cheap)
    assert plan.sales.loc[plan.sales["market"] == "state", "tonnes"].sum() == pytest.approx(0.0)
    [row] = assess(cheap, plan).support.to_dict(orient="records")
    assert row["budget_cost_rub"] == 0.0 and row["region"] == ""
    assert "sells no ndpr_oxide to state" in row["note"]


def test_at_a_deposit_the_mineral_value_follows_the_reference_price() -> None:
    """The plant a mine: the value of its extracted mineral is its sales.  Valued at the
    reference, it is 8 lower in 2030 and 2031, so the extraction tax (1.68 %) is 0.1344
    lower and the profit before tax 7.8656 lower, taxed at 20 %."""
    sales = {2028: 20.0, 2029: 80.0, 2030: 80.0, 2031: 80.0}
    yearly = {2027: {"capex_rub": 100.0}} | {
        year: {"sales_rub": value, "opex_rub": 10.0, "wages_rub": 10.0, "mineral_value_rub": value}
        for year, value in sales.items()
    }
    mine = _operations(
        [{"plant": ("p", "s"), "vintages": {2028: 100.0}, "location_kind": "deposit", "mining": True}],
        {("p", "s"): yearly},
    )
    scenario, ops = _hand(_offtake())
    ops = dataclasses.replace(mine, trade=ops.trade)
    [row] = _costs(scenario, ops).to_dict(orient="records")
    assert row["budget_cost_rub"] == pytest.approx(16.0)
    lower = (8 - 0.0168 * 8) * 0.8
    assert row["plant_npv_effect_rub"] == pytest.approx(lower / 1.1**3 + lower / 1.1**4)


@settings(max_examples=25, deadline=None)
@given(
    contract=st.floats(min_value=0.0, max_value=40.0),
    free=st.floats(min_value=0.0, max_value=40.0),
)
def test_cost_is_quantity_times_difference_and_the_plant_keeps_at_most_all_of_it(
    contract: float, free: float
) -> None:
    """Whatever the prices: the cost is 4 t times the difference, and the plant's NPV moves
    the same way by no more than the discounted cost (the profit tax takes a share)."""
    scenario, ops = _hand(_offtake(), contract=contract, free=free)
    [row] = _costs(scenario, ops).to_dict(orient="records")
    assert row["budget_cost_rub"] == pytest.approx(4 * (contract - free), abs=1e-9)
    discounted, effect = row["budget_cost_discounted_rub"], row["plant_npv_effect_rub"]
    assert effect * discounted >= 0
    assert abs(effect) <= abs(discounted) + 1e-9
    assert ("below the reference price" in row["note"]) == (contract < free)
