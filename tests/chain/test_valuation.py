"""Goods priced by their contents: two deposits that differ only in grade earn the same per
tonne of niobium while their concentrates follow the ore, and the payability arithmetic
against a hand calculation with a penalty and a minimum content."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.chain import expand
from angara.chain.valuation import stream_price, terms_by_year
from angara.plan.result import Plan
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.schema import Payability
from tests.conftest import MINI
from tests.graded import NB_METAL_FRACTION, TARGET, concentrate_price_rub_per_t

RECOVERY = 0.60  # of Nb to the concentrate (mini recoveries)
ORE_NB2O5 = {"dep": 0.007, "poor": 0.0035}


def test_two_deposits_differing_only_in_grade_earn_the_same_per_tonne_of_niobium(
    graded: Scenario, graded_plan: Plan
) -> None:
    """The done-when of issue 11: tonnage follows the ore, grade is the target, and revenue
    per tonne of contained element is the same (payability)."""
    chain = expand(graded)
    pulls = chain.coefficients.set_index(["location", "good"])["coefficient"]
    contents = chain.composition.set_index(["good", "source", "species"])["content"]
    prices = chain.prices.set_index(["market", "good", "source", "year"])["price"]
    for deposit, grade in ORE_NB2O5.items():
        # mass pull = recovered Nb2O5 / target Nb2O5: 0.7 % x 0.6 / 50 % = 0.0084 t per t of ore
        assert pulls[(deposit, "nb_concentrate")] == pytest.approx(grade * RECOVERY / TARGET, rel=1e-12)
        assert contents[("nb_concentrate", deposit, "Nb")] == pytest.approx(TARGET * NB_METAL_FRACTION)
        for year in graded.years:
            assert prices[("abroad", "nb_concentrate", deposit, year)] == pytest.approx(
                concentrate_price_rub_per_t(), rel=1e-12
            )
    assert pulls[("poor", "nb_concentrate")] == pytest.approx(0.5 * pulls[("dep", "nb_concentrate")])

    # the plan sells both: per tonne of niobium contained, each earns the same
    sold = graded_plan.sales[graded_plan.sales["good"] == "nb_concentrate"]
    per_niobium = {}
    for deposit, rows in sold.groupby("source"):
        niobium = (rows["tonnes"] * contents[("nb_concentrate", deposit, "Nb")]).sum()
        per_niobium[deposit] = rows["revenue_rub"].sum() / niobium
    assert set(per_niobium) == {"dep", "poor"}
    expected = concentrate_price_rub_per_t() / (TARGET * NB_METAL_FRACTION)
    assert per_niobium["dep"] == pytest.approx(expected, rel=1e-9)
    assert per_niobium["poor"] == pytest.approx(expected, rel=1e-9)

    # and each deposit's concentrate is its ore treated times its mass pull
    treated = graded_plan.activities[graded_plan.activities["process"] == "benef"]
    for (deposit, period), ore in treated.groupby(["location", "period"])["activity"].sum().items():
        made = sold[(sold["source"] == deposit) & (sold["period"] == period)]["tonnes"].sum()
        assert made == pytest.approx(ore * ORE_NB2O5[deposit] * RECOVERY / TARGET, rel=1e-6)


def _with_terms(rows: list[Payability]) -> Scenario:
    scenario = load(MINI)
    prices = tuple(p for p in scenario.prices if p.good != "nb_concentrate")
    return scenario.model_copy(update={"payability": tuple(rows), "prices": prices})


TERMS = [
    # paid: 80 % of 20,000 RUB per t of Nb2O5
    Payability(market="abroad", good="nb_concentrate", species="Nb", year=2025, price=20_000, payable=0.8),
    # required: at least 2 % NdPr oxide, half paid at 10,000 RUB per t
    Payability(
        market="abroad",
        good="nb_concentrate",
        species="NdPr",
        year=2025,
        price=10_000,
        payable=0.5,
        min_content=0.02,
    ),
    # penalised: 100,000 RUB per t of La2O3 above 1 %
    Payability(
        market="abroad", good="nb_concentrate", species="La", year=2025, penalty_above=0.01, penalty=100_000
    ),
]


def _composition(nb2o5: float, ndpr_oxide: float, la2o3: float) -> dict[str, float]:
    """Element contents of a stream holding these oxide shares."""
    return {"Nb": nb2o5 * 0.699, "NdPr": ndpr_oxide * 0.85, "La": la2o3 * 0.853}


def test_payability_by_hand_with_a_penalty_and_a_minimum() -> None:
    terms = terms_by_year(_with_terms(TERMS))[("abroad", "nb_concentrate")][2027]
    # 0.8 x 20,000 x 0.30 + 0.5 x 10,000 x 0.025 - 100,000 x (0.03 - 0.01) = 4,800 + 125 - 2,000
    assert stream_price(_composition(0.30, 0.025, 0.03), terms) == pytest.approx(2_925.0, rel=1e-12)
    # no penalty at or below the threshold
    assert stream_price(_composition(0.30, 0.025, 0.01), terms) == pytest.approx(4_925.0, rel=1e-12)
    # below the minimum NdPr content the market does not take it
    assert stream_price(_composition(0.30, 0.015, 0.0), terms) is None
    # penalties worth more than the contents make it worth nothing, not less
    assert stream_price(_composition(0.05, 0.025, 0.10), terms) == 0.0


def test_a_stream_below_a_minimum_in_every_year_is_not_offered_to_that_market() -> None:
    required = Payability(
        market="abroad", good="nb_concentrate", species="Nb", year=2025, price=20_000, min_content=0.5
    )
    chain = expand(_with_terms([required]))
    # the mini concentrate holds 0.7 % x 0.6 / 0.01 = 42 % Nb2O5: below 50 %
    assert not (chain.sales["good"] == "nb_concentrate").any()
    assert not (chain.prices["good"] == "nb_concentrate").any()
    lower = required.model_copy(update={"min_content": 0.4})
    chain = expand(_with_terms([lower]))
    offered = chain.prices[chain.prices["good"] == "nb_concentrate"]
    assert list(offered["source"].unique()) == ["dep"]
    assert offered["price"].to_numpy() == pytest.approx(20_000 * 0.42)


def test_terms_hold_from_their_year_until_the_next() -> None:
    later = Payability(market="abroad", good="nb_concentrate", species="Nb", year=2030, price=30_000)
    terms = terms_by_year(_with_terms([TERMS[0], later]))[("abroad", "nb_concentrate")]
    paid = {year: stream_price({"Nb": 0.699}, t) for year, t in terms.items()}
    assert paid == pytest.approx(
        {2027: 16_000.0, 2028: 16_000.0, 2029: 16_000.0, 2030: 30_000.0, 2031: 30_000.0}
    )


def test_goods_priced_per_tonne_keep_one_price_for_every_stream(graded: Scenario) -> None:
    prices = expand(graded).prices
    oxide = prices[prices["good"] == "ndpr_oxide"]
    assert set(oxide["source"]) == {""}
    assert isinstance(oxide, pd.DataFrame) and oxide["max_quantity"].isna().all()
    metal = prices[prices["good"] == "ndpr_metal"].set_index("year")
    assert metal.at[2031, "min_quantity"] == 100.0 and metal.at[2027, "max_quantity"] == 500.0
