"""Directed arcs, where goods can be sold, and price paths of the mini scenario."""

from __future__ import annotations

import math

import pytest

from angara.chain import expand
from angara.chain.network import BACK, FORWARD, open_markets
from angara.scenario.load import load
from tests.conftest import MINI


def test_each_link_both_ways_with_its_cost() -> None:
    scenario = load(MINI)
    arcs = expand(scenario).arcs
    assert sorted(arcs.index) == [(link, d) for link in ("a1", "a2", "a3") for d in (BACK, FORWARD)]
    forward, back = arcs.loc[("a1", FORWARD)], arcs.loc[("a1", BACK)]
    assert (forward["from_node"], forward["to_node"]) == ("mine_node", "town")
    assert (back["from_node"], back["to_node"]) == ("town", "mine_node")
    road = next(m for m in scenario.transport_modes if m.id == "road")
    assert forward["cost"] == pytest.approx(150.0 * road.tariff)  # length x tariff
    assert arcs.loc[("a3", FORWARD), "cost"] == pytest.approx(900.0)  # an explicit cost wins
    assert bool(arcs.loc[("a3", FORWARD), "candidate"]) and math.isnan(arcs.loc[("a1", FORWARD), "capacity"])


def test_sales_are_every_stream_of_a_priced_good() -> None:
    sales = expand(load(MINI)).sales
    rows = sorted(sales[["market", "good", "source"]].itertuples(index=False, name=None))
    assert rows == [
        ("abroad", "la_oxide", ""),
        ("abroad", "nb_concentrate", "dep"),
        ("abroad", "ndpr_oxide", ""),
        ("home", "ndpr_metal", ""),
    ]
    assert set(sales.loc[sales["market"] == "home", "node"]) == {"town"}


def test_prices_step_from_the_year_given() -> None:
    prices = expand(load(MINI)).prices
    oxide = prices[(prices["market"] == "abroad") & (prices["good"] == "ndpr_oxide")].set_index("year")[
        "price"
    ]
    assert list(oxide.index) == [2027, 2028, 2029, 2030, 2031]
    assert oxide[2027] == oxide[2029] < oxide[2030] == oxide[2031]
    metal = prices[prices["good"] == "ndpr_metal"].set_index("year")["min_quantity"]
    assert metal[2030] == 0.0 and metal[2031] == 100.0


def test_a_closed_market_keeps_its_prices_in_the_scenario_but_offers_no_sale() -> None:
    scenario = load(MINI)
    closed = scenario.model_copy(
        update={"markets": tuple(m.model_copy(update={"open": m.id != "abroad"}) for m in scenario.markets)}
    )
    chain = expand(closed)
    assert set(chain.sales["market"]) == {"home"}
    assert set(chain.prices["market"]) == {"home"}
    assert {p.market for p in closed.prices} == {"abroad", "home"}  # the deck itself is unchanged
    assert open_markets(closed) == {"home"}


def test_the_price_path_is_the_net_price_at_the_node_in_rub_per_tonne() -> None:
    scenario = load(MINI)
    # la_oxide at abroad: 1 USD/kg in 2025 at 80 RUB/USD = 80,000 RUB/t as given
    rows = [
        p.model_copy(update={"vat": 0.13, "export_duty": 0.05, "basis_adjustment": -2_000.0})
        if p.good == "la_oxide"
        else p
        for p in scenario.prices
    ]
    prices = expand(scenario.model_copy(update={"prices": tuple(rows)})).prices
    lanthanum = prices[prices["good"] == "la_oxide"].set_index("year")["price"]
    assert lanthanum[2027] == pytest.approx(80_000 / 1.13 * 0.95 - 2_000)
    assert lanthanum.nunique() == 1  # one row holds over the horizon
