"""Ramp-up: a new module makes at most its curve's share of nameplate in its first years
(plan/ramp.py and the ``capacity`` group), with plans computed by hand on the factory."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from angara.plan import optimize
from angara.plan.periods import Periods
from angara.plan.ramp import curves, existing_shortfall, ramp_terms, shortfall
from angara.scenario.schema import Plant
from tests.plan.factory import factory, margin


def test_the_shortfall_of_a_year_is_one_less_its_share() -> None:
    shares = np.array([0.4, 0.7])
    assert shortfall(shares, 2030, (2030,)) == pytest.approx(0.6)
    assert shortfall(shares, 2030, (2031,)) == pytest.approx(0.3)
    assert shortfall(shares, 2030, (2032,)) == 0.0  # beyond the curve: nameplate
    assert shortfall(shares, 2030, (2029,)) == 0.0  # before it operates nothing is short
    # a period stands for each of its years: the shortfall is their mean
    assert shortfall(shares, 2030, (2030, 2031, 2032)) == pytest.approx((0.6 + 0.3 + 0.0) / 3)


def test_ramp_terms_cover_the_periods_a_module_ramps_up_in() -> None:
    periods = Periods.of(2027, 2033, 0.0, [2027, 2029, 2032])
    slots = pd.DataFrame({"ramp_up": ["ramp", ""]})
    allowed = np.ones((2, 3), dtype=bool)
    retire_at = np.full((2, 3), 3)
    ramp = pd.DataFrame({"curve": ["ramp"] * 3, "year": [1, 2, 3], "share": [0.4, 0.7, 0.9]})
    terms = ramp_terms(slots, allowed, retire_at, periods, ramp)
    rows = {(r.slot, r.commission, r.period): r.shortfall for r in terms.itertuples()}
    # commissioned in 2027: years 2027-28 short 0.6 and 0.3, 2029-31 short 0.1, 0, 0
    assert rows == pytest.approx(
        {
            (0, 0, 0): 0.45,
            (0, 0, 1): 0.1 / 3,
            (0, 1, 1): (0.6 + 0.3 + 0.1) / 3,
            (0, 2, 2): (0.6 + 0.3) / 2,
        }
    )


def test_a_new_module_runs_its_curve_then_nameplate() -> None:
    """Hand-computed: one 10 t/yr module from 2027, at 40 % then 70 % then 100 %."""
    plan = optimize(factory(first=2027, last=2031, ramp_up=[0.4, 0.7]))
    assert list(plan.builds["period"]) == [2027]
    activity = plan.activities.groupby("period")["activity"].sum()
    assert activity.to_dict() == pytest.approx({2027: 4.0, 2028: 7.0, 2029: 10.0, 2030: 10.0, 2031: 10.0})
    # margin per tonne 100 - 40 - 10 = 50; the capital charge at rate 0 is 1000 / 10 a year
    per_tonne = margin() / 10.0
    assert plan.objective == pytest.approx(per_tonne * (4 + 7 + 10 + 10 + 10) - 5 * 100.0, rel=1e-9)


def test_a_period_of_several_years_averages_the_ramp_up() -> None:
    plan = optimize(factory(first=2027, last=2033, ramp_up=[0.4, 0.7], periods=[2027, 2029, 2032]))
    activity = plan.activities.groupby("period")["activity"].sum()
    assert activity.to_dict() == pytest.approx({2027: 5.5, 2029: 10.0, 2032: 10.0})


def test_a_committed_module_ramps_up_from_its_first_year() -> None:
    scenario = factory(first=2027, last=2031, ramp_up=[0.5], max_units=0)
    committed = scenario.model_copy(
        update={"plants": (Plant(process="plant", location="site", units=1, first_year=2028),)}
    )
    activity = optimize(committed).activities.groupby("period")["activity"].sum()
    assert activity.to_dict() == pytest.approx({2028: 5.0, 2029: 10.0, 2030: 10.0, 2031: 10.0})


def test_without_a_curve_a_module_runs_at_nameplate_at_once() -> None:
    activity = optimize(factory(first=2027, last=2029)).activities.groupby("period")["activity"].sum()
    assert activity.to_dict() == pytest.approx({2027: 10.0, 2028: 10.0, 2029: 10.0})


def test_a_slow_ramp_up_can_make_a_plant_not_worth_building() -> None:
    # 3 years at 10 % of nameplate then nameplate: over 4 years (1000 capex, life 4) it loses
    assert optimize(factory(first=2027, last=2030, lifetime=4.0, ramp_up=[0.1, 0.1, 0.1])).builds.empty
    assert len(optimize(factory(first=2027, last=2030, lifetime=4.0)).builds) == 1


@settings(max_examples=12, deadline=None)
@given(
    st.lists(st.floats(0.05, 1.0), min_size=1, max_size=4).map(sorted),
    st.integers(0, 3),
    st.integers(1, 3),
)
def test_a_module_makes_at_most_its_share_in_each_year_of_operation(
    shares: list[float], lead_time: int, modules: int
) -> None:
    plan = optimize(
        factory(
            first=2027, last=2034, ramp_up=shares, lead_time=float(lead_time), max_units=modules, demand=None
        )
    )
    built = plan.builds.groupby("period")["units"].sum()
    activity = plan.activities.groupby("period")["activity"].sum()
    for year, made in activity.items():
        allowed = sum(
            units * 10.0 * (shares[year - c] if year - c < len(shares) else 1.0)
            for c, units in built.items()
            if c <= year
        )
        # the solver's feasibility tolerance is 1e-7 in model units (kt/yr): 1e-4 t/yr here
        assert made <= allowed + 1e-3
    assert len(built) and built.index.min() == 2027 + lead_time


def test_curves_are_read_in_year_order() -> None:
    ramp = pd.DataFrame({"curve": ["b", "a", "a"], "year": [1, 2, 1], "share": [0.5, 0.9, 0.3]})
    read = curves(ramp)
    assert list(read["a"]) == [0.3, 0.9] and list(read["b"]) == [0.5]


def test_existing_modules_short_while_they_ramp_up() -> None:
    periods = Periods.of(2027, 2030, 0.0)
    slots = pd.DataFrame({"ramp_up": ["ramp"]})
    existing = pd.DataFrame({"units": [2], "first_year": [2028], "last_year": [9999]})
    ramp = pd.DataFrame({"curve": ["ramp"], "year": [1], "share": [0.25]})
    short = existing_shortfall(slots, np.array([0]), existing, periods, ramp)
    assert short.tolist() == [[0.0, 1.5, 0.0, 0.0]]
