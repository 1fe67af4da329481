"""Capital over a plant's life, by hand: when CAPEX is paid, sustaining capital, closure at
the end of a module's life or at the horizon, and the levelized charge of the netback."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.assess.capital import closure, construction_years, levelized_charges, sustaining

YEARS = tuple(range(2027, 2037))  # ten years
PLANT = ("plant", "site")


def _plants(lifetime: float, closure_cost: float = 0.1, sustaining_capex: float = 0.02) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "process": PLANT[0],
                "location": PLANT[1],
                "lifetime": lifetime,
                "module_capex": 1000.0,
                "immovable": 0.4,
                "sustaining_capex": sustaining_capex,
                "closure_cost": closure_cost,
            }
        ]
    ).set_index(["process", "location"])


def _vintage(first_year: int, capex: float = 1000.0) -> pd.DataFrame:
    return pd.DataFrame(
        [{"process": PLANT[0], "location": PLANT[1], "first_year": first_year, "capex_rub": capex}]
    )


def test_construction_is_paid_in_the_years_before_commissioning() -> None:
    assert construction_years(2031, 3.0, 2027) == [2028, 2029, 2030]
    assert construction_years(2031, 2.5, 2027) == [2028, 2029, 2030]
    assert construction_years(2028, 3.0, 2027) == [2027]  # the horizon cuts the spread short
    assert construction_years(2027, 3.0, 2027) == [2027]
    assert construction_years(2030, 0.0, 2027) == [2030]


def test_sustaining_capital_is_a_share_of_the_standing_modules_capex() -> None:
    # 2 modules of 1,000 at 2 % a year: 40 a year while they stand, nothing before
    yearly = pd.DataFrame({"process": PLANT[0], "location": PLANT[1], "units": [0.0, 2.0, 2.0]})
    assert list(sustaining(yearly, _plants(20.0))) == pytest.approx([0.0, 40.0, 40.0])


def test_closure_is_paid_the_year_after_a_modules_life() -> None:
    # first operating in 2028 with a 5-year life: it runs 2028-2032, closes in 2033 at 10 % of 1,000
    paid = closure(_vintage(2028), _plants(5.0), YEARS, 0.1)
    assert paid.to_dict("records") == [
        {"process": "plant", "location": "site", "year": 2033, "closure_rub": pytest.approx(100.0)}
    ]


def test_closure_after_the_horizon_is_counted_at_its_end_discounted() -> None:
    # a 20-year life from 2030 ends after 2049; counted in 2036 as 100 / 1.1 ** (2050 - 2036)
    paid = closure(_vintage(2030), _plants(20.0), YEARS, 0.1)
    assert list(paid["year"]) == [2036]
    assert paid["closure_rub"].iloc[0] == pytest.approx(100.0 / 1.1**14)


def test_no_closure_cost_no_row() -> None:
    assert closure(_vintage(2030), _plants(20.0, closure_cost=0.0), YEARS, 0.1).empty


def test_levelized_charge_repays_capex_within_the_horizon() -> None:
    """Paid in 2027 (lead time 1) for 1,000, standing 2028-2030 with a life of 3 years, no
    property tax at 10 %: 1,100 in 2028 repaid by three equal charges C with
    C (1 + 1/1.1 + 1/1.21) = 1,100, C = 442.3; nothing is left at the end."""
    lead = pd.Series({PLANT: 1.0})
    charges = levelized_charges(
        _vintage(2028), _plants(3.0), lead, YEARS, pd.Series({PLANT: 0.1}), pd.Series({PLANT: 0.0})
    )
    expected = 1100.0 / (1 + 1 / 1.1 + 1 / 1.21)
    assert list(charges["year"]) == [2028, 2029, 2030]
    assert charges["charge_rub"].to_numpy() == pytest.approx([expected] * 3)


def test_levelized_charge_counts_the_book_left_and_the_property_tax() -> None:
    """Paid in 2034 for 1,000, standing 2035-2036 (the horizon ends) with a life of 4 years:
    book 1,000 -> 750 -> 500, 500 left; property tax 2 % on 40 % of the average book:
    7 in 2035 and 5 in 2036.  C (1 + 1/1.1) = 1,100 + 7 + 5/1.1 - 500/1.1."""
    lead = pd.Series({PLANT: 1.0})
    charges = levelized_charges(
        _vintage(2035), _plants(4.0), lead, YEARS, pd.Series({PLANT: 0.1}), pd.Series({PLANT: 0.02})
    )
    expected = (1100.0 + 7.0 + 5.0 / 1.1 - 500.0 / 1.1) / (1 + 1 / 1.1)
    assert charges["charge_rub"].to_numpy() == pytest.approx([expected, expected])
