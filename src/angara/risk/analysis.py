"""A fixed plan's risk in one object: Monte Carlo and tornado, plus re-planning results
when asked for; ``to_json`` is ``risk.json`` and ``tables`` the CSV files beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from angara.assess.taxes import LEVELS
from angara.plan.result import Plan
from angara.risk.ledger import build_ledger
from angara.risk.montecarlo import Simulation, simulate
from angara.risk.sensitivity import Tornado, tornado
from angara.risk.tables import PLANTS, RISK_TABLES, TORNADO
from angara.scenario.model import Scenario
from angara.tables import declared, names

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RiskAnalysis:
    """What is uncertain about a plan.  ``extra`` holds the JSON of ensembles, variants
    and the Pareto front (re-planning), with their tables in ``extra_tables``."""

    scenario: str
    plan_npv_rub: float | None
    simulation: Simulation
    tornado: Tornado
    extra: dict[str, Any] = field(default_factory=dict)
    extra_tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """risk.json: the Monte Carlo summary first (``samples``, ``seed``, ``npv_p10`` ...)."""
        return {
            **self.simulation.summary(),
            "scenario": self.scenario,
            "currency": "RUB",
            "plan_npv_rub": self.plan_npv_rub,
            "npv_as_planned_rub": self.tornado.npv,
            "tornado": self.tornado.to_json(),
            **self.extra,
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        """CSV tables: every sample's cluster figures, plants' NPV ranges, the tornado."""
        o = self.simulation.outcome
        samples = pd.DataFrame(
            {
                "sample": range(self.simulation.samples),
                "npv_rub": o.npv,
                "capex_rub": o.capex,
                "jobs": o.jobs,
                **{f"taxes_{level}_rub": o.taxes[:, i] for i, level in enumerate(LEVELS)},
            }
        )
        plants = pd.DataFrame(self.simulation.summary()["plants"], columns=names(PLANTS))
        bars = pd.DataFrame(self.tornado.to_json()["bars"], columns=names(TORNADO))
        tables = {"risk_samples": samples, "risk_plants": plants, "tornado": bars, **self.extra_tables}
        return {name: declared(RISK_TABLES[name], frame) for name, frame in tables.items()}


def analyse(
    scenario: Scenario,
    plan: Plan,
    samples: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> RiskAnalysis:
    """Monte Carlo (``samples`` and ``seed`` default to the scenario's ``risk`` settings)
    and the tornado of ``plan`` under ``scenario``."""
    settings = scenario.meta.risk
    ledger = build_ledger(scenario, plan)
    simulation = simulate(
        scenario,
        ledger,
        settings.samples if samples is None else samples,
        settings.seed if seed is None else seed,
        progress,
        breakdown=True,
    )
    return RiskAnalysis(
        scenario=scenario.meta.name,
        plan_npv_rub=plan.npv,
        simulation=simulation,
        tornado=tornado(scenario, ledger),
    )
