"""How to run: the parameters of a plan, its assessment and its risk analysis, checked once
for the command line and the server alike.

Every field is optional: None means the scenario's own setting (``solver`` and ``replan``
have fixed defaults).  A value that does not fit is refused with a message naming the
field; :func:`parameter_problems` turns them into located problems for a command line
(``--time-limit``) or any other caller.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from angara.plan.model import Objective
from angara.plan.solve import PlanOptions
from angara.plan.solver import available as available_solvers
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem
from angara.scenario.schema import Meta

OBJECTIVES: tuple[str, ...] = get_args(Objective)
MAX_SEED = 2**32 - 1  # numpy's random generators take seeds below 2**32
# re-plans solve with one thread: a generous limit lets them end on the gap, which repeats
# exactly wherever they run, rather than on the clock, which does not
REPLAN_TIME_LIMIT_S = 600.0


def _year_bounds() -> tuple[int, int]:
    """The years a scenario may plan, as its scenario.yaml's ``first_year`` admits them."""
    low = high = None
    for bound in Meta.model_fields["first_year"].metadata:  # pydantic's Ge(ge=...), Le(le=...)
        low = getattr(bound, "ge", low)
        high = getattr(bound, "le", high)
    return cast(int, low), cast(int, high)


YEARS = _year_bounds()
Year = Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]


class RunParameters(BaseModel):
    """What a run may be told, on top of its scenario (docs/server.md, ``angara plan --help``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)

    time_limit: float | None = Field(
        None,
        gt=0,
        description="Solver time limit of the plan and of each re-plan, s [default: the scenario's].",
    )
    mip_gap: float | None = Field(
        None, ge=0, le=1, description="Relative MIP gap at which the solver stops [default: the scenario's]."
    )
    threads: int | None = Field(None, ge=1, description="Solver threads [default: the scenario's].")
    objective: Objective | None = Field(
        None, description=f"What the plan optimizes: {' or '.join(OBJECTIVES)} [default: the scenario's]."
    )
    periods: list[Year] | None = Field(
        None,
        min_length=1,
        description="Representative years of the plan's periods, e.g. [2027, 2030, 2035] "
        "[default: the scenario's].",
    )
    solver: str = Field("highs", min_length=1, max_length=64, description="Solver, as linopy names it.")
    samples: int | None = Field(None, ge=1, description="Monte Carlo samples [default: the scenario's].")
    seed: int | None = Field(
        None, ge=0, le=MAX_SEED, description="Seed of the random numbers [default: the scenario's]."
    )
    replan: int = Field(
        0, ge=0, description="Sampled futures to plan again, for how often each plant is built (risk)."
    )

    @field_validator("periods")
    @classmethod
    def _in_order(cls, years: list[int] | None) -> list[int] | None:
        # the same years in any order or repeated are the same periods
        return None if years is None else sorted(set(years))

    @field_validator("solver")
    @classmethod
    def _installed(cls, solver: str) -> str:
        installed = available_solvers()
        if solver not in installed:
            raise ValueError(f"'{solver}' is not installed; available: {', '.join(installed)}")
        return solver

    def plan_options(self, *, log: bool = False, lp_file: Path | None = None) -> PlanOptions:
        """How to solve the plan (``log``: show the solver's log on standard error;
        ``lp_file``: write the built model there as an LP file)."""
        return PlanOptions(
            lp_file=lp_file,
            solver=self.solver,
            time_limit=self.time_limit,
            mip_gap=self.mip_gap,
            threads=self.threads,
            objective=self.objective,
            periods=None if self.periods is None else list(self.periods),
            log=log,
        )

    def replan_options(self, scenario: Scenario) -> PlanOptions:
        """How to solve each re-plan: as the plan, but with at least
        :data:`REPLAN_TIME_LIMIT_S` unless a time limit is given, and no shadow prices."""
        limit = self.time_limit or max(REPLAN_TIME_LIMIT_S, scenario.meta.solver.time_limit)
        return PlanOptions(
            solver=self.solver,
            time_limit=limit,
            mip_gap=self.mip_gap,
            threads=1,
            objective=self.objective,
            periods=None if self.periods is None else list(self.periods),
            shadow_prices=False,
        )

    def given(self) -> dict[str, object]:
        """The parameters as given (those set), as plain JSON data for run.json."""
        return self.model_dump(mode="json", exclude_unset=True)


def parameter_problems(error: ValidationError, names: Mapping[str, str] | None = None) -> list[Problem]:
    """One located problem per refused parameter; ``names`` maps a field to what the caller
    calls it (``{"time_limit": "--time-limit"}``), else the field's own name is used."""
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "parameters"
        where = (names or {}).get(field, field)
        value = item.get("input")
        shown = None if item["type"] == "missing" else _shown(value)
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = f"unknown parameter; known: {', '.join(RunParameters.model_fields)}"
        problems.append(Problem(where, message, value=shown))
    return problems


def _shown(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return str(value) if not isinstance(value, list) else ",".join(str(v) for v in value)
