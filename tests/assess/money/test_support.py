"""Support instruments in the money engine, by hand on one plant: built for 100 in 2027,
depreciated 20 a year from 2028, selling 20 then 80 a year at a cost of 20 (10 wages);
profit tax 20 %, 5 % for its first two years with revenue (regime rip); discount 10 %."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from angara.assess.money import Drivers, build_accounts, evaluate
from angara.assess.support import support_costs
from angara.assess.tables import SUPPORT
from angara.scenario.schema import Support
from angara.tables import declared
from tests.assess.test_money import _one_plant, _operations, _scenario

# the plant's free cash flow without support (tests.assess.test_money)
BARE = [-100.0, -1.8, 80 - 20 - 1.4 - 0.84, 80 - 20 - 1.0 - 7.8, 80 - 20 - 0.6 - 7.88 + 20]
NO_JOBS = pd.DataFrame(columns=["region", "year", "direct", "construction", "indirect", "induced"])


def _npv(flows: list[float]) -> float:
    return sum(f / 1.1**t for t, f in enumerate(flows))


def _support(**values: Any) -> Support:
    return Support.model_validate({"id": "s1", "process": "p", "location": "s"} | values)


def _costs(*rows: Support, ops: Any = None) -> pd.DataFrame:
    scenario = _scenario(support=rows)
    ops = _one_plant() if ops is None else ops
    accounts = build_accounts(scenario, ops)
    money = evaluate(accounts, Drivers.planned(accounts))
    return declared(SUPPORT, support_costs(scenario, ops, money, NO_JOBS))


def test_a_capital_grant_is_paid_with_the_capex_and_taxed_with_depreciation() -> None:
    """30 % of the 100 of CAPEX in 2027; 30 % of each year's depreciation (6) is income."""
    scenario = _scenario(support=(_support(kind="capital_grant", capex_share=0.3, level="regional"),))
    money = evaluate(accounts := build_accounts(scenario, _one_plant()), Drivers.planned(accounts))
    assert list(money.profit_before_tax[0, 0]) == pytest.approx([0.0, -15.8, 44.6, 45.0, 45.4])
    # 2029 at 5 % on 44.6 less the 15.8 carried; then 20 %
    assert list(money.profit_tax[0, 0]) == pytest.approx([0.0, 0.0, 1.44, 9.0, 9.08])
    free = [-70.0, -1.8, 80 - 20 - 1.4 - 1.44, 80 - 20 - 1.0 - 9.0, 80 - 20 - 0.6 - 9.08 + 20]
    assert list(money.free_cash_flow[0, 0]) == pytest.approx(free)
    costs = _costs(_support(kind="capital_grant", capex_share=0.3, level="regional"))
    [row] = costs.to_dict(orient="records")
    assert (row["level"], row["budget_cost_rub"], row["budget_cost_discounted_rub"]) == (
        "regional",
        30.0,
        30.0,
    )
    assert row["plant_npv_effect_rub"] == pytest.approx(_npv(free) - _npv(BARE))


def test_a_fixed_grant_does_not_follow_a_capex_overrun() -> None:
    scenario = _scenario(support=(_support(kind="capital_grant", amount=30.0),))
    accounts = build_accounts(scenario, _one_plant())
    planned = Drivers.planned(accounts)
    over = evaluate(
        accounts, Drivers(planned.prices, planned.capex * 1.5, planned.electricity, planned.transport)
    )
    assert over.grants[0, 0, 0] == pytest.approx(30.0)
    shared = build_accounts(
        _scenario(support=(_support(kind="capital_grant", capex_share=0.3),)), _one_plant()
    )
    assert evaluate(
        shared, Drivers(planned.prices, planned.capex * 1.5, planned.electricity, planned.transport)
    ).grants[0, 0, 0] == pytest.approx(45.0)


def test_a_subsidised_loan_with_grace_and_term() -> None:
    """50 lent in 2027 at 2 % for 3 years, 1 of grace: interest 1, 1, 0.5; repaid 25 in 2028
    and 2029.  At a market rate of 12 % the budget pays 10 % of 50, 50, 25."""
    loan = _support(kind="subsidised_loan", amount=50.0, rate=0.02, market_rate=0.12, term=3, grace=1)
    money = evaluate(
        accounts := build_accounts(_scenario(support=(loan,)), _one_plant()), Drivers.planned(accounts)
    )
    assert list(money.loan_interest[0]) == pytest.approx([1.0, 1.0, 0.5, 0.0, 0.0])
    assert list(money.loan_principal[0]) == pytest.approx([50.0, -25.0, -25.0, 0.0, 0.0])
    assert list(money.profit_before_tax[0, 0]) == pytest.approx([-1.0, -22.8, 38.1, 39.0, 39.4])
    # 2029: 5 % on 38.1 less the 23.8 carried
    assert list(money.profit_tax[0, 0]) == pytest.approx([0.0, 0.0, 0.715, 7.8, 7.88])
    free = [-51.0, -27.8, 80 - 20 - 1.4 - 0.715 - 25.5, 80 - 20 - 1.0 - 7.8, 80 - 20 - 0.6 - 7.88 + 20]
    assert list(money.free_cash_flow[0, 0]) == pytest.approx(free)
    [row] = _costs(loan).to_dict(orient="records")
    assert row["budget_cost_rub"] == pytest.approx(12.5)
    assert row["budget_cost_discounted_rub"] == pytest.approx(5.0 + 5.0 / 1.1 + 2.5 / 1.21)
    assert row["plant_npv_effect_rub"] == pytest.approx(_npv(free) - _npv(BARE))


def test_a_loan_still_owed_at_the_horizon_is_repaid_in_its_last_year() -> None:
    loan = _support(kind="subsidised_loan", amount=50.0, rate=0.0, market_rate=0.1, term=20, grace=2)
    money = evaluate(
        accounts := build_accounts(_scenario(support=(loan,)), _one_plant()), Drivers.planned(accounts)
    )
    assert list(money.loan_principal[0]) == pytest.approx([50.0, 0.0, -2.777778, -2.777778, -44.444444])


def test_an_electricity_discount_lowers_the_cost_and_costs_the_budget_the_discount() -> None:
    """Electricity of 10 a year from 2028, half off in 2030 and 2031: 5 a year saved.
    Without it: profit 2028 -31.8, 2029 28.6 (3.2 still carried), 2030 29.0, 2031 29.4; the
    discount adds 5 to each of the last two years' profit, 1 to their tax."""
    sales = {2028: 20.0, 2029: 80.0, 2030: 80.0, 2031: 80.0}
    yearly = {2027: {"capex_rub": 100.0}} | {
        year: {"sales_rub": value, "opex_rub": 10.0, "wages_rub": 10.0, "electricity_rub": 10.0}
        for year, value in sales.items()
    }
    ops = _operations([{"plant": ("p", "s"), "vintages": {2028: 100.0}}], {("p", "s"): yearly})
    cut = _support(
        kind="tariff_discount", tariff="electricity", discount=0.5, year=2030, years=2, level="regional"
    )
    bare = evaluate(accounts := build_accounts(_scenario(), ops), Drivers.planned(accounts))
    money = evaluate(accounts := build_accounts(_scenario(support=(cut,)), ops), Drivers.planned(accounts))
    assert list(money.operating[0, 0] - bare.operating[0, 0]) == pytest.approx([0, 0, 0, -5.0, -5.0])
    assert list(money.profit_tax[0, 0] - bare.profit_tax[0, 0]) == pytest.approx([0, 0, 0, 1.0, 1.0])
    [row] = _costs(cut, ops=ops).to_dict(orient="records")
    assert row["budget_cost_rub"] == pytest.approx(10.0)
    assert row["budget_cost_discounted_rub"] == pytest.approx(5 / 1.1**3 + 5 / 1.1**4)
    assert row["plant_npv_effect_rub"] == pytest.approx(4 / 1.1**3 + 4 / 1.1**4)


def test_a_tax_holiday_costs_the_taxes_forgone_by_each_budget() -> None:
    """rip's 5 % (all regional) in 2029 instead of 20 % (40 % federal) on 16.8."""
    costs = _costs(_support(kind="tax_holiday", regime="rip")).set_index("level")
    assert costs.loc["federal", "budget_cost_rub"] == pytest.approx(0.4 * 0.2 * 16.8)
    assert costs.loc["regional", "budget_cost_rub"] == pytest.approx(0.6 * 0.2 * 16.8 - 0.05 * 16.8)
    assert costs.loc["local", "budget_cost_rub"] == pytest.approx(0.0)
    assert costs["budget_cost_discounted_rub"].sum() == pytest.approx((0.2 - 0.05) * 16.8 / 1.21)
    assert costs["plant_npv_effect_rub"].tolist() == pytest.approx([0.15 * 16.8 / 1.21] * 3)
    # the taxes the plant pays the federal budget: 40 % of the general profit tax
    assert costs.loc["federal", "taxes_rub"] == pytest.approx(0.4 * (7.8 + 7.88))


def test_an_instrument_for_a_plant_the_plan_does_not_build_costs_nothing_and_says_so() -> None:
    costs = _costs(_support(kind="capital_grant", amount=30.0, process="q"))
    [row] = costs.to_dict(orient="records")
    assert row["budget_cost_rub"] == 0.0 and row["region"] == ""
    assert "builds no plant" in row["note"]
    holiday = _costs(_support(kind="tax_holiday", regime="rip", location="elsewhere"))
    assert holiday["budget_cost_rub"].tolist() == [0.0] and "costs nothing" in holiday["note"].iloc[0]
