"""Yearly operations keep the plan's money and tonnes: nothing created or lost in the split."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.assess.operations import construction_years, operations, transfer_prices, year_periods
from angara.chain import expand
from angara.plan import optimize
from angara.plan.result import Plan
from angara.scenario.model import Scenario
from angara.scenario.schema import Payability


def test_sales_transport_and_transfers_are_conserved(mini_scenario: Scenario, mini_plan: Plan) -> None:
    ops = operations(mini_scenario, expand(mini_scenario), mini_plan)
    calendar = year_periods(mini_plan)
    yearly = ops.yearly.groupby("year")[["sales_rub", "transport_rub", "receipts_rub", "purchases_rub"]].sum()
    sales = mini_plan.sales.groupby("period")["revenue_rub"].sum()
    transport = mini_plan.flows.groupby("period")["cost_rub"].sum()
    for year, period in zip(calendar["year"], calendar["period"], strict=True):
        assert yearly.at[year, "sales_rub"] == pytest.approx(sales.get(period, 0.0), rel=1e-9, abs=1e-3)
        assert yearly.at[year, "transport_rub"] == pytest.approx(
            transport.get(period, 0.0), rel=1e-9, abs=1e-3
        )
        # what one plant receives for an intermediate another pays
        assert yearly.at[year, "receipts_rub"] == pytest.approx(yearly.at[year, "purchases_rub"], rel=1e-9)
    assert yearly["purchases_rub"].sum() > 0  # the mini chain passes concentrate between plants


def test_capex_is_the_plans_investment_plus_committed_plants(
    mini_scenario: Scenario, mini_plan: Plan
) -> None:
    chain = expand(mini_scenario)
    ops = operations(mini_scenario, chain, mini_plan)
    committed = sum(
        row.units * chain.slots.at[(row.process, row.location), "capex"]
        for row in chain.existing.itertuples()
        if row.first_year > mini_scenario.meta.first_year
    )
    assert committed > 0  # the mini scenario's mine is committed for 2028
    expected = mini_plan.builds["capex_rub"].sum() + committed
    assert ops.yearly["capex_rub"].sum() == pytest.approx(expected, rel=1e-12)


def test_mining_plants_carry_the_value_of_what_leaves_the_deposit(
    mini_scenario: Scenario, mini_plan: Plan
) -> None:
    ops = operations(mini_scenario, expand(mini_scenario), mini_plan)
    at_deposit = ops.plants.index[ops.plants["location_kind"] == "deposit"]
    keys = pd.MultiIndex.from_frame(ops.yearly[["process", "location"]])
    frame = ops.yearly[keys.isin(at_deposit)]
    net = (frame["sales_rub"] + frame["receipts_rub"] - frame["purchases_rub"]).groupby(frame["year"]).sum()
    mined = ops.yearly.groupby("year")["mineral_value_rub"].sum()
    assert mined.reindex(net.index).to_numpy() == pytest.approx(net.clip(lower=0).to_numpy())
    valued = ops.yearly.loc[ops.yearly["mineral_value_rub"] > 0, ["process", "location"]]
    assert set(valued.itertuples(index=False, name=None)) <= set(ops.plants.index[ops.plants["mining"]])


def test_construction_is_paid_in_the_years_before_commissioning() -> None:
    assert construction_years(2031, 3.0, 2027) == [2028, 2029, 2030]
    assert construction_years(2031, 2.5, 2027) == [2028, 2029, 2030]
    assert construction_years(2028, 3.0, 2027) == [2027]  # the horizon cuts the spread short
    assert construction_years(2027, 3.0, 2027) == [2027]
    assert construction_years(2030, 0.0, 2027) == [2030]


def test_a_good_priced_by_its_contents_passes_between_plants_at_its_streams_price(graded: Scenario) -> None:
    # the REE concentrate sells abroad for its NdPr at 5,000 RUB per t of oxide: too little to
    # sell rather than separate, but a market price for every stream of it
    term = Payability(market="abroad", good="concentrate", species="NdPr", year=2025, price=5_000.0)
    scenario = graded.model_copy(update={"payability": (*graded.payability, term)})
    chain = expand(scenario)
    plan = optimize(scenario)
    paid = transfer_prices(scenario, chain, plan)
    paid = paid[paid["good"] == "concentrate"]
    assert set(paid["source"]) == {"dep", "poor"} and set(paid["basis"]) == {"market"}
    composition = chain.composition.set_index(["good", "source", "species"])["content"]
    for row in paid.itertuples():
        ndpr_oxide = composition[("concentrate", row.source, "NdPr")] / 0.85
        assert row.price_rub_per_t == pytest.approx(5_000.0 * ndpr_oxide, rel=1e-9)
    by_source = paid.groupby("source")["price_rub_per_t"].first()
    assert by_source["dep"] == pytest.approx(2 * by_source["poor"], rel=1e-9)  # twice the grade
