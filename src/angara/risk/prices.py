"""Correlated mean-reverting price factors in log space (Ornstein-Uhlenbeck, exact yearly steps).

Each factor ``k`` is a multiplier ``exp(x_k(t))`` on the scenario's price path of the
goods exposed to it (``price_exposures``); ``x`` starts at ``ln(start)`` in the base
year and reverts at speed ``kappa`` to ``m = ln(long_run)``:

    x(t+1) = x(t) e^(-kappa) + m (1 - e^(-kappa)) + s eps(t),   s = sigma sqrt((1 - e^(-2 kappa)) / (2 kappa))

with ``eps`` standard normal, correlated across factors by the ``factor_correlations``
matrix R, and ``s = sigma`` when ``kappa = 0`` (a random walk).  These steps are the exact
transition of the continuous process, so a factor's variance after t years is
``sigma^2 (1 - e^(-2 kappa t)) / (2 kappa)`` whatever the step; :meth:`FactorModel.mean` and
:meth:`FactorModel.covariance` give the moments the tests check samples against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from angara.scenario.correlations import correlation_matrix
from angara.scenario.model import Scenario
from angara.scenario.schema import WILDCARD

EXCHANGE_RATE = "rub_per_usd"


@dataclass(frozen=True)
class FactorModel:
    """The scenario's price factors.  Arrays are indexed like ``ids``; ``base_year`` is year 0."""

    ids: tuple[str, ...]
    volatility: np.ndarray  # sigma, per sqrt(year)
    reversion: np.ndarray  # kappa, per year
    long_run: np.ndarray  # m = ln(long_run)
    start: np.ndarray  # x0 = ln(start)
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

    def mean(self, years_ahead: float) -> np.ndarray:
        """E[x(t)] t years after the base year."""
        result: np.ndarray = self.long_run + (self.start - self.long_run) * np.exp(
            -self.reversion * years_ahead
        )
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

    Vectorized over samples and factors; the only loop is over the years of the path.
    """
    decay, scale = model.step()
    mixing = model.mixing()
    shocks = rng.standard_normal((samples, years, model.size)) @ mixing.T
    paths = np.empty((samples, years, model.size))
    level = np.broadcast_to(model.start, (samples, model.size))
    for t in range(years):
        level = level * decay + model.long_run * (1 - decay) + scale * shocks[:, t, :]
        paths[:, t, :] = level
    return paths


def exposure(scenario: Scenario, model: FactorModel, good: str, market: str) -> int | None:
    """Index of the factor that moves ``good``'s price at ``market`` (a row for the market
    wins over a ``*`` row); None if its price is fixed."""
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
