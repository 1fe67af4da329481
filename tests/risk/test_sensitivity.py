"""The tornado: each bar is the evaluation at that driver's settings, and points the right way."""

from __future__ import annotations

import numpy as np
import pytest

from angara.assess.money import Drivers
from angara.risk.evaluate import evaluate
from angara.risk.ledger import Ledger
from angara.risk.sensitivity import tornado
from angara.scenario.model import Scenario
from tests.assess.reference import evaluate_one


def test_bars_are_evaluations_at_their_settings(risky: Scenario, ledger: Ledger) -> None:
    result = tornado(risky, ledger)
    bars = {bar.driver: bar for bar in result.bars}
    swing = risky.meta.risk.sensitivity
    shape = (len(ledger.years), len(ledger.series))
    for driver, factor in (("prices", 1 - swing), ("prices", 1 + swing)):
        one = evaluate_one(ledger.accounts, np.full(shape, factor), np.ones(len(ledger.plants)))
        expected = bars[driver].npv_low if factor < 1 else bars[driver].npv_high
        assert expected == pytest.approx(one.npv, rel=1e-9)
    one = evaluate_one(ledger.accounts, np.ones(shape), np.full(len(ledger.plants), 1 + swing))
    assert bars["capex"].npv_high == pytest.approx(one.npv, rel=1e-9)
    one = evaluate_one(ledger.accounts, np.ones(shape), np.ones(len(ledger.plants)), transport=1 - swing)
    assert bars["transport"].npv_low == pytest.approx(one.npv, rel=1e-9)
    assert result.npv == pytest.approx(evaluate(ledger, Drivers.planned(ledger.accounts)).npv[0], rel=1e-12)


def test_bars_point_the_right_way(risky: Scenario, ledger: Ledger) -> None:
    bars = {bar.driver: bar for bar in tornado(risky, ledger).bars}
    assert bars["prices"].npv_high > bars["prices"].npv_low
    assert bars["capex"].npv_high < bars["capex"].npv_low
    assert bars["discount_rate"].npv_low > bars["discount_rate"].npv_high
    assert bars["exchange_rate"].npv_high > bars["exchange_rate"].npv_low
    assert {"price:rare_earths", "price:niobium", "electricity", "transport"} <= set(bars)
    assert "price:rub_per_usd" not in bars  # the exchange rate is its own bar


def test_bars_are_widest_first(risky: Scenario, ledger: Ledger) -> None:
    swings = [bar.swing for bar in tornado(risky, ledger).bars]
    assert swings == sorted(swings, reverse=True)


def test_discount_rate_bar_uses_the_settings(risky: Scenario, ledger: Ledger) -> None:
    risk = risky.meta.risk
    bar = next(bar for bar in tornado(risky, ledger).bars if bar.driver == "discount_rate")
    assert (bar.low, bar.high) == (risk.discount_low, risk.discount_high)
    prices, capex = np.ones((len(ledger.years), len(ledger.series))), np.ones(len(ledger.plants))
    at_low = evaluate_one(ledger.accounts, prices, capex, discount_rate=risk.discount_low)
    assert bar.npv_low == pytest.approx(at_low.npv, rel=1e-9)


def test_all_prices_leave_an_offtakes_contract_price(
    offtaken_risky: Scenario, offtaken_ledger: Ledger
) -> None:
    """The "All prices" bar moves every series but the state's contracted NdPr oxide."""
    ledger = offtaken_ledger
    bars = {bar.driver: bar for bar in tornado(offtaken_risky, ledger).bars}
    swing = offtaken_risky.meta.risk.sensitivity
    contracted = np.array([(good, market) == ("ndpr_oxide", "state") for *_, good, market in ledger.series])
    assert contracted.sum() == 1
    low = np.where(contracted, 1.0, 1 - swing) * np.ones((len(ledger.years), 1))
    one = evaluate_one(ledger.accounts, low, np.ones(len(ledger.plants)))
    assert bars["prices"].npv_low == pytest.approx(one.npv, rel=1e-9)
    everything = evaluate_one(ledger.accounts, np.full(low.shape, 1 - swing), np.ones(len(ledger.plants)))
    assert everything.npv < one.npv
