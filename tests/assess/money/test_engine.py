"""The statement items added to the money engine, by hand: the property tax on immovable
property only, working capital, sustaining capital and closure, and the profit tax of a
consolidated group beside each plant taxed alone."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from angara.assess.money import Drivers, Statements, build_accounts, evaluate
from angara.assess.money.engine import consolidated_profit_tax, profit_tax
from angara.assess.operations import Operations
from angara.scenario.model import Scenario
from angara.scenario.schema import AssessmentSettings
from tests.assess.test_money import _one_plant, _operations, _scenario


def test_property_tax_is_on_the_immovable_share_of_the_book_value() -> None:
    """40 % of the module is buildings and structures: 2 % of 40 % of the average book value
    90, 70, 50, 30 (the machinery, movable, is exempt since 2019)."""
    sales = {2028: 20.0, 2029: 80.0, 2030: 80.0, 2031: 80.0}
    yearly = {2027: {"capex_rub": 100.0}} | {year: {"sales_rub": value} for year, value in sales.items()}
    ops = _operations(
        [{"plant": ("p", "s"), "vintages": {2028: 100.0}, "immovable": 0.4}], {("p", "s"): yearly}
    )
    accounts = build_accounts(_scenario(), ops)
    money = evaluate(accounts, Drivers.planned(accounts))
    assert list(money.property_tax[0, 0]) == pytest.approx([0.0, 0.72, 0.56, 0.40, 0.24])
    # the whole book still depreciates and is left at the end
    assert list(money.depreciation[0, 0]) == [0.0, 20.0, 20.0, 20.0, 20.0]
    assert money.residual_value[0, 0, -1] == pytest.approx(20.0)


def _planned(scenario: Scenario, ops: Operations) -> Statements:
    accounts = build_accounts(scenario, ops)
    return evaluate(accounts, Drivers.planned(accounts))


def test_working_capital_ties_up_cash_and_is_released_at_the_end() -> None:
    """Working capital = 0.1 x revenue + (0.2 - 0.1) x costs of 20: 0, 4, 10, 10, 10; it ties
    up 4 in 2028 and 6 in 2029 and comes back as residual value in 2031."""
    days = AssessmentSettings(receivable_days=36.5, inventory_days=73.0, payable_days=36.5)
    scenario = _scenario()
    scenario = scenario.model_copy(update={"meta": scenario.meta.model_copy(update={"assessment": days})})
    money = _planned(scenario, _one_plant())
    assert list(money.working_capital[0, 0]) == pytest.approx([0.0, 4.0, 10.0, 10.0, 10.0])
    assert list(money.working_capital_change[0, 0]) == pytest.approx([0.0, 4.0, 6.0, 0.0, 0.0])
    assert list(money.residual_value[0, 0]) == pytest.approx([0.0, 0.0, 0.0, 0.0, 20.0 + 10.0])
    plain = _planned(_scenario(), _one_plant())
    tied = money.free_cash_flow[0, 0] - plain.free_cash_flow[0, 0]
    assert list(tied) == pytest.approx([0.0, -4.0, -6.0, 0.0, 10.0])
    # no effect on profit: working capital is a balance, not a cost
    assert money.profit_tax[0, 0] == pytest.approx(plain.profit_tax[0, 0])


def test_sustaining_capital_is_depreciated_and_closure_is_deducted() -> None:
    """Sustaining capital of 10 in 2030 depreciates over the plant's 5 years (2 a year,
    6 left at the end); a closure cost of 5 in 2031 is an expense of that year."""
    base = _one_plant()
    yearly = base.yearly.copy()
    yearly["sustaining_capex_rub"] = np.where(yearly["year"] == 2030, 10.0, 0.0)
    yearly["closure_rub"] = np.where(yearly["year"] == 2031, 5.0, 0.0)
    ops = dataclasses.replace(base, yearly=yearly)
    accounts = build_accounts(_scenario(), ops)
    money = evaluate(accounts, Drivers.planned(accounts))
    before = _planned(_scenario(), base)
    assert list(money.depreciation[0, 0] - before.depreciation[0, 0]) == pytest.approx([0, 0, 0, 2.0, 2.0])
    assert list(money.profit_before_tax[0, 0] - before.profit_before_tax[0, 0]) == pytest.approx(
        [0, 0, 0, -2.0, -7.0]
    )
    assert money.residual_value[0, 0, -1] - before.residual_value[0, 0, -1] == pytest.approx(6.0)
    assert list(money.sustaining[0, 0]) == pytest.approx([0, 0, 0, 10.0, 0])
    assert list(money.closure[0, 0]) == pytest.approx([0, 0, 0, 0, 5.0])
    # cash: 10 and 5 paid, 6 of book left, profit tax 20 % lower on 2 and 7 in 2030-2031
    assert list(money.free_cash_flow[0, 0] - before.free_cash_flow[0, 0]) == pytest.approx(
        [0, 0, 0, -10.0 + 0.2 * 2.0, -5.0 + 6.0 + 0.2 * 7.0]
    )
    # every capital item moves with the CAPEX overrun
    over = Drivers(np.ones((1, 5, 1)), np.array([[1.5]]), np.ones(1), np.ones(1))
    costly = evaluate(accounts, over)
    assert costly.sustaining[0, 0, 3] == pytest.approx(15.0) and costly.closure[0, 0, 4] == pytest.approx(7.5)


def test_a_consolidated_group_offsets_one_plants_loss_against_anothers_profit() -> None:
    """Plant A loses 100 then earns 50, plant B earns 80 twice, at 20 %.  Alone: A pays
    nothing (its loss carried), B pays 16 and 16: 32.  Together: 80 - 100 = -20, no tax and 20
    carried; then 50 + 80 - 20 = 110, tax 22: 10 less."""
    profits = np.array([[[-100.0, 50.0], [80.0, 80.0]]])
    rates = np.full((1, 2, 2), 0.2)
    alone, carried_alone = profit_tax(profits, rates)
    assert alone[0].tolist() == [[0.0, 0.0], [16.0, 16.0]]
    assert carried_alone[0, 0].tolist() == [100.0, 50.0]
    together, carried = consolidated_profit_tax(profits, rates, np.array([0, 0]))
    assert together[0].sum() == pytest.approx(22.0)
    assert carried[0, 0].tolist() == pytest.approx([20.0, 0.0])
    # each member pays its rate on what the offset leaves of its own profit: 110 / 130 of it
    assert together[0, :, 1] == pytest.approx([0.2 * 50 * 110 / 130, 0.2 * 80 * 110 / 130])


def test_members_pay_their_own_rates_after_the_offset() -> None:
    """A (5 %, an incentive) earns 100, B (25 %) loses 40: the base 60 is A's 100 less 40; A pays 3."""
    together, _ = consolidated_profit_tax(
        np.array([[[100.0], [-40.0]]]), np.array([[[0.05], [0.25]]]), np.array([7, 7])
    )
    assert together[0, :, 0] == pytest.approx([3.0, 0.0])


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, (2, 3, 6), elements=st.floats(-1e6, 1e6)),
    arrays(float, (2, 3, 6), elements=st.floats(0.0, 0.5)),
)
def test_each_plant_its_own_group_is_each_plant_alone(profits: np.ndarray, rates: np.ndarray) -> None:
    alone, carried = profit_tax(profits, rates)
    own, pooled = consolidated_profit_tax(profits, rates, np.arange(3))
    assert own == pytest.approx(alone, rel=1e-9, abs=1e-6)
    assert pooled == pytest.approx(carried, rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, (2, 3, 6), elements=st.floats(-1e6, 1e6)),
    st.floats(0.0, 0.5),
)
def test_one_group_never_pays_more_than_its_plants_alone(profits: np.ndarray, rate: float) -> None:
    rates = np.full(profits.shape, rate)
    alone, _ = profit_tax(profits, rates)
    together, _ = consolidated_profit_tax(profits, rates, np.zeros(3, dtype=int))
    assert (together.sum(axis=(1, 2)) <= alone.sum(axis=(1, 2)) + 1e-6).all()
    # and never less than the rate on the group's cumulative profit
    assert (together.sum(axis=(1, 2)) >= rate * profits.sum(axis=(1, 2)) - 1e-6).all()
