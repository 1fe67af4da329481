"""No plan: the explanation says what is short, where and when."""

from __future__ import annotations

from pathlib import Path

import pytest

from angara.plan import PlanFailure, optimize
from angara.scenario import load
from angara.scenario.schema import Labour, ProcessStaff, Skill
from angara.validation import orlib
from tests.conftest import MINI
from tests.plan.factory import factory

ORLIB = Path(__file__).parents[1] / "data" / "orlib_cap"


def _contracted(scenario_prices: tuple[object, ...], minimum: float) -> tuple[object, ...]:
    return tuple(p.model_copy(update={"min_quantity": minimum}) for p in scenario_prices)  # type: ignore[attr-defined]


def test_a_contract_before_any_plant_can_run_is_explained() -> None:
    scenario = load(MINI)
    early = tuple(
        p.model_copy(update={"min_quantity": 100.0}) if p.good == "ndpr_metal" else p for p in scenario.prices
    )
    with pytest.raises(PlanFailure) as failure:
        optimize(scenario.model_copy(update={"prices": early}))
    assert failure.value.condition == "infeasible"
    assert "home: the contract for 100 t/yr of ndpr_metal in 2027 cannot be met" in failure.value.messages[0]


def test_missing_power_is_explained() -> None:
    scenario = factory(electricity=876.0, power=[(2027, 0.5)])  # one module needs 1 MW
    scenario = scenario.model_copy(update={"prices": _contracted(scenario.prices, 10.0)})
    with pytest.raises(PlanFailure) as failure:
        optimize(scenario)
    assert "site needs 1 MW in 2027; 0 MW available" in failure.value.messages[0]


def test_missing_staff_is_explained() -> None:
    scenario = factory()
    scenario = scenario.model_copy(
        update={
            "prices": _contracted(scenario.prices, 10.0),
            "skills": (Skill(id="operator", name="Operators"),),
            "process_staff": (ProcessStaff(process="plant", skill="operator", staff=12.0),),
            "labour": (Labour(region="r", skill="operator", pool=5.0, graduates=1.0),),
        }
    )
    with pytest.raises(PlanFailure) as failure:
        optimize(scenario)
    assert failure.value.messages[0] == (
        "r is short of 7 operator staff in 2027: 12 needed, 5 local and no in-migration is allowed"
    )


def test_capacity_below_demand_is_explained() -> None:
    instance = orlib.read_instance(ORLIB / "cap41.txt")
    total = sum(instance.demands)
    cut = orlib.FacilityLocation(
        instance.name,
        [0.9 * total / len(instance.capacities)] * len(instance.capacities),
        instance.fixed_costs,
        instance.demands,
        instance.costs,
    )
    with pytest.raises(PlanFailure) as failure:
        optimize(orlib.to_scenario(cut))
    messages = failure.value.messages
    assert any("cannot be met" in m for m in messages)
    assert len(messages) <= 15  # a dozen examples, a count of the rest, the total and the reason
    total_line = next(m for m in messages if m.startswith("in all: "))
    assert total_line.endswith("t/yr-periods of contracted deliveries short")
    short = float(total_line.split()[2].replace(",", ""))
    assert messages[-1] == (
        f"in 2027, contracts for good total {total:,.0f} t/yr, but all plants that can make it "
        f"together make at most {0.9 * total:,.0f} t/yr"
    )
    assert short == pytest.approx(0.1 * total, rel=1e-3)
