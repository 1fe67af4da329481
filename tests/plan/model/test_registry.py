"""The registry: each name declared once, dims the index knows, limits that can explain themselves."""

from __future__ import annotations

import subprocess
import sys

import pytest

from angara.plan.index import KEYS, SET_TABLES
from angara.plan.model.registry import BUILDER_DIMS, REGISTRY, Constraint, Registry, Variable
from tests.conftest import MINI


def test_a_name_cannot_be_declared_twice() -> None:
    registry = Registry()
    registry.declare(Variable("x", ("period",), "t", "x"))
    with pytest.raises(ValueError, match="declared twice"):
        registry.declare(Variable("x", ("period",), "t", "again"))


def test_every_declared_dimension_is_a_set_of_the_index() -> None:
    known = {"period", *KEYS, *SET_TABLES, *BUILDER_DIMS}
    declared: list[Variable | Constraint] = [*REGISTRY.variables.values(), *REGISTRY.constraints.values()]
    for item in declared:
        assert set(item.dims) <= known, item.name


def test_every_shortfall_relaxes_a_declared_constraint_with_the_same_dims() -> None:
    for shortfall in REGISTRY.shortfalls.values():
        constraint = REGISTRY.constraints[shortfall.relaxes]
        assert isinstance(constraint, Constraint)
        assert shortfall.variable.dims == constraint.dims
        assert shortfall.variable.name in REGISTRY.variables


def test_every_reported_limit_names_declared_reliefs() -> None:
    for name, table in REGISTRY.limits.items():
        assert name in REGISTRY.constraints
        assert set(table.reliefs) <= set(REGISTRY.variables)


def test_importing_and_building_leave_linopy_options_unchanged() -> None:
    script = (
        "import sys, linopy; before = dict(linopy.options._current_values)\n"
        "import angara.plan\n"
        "from angara.scenario.load import load\n"
        "from angara.plan import optimize\n"
        "assert dict(linopy.options._current_values) == before, 'import'\n"
        "optimize(load(sys.argv[1]))\n"
        "assert dict(linopy.options._current_values) == before, 'build'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(MINI)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
