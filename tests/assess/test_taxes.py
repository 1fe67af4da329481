"""Each tax on a hand-computed example, the rates in force with incentives, and the splits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.assess.taxes import (
    Rate,
    TaxRules,
    extraction_tax,
    income_tax,
    land_tax,
    profit_tax,
    property_tax,
)
from angara.scenario.load import load


def test_profit_tax_carries_losses_forward() -> None:
    # years: loss 100, profit 50 (all offset), profit 80 (50 offset, 30 taxed at 25 %), profit 40
    taxes, carried = profit_tax([-100.0, 50.0, 80.0, 40.0], [0.25] * 4)
    assert list(taxes) == [0.0, 0.0, 7.5, 10.0]
    assert list(carried) == [100.0, 50.0, 0.0, 0.0]


def test_profit_tax_uses_each_years_rate() -> None:
    taxes, _ = profit_tax([100.0, 100.0], [0.05, 0.25])  # a regional investment project's first year
    assert list(taxes) == [5.0, 25.0]


def test_property_tax_is_on_the_average_book_value() -> None:
    # 1,000 at the start of the year, 900 at its end, 2.2 %: 950 x 0.022
    assert property_tax(1000.0, 900.0, 0.022) == pytest.approx(20.9)


def test_land_tax_is_on_the_cadastral_value() -> None:
    # 10 ha at 100 RUB/m2 = 1,000,000 RUB/ha, 1.5 %: 150,000 RUB
    assert land_tax(10.0, 1_000_000.0, 0.015) == pytest.approx(150_000.0)


def test_income_and_extraction_taxes_and_their_splits() -> None:
    pit = income_tax(1_200_000.0, 0.13)
    assert pit == pytest.approx(156_000.0)
    assert Rate(0.13, 0.0, 0.85, 0.15).split(pit) == pytest.approx(
        {"federal": 0.0, "regional": 132_600.0, "local": 23_400.0}
    )
    met = extraction_tax(1e9, 0.0168)  # 4.8 % x rent coefficient 3.5 x new-project coefficient 0.1
    assert met == pytest.approx(16.8e6)
    assert Rate(0.0168, 0.4, 0.6, 0.0).split(met) == pytest.approx(
        {"federal": 6.72e6, "regional": 10.08e6, "local": 0.0}
    )


def test_rates_in_force_follow_the_default_scenarios_incentives() -> None:
    rules = TaxRules(load("angara-yenisei"))
    general = rules.rate("profit", "khakassia", "chernogorsk", 0)
    assert (general.rate, general.federal, general.regional) == (0.25, 0.32, 0.68)
    # regional investment project in Krasnoyarsk Krai: 5 % for 5 years, then 10 % for 5, then 25 %
    assert [rules.rate("profit", "krasnoyarsk", "minusinsk", t).rate for t in (0, 4, 5, 9, 10)] == [
        0.05,
        0.05,
        0.10,
        0.10,
        0.25,
    ]
    assert rules.rate("profit", "krasnoyarsk", "minusinsk", 0).regime == "regional_investment_project"
    # Khakassia is not on the list of regions with the regime, but the Sayanogorsk SEZ cuts the regional part
    sez = rules.rate("profit", "khakassia", "sayanogorsk", 3)
    assert (sez.rate, sez.federal, sez.regional, sez.regime) == (0.08, 1.0, 0.0, "sez")
    assert rules.rate("profit", "khakassia", "sayanogorsk", None).rate == 0.25  # before any revenue
    assert rules.rate("vat", "tuva", None, 0).rate == 0.22
    assert rules.rate("no_such_tax", "tuva", None, 0).rate == 0.0


@given(
    st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=20),
    st.floats(min_value=0.0, max_value=0.5),
)
def test_profit_tax_never_exceeds_tax_on_the_cumulative_profit(profits: list[float], rate: float) -> None:
    taxes, carried = profit_tax(profits, [rate] * len(profits))
    assert (taxes >= 0).all()
    # with full carry-forward, tax paid is the rate times the profit above every earlier loss
    assert taxes.sum() >= rate * sum(profits) - 1e-6 * (1 + sum(abs(p) for p in profits))
    assert taxes.sum() <= rate * sum(p for p in profits if p > 0) + 1e-6
    assert (carried >= 0).all()
