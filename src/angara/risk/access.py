"""Market access risk: a market may close to the cluster's sales.

A market listed in the scenario's ``market_access`` table closes in a sample with its
``closure_probability``, from a year drawn uniformly over the horizon, for good.  From
then on each of the plan's sales there goes to the open market that pays most for the
good that year on the scenario's price deck, at that market's price (its factor and
currency moving it as usual), but never to an offtake (its contracted volume is the plan's
already); if no open market prices the good, the sale is lost.  The
other market's quantity caps and transport costs are not checked: the rule says where the
revenue could go, not that the plan would still be the best one (re-planning says that).

The ledger keeps each sale at a market that may close in a price series of its own
(:func:`angara.risk.ledger.price_series`), so a closure rewrites that series' multipliers
(:func:`redirect`).  Arrays: N samples, T years, E series, M markets at risk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.scenario.model import Scenario
from angara.scenario.schema import contracted_sales


@dataclass(frozen=True)
class Detour:
    """Where the sales of one series at a closing market go, year by year.

    ``series``: the series' position; ``market``: the closing market's position among
    :attr:`MarketRisk.markets`; ``options``: per year, the other markets pricing the good,
    best first, as (position among the markets at risk or -1 if it never closes, the
    series of the sale there, the ratio of its price to the closing market's).
    """

    series: int
    market: int
    options: tuple[tuple[tuple[int, int, float], ...], ...]


@dataclass(frozen=True)
class MarketRisk:
    """The markets that may close, their probabilities and the detours of their sales."""

    markets: tuple[str, ...]
    probabilities: np.ndarray  # (M,)
    detours: tuple[Detour, ...]

    @property
    def empty(self) -> bool:
        return not self.detours or not np.any(self.probabilities > 0)


def market_risk(
    scenario: Scenario,
    deck: pd.DataFrame,
    years: tuple[int, ...],
    series_of_sale: dict[tuple[str, str], int],
) -> MarketRisk:
    """The detours of every series sold at a market at risk.

    ``deck``: the price of every (market, good, year) (:func:`angara.chain.network.price_paths`);
    ``series_of_sale``: the series position of a sale of a good at a market.
    """
    at_risk = [row for row in scenario.market_access if row.closure_probability > 0]
    markets = tuple(row.market for row in at_risk)
    probabilities = np.array([row.closure_probability for row in at_risk], dtype=float)
    position = {market: m for m, market in enumerate(markets)}
    contracted = contracted_sales(scenario.support)  # an offtake takes its contracted volume only
    price = {(str(r.market), str(r.good), int(r.year)): float(r.price) for r in deck.itertuples(index=False)}
    detours = []
    for (good, market), series in sorted(series_of_sale.items()):
        if market not in position:
            continue
        options = []
        for year in years:
            own = price.get((market, good, year), 0.0)
            others = [
                (price[(other, good, year)], other)
                for (other_good, other) in series_of_sale
                if other_good == good
                and other != market
                and (other, good, year) in price
                and (good, other) not in contracted
            ]
            ranked = sorted(others, key=lambda pair: (-pair[0], pair[1]))
            options.append(
                tuple(
                    (position.get(other, -1), series_of_sale[(good, other)], value / own if own > 0 else 0.0)
                    for value, other in ranked
                )
            )
        detours.append(Detour(series=series, market=position[market], options=tuple(options)))
    return MarketRisk(markets=markets, probabilities=probabilities, detours=tuple(detours))


def sample_closures(risk: MarketRisk, samples: int, years: int, rng: np.random.Generator) -> np.ndarray:
    """Per sample and market at risk (N, M), the position of the year it closes (``years``: never)."""
    closes = rng.random((samples, len(risk.markets))) < risk.probabilities
    when = rng.integers(0, years, size=(samples, len(risk.markets)))
    result: np.ndarray = np.where(closes, when, years)
    return result


def redirect(prices: np.ndarray, risk: MarketRisk, closures: np.ndarray) -> np.ndarray:
    """Price multipliers (N, T, E) with each closed market's sales sent on (module docstring)."""
    if risk.empty:
        return prices
    result = prices.copy()
    years = np.arange(prices.shape[1])
    closed = years[None, None, :] >= closures[:, :, None]  # (N, M, T)
    for detour in risk.detours:
        shut = closed[:, detour.market, :]  # (N, T)
        sent = np.zeros_like(shut)
        value = np.zeros(shut.shape)
        for t, options in enumerate(detour.options):
            for market, series, ratio in options:
                available = shut[:, t] & ~sent[:, t]
                if market >= 0:
                    available &= ~closed[:, market, t]
                value[:, t] = np.where(available, ratio * prices[:, t, series], value[:, t])
                sent[:, t] |= available
        result[:, :, detour.series] = np.where(shut, value, prices[:, :, detour.series])
    return result
