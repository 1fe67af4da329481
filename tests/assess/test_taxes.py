"""Each tax of the money engine on a hand-computed example, the rates in force with
incentives, and the splits between budget levels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.assess.money.engine import extraction_tax, income_tax, profit_tax, split
from angara.assess.taxes import TaxRules, land_tax, property_tax
from angara.scenario.load import load


def _one(value: float) -> np.ndarray:
    """``value`` as one sample of one plant in one year."""
    return np.full((1, 1, 1), value)


def _levels(federal: float, regional: float, local: float) -> np.ndarray:
    return np.array([[[federal, regional, local]]])


def test_profit_tax_carries_losses_forward() -> None:
    # years: loss 100, profit 50 (all offset), profit 80 (50 offset, 30 taxed at 25 %), profit 40
    taxes, carried = profit_tax(np.array([-100.0, 50.0, 80.0, 40.0]), np.full(4, 0.25))
    assert list(taxes) == [0.0, 0.0, 7.5, 10.0]
    assert list(carried) == [100.0, 50.0, 0.0, 0.0]


def test_profit_tax_uses_each_years_rate() -> None:
    # a regional investment project's first year at 5 %, then the general rate
    taxes, _ = profit_tax(np.array([100.0, 100.0]), np.array([0.05, 0.25]))
    assert list(taxes) == [5.0, 25.0]


def test_property_tax_is_on_the_average_book_value() -> None:
    # 1,000 at the start of the year, 900 at its end, 2.2 %: 950 x 0.022
    assert property_tax(_one(1000.0), _one(900.0), _one(0.022)) == pytest.approx(_one(20.9))


def test_land_tax_is_on_the_cadastral_value() -> None:
    # 10 ha at 100 RUB/m2 = 1,000,000 RUB/ha: a cadastral value of 10 mn RUB; 1.5 %: 150,000 RUB
    assert land_tax(_one(10.0 * 1_000_000.0), _one(0.015)) == pytest.approx(_one(150_000.0))


def test_income_and_extraction_taxes_and_their_splits() -> None:
    pit = income_tax(_one(1_200_000.0), _one(0.13))
    assert pit == pytest.approx(_one(156_000.0))
    assert split(pit, _levels(0.0, 0.85, 0.15)) == pytest.approx(np.array([[0.0, 132_600.0, 23_400.0]]))
    # 4.8 % x rent coefficient 3.5 x new-project coefficient 0.1
    met = extraction_tax(_one(1e9), _one(0.0168))
    assert met == pytest.approx(_one(16.8e6))
    per_year = split(met, _levels(0.4, 0.6, 0.0), per_plant_year=True)
    assert per_year == pytest.approx(np.array([[[[6.72e6, 10.08e6, 0.0]]]]))
    # a deposit whose products fetch less than its inputs cost pays nothing, and gets no refund
    assert extraction_tax(_one(-5e8), _one(0.0168)) == pytest.approx(_one(0.0))


RIP = frozenset({"regional_investment_project"})


def test_rates_in_force_follow_the_default_scenarios_incentives() -> None:
    rules = TaxRules(load("angara-yenisei"))
    general = rules.rate("profit", "khakassia", "chernogorsk", 0)
    assert (general.rate, general.federal, general.regional) == (0.25, 0.32, 0.68)
    # a regional investment project in Krasnoyarsk Krai: 5 % for 5 years, then 10 % for 5, then 25 %
    assert [rules.rate("profit", "krasnoyarsk", "minusinsk", t, RIP).rate for t in (0, 4, 5, 9, 10)] == [
        0.05,
        0.05,
        0.10,
        0.10,
        0.25,
    ]
    assert rules.rate("profit", "krasnoyarsk", "minusinsk", 0, RIP).regime == "regional_investment_project"
    # no grant without the status: a plant that does not claim it pays the general rate
    assert rules.rate("profit", "krasnoyarsk", "minusinsk", 0).rate == 0.25
    # Khakassia is not on the list of regions with the regime, but the Sayanogorsk SEZ cuts the regional part
    assert rules.rate("profit", "khakassia", "chernogorsk", 0, RIP).rate == 0.25
    sez = rules.rate("profit", "khakassia", "sayanogorsk", 3, frozenset({"sez"}))
    assert (sez.rate, sez.federal, sez.regional, sez.regime) == (0.08, 1.0, 0.0, "sez")
    assert rules.rate("profit", "khakassia", "sayanogorsk", None).rate == 0.25  # before any revenue
    assert rules.rate("vat", "tuva", None, 0).rate == 0.22
    assert rules.rate("no_such_tax", "tuva", None, 0).rate == 0.0


def test_the_rare_metals_coefficient_runs_120_months_from_the_first_extraction() -> None:
    """Tax Code art. 342.7: Krm = 0.1 for 120 tax periods (months) from the first with a tax
    base; by law, for every deposit.  4.8 % x 3.5 = 16.8 % after, 1.68 % while it runs."""
    rules = TaxRules(load("angara-yenisei"))
    yearly = rules.yearly("mineral_extraction", "tuva", None, {"extraction": 2}, 15)
    assert list(yearly.rates) == pytest.approx([0.168] * 2 + [0.0168] * 10 + [0.168] * 3)
    assert list(yearly.regimes[2:4]) == ["rare_metal_ores"] * 2
    assert yearly.shares[5] == pytest.approx([0.4, 0.6, 0.0])
    # as a rate for whole years: ten, not the twenty years of the horizon
    assert [
        rules.rate("mineral_extraction", "irkutsk", None, t).rate for t in (0, 9, 10, 19)
    ] == pytest.approx([0.0168, 0.0168, 0.168, 0.168])


def test_a_period_of_months_covers_part_of_a_year() -> None:
    """126 months from the start of a plant's third year: 10.5 years, so the 13th year has
    the reduced rate for half of its months: (0.0168 + 0.168) / 2."""
    scenario = load("angara-yenisei")
    krm = next(row for row in scenario.incentives if row.id == "krm_rare_metals")
    longer = scenario.model_copy(update={"incentives": (krm.model_copy(update={"duration": 126}),)})
    yearly = TaxRules(longer).yearly("mineral_extraction", "tuva", None, {"extraction": 2}, 14)
    assert yearly.rates[11] == pytest.approx(0.0168)
    assert yearly.rates[12] == pytest.approx((0.0168 + 0.168) / 2)
    assert yearly.rates[13] == pytest.approx(0.168)


def test_incentives_count_from_their_legal_start() -> None:
    """The regional investment project runs from the first year with profit (art. 284.3),
    whatever the first year with revenue."""
    rules = TaxRules(load("angara-yenisei"))
    yearly = rules.yearly("profit", "tuva", "kyzyl", {"revenue": 0, "profit": 3}, 14, RIP)
    assert list(yearly.rates) == pytest.approx([0.25] * 3 + [0.05] * 5 + [0.10] * 5 + [0.25])


def test_property_tax_is_on_the_immovable_part_only() -> None:
    """1,000 of CAPEX of which 45 % buildings and structures, book 1,000 -> 900: 2.2 % of
    the immovable average 0.45 x 950 = 427.5 is 9.405 (not 20.9 on all of it)."""
    assert property_tax(_one(450.0), _one(405.0), _one(0.022)) == pytest.approx(_one(9.405))


@given(
    st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=20),
    st.floats(min_value=0.0, max_value=0.5),
)
def test_profit_tax_never_exceeds_tax_on_the_cumulative_profit(profits: list[float], rate: float) -> None:
    taxes, carried = profit_tax(np.array(profits), np.full(len(profits), rate))
    assert (taxes >= 0).all()
    # with full carry-forward, tax paid is the rate times the profit above every earlier loss
    assert taxes.sum() >= rate * sum(profits) - 1e-6 * (1 + sum(abs(p) for p in profits))
    assert taxes.sum() <= rate * sum(p for p in profits if p > 0) + 1e-6
    assert (carried >= 0).all()
