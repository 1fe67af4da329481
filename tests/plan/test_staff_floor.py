"""A floor on jobs: the operating staff of all plants in the last period.

In the mini scenario the plan of most NPV employs 750 people in 2031; every plant at
its most modules employs 4 x 150 (mines) + 4 x 80 (beneficiation) + 2 x 120
(separation) + 3 x 50 (metal) = 1,310, and the limits allow that (migrants may come).
"""

from __future__ import annotations

import pytest

from angara.plan import PlanFailure, PlanOptions, optimize
from angara.plan.result import Plan
from angara.scenario import load
from angara.scenario.model import Scenario
from tests.conftest import MINI
from tests.plan.factory import factory

EXACT = PlanOptions(mip_gap=1e-9)
MOST = 1310.0


def _staff(plan: Plan) -> float:
    last = plan.periods[-1]["start"]
    return float(plan.staff.loc[plan.staff["period"] == last, "needed"].sum())


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load(MINI)


@pytest.fixture(scope="module")
def best(mini: Scenario) -> Plan:
    return optimize(mini, EXACT)


def test_without_a_floor_the_plan_of_most_npv_employs_750(best: Plan) -> None:
    assert _staff(best) == 750.0


def test_a_floor_is_met_at_a_cost_in_npv(mini: Scenario, best: Plan) -> None:
    plan = optimize(mini, PlanOptions(mip_gap=1e-9, min_staff=1000.0))
    assert _staff(plan) >= 1000.0
    assert plan.objective < best.objective
    assert plan.status == "optimal"


def test_a_floor_below_the_plans_staff_changes_nothing(mini: Scenario, best: Plan) -> None:
    plan = optimize(mini, PlanOptions(mip_gap=1e-9, min_staff=700.0))
    assert plan.objective == pytest.approx(best.objective, rel=1e-9)
    assert _staff(plan) == 750.0


def test_a_floor_above_the_most_jobs_possible_is_explained(mini: Scenario) -> None:
    with pytest.raises(PlanFailure) as failure:
        optimize(mini, PlanOptions(mip_gap=1e-9, min_staff=MOST + 1))
    assert failure.value.condition == "infeasible"
    assert failure.value.messages == ["the plan cannot employ 1,311 people in 2031; at most 1,310"]


def test_valuing_jobs_highly_employs_the_most_and_reports_npv_alone(mini: Scenario) -> None:
    most = optimize(mini, PlanOptions(mip_gap=1e-9, staff_weight=1e11))
    assert _staff(most) == MOST
    floored = optimize(mini, PlanOptions(mip_gap=1e-9, min_staff=MOST))
    assert _staff(floored) == MOST
    # the objective is the plan's money without the 1e11 RUB credited per person
    assert most.objective == pytest.approx(floored.objective, rel=1e-9)


def test_a_scenario_without_staff_cannot_meet_any_floor() -> None:
    with pytest.raises(PlanFailure) as failure:
        optimize(factory(), PlanOptions(min_staff=5.0))
    assert failure.value.messages == ["the plan cannot employ 5 people in 2031; at most 0"]


@pytest.mark.parametrize("options", [{"min_staff": -1.0}, {"staff_weight": -1.0}])
def test_negative_floors_and_weights_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        PlanOptions(**options)  # type: ignore[arg-type]
