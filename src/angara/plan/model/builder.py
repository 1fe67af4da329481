"""The model under construction: variables and constraints added from their declarations.

Blocks (:mod:`angara.plan.model.plants`, :mod:`.flows`, :mod:`.limits`) receive a
:class:`Builder`; every variable and constraint they add is one of the registry's
declarations, laid out over the declared dimensions with the index's coordinates, and
masked where a combination cannot exist.  A limit is added with :meth:`Builder.limit`,
which adds its priced slack when the model is built to explain infeasibility and keeps
what the plan reports about its use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from angara.plan.index import Index
from angara.plan.model.registry import REGISTRY, SLACK_ORDER, Constraint, Slack, Variable
from angara.plan.model.terms import Terms, has_terms, rows_of_terms

SLACK_PENALTY = 1e5  # million RUB per unit of a relaxed limit (MW, ha, person, kt/yr)


@dataclass
class Limit:
    """A limit as built: what the plan uses (an expression over the limit's dims), what
    is available, and the relief variables that add to what is available."""

    use: linopy.LinearExpression
    available: xr.DataArray
    reliefs: dict[str, linopy.Variable]


@dataclass
class Builder:
    """A linopy model being built over ``index``, with its costs (million RUB, discounted).

    ``min_staff``: a floor on the operating staff of the last period (persons), if any.
    """

    model: linopy.Model
    index: Index
    slack: Slack = "none"
    min_staff: float | None = None
    costs: dict[str, linopy.LinearExpression] = field(default_factory=dict)
    limits: dict[str, Limit] = field(default_factory=dict)
    slacks: list[str] = field(default_factory=list)  # shortfall variables added
    revenue: linopy.LinearExpression | None = None  # discounted revenue (million RUB)
    # the scenario's mandates (the schema's columns, canonical units); those enforced (None: all),
    # the rest only measured; each kind's rows as built (plan/model/mandates.py)
    mandates: pd.DataFrame | None = None
    enforced: frozenset[str] | None = None
    mandate_rows: dict[str, Any] = field(default_factory=dict)

    def variable(
        self,
        declared: Variable,
        lower: float | xr.DataArray | np.ndarray = 0.0,
        upper: float | xr.DataArray | np.ndarray = np.inf,
        mask: xr.DataArray | None = None,
    ) -> linopy.Variable:
        """Add the declared variable over its whole dims (masked where it cannot exist)."""
        template = self.index.array(0.0, *declared.dims)
        if declared.kind == "binary":
            return self.model.add_variables(
                coords=template.coords, name=declared.name, mask=mask, binary=True
            )
        return self.model.add_variables(
            lower=template + lower,
            upper=template + upper,
            name=declared.name,
            mask=mask,
            integer=declared.kind == "integer",
        )

    def terms(self, dims: tuple[str, str], parts: list[Terms]) -> linopy.LinearExpression:
        """Rows over ``dims`` (a set, then period) summing the terms of ``parts``."""
        return rows_of_terms(self.model, self.index.array(0.0, *dims), parts)

    def constrain(
        self,
        declared: Constraint,
        lhs: linopy.LinearExpression | linopy.Variable,
        sign: Literal["<=", ">=", "=="],
        rhs: xr.DataArray | float,
        mask: xr.DataArray | None = None,
    ) -> None:
        """Add the declared constraint group ``lhs sign rhs`` where ``mask`` holds."""
        expression = lhs.to_linexpr() if isinstance(lhs, linopy.Variable) else lhs
        present = has_terms(expression)
        where = present if mask is None else present & mask
        if sign == "<=":
            made = expression <= rhs
        elif sign == ">=":
            made = expression >= rhs
        else:
            made = expression == rhs
        self.model.add_constraints(made, name=declared.name, mask=where)

    def limit(
        self,
        declared: Constraint,
        use: linopy.LinearExpression,
        available: xr.DataArray,
        reliefs: dict[str, linopy.Variable] | None = None,
        sign: Literal["<=", ">="] = "<=",
        mask: xr.DataArray | None = None,
    ) -> None:
        """Add the limit ``use - reliefs <= available`` (or ``use >= available`` for a
        floor), with its shortfall when the slack level asks for it; keep its parts for
        the plan's report of the limit (:class:`~angara.plan.model.registry.LimitTable`)."""
        reliefs = reliefs or {}
        where = has_terms(use) & available.notnull()
        if mask is not None:
            where = where & mask
        lhs = use
        for relief in reliefs.values():
            # a relief that does not exist somewhere adds nothing there (under linopy's v1
            # arithmetic an absent term would otherwise drop the whole row)
            lhs = lhs - relief.fillna(0) if sign == "<=" else lhs + relief.fillna(0)
        shortfall = REGISTRY.shortfalls.get(declared.name)
        if shortfall is not None and SLACK_ORDER.index(self.slack) >= SLACK_ORDER.index(shortfall.level):
            short = self.variable(shortfall.variable, mask=where)
            self.slacks.append(shortfall.variable.name)
            lhs = lhs - short.fillna(0) if sign == "<=" else lhs + short.fillna(0)
        self.constrain(declared, lhs, sign, available.fillna(0.0), mask=where)
        self.limits[declared.name] = Limit(use, available, reliefs)

    def cost(self, name: str, expression: linopy.LinearExpression) -> None:
        """Add a discounted cost (million RUB) to the objective under ``name``."""
        self.costs[name] = expression

    def __getitem__(self, declared: Variable) -> linopy.Variable:
        """The declared variable as added by an earlier block."""
        return self.model.variables[declared.name]


Block = Callable[[Builder], None]
BLOCKS: list[Block] = []  # in the order they are built: the order their modules declare them


def block(add: Block) -> Block:
    """Register ``add`` as a block of the model: :func:`angara.plan.model.build` calls every
    registered block in turn, so a new block (a new limit) is one function in one module."""
    BLOCKS.append(add)
    return add
