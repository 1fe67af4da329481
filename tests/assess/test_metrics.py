"""NPV, IRR and payback against numpy-financial's documented examples and hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.assess.metrics import irr, npv, payback


def test_npv_matches_numpy_financial_documentation() -> None:
    # numpy_financial.npv docstring: npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) = 3065.22...
    assert npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) == pytest.approx(3065.2226681795, rel=1e-12)


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-100, 39, 59, 55, 20], 0.28095),  # numpy_financial.irr docstring examples
        ([-100, 0, 0, 74], -0.0955),
        ([-100, 100, 0, 7], 0.06206),
    ],
)
def test_irr_matches_numpy_financial_documentation(flows: list[float], expected: float) -> None:
    rate = irr(flows)
    assert rate is not None
    assert rate == pytest.approx(expected, abs=5e-5)
    assert npv(rate, flows) == pytest.approx(0.0, abs=1e-8)


def test_irr_is_undefined_without_a_unique_root() -> None:
    # numpy-financial reports -0.0833 for [-100, 100, 0, -7], but the NPV is also zero near
    # r = -0.6789: two roots, so no single IRR to report.
    flows = [-100, 100, 0, -7]
    for root in (-0.0832997, -0.6788944):
        assert abs(npv(root, flows)) < 0.05
    assert irr(flows) is None
    assert irr([-1, 3, -2]) is None  # roots at 0 % and 100 %
    assert irr([100, 50]) is None  # never negative: no root
    assert irr([-100, -50]) is None


def test_payback_counts_years_until_the_cumulative_cash_turns_positive() -> None:
    # -100, then +50, +60: cumulative -100, -50, +10; the second year recovers 50 of its 60
    assert payback([-100, 50, 60]) == pytest.approx(1 + 50 / 60)
    assert payback([0, 0, -100, 50, 60]) == pytest.approx(1 + 50 / 60)  # counts from the first outlay
    # discounted at 10 %: -100, 45.45, 49.59 never recovers
    assert payback([-100, 50, 60], 0.1) is None
    assert payback([-100, 60, 60], 0.1) == pytest.approx(1 + (100 - 60 / 1.1) / (60 / 1.21))
    assert payback([-100, 200, -150]) is None  # positive for a while, but not for good


@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=2, max_size=12),
    st.floats(min_value=-0.5, max_value=1.0),
)
def test_npv_is_the_sum_of_discounted_flows(flows: list[float], rate: float) -> None:
    expected = sum(f / (1 + rate) ** t for t, f in enumerate(flows))
    assert npv(rate, flows) == pytest.approx(expected, rel=1e-9, abs=1e-6)


@given(
    st.floats(min_value=1.0, max_value=1e6),
    st.lists(st.one_of(st.just(0.0), st.floats(min_value=1.0, max_value=1e6)), min_size=1, max_size=15),
)
def test_a_conventional_cash_flow_has_one_irr_that_zeroes_the_npv(
    outlay: float, returns: list[float]
) -> None:
    flows = [-outlay, *returns]
    rate = irr(flows)
    if sum(returns) == 0:
        assert rate is None
        return
    assert rate is not None  # one sign change: Descartes' rule allows one positive root only
    assert math.isfinite(rate) and rate > -1
    scale = outlay + sum(returns)
    assert abs(npv(rate, flows)) <= 1e-6 * scale
    assert (rate > 0) == (sum(returns) > outlay) or np.isclose(sum(returns), outlay)
