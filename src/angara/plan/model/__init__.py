"""The multi-period network-design model, built in vectorized blocks with linopy.

Decisions per period: new modules and modules standing per plant slot; activity per
mode; flows of each stream on each arc; sales per market; disposal; candidate links
opened; power bought per site; workers brought in per region and skill.  Every
variable and constraint group is declared once in the registry
(:mod:`angara.plan.model.registry`) beside the block that builds it; docs/model.md
writes the formulation down under the same names.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import reduce

import linopy
import pandas as pd

from angara.plan.index import Index
from angara.plan.model import flows, limits, mandates, plants
from angara.plan.model.builder import BLOCKS, SLACK_PENALTY, Builder, Limit
from angara.plan.model.limits import staff_in_last_period
from angara.plan.model.mandates import MandateRows
from angara.plan.model.registry import REGISTRY, Slack
from angara.scenario.schema import OBJECTIVES, Objective

# importing a block module registers its blocks, each after the blocks whose variables it
# uses (flows and limits import plants); build() runs them in that order
BLOCK_MODULES = (plants, flows, limits, mandates)


@dataclass(frozen=True)
class Built:
    """A built model and what is needed to read its solution.

    ``staff``: operating staff in the last period (persons); ``min_staff``: its floor;
    ``limits``: each limit's use, availability and reliefs; ``slacks``: the shortfall
    variables added (explaining infeasibility); ``costs``: each part of the objective.
    """

    model: linopy.Model
    index: Index
    objective: Objective
    slack: Slack
    slacks: tuple[str, ...]
    limits: dict[str, Limit]
    costs: dict[str, linopy.LinearExpression]
    staff: linopy.LinearExpression | None
    min_staff: float | None
    mandate_rows: dict[str, MandateRows] = field(default_factory=dict)


def build(
    index: Index,
    objective: Objective = "npv",
    slack: Slack = "none",
    min_staff: float | None = None,
    staff_weight: float = 0.0,
    mandates: pd.DataFrame | None = None,
    enforced: frozenset[str] | None = None,
) -> Built:
    """Build the model over ``index``.

    ``min_staff`` (persons) is a floor on the operating staff of all plants in the last
    period; ``staff_weight`` (million RUB per person) values that staff in the objective.
    With ``slack`` "floor" only the staff floor gets priced slack; with "limits", power,
    land and staff too; with "all", contracted quantities too (used to explain
    infeasibility).  ``mandates`` (the scenario's table): those ``enforced`` (None: all) must
    be met, the others are only measured.  linopy's v1 arithmetic is switched on for this build only.
    """
    with linopy.options:
        linopy.options["semantics"] = "v1"
        b = Builder(linopy.Model(), index, slack, min_staff, mandates=mandates, enforced=enforced)
        for add in BLOCKS:
            add(b)
        staff = staff_in_last_period(b) if len(index.slots) else None
        total = reduce(operator.add, b.costs.values())
        for name in b.slacks:
            total = total + b.model.variables[name].sum() * SLACK_PENALTY
        if objective == "npv" and b.revenue is not None:
            total = total - b.revenue
        if staff_weight and staff is not None:
            total = total - staff_weight * staff
        b.model.add_objective(total, sense="min")
    return Built(
        b.model, index, objective, slack, tuple(b.slacks), b.limits, b.costs, staff, min_staff, b.mandate_rows
    )


__all__ = ["BLOCK_MODULES", "OBJECTIVES", "REGISTRY", "Built", "Objective", "Slack", "build"]
