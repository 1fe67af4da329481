"""Directed arcs, where goods can be sold, and price paths of the mini scenario."""

from __future__ import annotations

import math

import pytest

from angara.chain import expand
from angara.chain.network import BACK, FORWARD
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
