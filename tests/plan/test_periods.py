"""Periods, discounting and annuities against values computed by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.plan.periods import Periods, annuity, capital_recovery, closure_annuity


def test_capital_recovery_factor_textbook_values() -> None:
    # CRF(10 %, 10 yr) = 0.1 / (1 - 1.1^-10) = 0.162745...
    assert capital_recovery(0.10, 10) == pytest.approx(0.1627453949)
    assert capital_recovery(0.08, 20) == pytest.approx(0.1018522088)
    assert capital_recovery(0.0, 4) == pytest.approx(0.25)


def test_annuity_adds_interest_during_construction() -> None:
    assert annuity(1000.0, 0.1, 10, 2) == pytest.approx(1000 * 1.21 * 0.1627453949)
    assert annuity(1000.0, 0.0, 5, 3) == pytest.approx(200.0)


def test_yearly_periods_are_every_year_with_discounted_weights() -> None:
    periods = Periods.of(2027, 2030, 0.1)
    assert periods.starts == (2027, 2028, 2029, 2030)
    assert periods.weights == pytest.approx((1.0, 1 / 1.1, 1 / 1.21, 1 / 1.331))


def test_representative_periods_stand_for_the_years_up_to_the_next() -> None:
    periods = Periods.of(2027, 2035, 0.0, [2027, 2030, 2033])
    assert periods.years == ((2027, 2028, 2029), (2030, 2031, 2032), (2033, 2034, 2035))
    assert periods.weights == (3.0, 3.0, 3.0)
    assert periods.period_of(2031) == 1


@given(st.floats(0.0, 0.3), st.integers(1, 40), st.integers(1, 60))
def test_annuity_repays_the_investment(rate: float, lifetime: int, horizon: int) -> None:
    """The discounted annuities over a lifetime equal the investment (no construction time)."""
    payment = annuity(1.0, rate, lifetime, 0.0)
    present = sum(payment / (1 + rate) ** year for year in range(1, lifetime + 1))
    assert present == pytest.approx(1.0, rel=1e-9)
    del horizon


@given(st.floats(0.0, 0.3), st.lists(st.integers(2028, 2060), max_size=6))
def test_weights_cover_every_year_once(rate: float, starts: list[int]) -> None:
    periods = Periods.of(2027, 2060, rate, [2027, *starts])
    years = [y for group in periods.years for y in group]
    assert years == list(range(2027, 2061))
    assert sum(periods.weights) == pytest.approx(sum((1 + rate) ** -(y - 2027) for y in years))


def test_closure_is_saved_for_over_the_life_it_ends() -> None:
    # at rate 0 a tenth a year over 10 years; at 10 % the end-of-life cost discounted to the
    # start, 1000 / 1.1^10 = 385.54, spread over the life by CRF(10 %, 10) = 0.16275
    assert closure_annuity(1000.0, 0.0, 10) == pytest.approx(100.0)
    assert closure_annuity(1000.0, 0.1, 10) == pytest.approx(1000 / 1.1**10 * 0.1627453949)
    assert closure_annuity(0.0, 0.1, 10) == 0.0
