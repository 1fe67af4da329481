"""The options of ``angara plan`` and ``angara risk`` that are run parameters: declared once
here, described by :class:`angara.workflow.RunParameters` and checked by it, so that the
command line and the server accept the same values with the same messages."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from angara.plan.model import Objective
from angara.scenario.problems import Problem
from angara.workflow import RunParameters, parameter_problems

# each run parameter's option (the server's API calls them by the field's name)
OPTIONS = {
    "time_limit": "--time-limit",
    "mip_gap": "--gap",
    "threads": "--threads",
    "objective": "--objective",
    "periods": "--periods",
    "solver": "--solver",
    "samples": "--samples",
    "seed": "--seed",
    "replan": "--replan",
}


def described(field: str) -> str:
    """The user-facing description of a run parameter."""
    return RunParameters.model_fields[field].description or ""


TimeLimit = Annotated[float | None, typer.Option(OPTIONS["time_limit"], help=described("time_limit"))]
Gap = Annotated[float | None, typer.Option(OPTIONS["mip_gap"], help=described("mip_gap"))]
Threads = Annotated[int | None, typer.Option(OPTIONS["threads"], help=described("threads"))]
ObjectiveOption = Annotated[Objective | None, typer.Option(OPTIONS["objective"], help=described("objective"))]
Periods = Annotated[
    str | None,
    typer.Option(
        OPTIONS["periods"], help="Period start years, e.g. 2027,2030,2035 [default: the scenario's]."
    ),
]
Solver = Annotated[str, typer.Option(OPTIONS["solver"], help=described("solver"))]
Samples = Annotated[int | None, typer.Option(OPTIONS["samples"], help=described("samples"))]
Seed = Annotated[int | None, typer.Option(OPTIONS["seed"], help=described("seed"))]
Replan = Annotated[int, typer.Option(OPTIONS["replan"], help=described("replan") + " On Dask.")]


def years(text: str | None, problems: list[Problem]) -> list[int] | None:
    """``--periods`` as a list of years (a problem added when it is not one)."""
    if text is None:
        return None
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        problems.append(
            Problem(OPTIONS["periods"], "expected years separated by commas, e.g. 2027,2030,2035", value=text)
        )
        return None


def run_parameters(problems: list[Problem], **given: object) -> RunParameters:
    """The run parameters of the options given (None: not given, the scenario's); each
    refused value is added to ``problems``, located by its option."""
    try:
        return RunParameters.model_validate(
            {name: value for name, value in given.items() if value is not None}
        )
    except ValidationError as error:
        problems += parameter_problems(error, OPTIONS)
        return RunParameters()
