"""Correlated mean-reverting price factors in log space (Ornstein-Uhlenbeck, exact yearly steps),
calibrated so that the scenario's prices are the *expectation* of the sampled prices.

Each factor ``k`` is a multiplier ``exp(x_k(t))`` on the scenario's price path of the
goods exposed to it (``price_exposures``).  Its log level is a deterministic path, a
zero-mean shock ``y`` and a drift correction:

    x(t) = mu(t) + y(t) - v(t) / 2,   mu(t) = m + (ln(start) - m) e^(-kappa t),   m = ln(long_run)
    y(t+1) = y(t) e^(-kappa) + s eps(t),   y(base year) = 0,   s = sigma sqrt((1 - e^(-2 kappa)) / (2 kappa))

with ``eps`` standard normal, correlated across factors by the ``factor_correlations``
matrix R, ``s = sigma`` when ``kappa = 0`` (a random walk), and ``v(t) = Var[y(t)]``.
These steps are the exact transition of the continuous process, so ``y(t)`` is normal
with variance ``v(t) = s^2 (1 - e^(-2 kappa t)) / (1 - e^(-2 kappa))`` and the correction
makes ``E[exp(x(t))] = exp(mu(t))`` exactly at every year: with ``start = long_run = 1``
the mean multiplier is 1 and the scenario's price deck is the mean of the samples (a
lognormal's median lies below its mean).  :meth:`FactorModel.mean`,
:meth:`FactorModel.covariance` and :meth:`FactorModel.expected_multiplier` give the
moments the tests check samples against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from angara.scenario.correlations import correlation_matrix
from angara.scenario.model import Scenario
from angara.scenario.schema import WILDCARD, contracted_sales

EXCHANGE_RATE = "rub_per_usd"


@dataclass(frozen=True)
class FactorModel:
    """The scenario's price factors.  Arrays are indexed like ``ids``; ``base_year`` is year 0."""

    ids: tuple[str, ...]
    volatility: np.ndarray  # sigma, per sqrt(year)
    reversion: np.ndarray  # kappa, per year
    long_run: np.ndarray  # m = ln(long_run): the mean multiplier's long-run level, in logs
    start: np.ndarray  # ln(start): the mean multiplier in the base year, in logs
    correlation: np.ndarray  # R
    base_year: int

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> FactorModel:
        factors = scenario.price_factors
        ids = tuple(f.id for f in factors)
        pairs = [(c.factor, c.other, c.correlation) for c in scenario.factor_correlations]
        return cls(
            ids=ids,
            volatility=np.array([f.volatility for f in factors], dtype=float),
            reversion=np.array([f.reversion for f in factors], dtype=float),
            long_run=np.log(np.array([f.long_run for f in factors], dtype=float)),
            start=np.log(np.array([f.start for f in factors], dtype=float)),
            correlation=correlation_matrix(list(ids), pairs),
            base_year=scenario.meta.base_year,
        )

    @property
    def size(self) -> int:
        return len(self.ids)

    def step(self) -> tuple[np.ndarray, np.ndarray]:
        """Per factor: the yearly decay e^(-kappa) and the shock's standard deviation s."""
        kappa = self.reversion
        decay = np.exp(-kappa)
        # expm1 keeps (1 - e^(-2 kappa)) / (2 kappa) accurate for tiny kappa, where it tends to 1
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(kappa > 0, np.sqrt(-np.expm1(-2 * kappa) / (2 * kappa)), 1.0)
        return decay, self.volatility * scale

    def mixing(self) -> np.ndarray:
        """A matrix M with M M' = R: correlated shocks are M @ independent ones.

        Eigen-decomposition rather than Cholesky so that a semi-definite R (perfectly
        correlated factors) works too.
        """
        values, vectors = np.linalg.eigh(self.correlation)
        result: np.ndarray = vectors * np.sqrt(np.clip(values, 0.0, None))
        return result

    def centre(self, years_ahead: float) -> np.ndarray:
        """mu(t) = ln E[exp(x(t))]: the log of the mean multiplier t years after the base year."""
        result: np.ndarray = self.long_run + (self.start - self.long_run) * np.exp(
            -self.reversion * years_ahead
        )
        return result

    def variance(self, years_ahead: float) -> np.ndarray:
        """Var[x(t)] per factor t years after the base year (the diagonal of :meth:`covariance`,
        for any t >= 0)."""
        _, scale = self.step()
        both = 2 * self.reversion
        with np.errstate(divide="ignore", invalid="ignore"):
            steps = np.where(both > 0, np.expm1(-both * years_ahead) / np.expm1(-both), float(years_ahead))
        result: np.ndarray = scale**2 * steps
        return result

    def mean(self, years_ahead: float) -> np.ndarray:
        """E[x(t)] t years after the base year: the centre less half the variance."""
        result: np.ndarray = self.centre(years_ahead) - self.variance(years_ahead) / 2
        return result

    def expected_multiplier(self, years_ahead: float) -> np.ndarray:
        """E[exp(x(t))] per factor: 1 where ``start`` and ``long_run`` are 1 (the deck)."""
        result: np.ndarray = np.exp(self.centre(years_ahead))
        return result

    def covariance(self, years_ahead: int) -> np.ndarray:
        """Cov[x_a(t), x_b(t)] t whole years after the base year, for the yearly steps:
        ``R_ab s_a s_b (1 - (d_a d_b)^t) / (1 - d_a d_b)`` with ``d = e^(-kappa)``."""
        _, scale = self.step()
        both = np.add.outer(self.reversion, self.reversion)  # d_a d_b = e^(-both)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.where(both > 0, np.expm1(-both * years_ahead) / np.expm1(-both), float(years_ahead))
        return np.asarray(self.correlation * np.outer(scale, scale) * total)


def sample_paths(model: FactorModel, years: int, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Log factor levels, shape (samples, years, factors): year 0 is one year after the base year.

    ``exp`` of a level has the mean :meth:`FactorModel.expected_multiplier` (module docstring).
    Vectorized over samples and factors; the only loop is over the years of the path.
    """
    decay, scale = model.step()
    mixing = model.mixing()
    shocks = rng.standard_normal((samples, years, model.size)) @ mixing.T
    paths = np.empty((samples, years, model.size))
    shock = np.zeros((samples, model.size))
    for t in range(years):
        shock = shock * decay + scale * shocks[:, t, :]
        paths[:, t, :] = shock + model.mean(t + 1)
    return paths


def joint_correction(model: FactorModel, factors: list[int], years: int) -> np.ndarray:
    """Log correction (years,) that keeps the product of several factors mean-true.

    Each factor's ``exp(x)`` has the mean of :meth:`FactorModel.expected_multiplier`, but a
    product of correlated ones has ``E[exp(x_a + x_b)] = E[exp(x_a)] E[exp(x_b)] e^(Cov[x_a, x_b])``
    (a rare-earth price at a USD market times the exchange rate): subtracting the sum of
    the pairwise covariances, row ``t`` for ``t + 1`` years after the base year, restores it.
    """
    result = np.zeros(years)
    for t in range(years):
        covariance = model.covariance(t + 1)
        for i, a in enumerate(factors):
            for b in factors[i + 1 :]:
                result[t] -= covariance[a, b]
    return result


def exposure(scenario: Scenario, model: FactorModel, good: str, market: str) -> int | None:
    """Index of the factor that moves ``good``'s price at ``market`` (a row for the market
    wins over a ``*`` row); None if its price is fixed, as at a market an ``offtake`` support
    row buys the good at (a contract price does not follow the market; one set in USD still
    moves with the exchange rate)."""
    if (good, market) in contracted_sales(scenario.support):
        return None
    chosen = None
    for row in scenario.price_exposures:
        if row.good != good:
            continue
        if row.market == market:
            chosen = row.factor
            break
        if row.market == WILDCARD:
            chosen = row.factor
    if chosen is None or chosen not in model.ids:
        return None
    return model.ids.index(chosen)


def currency_factor(model: FactorModel) -> int | None:
    """Index of the exchange-rate factor, which moves every price set in USD."""
    return model.ids.index(EXCHANGE_RATE) if EXCHANGE_RATE in model.ids else None


def capex_multipliers(
    median: float, sigma: float, common: float, plants: int, samples: int, rng: np.random.Generator
) -> np.ndarray:
    """Lognormal ratios of actual to planned CAPEX, shape (samples, plants): median ``median``,
    log standard deviation ``sigma``, a share ``common`` of the log variance shared by all plants."""
    shared = rng.standard_normal((samples, 1))
    own = rng.standard_normal((samples, plants))
    z = math.sqrt(common) * shared + math.sqrt(1 - common) * own
    result: np.ndarray = median * np.exp(sigma * z)
    return result
