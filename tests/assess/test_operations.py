"""Yearly operations keep the plan's money and tonnes: nothing created or lost in the split."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from angara.assess.operations import operations, year_periods
from angara.assess.transfer import reference_prices
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


def test_sustaining_capital_and_closure_follow_the_slot_columns(
    mini_scenario: Scenario, mini_plan: Plan
) -> None:
    """Without the columns both are 0; with 2 % a year and 10 % at the end of life, the
    sustaining capital is 2 % of the standing modules' CAPEX each year and closure 10 % of
    each vintage's, in the year after its life or at the horizon discounted (8 %)."""
    chain = expand(mini_scenario)
    bare = chain.slots.assign(sustaining_capex=0.0, closure_cost=0.0)
    plain = operations(mini_scenario, dataclasses.replace(chain, slots=bare), mini_plan)
    assert plain.yearly["sustaining_capex_rub"].sum() == 0 and plain.yearly["closure_rub"].sum() == 0
    # the chain holds RUB per module: 2 % of its CAPEX a year, 10 % at the end of its life
    slots = chain.slots.assign(
        sustaining_capex=0.02 * chain.slots["capex"], closure_cost=0.1 * chain.slots["capex"]
    )
    ops = operations(mini_scenario, dataclasses.replace(chain, slots=slots), mini_plan)
    capex = slots["capex"].reindex(pd.MultiIndex.from_frame(ops.yearly[["process", "location"]])).to_numpy()
    assert ops.yearly["sustaining_capex_rub"].to_numpy() == pytest.approx(0.02 * ops.yearly["units"] * capex)
    last = max(ops.years)
    expected = sum(
        0.1
        * row.capex_rub
        * 1.08
        ** -max(0, row.first_year + math.ceil(slots.at[(row.process, row.location), "lifetime"]) - last)
        for row in ops.vintages.itertuples()
    )
    assert ops.yearly["closure_rub"].sum() == pytest.approx(expected, rel=1e-9)
    assert set(ops.yearly.loc[ops.yearly["closure_rub"] > 0, "year"]) == {last}  # lives outlast the horizon


def test_without_asset_classes_all_capex_is_taxed_and_a_note_says_so(
    mini_scenario: Scenario, mini_plan: Plan
) -> None:
    bare = mini_scenario.model_copy(update={"asset_classes": ()})
    ops = operations(bare, expand(bare), mini_plan)
    assert (ops.plants["immovable"] == 1.0).all()
    assert any(note.startswith("no asset_classes row for stage") for note in ops.notes)
    shares = operations(mini_scenario, expand(mini_scenario), mini_plan).plants
    assert dict(zip(shares["stage"], shares["immovable"], strict=True)) == {
        "mining": 0.3,
        "beneficiation": 0.5,
        "separation": 0.5,
        "metal": 0.5,
    }


def test_a_good_priced_by_its_contents_passes_between_plants_at_its_streams_price(graded: Scenario) -> None:
    # the REE concentrate sells abroad for its NdPr at 5,000 RUB per t of oxide: too little to
    # sell rather than separate, but a market price for every stream of it
    term = Payability(market="abroad", good="concentrate", species="NdPr", year=2025, price=5_000.0)
    scenario = graded.model_copy(update={"payability": (*graded.payability, term)})
    chain = expand(scenario)
    plan = optimize(scenario)
    shadow = plan.shadow_prices
    used = shadow.loc[shadow["good"] == "concentrate", ["good", "source", "node", "period"]]
    paid = reference_prices(chain, plan, used).rename(columns={"market": "price_rub_per_t"})
    assert set(paid["source"]) == {"dep", "poor"} and paid["price_rub_per_t"].notna().all()
    composition = chain.composition.set_index(["good", "source", "species"])["content"]
    for row in paid.itertuples():
        ndpr_oxide = composition[("concentrate", row.source, "NdPr")] / 0.85
        assert row.price_rub_per_t == pytest.approx(5_000.0 * ndpr_oxide, rel=1e-9)
    by_source = paid.groupby("source")["price_rub_per_t"].first()
    assert by_source["dep"] == pytest.approx(2 * by_source["poor"], rel=1e-9)  # twice the grade
