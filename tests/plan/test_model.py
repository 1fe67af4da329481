"""Multi-period correctness of the model, on small scenarios with answers computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from angara.plan import optimize
from angara.plan.periods import annuity
from angara.validation import orlib
from tests.plan.factory import factory, margin

ORLIB = Path(__file__).parents[1] / "data" / "orlib_cap"


def _first_build(plan_builds: object) -> int:
    builds = plan_builds  # a DataFrame
    return int(builds["period"].min())  # type: ignore[index]


def test_one_year_equals_its_static_counterpart_over_several_years() -> None:
    """Three identical years with a 3-year life cost three static years with a third of the fixed cost."""
    instance = orlib.read_instance(ORLIB / "cap41.txt")
    static = orlib.to_scenario(
        orlib.FacilityLocation(
            instance.name,
            instance.capacities,
            [f / 3 for f in instance.fixed_costs],
            instance.demands,
            instance.costs,
        )
    )
    three_years = orlib.to_scenario(instance)
    three_years = three_years.model_copy(
        update={
            "meta": three_years.meta.model_copy(update={"last_year": 2029}),
            "processes": tuple(p.model_copy(update={"lifetime": 3.0}) for p in three_years.processes),
        }
    )
    one = optimize(static)
    three = optimize(three_years)
    assert three.objective == pytest.approx(3 * one.objective, rel=1e-6)
    assert len(three.builds) == len(one.builds)
    assert set(three.builds["period"]) == {2027}


def test_a_plant_cannot_operate_before_its_lead_time() -> None:
    plan = optimize(factory(first=2027, last=2033, lead_time=3.0))
    assert _first_build(plan.builds) == 2030
    assert plan.activities["period"].min() == 2030
    assert plan.sales["period"].min() == 2030
    immediate = optimize(factory(first=2027, last=2033, lead_time=0.0))
    assert _first_build(immediate.builds) == 2027


@pytest.mark.parametrize("power_from", [2028, 2030, 2031])
def test_delaying_a_sites_power_delays_its_builds(power_from: int) -> None:
    scenario = factory(first=2027, last=2033, electricity=1.0, power=[(2027, 0.0), (power_from, 1.0)])
    plan = optimize(scenario)
    assert _first_build(plan.builds) == power_from
    later = factory(first=2027, last=2033, electricity=1.0, power=[(2027, 0.0), (power_from + 2, 1.0)])
    assert _first_build(optimize(later).builds) == power_from + 2


def test_a_plant_built_in_the_last_year_is_not_penalised_by_the_horizon() -> None:
    """Capital is charged as an annuity for the years used, so a late plant still pays."""
    capex, rate, life = 3000.0, 0.1, 10.0
    scenario = factory(
        first=2027,
        last=2031,
        rate=rate,
        capex=capex,
        lifetime=life,
        electricity=1.0,
        power=[(2027, 0.0), (2031, 1.0)],
    )
    plan = optimize(scenario)
    assert list(plan.builds["period"]) == [2031]
    expected = (margin() - annuity(capex, rate, life, 0.0)) / (1 + rate) ** 4
    assert capex > margin()  # charging the whole investment in the last year would forbid it
    assert plan.objective == pytest.approx(expected, rel=1e-6)


def test_modules_retire_at_the_end_of_their_life_and_are_rebuilt() -> None:
    plan = optimize(factory(first=2027, last=2031, capex=600.0, lifetime=2.0))
    assert sorted(plan.builds["period"]) == [2027, 2029, 2031]
    assert sorted(plan.capacity["period"]) == [2027, 2028, 2029, 2030, 2031]
    assert plan.objective == pytest.approx(5 * (margin() - 300.0), rel=1e-6)


def test_representative_periods_match_yearly_when_nothing_changes() -> None:
    yearly = optimize(factory(first=2027, last=2031, rate=0.05))
    grouped = optimize(factory(first=2027, last=2031, rate=0.05, periods=[2027, 2030]))
    assert grouped.objective == pytest.approx(yearly.objective, rel=1e-9)
    assert [p["years"] for p in grouped.periods] == [[2027, 2028, 2029], [2030, 2031]]


def test_an_unprofitable_plant_is_not_built() -> None:
    plan = optimize(factory(price=45.0))  # 45 - 40 - 10 < 0
    assert plan.builds.empty
    assert plan.objective == pytest.approx(0.0, abs=1e-6)


def test_owners_cost_and_contingency_are_capital_and_sustaining_capital_a_cost_of_standing() -> None:
    """Hand-computed at rate 0 over 2027-2031: one module of 1000 RUB with a 10-year life."""
    base = optimize(factory(first=2027, last=2031))
    assert base.objective == pytest.approx(5 * (margin() - 100.0), rel=1e-9)
    loaded = optimize(factory(first=2027, last=2031, owners_cost=0.1, contingency=0.25))
    # CAPEX 1000 x 1.35 charged at 135 a year; the plan reports the whole CAPEX
    assert loaded.objective == pytest.approx(5 * (margin() - 135.0), rel=1e-9)
    assert loaded.builds["capex_rub"].sum() == pytest.approx(1350.0)
    sustaining = optimize(factory(first=2027, last=2031, sustaining=0.05))
    # 5 % of the direct CAPEX (50 RUB) in each of the 5 years the module stands
    assert sustaining.objective == pytest.approx(5 * (margin() - 100.0 - 50.0), rel=1e-9)
    closing = optimize(factory(first=2027, last=2031, closure=0.2))
    # closure of 200 RUB at the end of the 10-year life: 20 a year while the module stands
    assert closing.objective == pytest.approx(5 * (margin() - 100.0 - 20.0), rel=1e-9)


def test_sustaining_capital_can_make_a_plant_not_worth_building() -> None:
    # margin 500 a year less 100 of capital: sustaining capital above 400 a year forbids it
    assert optimize(factory(sustaining=0.39)).builds["units"].sum() == 1
    assert optimize(factory(sustaining=0.41)).builds.empty
