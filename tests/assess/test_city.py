"""The satellite city on a hand example: gap, households, norms, costs of growth only."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.assess.city import satellite_city
from angara.scenario.model import Scenario
from angara.scenario.schema import CityNorm, Meta, Region


def _scenario() -> Scenario:
    return Scenario(
        meta=Meta(name="city", title="City"),
        regions=(Region(id="r", name="R", electricity_price=0.0, gas_price=0.0, household_size=2.5),),
        city_norms=(
            CityNorm(
                region="*",
                housing=30.0,
                kindergarten=0.05,
                school=0.12,
                outpatient=0.02,
                housing_cost=100_000.0,
                kindergarten_cost=1e6,
                school_cost=1.5e6,
                outpatient_cost=5e6,
            ),
        ),
    )


def test_city_by_hand() -> None:
    staff = pd.DataFrame(
        [
            ("r", "engineer", 2027, 50.0, 10.0, 40.0),
            ("r", "operator", 2027, 100.0, 120.0, 0.0),
            ("r", "engineer", 2029, 80.0, 20.0, 60.0),
            ("r", "operator", 2029, 100.0, 120.0, 0.0),
        ],
        columns=["region", "skill", "period", "needed", "local_available", "migrants"],
    )
    calendar = pd.DataFrame({"year": [2027, 2028, 2029], "period": [2027, 2027, 2029]})
    city, notes = satellite_city(_scenario(), staff, calendar)
    assert notes == []
    rows = city.set_index("year")
    # the gap counts per skill: operators' surplus does not cover the engineers
    assert list(rows["gap"]) == [40.0, 40.0, 60.0]
    assert list(rows["residents"]) == [100.0, 100.0, 150.0]  # 2.5 residents per worker
    assert rows.at[2029, "housing_m2"] == pytest.approx(4500.0)
    assert rows.at[2029, "kindergarten_places"] == pytest.approx(7.5)
    assert rows.at[2029, "school_places"] == pytest.approx(18.0)
    assert rows.at[2029, "outpatient_visits_per_shift"] == pytest.approx(3.0)
    first = 3000 * 1e5 + 5 * 1e6 + 12 * 1.5e6 + 2 * 5e6  # 100 residents
    grown = 1500 * 1e5 + 2.5 * 1e6 + 6 * 1.5e6 + 1 * 5e6  # 50 more
    assert list(rows["cost_rub"]) == pytest.approx([first, 0.0, grown])


def test_no_norms_is_said_not_guessed() -> None:
    scenario = _scenario().model_copy(update={"city_norms": ()})
    staff = pd.DataFrame(
        [("r", "engineer", 2027, 50.0, 10.0, 40.0)],
        columns=["region", "skill", "period", "needed", "local_available", "migrants"],
    )
    city, notes = satellite_city(scenario, staff, pd.DataFrame({"year": [2027], "period": [2027]}))
    assert city.at[0, "residents"] == 100.0 and city.at[0, "cost_rub"] == 0.0
    assert notes and "no city norms" in notes[0]
