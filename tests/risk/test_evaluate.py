"""The vectorized evaluation of the mini plan against the plain one-sample loop of
:mod:`tests.assess.reference`, and its invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from angara.assess.money import Drivers
from angara.assess.money import evaluate as statements
from angara.risk.evaluate import evaluate
from angara.risk.ledger import Ledger
from tests.assess.reference import evaluate_one

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
multipliers = st.floats(0.05, 5.0)


def _drivers(ledger: Ledger, prices: np.ndarray, capex: np.ndarray) -> Drivers:
    samples = prices.shape[0]
    return Drivers(prices=prices, capex=capex, electricity=np.ones(samples), transport=np.ones(samples))


@SETTINGS
@given(data=st.data())
def test_vectorized_equals_the_loop(ledger: Ledger, data: st.DataObject) -> None:
    years, series, plants = len(ledger.years), len(ledger.series), len(ledger.plants)
    prices = data.draw(arrays(float, (3, years, series), elements=multipliers))
    capex = data.draw(arrays(float, (3, plants), elements=multipliers))
    outcome = evaluate(ledger, _drivers(ledger, prices, capex))
    for n in range(3):
        one = evaluate_one(ledger.accounts, prices[n], capex[n])
        assert outcome.npv[n] == pytest.approx(one.npv, rel=1e-9, abs=1.0)
        assert outcome.plant_npv[n] == pytest.approx(one.plant_npv, rel=1e-9, abs=1.0)
        assert outcome.taxes[n] == pytest.approx(one.taxes, rel=1e-9, abs=1.0)


@SETTINGS
@given(low=multipliers, high=multipliers)
def test_higher_prices_never_lower_npv_or_taxes(ledger: Ledger, low: float, high: float) -> None:
    low, high = sorted((low, high))
    shape = (1, len(ledger.years), len(ledger.series))
    both = Drivers(
        prices=np.concatenate([np.full(shape, low), np.full(shape, high)]),
        capex=np.ones((2, len(ledger.plants))),
        electricity=np.ones(2),
        transport=np.ones(2),
    )
    outcome = evaluate(ledger, both)
    assert outcome.npv[1] >= outcome.npv[0] - 1.0
    assert outcome.taxes[1].sum() >= outcome.taxes[0].sum() - 1.0


@SETTINGS
@given(low=multipliers, high=multipliers)
def test_capex_overruns_cost_npv(ledger: Ledger, low: float, high: float) -> None:
    low, high = sorted((low, high))
    base = Drivers.planned(ledger.accounts, 2)
    capex = np.array([[low] * len(ledger.plants), [high] * len(ledger.plants)])
    outcome = evaluate(ledger, Drivers(base.prices, capex, base.electricity, base.transport))
    assert outcome.npv[1] <= outcome.npv[0] + 1.0
    assert outcome.capex[1] >= outcome.capex[0]


def test_cluster_npv_is_its_plants_less_infrastructure(ledger: Ledger) -> None:
    rng = np.random.default_rng(0)
    samples = 50
    drivers = _drivers(
        ledger,
        rng.lognormal(0, 0.5, (samples, len(ledger.years), len(ledger.series))),
        rng.lognormal(0, 0.3, (samples, len(ledger.plants))),
    )
    outcome = evaluate(ledger, drivers)
    money = statements(ledger.accounts, drivers)
    outside = money.discounted(ledger.accounts.infrastructure).sum()
    assert outcome.npv == pytest.approx(outcome.plant_npv.sum(axis=1) - outside, rel=1e-12)


def test_a_cheaper_tariff_helps_the_plants_that_pay_it(ledger: Ledger) -> None:
    base = Drivers.planned(ledger.accounts, 2)
    cheaper = Drivers(base.prices, base.capex, np.array([1.0, 0.5]), np.array([1.0, 0.5]))
    outcome = evaluate(ledger, cheaper)
    paying = (ledger.accounts.electricity + ledger.accounts.transport).sum(axis=1) > 0
    assert paying.any()
    assert np.all(outcome.plant_npv[1, paying] > outcome.plant_npv[0, paying])
    assert np.all(outcome.plant_npv[1, ~paying] == outcome.plant_npv[0, ~paying])


@SETTINGS
@given(data=st.data())
def test_physical_shortfalls_equal_the_loop(ledger: Ledger, data: st.DataObject) -> None:
    """Output and throughput drivers against the plain loop, which scales sales, receipts and
    mineral by the output and purchases and costs per tonne by the throughput."""
    years, series, plants = len(ledger.years), len(ledger.series), len(ledger.plants)
    shares = st.floats(0.0, 1.0)
    prices = data.draw(arrays(float, (2, years, series), elements=multipliers))
    output = data.draw(arrays(float, (2, plants, years), elements=shares))
    throughput = data.draw(arrays(float, (2, plants, years), elements=shares))
    drivers = Drivers(
        prices=prices,
        capex=np.ones((2, plants)),
        electricity=np.ones(2),
        transport=np.ones(2),
        output=output,
        throughput=throughput,
    )
    outcome = evaluate(ledger, drivers)
    for n in range(2):
        one = evaluate_one(
            ledger.accounts, prices[n], np.ones(plants), output=output[n], throughput=throughput[n]
        )
        assert outcome.npv[n] == pytest.approx(one.npv, rel=1e-9, abs=1.0)
        assert outcome.taxes[n] == pytest.approx(one.taxes, rel=1e-9, abs=1.0)


def test_jobs_never_move_with_prices(ledger: Ledger) -> None:
    """Jobs come from real output at the deck's prices: any price multipliers give the same."""
    years, series, plants = len(ledger.years), len(ledger.series), len(ledger.plants)
    prices = np.random.default_rng(5).lognormal(0.0, 0.8, size=(50, years, series))
    outcome = evaluate(ledger, _drivers(ledger, prices, np.ones((50, plants))))
    planned = evaluate(ledger, _drivers(ledger, np.ones((1, years, series)), np.ones((1, plants))))
    assert np.ptp(outcome.npv) > 0
    assert outcome.jobs == pytest.approx(np.full(50, planned.jobs[0]), rel=1e-12)


def test_jobs_fall_with_real_output(ledger: Ledger) -> None:
    years, series, plants = len(ledger.years), len(ledger.series), len(ledger.plants)
    full = evaluate(ledger, _drivers(ledger, np.ones((1, years, series)), np.ones((1, plants))))
    half = Drivers(
        prices=np.ones((1, years, series)),
        capex=np.ones((1, plants)),
        electricity=np.ones(1),
        transport=np.ones(1),
        output=np.full((1, plants, years), 0.5),
        throughput=np.full((1, plants, years), 0.5),
    )
    less = evaluate(ledger, half)
    assert less.jobs[0] < full.jobs[0]
    # the direct staff stay: the modules stand whatever they make
    assert less.jobs[0] > ledger.accounts.staff[:, ledger.reference].sum()
