"""Market access: the optimizer sells only to open markets; opening a dearer market in a
variant moves sales there and changes the plan by the amount computed by hand."""

from __future__ import annotations

import pytest

from angara.plan import optimize
from angara.scenario.model import Scenario
from angara.scenario.schema import Market, Price
from tests.plan.factory import TRANSPORT, factory

PREMIUM = 150.0  # RUB/t at the premium market, against 100 at the town market
PREMIUM_CAP = 6.0  # t/yr the premium market takes


def _with_premium_market(*, open_: bool) -> Scenario:
    """The factory scenario with a second market at the same node paying more for less."""
    base = factory(first=2027, last=2031)
    premium = Market(id="premium", name="Premium buyers", node="town", kind="ex_china", open=open_)
    price = Price(market="premium", good="widget", year=2027, price=PREMIUM, max_quantity=PREMIUM_CAP)
    return base.model_copy(update={"markets": (*base.markets, premium), "prices": (*base.prices, price)})


def _sold(plan_sales: object, market: str) -> float:
    sales = plan_sales  # a DataFrame
    return float(sales.loc[sales["market"] == market, "tonnes"].sum())  # type: ignore[attr-defined, index]


def test_a_closed_market_gets_no_sales_even_at_a_higher_price() -> None:
    plan = optimize(_with_premium_market(open_=False))
    assert _sold(plan.sales, "premium") == 0.0
    assert set(plan.sales["market"]) == {"town"}
    # as if the premium market did not exist: 5 years x (margin 500 - annuity 100), rate 0
    assert plan.objective == pytest.approx(optimize(factory(first=2027, last=2031)).objective, rel=1e-9)
    assert plan.objective == pytest.approx(5 * ((100.0 - 40.0 - TRANSPORT) * 10.0 - 100.0), rel=1e-6)


def test_opening_the_dearer_market_in_a_variant_moves_sales_there() -> None:
    closed = optimize(_with_premium_market(open_=False))
    opened = optimize(_with_premium_market(open_=True))
    years = 5
    assert _sold(opened.sales, "premium") == pytest.approx(PREMIUM_CAP * years)
    assert _sold(opened.sales, "town") == pytest.approx((10.0 - PREMIUM_CAP) * years)
    # each tonne moved earns 150 - 100 more: 6 t/yr x 50 RUB/t x 5 years
    assert opened.objective - closed.objective == pytest.approx(
        PREMIUM_CAP * (PREMIUM - 100.0) * years, rel=1e-6
    )
