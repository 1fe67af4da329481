"""The price model's samples against its parameters, and the CAPEX overrun draws."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from angara.risk.prices import FactorModel, capex_multipliers, currency_factor, joint_correction, sample_paths
from angara.scenario.load import load

SAMPLES = 200_000


def _model(kappa: tuple[float, ...] = (0.5, 0.0, 1.2)) -> FactorModel:
    correlation = np.array([[1.0, 0.6, -0.3], [0.6, 1.0, 0.1], [-0.3, 0.1, 1.0]])
    return FactorModel(
        ids=("a", "b", "c"),
        volatility=np.array([0.3, 0.2, 0.5]),
        reversion=np.array(kappa),
        long_run=np.log([1.0, 1.5, 0.7]),
        start=np.log([0.8, 1.0, 1.2]),
        correlation=correlation,
        base_year=2025,
    )


@pytest.fixture(scope="module")
def paths() -> np.ndarray:
    return sample_paths(_model(), 12, SAMPLES, np.random.default_rng(11))


@pytest.mark.parametrize("years_ahead", [1, 4, 12])
def test_sample_means_match_the_model(paths: np.ndarray, years_ahead: int) -> None:
    model = _model()
    sample = paths[:, years_ahead - 1, :]
    standard_error = np.sqrt(np.diag(model.covariance(years_ahead)) / SAMPLES)
    assert np.all(np.abs(sample.mean(axis=0) - model.mean(years_ahead)) < 5 * standard_error)


@pytest.mark.parametrize("years_ahead", [1, 4, 12])
def test_sample_variances_and_correlations_match_the_model(paths: np.ndarray, years_ahead: int) -> None:
    model = _model()
    expected = model.covariance(years_ahead)
    sample = np.cov(paths[:, years_ahead - 1, :], rowvar=False)
    # the variance of a sample variance of a normal is 2 sigma^4 / (n - 1)
    assert np.allclose(np.diag(sample), np.diag(expected), rtol=5 * math.sqrt(2 / SAMPLES))
    scale = np.sqrt(np.diag(expected))
    correlation = sample / np.outer(np.sqrt(np.diag(sample)), np.sqrt(np.diag(sample)))
    assert np.allclose(correlation, expected / np.outer(scale, scale), atol=0.01)


def test_shocks_carry_the_correlation_matrix(paths: np.ndarray) -> None:
    """In the first year every factor's variance is its shock's: correlations are R itself."""
    correlation = np.corrcoef(paths[:, 0, :], rowvar=False)
    assert np.allclose(correlation, _model().correlation, atol=0.01)


def test_a_random_walk_grows_its_variance_linearly() -> None:
    model = _model()
    assert model.covariance(9)[1, 1] == pytest.approx(9 * 0.2**2)


def test_mean_reversion_has_a_stationary_variance() -> None:
    """sigma^2 / (2 kappa) for the continuous process, reached after many years."""
    model = _model()
    assert model.covariance(200)[0, 0] == pytest.approx(0.3**2 / (2 * 0.5), rel=1e-9)
    assert model.centre(200)[0] == pytest.approx(0.0, abs=1e-12)
    # the log's mean sits half a variance below, so that the multiplier's mean is exp(0) = 1
    assert model.mean(200)[0] == pytest.approx(-(0.3**2) / (4 * 0.5), rel=1e-9)


def test_the_same_seed_gives_the_same_paths() -> None:
    model = _model()
    first = sample_paths(model, 5, 100, np.random.default_rng(3))
    again = sample_paths(model, 5, 100, np.random.default_rng(3))
    other = sample_paths(model, 5, 100, np.random.default_rng(4))
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_perfectly_correlated_factors_move_together() -> None:
    model = FactorModel(
        ids=("a", "b"),
        volatility=np.array([0.2, 0.2]),
        reversion=np.array([0.5, 0.5]),
        long_run=np.zeros(2),
        start=np.zeros(2),
        correlation=np.ones((2, 2)),
        base_year=2025,
    )
    paths = sample_paths(model, 3, 1000, np.random.default_rng(0))
    assert np.allclose(paths[..., 0], paths[..., 1])


def test_capex_ratios_have_their_median_spread_and_common_part() -> None:
    ratios = capex_multipliers(1.15, 0.3, 0.5, 4, SAMPLES, np.random.default_rng(5))
    logs = np.log(ratios)
    assert np.median(ratios, axis=0) == pytest.approx([1.15] * 4, rel=0.01)
    assert logs.std(axis=0) == pytest.approx([0.3] * 4, rel=0.01)
    assert np.corrcoef(logs, rowvar=False)[0, 1] == pytest.approx(0.5, abs=0.01)


def test_the_default_scenario_calibration_loads_and_is_consistent() -> None:
    model = FactorModel.from_scenario(load("angara-yenisei"))
    assert "rub_per_usd" in model.ids and "hree_china" in model.ids and "hree_ex_china" in model.ids
    assert np.all(np.linalg.eigvalsh(model.correlation) >= -1e-12)
    assert np.all(model.volatility > 0)


@settings(max_examples=50, deadline=None)
@given(
    kappa=st.floats(0.0, 3.0),
    sigma=st.floats(0.01, 1.5),
    years=st.integers(1, 40),
    start=st.floats(-1.0, 1.0),
)
def test_moments_stay_between_start_and_stationary(
    kappa: float, sigma: float, years: int, start: float
) -> None:
    model = FactorModel(
        ids=("a",),
        volatility=np.array([sigma]),
        reversion=np.array([kappa]),
        long_run=np.zeros(1),
        start=np.array([start]),
        correlation=np.ones((1, 1)),
        base_year=2025,
    )
    variance = model.covariance(years)[0, 0]
    assert 0 < variance <= (sigma**2 / (2 * kappa) if kappa > 0 else sigma**2 * years) * (1 + 1e-9)
    assert abs(model.centre(years)[0]) <= abs(start) + 1e-12
    assert model.variance(years)[0] == pytest.approx(variance, rel=1e-9)
    assert model.mean(years)[0] == pytest.approx(model.centre(years)[0] - variance / 2, rel=1e-9, abs=1e-12)


def test_multipliers_have_the_mean_of_their_path(paths: np.ndarray) -> None:
    """E[exp(x(t))] = exp(mu(t)) in every year, whatever the volatility: the drift correction."""
    model = _model()
    for years_ahead in range(1, 13):
        multiplier = np.exp(paths[:, years_ahead - 1, :])
        standard_error = multiplier.std(axis=0) / math.sqrt(SAMPLES)
        gap = np.abs(multiplier.mean(axis=0) - model.expected_multiplier(years_ahead))
        assert np.all(gap < 5 * standard_error), years_ahead


def test_the_default_deck_is_the_mean_of_the_sampled_prices() -> None:
    """Every factor of the default scenario, alone and times the exchange rate (a price at a
    USD market), has the mean multiplier 1 in every year of the horizon, within five standard
    errors; the shocks keep their correlations."""
    scenario = load("angara-yenisei")
    model = FactorModel.from_scenario(scenario)
    years = scenario.meta.last_year - scenario.meta.base_year
    samples = 100_000
    logs = sample_paths(model, years, samples, np.random.default_rng(2027))
    fx = currency_factor(model)
    assert fx is not None
    for k in range(model.size):
        combined = [[k]] if k == fx else [[k], [k, fx]]
        for factors in combined:
            level = logs[:, :, factors].sum(axis=2) + joint_correction(model, factors, years)
            multiplier = np.exp(level)
            standard_error = multiplier.std(axis=0) / math.sqrt(samples)
            assert np.all(np.abs(multiplier.mean(axis=0) - 1.0) < 5 * standard_error), model.ids[k]
    # the median lies below the mean: a lognormal's median is exp(-variance / 2)
    lithium = model.ids.index("lithium")
    assert np.median(np.exp(logs[:, -1, lithium])) == pytest.approx(
        math.exp(-model.variance(years)[lithium] / 2), rel=0.02
    )
    assert np.allclose(np.corrcoef(logs[:, 0, :], rowvar=False), model.correlation, atol=0.01)
