"""The model's registry: every variable and constraint group declared once.

A declaration gives the name the model (and its LP file) carries, the dimensions, the
unit and the factor from the model's unit to the reported one, and a description.  A
limit that may give when a scenario is infeasible declares its :class:`Shortfall`: the
priced slack and the words that explain it.  A limit whose use is reported declares its
:class:`LimitTable`.  The solve read-back, the diagnosis of infeasibility, the size
estimate, docs/model.md's tests and the plan's limit tables all read this registry,
so a new limit is declared in one place: beside the block that builds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    import linopy
    import pandas as pd

    from angara.plan.index import Index

Kind = Literal["continuous", "integer", "binary"]
# how much may give when explaining infeasibility: nothing, only a jobs floor, the limits
# of places and people, or contracts too
Slack = Literal["none", "floor", "limits", "all"]
SLACK_ORDER: tuple[Slack, ...] = ("none", "floor", "limits", "all")
# dimensions a block lays out from the builder's own data rather than the index's sets: the
# scenario's mandates (plan/model/mandates.py), labelled by their ids
BUILDER_DIMS: tuple[str, ...] = ("mandate",)


@dataclass(frozen=True)
class Variable:
    """A decision variable: ``name`` in the model, its ``dims``, the ``unit`` it is
    reported in, ``scale`` = reported value per model unit, and ``where``: the name of
    the :class:`~angara.plan.index.Index` array over ``dims`` that says where it exists
    (None: everywhere), which the size estimate counts."""

    name: str
    dims: tuple[str, ...]
    unit: str
    description: str
    scale: float = 1.0
    kind: Kind = "continuous"
    where: str | None = None  # the index's boolean array where it can exist (for size estimates)


@dataclass(frozen=True)
class Constraint:
    """A group of constraints: ``name`` in the model, ``dims`` of its rows, the ``unit``
    of a row in the model."""

    name: str
    dims: tuple[str, ...]
    unit: str
    description: str


@dataclass(frozen=True)
class Found:
    """One shortfall found when explaining infeasibility: where it is (``at``: the row's
    coordinates by name, e.g. site and period), how much (``amount`` in the slack's
    reported unit), and the solved relaxed model to read context from."""

    at: dict[str, Any]
    amount: float
    index: Index
    model: linopy.Model
    min_staff: float | None = None
    mandates: pd.DataFrame | None = None  # the scenario's mandates, to name one that falls short

    def value(self, variable: str, **where: Any) -> float:
        """The relaxed plan's value of ``variable`` at ``where`` (0 where it does not exist)."""
        if variable not in self.model.variables:
            return 0.0
        solution = self.model.variables[variable].solution
        for name, label in where.items():
            matches = solution[name] == label
            if not bool(matches.any()):
                return 0.0
            solution = solution.where(matches, drop=True)
        return float(solution.sum())


@dataclass(frozen=True)
class Shortfall:
    """A priced slack on a limit, added when the model is built to explain infeasibility.

    ``variable`` is the slack (reported in ``variable.unit``); it relaxes the constraint
    group ``relaxes`` from the slack level ``level`` on; ``explain`` turns one shortfall
    into words; ``total`` names the unit of their sum ("MW-periods of power")."""

    variable: Variable
    relaxes: str
    level: Slack
    explain: Callable[[Found], str]
    total: str


@dataclass(frozen=True)
class LimitTable:
    """How a limit's use is reported: the plan table ``table`` has the limit's dims as
    columns, then ``use`` (what the plan uses), ``available`` (what the scenario gives)
    and one column per relief variable (``reliefs``: variable name -> column), all in the
    unit of the constraint.  ``rows``: ``all`` rows, or only those with some ``use``."""

    table: str
    use: str
    available: str
    reliefs: dict[str, str] = field(default_factory=dict)
    rows: Literal["all", "used"] = "all"


@dataclass(frozen=True)
class Registry:
    """All declarations, in the order they are declared."""

    variables: dict[str, Variable] = field(default_factory=dict)
    constraints: dict[str, Constraint] = field(default_factory=dict)
    shortfalls: dict[str, Shortfall] = field(default_factory=dict)
    limits: dict[str, LimitTable] = field(default_factory=dict)

    def declare(self, item: Declared) -> Declared:
        """Add a variable, constraint group or shortfall (with its variable) to the registry."""
        if isinstance(item, Variable):
            _add(self.variables, item.name, item)
        elif isinstance(item, Constraint):
            _add(self.constraints, item.name, item)
        else:
            _add(self.variables, item.variable.name, item.variable)
            _add(self.shortfalls, item.relaxes, item)
        return item

    def report(self, constraint: Constraint, table: LimitTable) -> Constraint:
        """Declare how the use of the limit ``constraint`` is reported in the plan."""
        _add(self.limits, constraint.name, table)
        return constraint


Declared = TypeVar("Declared", Variable, Constraint, Shortfall)
Item = TypeVar("Item")


def _add(where: dict[str, Item], name: str, item: Item) -> None:
    if name in where:
        raise ValueError(f"'{name}' is declared twice in the model's registry")
    where[name] = item


REGISTRY = Registry()
declare = REGISTRY.declare
report = REGISTRY.report
