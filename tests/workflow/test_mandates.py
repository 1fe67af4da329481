"""What a mandate costs: the free optimum's objective minus the objective with it alone.

The factory (tests/plan/factory.py) over one year at a zero discount rate: a module of
10 t/yr sells at 100 RUB/t, costs 40 RUB/t to run and 10 RUB/t to ship, so it earns
(100 - 40 - 10) x 10 = 500 RUB a year; its CAPEX over a 10-year life is charged
CAPEX / 10 a year (the annuity at 0 %).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from angara.assess.assessment import assess
from angara.plan import PlanOptions, optimize
from angara.plan.write import write_plan
from angara.results.saved_plan import read_plan
from angara.scenario.model import Scenario
from angara.scenario.schema import ExchangeRate, Mandate, Sector
from angara.workflow.mandates import Outcome, cost_mandates, mandate_costs
from tests.plan.factory import factory, margin

MUST = Mandate(id="works", kind="must_build", process="plant", location="site", modules=1, year=2027)


def _with(scenario: Scenario, *mandates: Mandate) -> Scenario:
    """``scenario`` with ``mandates``, an exchange rate and the region's industry (the
    assessment reports USD and the region's structure too)."""
    rates = (ExchangeRate(year=2027, rub_per_usd=80.0),)
    sectors = (Sector(region="r", sector="C", name="Manufacturing", year=2022, output=1e9),)
    return scenario.model_copy(update={"mandates": mandates, "exchange_rates": rates, "sectors": sectors})


def _costed(scenario: Scenario) -> tuple[dict[str, float], dict[str, float | None] | None]:
    plan = optimize(scenario, PlanOptions(shadow_prices=False))
    costed = cost_mandates(scenario, plan, assess(scenario, plan), PlanOptions(shadow_prices=False))
    return dict(
        zip(costed.mandates["id"], costed.mandates["cost_rub"], strict=True)
    ), costed.mandates_together


def test_an_unprofitable_plant_built_by_mandate_costs_its_loss() -> None:
    """CAPEX 10,000 RUB: the charge of 1,000 RUB a year exceeds the margin of 500, so the free
    optimum builds nothing (objective 0); built by mandate the module runs and loses
    1,000 - 500 = 500 RUB: the mandate costs 0 - (-500) = 500 RUB."""
    scenario = _with(factory(last=2027, capex=10_000.0), MUST)
    free = optimize(scenario, PlanOptions(mandates=frozenset(), shadow_prices=False))
    alone = optimize(scenario, PlanOptions(mandates=frozenset(["works"]), shadow_prices=False))
    costs, together = _costed(scenario)
    assert free.builds.empty and free.objective == pytest.approx(0.0, abs=1e-6)
    assert costs["works"] == pytest.approx(free.objective - alone.objective, abs=1e-6)
    assert costs["works"] == pytest.approx(10_000.0 / 10 - margin(), abs=1e-6)
    assert together is not None and together["cost_rub"] == pytest.approx(500.0, abs=1e-6)


def test_a_mandate_the_free_optimum_already_meets_costs_nothing() -> None:
    """CAPEX 1,000 RUB: the module earns 500 - 100 = 400 RUB a year, so the free optimum
    builds it anyway."""
    scenario = _with(factory(last=2027, capex=1_000.0), MUST)
    costs, together = _costed(scenario)
    assert costs == {"works": pytest.approx(0.0, abs=1e-6)}
    assert together is not None and together["cost_rub"] == pytest.approx(0.0, abs=1e-6)


def test_several_mandates_are_costed_alone_on_dask_and_together() -> None:
    """A second mandate, 10 t/yr of widgets, needs the same module: alone each costs 500 RUB,
    together too (not their sum)."""
    output = Mandate(id="widgets", kind="min_output", good="widget", output=10.0, year=2027)
    scenario = _with(factory(last=2027, capex=10_000.0), MUST, output)
    costs, together = _costed(scenario)
    assert costs == {"works": pytest.approx(500.0, abs=1e-6), "widgets": pytest.approx(500.0, abs=1e-6)}
    assert together is not None and together["cost_rub"] == pytest.approx(500.0, abs=1e-6)


def test_without_mandates_the_plan_is_unchanged() -> None:
    scenario = _with(factory(last=2027))
    plan = optimize(scenario, PlanOptions(shadow_prices=False))
    assert cost_mandates(scenario, plan, assess(scenario, plan), PlanOptions()) is plan
    assert plan.to_json()["mandates"] == [] and plan.to_json()["mandates_together"] is None


def test_a_saved_plan_keeps_its_mandates_and_an_older_folder_without_them_still_reads(tmp_path: Path) -> None:
    scenario = _with(factory(last=2027, capex=10_000.0), MUST)
    plan = optimize(scenario, PlanOptions(shadow_prices=False))
    costed = cost_mandates(scenario, plan, assess(scenario, plan), PlanOptions(shadow_prices=False))
    write_plan(costed, tmp_path / "saved")
    again = read_plan(tmp_path / "saved")
    assert again.mandates[["id", "met", "cost_rub"]].to_dict("records") == [
        {"id": "works", "met": True, "cost_rub": pytest.approx(500.0, abs=1e-6)}
    ]
    assert again.mandates_together is not None
    assert again.mandates_together["cost_rub"] == pytest.approx(500.0, abs=1e-6)
    (tmp_path / "saved" / "mandates.csv").unlink()
    assert read_plan(tmp_path / "saved").mandates.empty


def test_each_problem_takes_the_best_plan_found_for_it_among_all_solves() -> None:
    # solves stopped at a gap: mandate a's own solve found a better plan (100.5) than the
    # free solve (100.0); it is a plan of the free problem too, so the free optimum is 100.5,
    # a (met by it) costs 0 and never less; b's best plan is its own (90.0); the plan with
    # both (89.0) costs 11.5
    free = Outcome(100.0, 10.0, 5.0, frozenset({"a"}))
    only_a = Outcome(100.5, 12.0, 6.0, frozenset({"a"}))
    only_b = Outcome(90.0, 20.0, 4.0, frozenset({"a", "b"}))
    both = Outcome(89.0, 21.0, 3.0, frozenset({"a", "b"}))
    never = Outcome(None, None, None)
    costs, together = mandate_costs(["a", "b", "c"], [free, only_a, only_b, never, both], both)
    assert costs[0] == {"cost_rub": 0.0, "direct_jobs": 0.0, "taxes_rub": 0.0}
    assert costs[1] == {"cost_rub": 10.5, "direct_jobs": 8.0, "taxes_rub": -2.0}
    assert all(math.isnan(v) for v in costs[2].values())  # no plan meets c
    assert together == {"cost_rub": 11.5, "direct_jobs": 9.0, "taxes_rub": -3.0}
