"""Physical risks: delays shift the accounts, ramp-up and recovery shortfalls travel down the chain."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from angara.assess.money import Drivers
from angara.assess.money import evaluate as statements
from angara.assess.operations import Trade
from angara.risk.ledger import Ledger
from angara.risk.physical import (
    first_operating_year,
    propagate,
    rampup,
    sample_delays,
    sample_shortfalls,
    shift,
    shift_accounts,
    supplier_weights,
)


def test_delays_follow_their_probabilities() -> None:
    delays = sample_delays([0.3, 0.2, 0.1], 200_000, np.random.default_rng(1))
    shares = np.bincount(delays, minlength=4) / len(delays)
    assert shares == pytest.approx([0.4, 0.3, 0.2, 0.1], abs=0.005)
    assert not sample_delays([], 10, np.random.default_rng(1)).any()


def test_shift_moves_later_drops_the_end_and_fills_the_start() -> None:
    values = np.arange(1.0, 7.0).reshape(2, 3)
    assert shift(values, 1, 1).tolist() == [[0, 1, 2], [0, 4, 5]]
    assert shift(values, 1, 1, rule=True).tolist() == [[1, 1, 2], [4, 4, 5]]
    assert shift(values, 5, 1).tolist() == [[0, 0, 0], [0, 0, 0]]
    assert shift(values, 0, 1) is values


def test_a_slipped_plan_is_the_plan_later(ledger: Ledger) -> None:
    """Free cash flow of a plan slipped by one year is the plan's a year later (the last year,
    which also counts the residual value, aside)."""
    accounts = ledger.accounts
    slipped = shift_accounts(accounts, 1)
    for field in dataclasses.fields(accounts):
        if isinstance(getattr(accounts, field.name), np.ndarray):
            assert getattr(slipped, field.name).shape == getattr(accounts, field.name).shape, field.name
    plan, late = (statements(a, Drivers.planned(a)).free_cash_flow[0] for a in (accounts, slipped))
    assert late[:, 1:-1] == pytest.approx(plan[:, :-2], rel=1e-9, abs=1e-3)
    assert not late[:, 0].any()
    assert first_operating_year(slipped) == pytest.approx(np.minimum(first_operating_year(accounts) + 1, 6))


def test_rampup_fades_linearly_from_the_first_operating_year() -> None:
    capacity = rampup(np.array([2, 5]), np.array([[0.3, 0.6]]), 3, 7)
    assert capacity[0, 0] == pytest.approx([1, 1, 0.7, 0.8, 0.9, 1, 1])
    assert capacity[0, 1] == pytest.approx([1, 1, 1, 1, 1, 0.4, 0.6])


def test_shortfalls_are_uniform_around_their_mean() -> None:
    draws = sample_shortfalls(0.2, 100_000, 3, np.random.default_rng(2))
    assert draws.min() >= 0 and draws.max() <= 0.4
    assert draws.mean() == pytest.approx(0.2, abs=0.002)


def test_shortfalls_travel_down_a_chain() -> None:
    """Mine -> concentrator -> refinery: each processes what it is fed, up to its capacity."""
    suppliers = np.array([[0.0, 0, 0], [1, 0, 0], [0, 1, 0]])
    capacity = np.array([[[1.0], [1.0], [0.5]]])  # the refinery ramps up at half capacity
    recovery = np.array([[1.0, 0.9, 0.8]])
    throughput, output = propagate(capacity, recovery, suppliers)
    assert throughput[0, :, 0] == pytest.approx([1.0, 1.0, 0.5])
    assert output[0, :, 0] == pytest.approx([1.0, 0.9, 0.4])
    slow_mine = np.array([[[0.6], [1.0], [1.0]]])
    throughput, output = propagate(slow_mine, recovery, suppliers)
    assert throughput[0, :, 0] == pytest.approx([0.6, 0.6, 0.54])
    assert output[0, :, 0] == pytest.approx([0.6, 0.54, 0.432])


def test_suppliers_are_weighted_by_what_they_are_paid() -> None:
    plants = (("mine", "a"), ("mine", "b"), ("mill", "c"))
    keys = {"period": 2027, "basis": "market"}
    receipts = pd.DataFrame(
        [
            {"process": "mine", "location": "a", "good": "ore", "receipts_rub": 30.0, **keys},
            {"process": "mine", "location": "b", "good": "ore", "receipts_rub": 10.0, **keys},
        ]
    )
    purchases = pd.DataFrame(
        [{"process": "mill", "location": "c", "good": "ore", "purchases_rub": 40.0, **keys}]
    )
    trade = Trade(sales=pd.DataFrame(), receipts=receipts, purchases=purchases, transport=pd.DataFrame())
    weights = supplier_weights(plants, trade)
    assert weights.tolist() == [[0, 0, 0], [0, 0, 0], [0.75, 0.25, 0]]
    assert not supplier_weights(plants, None).any()


def test_the_mini_chain_has_suppliers(ledger: Ledger) -> None:
    rows = ledger.suppliers.sum(axis=1)
    assert np.all(np.isclose(rows, 1.0) | (rows == 0.0))
    assert rows.sum() > 0
