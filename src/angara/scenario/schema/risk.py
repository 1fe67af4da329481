"""Inputs of the risk analysis: price factors, which prices they move, and their correlations."""

from __future__ import annotations

from pydantic import Field

from angara.scenario.schema.fields import Row, identifier, quantity, reference


class PriceFactor(Row):
    id: str = identifier("Factor id; 'rub_per_usd' is the exchange rate (RUB per USD).")
    name: str = Field(..., description="What moves with it.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    volatility: float = quantity("1", "Standard deviation of the factor's yearly log shocks.", ge=0.0, le=5.0)
    reversion: float = quantity(
        "1/yr", "Speed of reversion to the long-run level (0: a random walk).", ge=0.0
    )
    long_run: float = quantity(
        "1",
        "Long-run mean of the multiplier on the scenario's prices (1: the prices are the expectation).",
        gt=0.0,
    )
    start: float = quantity(
        "1",
        "Mean of the multiplier in the base year (1: the prices are the expectation).",
        default=1.0,
        gt=0.0,
    )


class PriceExposure(Row):
    good: str = reference("goods", description="Good whose price moves with the factor.")
    market: str = reference("markets", description="Market, or * for every market.", wildcard=True)
    factor: str = reference("price_factors", description="The factor.")


class FactorCorrelation(Row):
    factor: str = reference("price_factors", description="A factor.")
    other: str = reference("price_factors", description="Another factor.")
    correlation: float = quantity("1", "Correlation of their yearly shocks.", ge=-1.0, le=1.0)


class MarketAccess(Row):
    market: str = reference("markets", description="A market that may close to the cluster's sales.")
    closure_probability: float = quantity(
        "1",
        "Probability that the market closes within the horizon (from a year drawn uniformly); its "
        "sales then go to the best open market for the good, or are lost.",
        ge=0.0,
        le=1.0,
    )
