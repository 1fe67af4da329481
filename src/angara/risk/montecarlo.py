"""Monte Carlo of a fixed plan: sampled price paths, exchange rate, CAPEX overruns,
construction delay, ramp-up and recovery shortfalls (:mod:`angara.risk.physical`) and
market closures (:mod:`angara.risk.access`).

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
from angara.risk.access import redirect, sample_closures
from angara.risk.evaluate import Outcome, evaluate
from angara.risk.ledger import Ledger, price_multipliers
from angara.risk.physical import (
    first_operating_year,
    propagate,
    rampup,
    sample_delays,
    sample_shortfalls,
    shift_accounts,
)
from angara.risk.prices import FactorModel, capex_multipliers, sample_paths
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
    gap: dict[str, Any] | None = None  # the breakdown of mean NPV less NPV as planned (simulate)

    def summary(self) -> dict[str, Any]:
        """The distribution in figures: percentiles, P(NPV < 0), per plant; RUB and persons."""
        o = self.outcome
        taxes_total = o.taxes.sum(axis=1)
        document: dict[str, Any] = {
            "samples": self.samples,
            "seed": self.seed,
            **_percentiles("npv", o.npv),
            "npv_mean": float(o.npv.mean()),
            "npv_mean_standard_error": float(o.npv.std(ddof=1) / math.sqrt(self.samples))
            if self.samples > 1
            else 0.0,
            "npv_std": float(o.npv.std(ddof=1)) if self.samples > 1 else 0.0,
            "prob_npv_negative": float((o.npv < 0).mean()),
            "capex": _spread(o.capex),
            "jobs": _spread(o.jobs),
            "taxes": {
                "total": _spread(taxes_total),
                **{level: _spread(o.taxes[:, i]) for i, level in enumerate(LEVELS)},
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
        if self.gap is not None:
            document["gap"] = self.gap
        return document


DRIVERS = ("prices", "capex", "delay", "rampup", "recovery", "markets")
DRIVER_LABELS = {
    "prices": "prices (mean on the deck: the taxes' nonlinearity)",
    "capex": "CAPEX overruns",
    "delay": "construction delay",
    "rampup": "ramp-up shortfall",
    "recovery": "recovery shortfall",
    "markets": "market access",
}


@dataclass(frozen=True)
class Draws:
    """One chunk of sampled uncertainties (N samples), before any is switched off: price
    multipliers (N, T, E), CAPEX ratios (N, P), the programme's slip in years (N,),
    ramp-up and recovery shortfalls (N, P), and when each market at risk closes (N, M)."""

    prices: np.ndarray
    capex: np.ndarray
    delay: np.ndarray
    rampup: np.ndarray
    recovery: np.ndarray
    closures: np.ndarray

    @property
    def size(self) -> int:
        return len(self.delay)


def simulate(
    scenario: Scenario,
    ledger: Ledger,
    samples: int,
    seed: int,
    progress: Progress | None = None,
    breakdown: bool = False,
) -> Simulation:
    """Evaluate the plan in ``ledger`` under ``samples`` sampled futures of ``scenario``'s
    price factors, CAPEX overruns, delays, ramp-up and recovery shortfalls and market
    closures (``scenario.meta.risk``, ``market_access``).  With ``breakdown``, also the
    mean NPV with the drivers switched on one after another (:data:`DRIVERS`), on the same
    draws: the steps from the NPV as planned to the mean."""
    started = time.perf_counter()
    model = FactorModel.from_scenario(scenario)
    chunks = math.ceil(samples / CHUNK)
    children = np.random.SeedSequence(seed).spawn(chunks)
    parts: list[Outcome] = []
    steps: list[np.ndarray] = []
    done = 0
    for child in children:
        size = min(CHUNK, samples - done)
        draws = draw(scenario, model, ledger, size, np.random.default_rng(child))
        parts.append(evaluate_draws(scenario, ledger, draws))
        if breakdown:
            steps.append(
                np.stack(
                    [evaluate_draws(scenario, ledger, draws, DRIVERS[:i]).npv for i in range(len(DRIVERS))]
                ),
            )
        done += size
        if progress is not None:
            progress(done, samples)
    outcome = Outcome(*(np.concatenate([getattr(p, f) for p in parts]) for f in Outcome.__dataclass_fields__))
    gap = _gap(np.concatenate(steps, axis=1), outcome.npv) if breakdown else None
    return Simulation(samples, seed, outcome, ledger.plants, time.perf_counter() - started, gap)


def draw(
    scenario: Scenario, model: FactorModel, ledger: Ledger, samples: int, rng: np.random.Generator
) -> Draws:
    """One chunk of sampled uncertainties.  The random numbers are drawn in a fixed order
    (prices, CAPEX, delay, ramp-up, recovery, markets), each from the same generator."""
    years = len(ledger.years)
    years_ahead = ledger.years[-1] - model.base_year
    first_index = ledger.years[0] - model.base_year - 1
    if model.size:
        paths = sample_paths(model, years_ahead, samples, rng)
        prices = price_multipliers(ledger, model, paths, first_index)
    else:
        prices = np.ones((samples, years, len(ledger.series)))
    risk = scenario.meta.risk
    plants = len(ledger.plants)
    capex = capex_multipliers(
        risk.capex_overrun_median, risk.capex_overrun_sigma, risk.capex_overrun_common, plants, samples, rng
    )
    return Draws(
        prices=prices,
        capex=capex,
        delay=sample_delays(risk.delay_probabilities, samples, rng),
        rampup=sample_shortfalls(risk.rampup_shortfall, samples, plants, rng),
        recovery=sample_shortfalls(risk.recovery_shortfall, samples, plants, rng),
        closures=sample_closures(ledger.markets, samples, years, rng),
    )


def evaluate_draws(
    scenario: Scenario, ledger: Ledger, draws: Draws, on: tuple[str, ...] = DRIVERS
) -> Outcome:
    """Every sample of ``draws`` with the drivers in ``on`` as drawn and the others as
    planned, evaluated by the money engine; samples are grouped by their slip."""
    count, plants, years = draws.size, len(ledger.plants), len(ledger.years)
    delay = draws.delay if "delay" in on else np.zeros(count, dtype=int)
    result: dict[str, np.ndarray] = {}
    for slip in np.unique(delay):
        chosen = np.flatnonzero(delay == slip)
        accounts = shift_accounts(ledger.accounts, int(slip))
        prices = draws.prices[chosen] if "prices" in on else np.ones((len(chosen), years, len(ledger.series)))
        if "markets" in on:
            prices = redirect(prices, ledger.markets, draws.closures[chosen])
        output = throughput = None
        if "rampup" in on or "recovery" in on:
            shortfall = draws.rampup[chosen] if "rampup" in on else np.zeros((len(chosen), plants))
            fade = scenario.meta.risk.rampup_years
            capacity = rampup(first_operating_year(accounts), shortfall, fade, years)
            recovered = (
                1.0 - draws.recovery[chosen] * ledger.recovering
                if "recovery" in on
                else np.ones((len(chosen), plants))
            )
            throughput, output = propagate(capacity, recovered, ledger.suppliers)
        drivers = Drivers(
            prices=prices,
            capex=draws.capex[chosen] if "capex" in on else np.ones((len(chosen), plants)),
            electricity=np.ones(len(chosen)),
            transport=np.ones(len(chosen)),
            output=output,
            throughput=throughput,
        )
        part = evaluate(ledger, drivers, accounts, int(slip))
        for name in Outcome.__dataclass_fields__:
            values = getattr(part, name)
            if name not in result:
                result[name] = np.zeros((count, *values.shape[1:]))
            result[name][chosen] = values
    return Outcome(**result)


def _gap(steps: np.ndarray, full: np.ndarray) -> dict[str, Any]:
    """The steps from the NPV as planned (no driver on) to the mean NPV (all on): each
    driver's step is the mean change of NPV when it is switched on after those before it,
    with the standard error of that mean (RUB); the steps add up to the gap exactly."""
    levels = np.concatenate([steps, full[None, :]])  # (drivers + 1, N)
    planned = float(levels[0].mean())
    changes = np.diff(levels, axis=0)
    count = levels.shape[1]
    return {
        "npv_as_planned_rub": planned,
        "npv_mean_rub": float(levels[-1].mean()),
        "gap_rub": float(levels[-1].mean()) - planned,
        "order": "each driver switched on after the ones above it, on the same draws",
        "steps": [
            {
                "driver": name,
                "label": DRIVER_LABELS[name],
                "npv_change_rub": float(change.mean()),
                "standard_error_rub": float(change.std(ddof=1) / math.sqrt(count)) if count > 1 else 0.0,
            }
            for name, change in zip(DRIVERS, changes, strict=True)
        ],
    }


def histogram(values: np.ndarray, bins: int = HISTOGRAM_BINS) -> dict[str, list[float]]:
    """Counts of ``values`` in equal bins: ``edges`` (bins + 1) and ``counts`` (bins)."""
    if len(values) == 0:
        return {"edges": [], "counts": []}
    counts, edges = np.histogram(values, bins=bins)
    return {"edges": [float(e) for e in edges], "counts": [float(c) for c in counts]}


def _spread(values: np.ndarray) -> dict[str, float]:
    """P10, P50, P90 and the mean."""
    mean = float(values.mean()) if len(values) else math.nan
    return {**_percentiles("", values, prefix=False), "mean": mean}


def _percentiles(name: str, values: np.ndarray, prefix: bool = True) -> dict[str, float]:
    points = np.percentile(values, PERCENTILES) if len(values) else [math.nan] * len(PERCENTILES)
    return {f"{name}_p{p}" if prefix else f"p{p}": float(v) for p, v in zip(PERCENTILES, points, strict=True)}
