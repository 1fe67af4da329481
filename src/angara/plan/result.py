"""The Plan: what to build where and when, how every stream moves, and what it costs.

Values are per period; a period stands for the years listed in ``periods`` and every
quantity of a period (t/yr, MW, persons) holds in each of its years.  Money is in RUB
of the scenario's base year.  Rows are keyed by columns: a plant by ``process`` and
``location``, a mode by those and ``source``, a stream by ``good`` and ``source``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from angara.plan import tables

# the plan's own tables, then one per reported limit of the model (power, land, staff ...),
# each declared in angara.plan.tables
OWN_TABLES = tuple(str(schema.name) for schema in tables.OWN_TABLES)
LIMIT_TABLES = tuple(str(schema.name) for schema in tables.LIMIT_TABLES)
TABLES = (*OWN_TABLES, *LIMIT_TABLES)


@dataclass(frozen=True)
class Plan:
    """An optimal (or best found) plan and how it was found.

    status: ``optimal`` or ``feasible`` (stopped at the time limit with a plan).
    objective: RUB; with objective ``npv`` it is the plan's NPV (annuitized capital
        charges), with ``cost`` the discounted total cost.
    mip_gap: relative gap between the plan and the best bound (0 when proven optimal).
    balance_residual_max: largest relative element-balance error over species, nodes
        and periods (see :mod:`angara.plan.balance`).
    """

    scenario: str
    status: str
    objective_kind: str
    objective: float
    mip_gap: float
    balance_residual_max: float
    seconds_build: float
    seconds_solve: float
    solver: str
    size: dict[str, int]
    periods: list[dict[str, Any]]
    builds: pd.DataFrame
    capacity: pd.DataFrame
    activities: pd.DataFrame
    mining: pd.DataFrame
    flows: pd.DataFrame
    sales: pd.DataFrame
    disposal: pd.DataFrame
    links: pd.DataFrame
    shadow_prices: pd.DataFrame
    element_balance: pd.DataFrame
    mandates: pd.DataFrame  # the scenario's mandates: met, and once costed what each costs and brings
    limits: dict[str, pd.DataFrame]  # one table per reported limit (LIMIT_TABLES)
    notes: list[str] = field(default_factory=list)
    # what all the mandates together cost and bring (angara.workflow.mandates); None: not costed
    mandates_together: dict[str, float | None] | None = None

    @property
    def power(self) -> pd.DataFrame:
        """Power per site and period: ``used_mw``, ``available_mw``, ``bought_mw``."""
        return self.limits["power"]

    @property
    def land(self) -> pd.DataFrame:
        """Land per site and period: ``used_ha``, ``available_ha``."""
        return self.limits["land"]

    @property
    def staff(self) -> pd.DataFrame:
        """Operating staff per region, skill and period: ``needed``, ``local_available``,
        ``migrants``."""
        return self.limits["staff"]

    @property
    def npv(self) -> float | None:
        """NPV in RUB when the objective was NPV."""
        return self.objective if self.objective_kind == "npv" else None

    def table(self, name: str) -> pd.DataFrame:
        """A table by name (any of :data:`TABLES`)."""
        if name in self.limits:
            return self.limits[name]
        frame = getattr(self, name)
        assert isinstance(frame, pd.DataFrame)
        return frame

    def summary(self) -> dict[str, Any]:
        """The headline figures of plan.json (without the tables).  The timings are left out:
        plan.json is the same for the same scenario and options, wherever it is made (they
        go to run.json, see :mod:`angara.workflow`)."""
        return {
            "scenario": self.scenario,
            "status": self.status,
            "objective_kind": self.objective_kind,
            "objective": _finite(self.objective),
            "npv_rub": _finite(self.npv) if self.npv is not None else None,
            "mip_gap": _finite(self.mip_gap),
            "balance_residual_max": _finite(self.balance_residual_max),
            "solver": self.solver,
            "size": self.size,
            "periods": self.periods,
            "notes": self.notes,
        }

    def to_json(self) -> dict[str, Any]:
        """plan.json: the summary, the builds and the yearly output by product."""
        document = self.summary()
        document["builds"] = _records(self.builds)
        document["links_opened"] = _records(self.links[self.links["open"] > 0.5]) if len(self.links) else []
        document["output"] = _records(self.output_by_product())
        document["mandates"] = _records(self.mandates)
        together = self.mandates_together
        document["mandates_together"] = (
            {key: _finite(value) for key, value in together.items()} if together is not None else None
        )
        return document

    def output_by_product(self) -> pd.DataFrame:
        """Tonnes per year sold of each good, per period."""
        if self.sales.empty:
            return pd.DataFrame(columns=["good", "period", "tonnes", "revenue_rub"])
        grouped = self.sales.groupby(["good", "period"], as_index=False)[["tonnes", "revenue_rub"]].sum()
        return grouped.sort_values(["good", "period"]).reset_index(drop=True)


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: numpy scalars become Python numbers, NaN becomes null."""
    result = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for name, value in row.items():
            if hasattr(value, "item"):
                value = value.item()
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            clean[str(name)] = value
        result.append(clean)
    return result
