"""Monte Carlo of a fixed plan: sampled price paths, exchange rate and CAPEX overruns.

Samples are drawn in chunks of :data:`CHUNK`; chunk ``c`` takes its random numbers
from the ``c``-th child of ``SeedSequence(seed)``, so a seed gives the same samples
on any machine, and the first N samples of a larger run are those of a run of N
(rounded up to whole chunks).  Each chunk is evaluated at once over (sample, plant,
year) arrays by the money engine (:mod:`angara.assess.money`, through
:func:`angara.risk.evaluate.evaluate`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from angara.assess.money import Drivers
from angara.assess.taxes import LEVELS
from angara.risk.evaluate import Outcome, evaluate
from angara.risk.ledger import Ledger, price_multipliers
from angara.risk.prices import FactorModel, capex_multipliers, currency_factor, sample_paths
from angara.scenario.model import Scenario

CHUNK = 5_000  # samples evaluated at once: ~0.3 GB of arrays for the default plan
PERCENTILES = (10, 50, 90)
HISTOGRAM_BINS = 40

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Simulation:
    """Outcomes of every sample (see :class:`angara.risk.evaluate.Outcome`) and how they were drawn."""

    samples: int
    seed: int
    outcome: Outcome
    plants: tuple[tuple[str, str], ...]  # (process, location)
    seconds: float

    def summary(self) -> dict[str, Any]:
        """The distribution in figures: percentiles, P(NPV < 0), per plant; RUB and persons."""
        o = self.outcome
        taxes_total = o.taxes.sum(axis=1)
        document: dict[str, Any] = {
            "samples": self.samples,
            "seed": self.seed,
            **_percentiles("npv", o.npv),
            "npv_mean": float(o.npv.mean()),
            "npv_std": float(o.npv.std(ddof=1)) if self.samples > 1 else 0.0,
            "prob_npv_negative": float((o.npv < 0).mean()),
            "capex": _percentiles("capex", o.capex, prefix=False),
            "jobs": _percentiles("jobs", o.jobs, prefix=False),
            "taxes": {
                "total": _percentiles("total", taxes_total, prefix=False),
                **{level: _percentiles(level, o.taxes[:, i], prefix=False) for i, level in enumerate(LEVELS)},
            },
            "histogram": histogram(o.npv),
            "plants": [
                {
                    "process": process,
                    "location": location,
                    **_percentiles("npv", o.plant_npv[:, i]),
                    "npv_mean": float(o.plant_npv[:, i].mean()),
                    "prob_npv_negative": float((o.plant_npv[:, i] < 0).mean()),
                }
                for i, (process, location) in enumerate(self.plants)
            ],
            "seconds": round(self.seconds, 3),
        }
        return document


def simulate(
    scenario: Scenario,
    ledger: Ledger,
    samples: int,
    seed: int,
    progress: Progress | None = None,
) -> Simulation:
    """Evaluate the plan in ``ledger`` under ``samples`` sampled futures of ``scenario``'s
    price factors and CAPEX overruns (``scenario.meta.risk``)."""
    started = time.perf_counter()
    model = FactorModel.from_scenario(scenario)
    chunks = math.ceil(samples / CHUNK)
    children = np.random.SeedSequence(seed).spawn(chunks)
    parts: list[Outcome] = []
    done = 0
    for child in children:
        size = min(CHUNK, samples - done)
        parts.append(evaluate(ledger, draw(scenario, model, ledger, size, np.random.default_rng(child))))
        done += size
        if progress is not None:
            progress(done, samples)
    outcome = Outcome(*(np.concatenate([getattr(p, f) for p in parts]) for f in Outcome.__dataclass_fields__))
    return Simulation(samples, seed, outcome, ledger.plants, time.perf_counter() - started)


def draw(
    scenario: Scenario, model: FactorModel, ledger: Ledger, samples: int, rng: np.random.Generator
) -> Drivers:
    """One chunk of sampled drivers: price multipliers per year and series, CAPEX ratios
    per plant; tariffs as planned."""
    years_ahead = ledger.years[-1] - model.base_year
    first_index = ledger.years[0] - model.base_year - 1
    if model.size:
        paths = sample_paths(model, years_ahead, samples, rng)
        prices = price_multipliers(ledger, paths, first_index, currency_factor(model))
    else:
        prices = np.ones((samples, len(ledger.years), len(ledger.series)))
    risk = scenario.meta.risk
    capex = capex_multipliers(
        risk.capex_overrun_median,
        risk.capex_overrun_sigma,
        risk.capex_overrun_common,
        len(ledger.plants),
        samples,
        rng,
    )
    return Drivers(prices=prices, capex=capex, electricity=np.ones(samples), transport=np.ones(samples))


def histogram(values: np.ndarray, bins: int = HISTOGRAM_BINS) -> dict[str, list[float]]:
    """Counts of ``values`` in equal bins: ``edges`` (bins + 1) and ``counts`` (bins)."""
    if len(values) == 0:
        return {"edges": [], "counts": []}
    counts, edges = np.histogram(values, bins=bins)
    return {"edges": [float(e) for e in edges], "counts": [float(c) for c in counts]}


def _percentiles(name: str, values: np.ndarray, prefix: bool = True) -> dict[str, float]:
    points = np.percentile(values, PERCENTILES) if len(values) else [math.nan] * len(PERCENTILES)
    return {f"{name}_p{p}" if prefix else f"p{p}": float(v) for p, v in zip(PERCENTILES, points, strict=True)}
