"""Yearly operations keep the plan's money and tonnes: nothing created or lost in the split."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.assess.operations import operations, year_periods
from angara.chain import expand
from angara.plan.result import Plan
from angara.scenario.model import Scenario


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
