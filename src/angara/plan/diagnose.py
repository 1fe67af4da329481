"""Explain an infeasible or unbounded scenario in words.

The model is built again with a priced slack on every limit that may give (each
:class:`~angara.plan.model.registry.Shortfall` of the registry); solving it shows which
limits would have to give, by how much, where and when, in the words each limit
declares.  A floor on jobs is relaxed alone first: when that is enough, the floor is
what cannot be met, and the relaxed plan employs the most people the scenario allows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from angara.plan.index import Index, key_columns
from angara.plan.model import REGISTRY, Objective, build
from angara.plan.model.registry import Found, Slack
from angara.plan.scale import MASS
from angara.plan.solver import solve

MEANINGFUL = 1e-4  # below this a slack is solver noise
SHOWN = 12  # messages of one kind listed before the rest are counted


class PlanFailure(Exception):
    """The scenario has no plan; ``messages`` say why in plain language."""

    def __init__(self, condition: str, messages: list[str]) -> None:
        self.condition = condition
        self.messages = messages
        super().__init__(f"no plan ({condition}): " + "; ".join(messages))


def explain(
    index: Index,
    objective: Objective,
    condition: str,
    solver: str,
    options: dict[str, Any],
    log: bool = False,
    min_staff: float | None = None,
    mandates: pd.DataFrame | None = None,
) -> PlanFailure:
    """A :class:`PlanFailure` naming what is short (re-solving with priced slack);
    ``min_staff`` is the plan's floor on operating staff in the last period (persons);
    ``mandates`` the mandates the plan had to meet (they give first, with the jobs floor)."""
    if "unbounded" in condition and "infeasible" not in condition:
        return PlanFailure(
            condition,
            ["the plan can grow without limit: a product with no market cap is made with no capacity limit"],
        )
    # first let only the jobs floor give, then the limits; contracts give too only if that
    # is not enough
    floors = min_staff is not None or (mandates is not None and not mandates.empty)
    slacks: tuple[Slack, ...] = ("floor", "limits", "all") if floors else ("limits", "all")
    for slack in slacks:
        built = build(index, objective, slack=slack, min_staff=min_staff, mandates=mandates)
        status, relaxed = solve(built.model, solver, options, log)
        if relaxed in ("optimal", "time_limit", "suboptimal"):
            break
    if relaxed not in ("optimal", "time_limit", "suboptimal"):
        return PlanFailure(
            condition,
            [
                f"the scenario is {condition}, and relaxing power, land, staff and contracts "
                f"does not help (solver: {status}, {relaxed})"
            ],
        )
    messages = []
    for name in built.slacks:
        shortfall = next(s for s in REGISTRY.shortfalls.values() if s.variable.name == name)
        declared = shortfall.variable
        values = built.model.variables[name].solution.to_dataframe("amount").reset_index()
        values = values[values["amount"].notna()]
        values["amount"] *= declared.scale
        values = values[values["amount"] > MEANINGFUL]
        columns = key_columns(declared.dims)
        said = [
            shortfall.explain(
                Found(
                    dict(zip(columns, row[:-1], strict=True)),
                    float(row[-1]),
                    index,
                    built.model,
                    min_staff,
                    mandates,
                )
            )
            for row in values[[*columns, "amount"]].itertuples(index=False)
        ]
        messages += said[:SHOWN]
        if len(said) > SHOWN:
            messages.append(f"… and {len(said) - SHOWN} more of the same kind")
        if len(said) > 1:
            messages.append(f"in all: {float(values['amount'].sum()):,.0f} {shortfall.total} short")
    if "contract_shortfall" in built.slacks:
        messages += _capacity_reasons(index)
    if not messages:
        messages.append(f"the solver reported the scenario {condition}, but no limit had to be relaxed")
    return PlanFailure(condition, messages)


def _capacity_reasons(index: Index) -> list[str]:
    """Goods whose contracts together ask more than every plant able to make them could."""
    contracts = index.min_quantity.to_dataframe("quantity").reset_index()
    contracts = contracts[contracts["quantity"] > 0]
    asked = contracts.groupby(["good", "period"])["quantity"].sum() * MASS
    most = index.stream_bounds.groupby(level="good").sum()
    reasons = []
    for (good, period), quantity in asked.items():
        can = float(most.get(good, 0.0))
        if can < quantity - MEANINGFUL:
            reasons.append(
                f"in {period}, contracts for {good} total {quantity:,.0f} t/yr, "
                f"but all plants that can make it together make at most {can:,.0f} t/yr"
            )
    return reasons[:SHOWN]
