"""The stages chained: what a listener hears, a stop between stages, risk with re-plans."""

from __future__ import annotations

import pytest

from angara.plan.result import Plan
from angara.risk.ensemble import future_member
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.workflow import (
    Cancelled,
    RunParameters,
    Stage,
    outcome_of,
    plan_and_assess,
    plan_and_weigh,
    weigh_risk,
)
from tests.conftest import MINI
from tests.risk.conftest import with_price_factors


class Recorder:
    """A listener that remembers what it heard and may stop the run at a stage."""

    def __init__(self, stop_at: Stage | None = None) -> None:
        self.stop_at = stop_at
        self.stages: list[Stage] = []
        self.counts: dict[Stage, tuple[int, int]] = {}
        self.lines: list[str] = []

    def stage(self, stage: Stage, text: str) -> None:
        if stage == self.stop_at:
            raise Cancelled
        self.stages.append(stage)

    def advance(self, stage: Stage, done: int, total: int) -> None:
        self.counts[stage] = (done, total)

    def log(self, line: str) -> None:
        self.lines.append(line)


@pytest.fixture(scope="module")
def risky(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return load(with_price_factors(tmp_path_factory.mktemp("workflow") / "mini"))


@pytest.fixture(scope="module")
def planned(risky: Scenario) -> Plan:
    return plan_and_assess(risky, RunParameters(threads=1)).plan


def test_plan_and_assess_reports_each_stage() -> None:
    heard = Recorder()
    outcome = plan_and_assess(load(MINI), RunParameters(threads=1, mip_gap=0.0), heard)
    assert heard.stages == ["planning", "assessing"]
    assert heard.lines[0].startswith("plan optimal, NPV ")
    assert outcome.kind == "plan" and outcome.risk is None
    assert outcome.assessment.scenario == outcome.plan.scenario == "mini"
    assert outcome.seconds.solve == outcome.plan.seconds_solve and outcome.seconds.assess is not None


def test_a_listener_stops_the_run_before_a_stage() -> None:
    heard = Recorder(stop_at="assessing")
    with pytest.raises(Cancelled):
        plan_and_assess(load(MINI), RunParameters(threads=1), heard)
    assert heard.stages == ["planning"]


def test_a_risk_run_weighs_the_plan(risky: Scenario) -> None:
    heard = Recorder()
    outcome = outcome_of(risky, RunParameters(threads=1, samples=300, seed=4), "risk", heard)
    assert heard.stages == ["planning", "assessing", "monte_carlo"]
    assert heard.counts["monte_carlo"] == (300, 300)
    assert outcome.risk is not None and outcome.risk.simulation.samples == 300
    assert outcome.risk.to_json()["seed"] == 4 and outcome.seconds.risk is not None


def test_futures_planned_in_this_process_are_named_as_on_dask(risky: Scenario, planned: Plan) -> None:
    heard = Recorder()
    analysis = weigh_risk(risky, planned, RunParameters(samples=50, seed=2, replan=2), heard)
    assert heard.stages == ["replanning", "monte_carlo"]  # re-plans first, then the Monte Carlo
    assert heard.counts["replanning"] == (2, 2)
    members = analysis.extra["ensemble"]["members"]
    assert [m["name"] for m in members] == [future_member(0), future_member(1)] == ["future-0", "future-1"]
    assert set(analysis.extra_tables) == {"build_frequency"}
    assert heard.lines[:2] == ["risk: planning sampled future 1 of 2", "risk: planning sampled future 2 of 2"]


def test_the_seed_defaults_to_the_scenarios(risky: Scenario, planned: Plan) -> None:
    analysis = weigh_risk(risky, planned, RunParameters(samples=20))
    assert analysis.to_json()["seed"] == risky.meta.risk.seed


def test_a_scenario_is_planned_then_weighed_without_an_assessment(risky: Scenario, planned: Plan) -> None:
    heard = Recorder()
    plan, analysis = plan_and_weigh(risky, RunParameters(threads=1, samples=100, seed=4), heard)
    assert heard.stages == ["planning", "monte_carlo"]
    assert plan.objective == pytest.approx(planned.objective, rel=1e-9)
    assert analysis.plan_npv_rub == plan.npv
