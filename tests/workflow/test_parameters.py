"""Run parameters: one check for the command line and the server, with located messages."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic import ValidationError

from angara.plan.model import Objective
from angara.scenario.load import load
from angara.scenario.problems import Problem
from angara.workflow import OBJECTIVES, RunParameters, parameter_problems
from angara.workflow.parameters import REPLAN_TIME_LIMIT_S
from tests.conftest import MINI


def problems(given: dict[str, Any], names: dict[str, str] | None = None) -> list[Problem]:
    with pytest.raises(ValidationError) as raised:
        RunParameters.model_validate(given)
    return parameter_problems(raised.value, names)


def test_the_objectives_are_the_plans() -> None:
    assert OBJECTIVES == get_args(Objective) == ("npv", "cost")
    assert RunParameters(objective="cost").plan_options().objective == "cost"


def test_plan_options_follow_the_parameters() -> None:
    parameters = RunParameters(time_limit=5, mip_gap=0.01, threads=2, periods=[2035, 2027, 2030, 2030])
    options = parameters.plan_options(log=True)
    assert (options.time_limit, options.mip_gap, options.threads, options.log) == (5.0, 0.01, 2, True)
    assert options.periods == [2027, 2030, 2035]  # sorted, once each
    assert RunParameters().plan_options().threads is None  # the scenario's


def test_replans_get_a_generous_time_limit_unless_one_is_given() -> None:
    scenario = load(MINI)
    options = RunParameters().replan_options(scenario)
    assert options.time_limit == max(REPLAN_TIME_LIMIT_S, scenario.meta.solver.time_limit)
    assert (options.threads, options.shadow_prices) == (1, False)
    assert RunParameters(time_limit=30).replan_options(scenario).time_limit == 30.0


def test_given_is_what_was_set() -> None:
    assert RunParameters.model_validate({"seed": 3, "samples": 10}).given() == {"seed": 3, "samples": 10}
    assert RunParameters().given() == {}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"time_limit": 0}, Problem("time_limit", "Input should be greater than 0", value="0")),
        ({"time_limit": float("nan")}, Problem("time_limit", "Input should be a finite number", value="nan")),
        ({"mip_gap": float("inf")}, Problem("mip_gap", "Input should be a finite number", value="inf")),
        ({"mip_gap": 2}, Problem("mip_gap", "Input should be less than or equal to 1", value="2")),
        ({"threads": 0}, Problem("threads", "Input should be greater than or equal to 1", value="0")),
        ({"objective": "jobs"}, Problem("objective", "Input should be 'npv' or 'cost'", value="jobs")),
        ({"periods": "2030"}, Problem("periods", "Input should be a valid list", value="2030")),
        (
            {"periods": []},
            Problem("periods", "List should have at least 1 item after validation, not 0", value=""),
        ),
        ({"samples": 1.5}, Problem("samples", "Input should be a valid integer", value="1.5")),
        ({"seed": True}, Problem("seed", "Input should be a valid integer", value="True")),
        (
            {"seed": 2**32},
            Problem("seed", "Input should be less than or equal to 4294967295", value=str(2**32)),
        ),
        ({"replan": -1}, Problem("replan", "Input should be greater than or equal to 0", value="-1")),
        (
            {"solver": "nosuch"},
            Problem("solver", "'nosuch' is not installed; available: highs", value="nosuch"),
        ),
    ],
)
def test_bad_values_are_located(given: dict[str, Any], expected: Problem) -> None:
    assert problems(given) == [expected]


def test_unknown_parameters_name_the_known_ones_and_callers_name_their_options() -> None:
    [unknown] = problems({"speed": 3})
    assert unknown.where == "speed" and unknown.message.startswith("unknown parameter; known: time_limit")
    assert [p.where for p in problems({"mip_gap": -1, "samples": 0}, {"mip_gap": "--gap"})] == [
        "--gap",
        "samples",
    ]
