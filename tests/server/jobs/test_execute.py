"""What a background run does, called directly: plan and risk runs of the mini scenario,
a scenario with no plan, cancellations, bad parameters and internal errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from angara.plan import optimize
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError
from angara.server.jobs import execute
from angara.server.jobs.execute import execute_run, stage_starts
from angara.server.store.database import Database
from angara.server.store.runs import RunInfo, create_run, get_run, log, result, set_status
from angara.server.store.scenarios import save_version
from angara.workflow import RunKind, RunParameters, stages
from tests.conftest import MINI, Result
from tests.server.conftest import make_analyst


def queued(database: Database, scenario: Scenario, kind: str = "plan", **parameters: Any) -> RunInfo:
    """A run of ``scenario`` (saved as 'mini'), queued by a new analyst."""
    analyst = make_analyst(database)
    with database.session() as session:
        save_version(session, "mini", scenario, analyst, "for a run")
        return create_run(session, kind, "mini", None, analyst, parameters)


def finished(database: Database, run_id: int) -> tuple[RunInfo, str]:
    with database.session() as session:
        return get_run(session, run_id), log(session, run_id)


def test_a_plan_run_saves_the_plan_and_its_assessment(
    sqlite_database: Database, mini_scenario: Scenario
) -> None:
    run = queued(sqlite_database, mini_scenario, time_limit=30, mip_gap=0.001)
    assert execute_run(sqlite_database.url, run.id) == "done"
    done, text = finished(sqlite_database, run.id)
    assert (done.status, done.progress) == ("done", 1.0)
    assert {"plan.json", "assessment.json", "builds.csv"} <= set(done.results)
    assert "risk.json" not in done.results and "scenario.yaml" not in done.results
    for stage in ("loading scenario 'mini' version 1", "planning", "assessing", "saving results", "done"):
        assert stage in text
    with sqlite_database.session() as session:
        plan, media = result(session, run.id, "plan.json")
    assert media == "application/json"
    assert json.loads(plan)["scenario"] == "mini"


def test_a_risk_run_adds_the_monte_carlo(sqlite_database: Database, mini_scenario: Scenario) -> None:
    run = queued(sqlite_database, mini_scenario, "risk", samples=200, seed=3)
    assert execute_run(sqlite_database.url, run.id) == "done"
    done, text = finished(sqlite_database, run.id)
    assert {"plan.json", "assessment.json", "builds.csv", "risk.json", "risk_samples.csv"} <= set(
        done.results
    )
    assert "risk: 200 samples" in text
    with sqlite_database.session() as session:
        risk = json.loads(result(session, run.id, "risk.json")[0])
    assert (risk["samples"], risk["seed"]) == (200, 3)


def test_a_risk_run_can_plan_sampled_futures_again(
    sqlite_database: Database, mini_scenario: Scenario
) -> None:
    run = queued(sqlite_database, mini_scenario, "risk", samples=100, seed=3, replan=2)
    assert execute_run(sqlite_database.url, run.id) == "done"
    done, text = finished(sqlite_database, run.id)
    assert "build_frequency.csv" in done.results
    assert "planning sampled future 2 of 2" in text
    with sqlite_database.session() as session:
        risk = json.loads(result(session, run.id, "risk.json")[0])
    members = risk["ensemble"]["members"]
    assert len(members) == 2 and all(m["status"] in ("optimal", "feasible") for m in members)


def test_a_scenario_without_a_plan_fails_with_the_reason(
    sqlite_database: Database, mini_scenario: Scenario
) -> None:
    contracted = tuple(
        p.model_copy(update={"min_quantity": 100.0}) if p.good == "ndpr_metal" else p
        for p in mini_scenario.prices
    )
    run = queued(sqlite_database, mini_scenario.model_copy(update={"prices": contracted}))
    assert execute_run(sqlite_database.url, run.id) == "failed"
    failed, text = finished(sqlite_database, run.id)
    assert failed.status == "failed" and failed.results == ()
    assert failed.message.startswith("no plan (infeasible): ")
    assert "the contract for 100 t/yr of ndpr_metal in 2027 cannot be met" in failed.message
    assert "no plan: " in text


def test_a_run_cancelled_before_it_starts_does_nothing(
    sqlite_database: Database, mini_scenario: Scenario
) -> None:
    run = queued(sqlite_database, mini_scenario)
    with sqlite_database.session() as session:
        set_status(session, run.id, "cancelled")
    assert execute_run(sqlite_database.url, run.id) == "cancelled"
    cancelled, text = finished(sqlite_database, run.id)
    assert (cancelled.status, cancelled.results, cancelled.started_at, text) == ("cancelled", (), None, "")


def test_a_run_cancelled_while_planning_stops_and_saves_nothing(
    sqlite_database: Database, mini_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = queued(sqlite_database, mini_scenario)

    def cancelled_meanwhile(scenario: Scenario, options: Any) -> Any:
        with sqlite_database.session() as session:
            set_status(session, run.id, "cancelled", "cancelled by anna")
        return optimize(scenario, options)

    monkeypatch.setattr(stages, "optimize", cancelled_meanwhile)
    assert execute_run(sqlite_database.url, run.id) == "cancelled"
    cancelled, text = finished(sqlite_database, run.id)
    assert (cancelled.status, cancelled.message, cancelled.results) == ("cancelled", "cancelled by anna", ())
    assert "stopped: the run was cancelled" in text
    assert "assessing" not in text


def test_bad_parameters_fail_the_run(sqlite_database: Database, mini_scenario: Scenario) -> None:
    # the API checks parameters before a run is queued; a row written otherwise is still checked
    run = queued(sqlite_database, mini_scenario, time_limit=-1, speed=3)
    assert execute_run(sqlite_database.url, run.id) == "failed"
    failed, text = finished(sqlite_database, run.id)
    assert failed.message.startswith(
        "bad parameters: time_limit: value '-1': Input should be greater than 0; "
        "speed: value '3': unknown parameter"
    )
    assert "planning" not in text


def test_a_scenario_that_no_longer_loads_fails_with_its_problems(
    sqlite_database: Database, mini_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = queued(sqlite_database, mini_scenario)

    def unreadable(*_args: Any) -> Any:
        raise ScenarioError(
            [Problem("deposits.csv", "expected a number", row=2, column="reserves", value="x")]
        )

    monkeypatch.setattr(execute, "load_version", unreadable)
    assert execute_run(sqlite_database.url, run.id) == "failed"
    failed, text = finished(sqlite_database, run.id)
    assert failed.message == (
        "the scenario has 1 problem:\ndeposits.csv, row 2, column 'reserves': value 'x': expected a number"
    )
    assert "scenario problem: deposits.csv, row 2" in text


def test_an_internal_error_fails_the_run_with_its_traceback_in_the_log(
    sqlite_database: Database, mini_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = queued(sqlite_database, mini_scenario)

    def broken(*_args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(stages, "assess", broken)
    assert execute_run(sqlite_database.url, run.id) == "failed"
    failed, text = finished(sqlite_database, run.id)
    assert failed.message == "internal error: RuntimeError: boom"
    assert "Traceback (most recent call last)" in text and "in broken" in text


def test_an_unreachable_database_fails_quietly(tmp_path: Any) -> None:
    assert execute_run(f"sqlite:///{tmp_path}/missing/angara.db", 1) == "failed"
    assert execute_run("mysql://nowhere/angara", 1) == "failed"


def test_progress_stages_rise_to_saving() -> None:
    cases: list[tuple[RunKind, int]] = [("plan", 0), ("risk", 0), ("risk", 3)]
    for kind, replan in cases:
        starts = stage_starts(kind, replan)
        assert list(starts.values()) == sorted(starts.values()) and starts["saving"] == 0.95
    assert "replanning" in stage_starts("risk", 3) and "replanning" not in stage_starts("risk", 0)


def test_the_server_writes_the_same_bytes_as_the_command_line(
    sqlite_database: Database, mini_scenario: Scenario, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """plan.json and assessment.json depend only on the scenario and the parameters."""
    given: dict[str, Any] = {"time_limit": 60.0, "mip_gap": 0.0001, "threads": 1, "objective": "npv"}
    assert RunParameters.model_validate(given).given() == given
    folder = tmp_path / "A"
    made = cli(
        "plan",
        MINI,
        "--out",
        folder,
        "--time-limit",
        "60",
        "--gap",
        "0.0001",
        "--threads",
        "1",
        "--objective",
        "npv",
    )
    assert made.code == 0, made.err
    run = queued(sqlite_database, mini_scenario, "plan", **given)
    assert execute_run(sqlite_database.url, run.id) == "done"
    with sqlite_database.session() as session:
        for name in ("plan.json", "assessment.json"):
            stored, _ = result(session, run.id, name)
            assert stored == (folder / name).read_bytes(), name
        server_run = json.loads(result(session, run.id, "run.json")[0])
    command_line_run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    # what may differ lives in run.json: the parameters as each was given them, and timings
    assert server_run["parameters"] == given
    assert command_line_run["parameters"] == {**given, "solver": "highs"}  # the option's default, given
    assert server_run["seconds"]["solve"] > 0 and command_line_run["seconds"]["solve"] > 0
