"""Market access: a closed market's sales go to the best open market for the good, or are lost."""

from __future__ import annotations

import numpy as np
import pytest

from angara.chain.network import price_paths
from angara.risk.access import Detour, MarketRisk, market_risk, redirect, sample_closures
from angara.risk.ledger import price_series
from angara.risk.prices import FactorModel
from angara.scenario.model import Scenario
from angara.scenario.schema import MarketAccess, Price


def _two_markets() -> MarketRisk:
    """Series 0 sells at market 0, whose sales can go to market 1 (series 1, paying 0.8 of
    its price) and then to a market that never closes (series 2, 0.5)."""
    options = ((1, 1, 0.8), (-1, 2, 0.5))
    detour = Detour(series=0, market=0, options=(options, options, options))
    return MarketRisk(markets=("a", "b"), probabilities=np.array([0.5, 0.5]), detours=(detour,))


def test_a_closed_market_sends_its_sales_to_the_best_open_one() -> None:
    prices = np.array([[[1.0, 2.0, 3.0]] * 3] * 3)  # (N=3, T=3, E=3)
    closures = np.array([[3, 3], [1, 3], [0, 2]])  # never; a from year 1; a from 0 and b from 2
    moved = redirect(prices, _two_markets(), closures)
    assert moved[0, :, 0].tolist() == [1.0, 1.0, 1.0]
    assert moved[1, :, 0] == pytest.approx([1.0, 0.8 * 2.0, 0.8 * 2.0])
    assert moved[2, :, 0] == pytest.approx([0.8 * 2.0, 0.8 * 2.0, 0.5 * 3.0])
    assert np.array_equal(moved[:, :, 1:], prices[:, :, 1:])


def test_sales_with_no_open_market_are_lost() -> None:
    detour = Detour(series=0, market=0, options=(((1, 1, 0.8),),))
    risk = MarketRisk(markets=("a", "b"), probabilities=np.array([0.5, 0.5]), detours=(detour,))
    moved = redirect(np.ones((1, 1, 2)), risk, np.array([[0, 0]]))
    assert moved[0, 0, 0] == 0.0


def test_closures_follow_their_probabilities() -> None:
    risk = MarketRisk(markets=("a", "b"), probabilities=np.array([0.25, 0.0]), detours=())
    closures = sample_closures(risk, 100_000, 10, np.random.default_rng(3))
    assert (closures[:, 0] < 10).mean() == pytest.approx(0.25, abs=0.01)
    assert np.all(closures[:, 1] == 10)
    assert risk.empty


def test_detours_rank_the_other_markets_by_the_deck(risky: Scenario) -> None:
    """With NdPr oxide also priced at home at 0.8 of the export price of 2025, closing the
    export market sends its oxide home at 0.8 of its price before 2030 and at the ratio to the
    export row of 2030 after; La oxide has no other market and is lost."""
    export = {p.year: p.price for p in risky.prices if (p.market, p.good) == ("abroad", "ndpr_oxide")}
    home = Price(market="home", good="ndpr_oxide", year=2025, price=export[2025] * 0.8)
    scenario = risky.model_copy(
        update={
            "prices": (*risky.prices, home),
            "market_access": (MarketAccess(market="abroad", closure_probability=0.3),),
        }
    )
    keys, series = price_series(FactorModel.from_scenario(scenario), scenario)
    position = {key: e for e, key in enumerate(series.keys)}
    sold = {pair: position[key] for pair, key in series.sales.items()}
    years = tuple(scenario.years)
    risk = market_risk(scenario, price_paths(scenario), years, sold)
    assert risk.markets == ("abroad",)
    detours = {keys[d.series][2]: d for d in risk.detours}
    assert set(detours) == {"la_oxide", "ndpr_oxide", "nb_concentrate"}
    oxide = detours["ndpr_oxide"]
    for year, options in zip(years, oxide.options, strict=True):
        assert len(options) == 1
        market, where, ratio = options[0]
        assert market == -1 and keys[where][3] == ""  # home never closes and has no series of its own
        assert ratio == pytest.approx(home.price / export[2025 if year < 2030 else 2030])
    assert all(options == () for options in detours["la_oxide"].options)


def test_a_closing_market_sends_nothing_to_an_offtake(offtaken_risky: Scenario) -> None:
    """The state pays more for NdPr oxide than abroad, but takes its contracted volume only:
    closing the export market loses the oxide sold there."""
    scenario = offtaken_risky.model_copy(
        update={"market_access": (MarketAccess(market="abroad", closure_probability=0.3),)}
    )
    keys, series = price_series(FactorModel.from_scenario(scenario), scenario)
    position = {key: e for e, key in enumerate(series.keys)}
    sold = {pair: position[key] for pair, key in series.sales.items()}
    risk = market_risk(scenario, price_paths(scenario), tuple(scenario.years), sold)
    oxide = next(d for d in risk.detours if keys[d.series][2:] == ("ndpr_oxide", "abroad"))
    assert all(options == () for options in oxide.options)
    without = offtaken_risky.model_copy(update={"support": (), "market_access": scenario.market_access})
    keys, series = price_series(FactorModel.from_scenario(without), without)
    position = {key: e for e, key in enumerate(series.keys)}
    sold = {pair: position[key] for pair, key in series.sales.items()}
    risk = market_risk(without, price_paths(without), tuple(without.years), sold)
    oxide = next(d for d in risk.detours if keys[d.series][2:] == ("ndpr_oxide", "abroad"))
    assert all(len(options) == 1 for options in oxide.options)
