"""Netback transfer prices on a hand-computed chain of three plants: a mine sells ore to a
concentrator, which sells concentrate to a refinery, which sells metal.  Each plant
downstream keeps its own costs (capital charge included) and passes the rest up: the
refinery pays 1,000 - 300 = 700 for the concentrate, the concentrator 700 - 200 = 500 for
the ore, and the mine earns 500 - 100 = 400, the chain's whole margin."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from angara.assess.transfer import FIXED, internal_comparables, payments
from angara.scenario.model import Scenario
from angara.scenario.schema import AssessmentSettings, Meta

MINE, CONCENTRATOR, REFINERY = ("mine", "dep"), ("conc", "dep"), ("ref", "site")
METAL = ("metal", "china")


def _scenario(**settings: object) -> Scenario:
    days = {"receivable_days": 0.0, "inventory_days": 0.0, "payable_days": 0.0}
    assessment = AssessmentSettings.model_validate({"transfer_price": "netback", **days, **settings})
    return Scenario(meta=Meta(name="chain", title="Chain", assessment=assessment))


def _chain(
    refinery_cost: float = 300.0, concentrate_market: float = math.nan
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.Series]:
    """What each plant uses (with reference prices), makes, sells and spends in 2030."""
    priced = pd.DataFrame(
        [
            {**dict(zip(("process", "location"), CONCENTRATOR, strict=True)), "good": "ore", "source": "dep"}
            | {"node": "d", "period": 2030, "tonnes": 1000.0, "market": math.nan, "shadow": 1.0},
            {
                **dict(zip(("process", "location"), REFINERY, strict=True)),
                "good": "concentrate",
                "source": "dep",
            }
            | {"node": "s", "period": 2030, "tonnes": 100.0, "market": concentrate_market, "shadow": 50.0},
        ]
    )
    shares = pd.DataFrame(
        [
            {
                "process": "mine",
                "location": "dep",
                "good": "ore",
                "source": "dep",
                "period": 2030,
                "share": 1.0,
            },
            {"process": "conc", "location": "dep", "good": "concentrate", "source": "dep", "period": 2030}
            | {"share": 1.0},
        ]
    )
    sold = pd.DataFrame(
        [
            {
                "process": "ref",
                "location": "site",
                "period": 2030,
                "market": "china",
                "good": "metal",
                "sales_rub": 1000.0,
            }
        ]
    )
    costs = pd.Series({(*MINE, 2030): 100.0, (*CONCENTRATOR, 2030): 200.0, (*REFINERY, 2030): refinery_cost})
    return priced, shares, sold, costs


RATES = pd.Series({MINE: 0.1, CONCENTRATOR: 0.1, REFINERY: 0.1})


def _paid(frame: pd.DataFrame, buyer: tuple[str, str]) -> dict[tuple[str, str], float]:
    rows = frame[(frame["process"] == buyer[0]) & (frame["location"] == buyer[1])]
    return {
        (str(good), str(market)): float(amount)
        for good, market, amount in zip(
            rows["index_good"], rows["index_market"], rows["purchases_rub"], strict=True
        )
    }


def test_netbacks_pass_the_value_up_the_chain() -> None:
    notes: list[str] = []
    paid = payments(_scenario(), *_chain(), RATES, notes)
    assert notes == []
    assert set(paid["basis"]) == {"netback"}
    # the concentrate: the metal's 1,000 less the refinery's 300; the ore: that less 200
    assert _paid(paid, REFINERY) == pytest.approx({METAL: 1000.0, FIXED: -300.0})
    assert _paid(paid, CONCENTRATOR) == pytest.approx({METAL: 1000.0, FIXED: -500.0})
    # each plant's margin over its own costs: its share; together the chain's 1,000 - 600
    refinery = 1000.0 - sum(_paid(paid, REFINERY).values()) - 300.0
    concentrator = sum(_paid(paid, REFINERY).values()) - sum(_paid(paid, CONCENTRATOR).values()) - 200.0
    mine = sum(_paid(paid, CONCENTRATOR).values()) - 100.0
    assert (refinery, concentrator, mine) == pytest.approx((0.0, 0.0, 400.0))
    assert refinery + concentrator + mine == pytest.approx(1000.0 - 600.0)


def test_a_market_price_comes_first() -> None:
    """With a market price of 6 per tonne of concentrate, the refinery pays 600 and keeps
    100 beyond its costs; the ore's netback is 600 - 200."""
    paid = payments(_scenario(), *_chain(concentrate_market=6.0), RATES, [])
    assert _paid(paid, REFINERY) == pytest.approx({("concentrate", ""): 600.0})
    assert _paid(paid, CONCENTRATOR) == pytest.approx({("concentrate", ""): 600.0, FIXED: -200.0})
    assert set(zip(paid["process"], paid["basis"], strict=True)) == {("conc", "netback"), ("ref", "market")}


def test_working_capital_is_carried_at_the_pre_tax_rate() -> None:
    """Receivables of 36.5 days (0.1 of revenue) and inventories less payables of 18.25 days
    (0.05 of costs) at 10 %: N = V (1 - 0.01) / (1 + 0.005) - C."""
    scenario = _scenario(receivable_days=36.5, inventory_days=36.5, payable_days=18.25)
    paid = payments(scenario, *_chain(), RATES, [])
    kept = 0.99 / 1.005
    assert sum(_paid(paid, REFINERY).values()) == pytest.approx(1000.0 * kept - 300.0)
    assert sum(_paid(paid, CONCENTRATOR).values()) == pytest.approx((1000.0 * kept - 300.0) * kept - 200.0)


def test_no_value_left_no_payment() -> None:
    """A refinery whose costs exceed its sales pays nothing for its concentrate (not a
    negative price), and so does the concentrator for its ore: the refinery bears the loss."""
    paid = payments(_scenario(), *_chain(refinery_cost=1200.0), RATES, [])
    assert paid["purchases_rub"].abs().sum() == 0.0
    assert set(paid["basis"]) == {"netback"}


def test_plants_buying_from_each_other_fall_back_to_the_shadow_price() -> None:
    priced, shares, sold, costs = _chain()
    # the refinery also makes the ore: a loop between the concentrator and the refinery
    loop = pd.DataFrame(
        [{"process": "ref", "location": "site", "good": "ore", "source": "dep", "period": 2030, "share": 0.5}]
    )
    notes: list[str] = []
    paid = payments(_scenario(), priced, pd.concat([shares, loop]), sold, costs, RATES, notes)
    assert set(paid["basis"]) == {"shadow"}
    assert _paid(paid, CONCENTRATOR) == pytest.approx({FIXED: 1000.0})
    assert notes == [
        "netback prices of 2030 form a loop between plants (conc at dep, ref at site): "
        "their streams are passed at the plan's shadow price"
    ]


def test_shadow_and_market_bases_are_not_netbacks() -> None:
    paid = payments(_scenario(transfer_price="shadow"), *_chain(concentrate_market=6.0), RATES, [])
    assert list(paid["basis"]) == ["shadow", "shadow"]
    assert list(paid["purchases_rub"]) == pytest.approx([1000.0, 5000.0])
    assert set(zip(paid["index_good"], paid["index_market"], strict=True)) == {FIXED}


def test_a_market_price_counts_only_for_a_stream_the_cluster_also_sells_outside() -> None:
    """The internal comparable: the concentrate of ``dep`` is also sold abroad in 2031, so
    it passes at its market price that year; in 2033, and from ``poor`` (never sold), its
    market price is dropped and the netback sets it."""
    priced = pd.DataFrame(
        {
            "good": ["concentrate"] * 3,
            "source": ["dep", "dep", "poor"],
            "node": ["n"] * 3,
            "period": [2031, 2033, 2031],
            "market": [900.0, 900.0, 450.0],
            "shadow": [700.0, 700.0, 350.0],
        }
    )
    sales = pd.DataFrame(
        {
            "good": ["concentrate", "metal"],
            "source": ["dep", "dep"],
            "period": [2031, 2033],
            "revenue_rub": [5.0, 9.0],
        }
    )
    kept = internal_comparables(priced, sales)
    assert kept["market"].tolist()[0] == 900.0
    assert kept["market"].isna().tolist() == [False, True, True]
    assert kept["shadow"].tolist() == priced["shadow"].tolist()


def test_a_market_filled_to_its_cap_is_no_internal_comparable() -> None:
    # GeCl4 sold outside at 10 t/yr, the market's cap: the tonnes refined inside could not
    # have been sold there, so they pass at their netback; uncapped or with room, at the price
    priced = pd.DataFrame(
        {
            "good": ["gecl4"] * 3,
            "source": [""] * 3,
            "node": ["n"] * 3,
            "period": [2029, 2031, 2033],
            "market": [562.0] * 3,
            "shadow": [400.0] * 3,
        }
    )
    sales = pd.DataFrame(
        {
            "good": ["gecl4"] * 3,
            "source": [""] * 3,
            "market": ["domestic"] * 3,
            "period": [2029, 2031, 2033],
            "tonnes": [10.0, 6.0, 10.0],
            "revenue_rub": [5620.0, 3372.0, 5620.0],
        }
    )
    caps = pd.DataFrame(
        {
            "market": ["domestic"] * 3,
            "good": ["gecl4"] * 3,
            "period": [2029, 2031, 2033],
            "max_quantity": [10.0, 10.0, np.nan],
        }
    )
    kept = internal_comparables(priced, sales, caps)
    assert kept["market"].isna().tolist() == [True, False, False]
    # without caps every market counts, as before
    assert internal_comparables(priced, sales)["market"].notna().all()
