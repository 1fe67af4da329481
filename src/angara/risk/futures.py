"""Sampled futures to re-plan in, and named scenario variants.

A :class:`Future` is one draw of the scenario's price factors (log levels per year, see
:mod:`angara.risk.prices`) and of the CAPEX overrun; :func:`future_scenario` writes it
into a copy of the scenario, which the optimizer then plans as it would any scenario.

Future ``i`` of a seed takes its random numbers from ``SeedSequence(seed, spawn_key=(i,))``,
the ``i``-th child of ``SeedSequence(seed)``: it is the same future however many are drawn
and wherever it is drawn.

The CAPEX ratio of a future is one lognormal ratio (median ``capex_overrun_median``, log
standard deviation ``capex_overrun_sigma``) applied to every process: a re-plan sees costs
rise or fall together.  The Monte Carlo of a fixed plan also draws each plant's own share
of the overrun; a re-plan with per-plant ratios would favour whichever plant drew low, which
says more about the draw than about the plan.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from angara.risk.prices import (
    FactorModel,
    capex_multipliers,
    currency_factor,
    exposure,
    joint_correction,
    sample_paths,
)
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.schema import Payability, Price

PricedRow = TypeVar("PricedRow", Price, Payability)


@dataclass(frozen=True)
class Future:
    """One sampled future.

    ``prices``: log factor levels, shape (years, factors) in the order of
    ``scenario.price_factors``; row 0 is the year after the base year, the last row the
    scenario's last year.  ``capex``: ratio of actual to planned CAPEX of every process.
    """

    index: int
    prices: np.ndarray
    capex: float


def sample_futures(scenario: Scenario, count: int, seed: int) -> list[Future]:
    """Futures ``0 .. count-1`` of ``seed``, drawn from the scenario's price factors
    (``price_factors``, ``factor_correlations``) and CAPEX overrun settings (``meta.risk``)."""
    model = FactorModel.from_scenario(scenario)
    years = max(scenario.meta.last_year - scenario.meta.base_year, 1)
    risk = scenario.meta.risk
    futures = []
    for i in range(count):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,)))
        paths = sample_paths(model, years, 1, rng)[0]
        ratio = capex_multipliers(
            risk.capex_overrun_median, risk.capex_overrun_sigma, risk.capex_overrun_common, 1, 1, rng
        )
        futures.append(Future(index=i, prices=paths, capex=float(ratio[0, 0])))
    return futures


def future_scenario(scenario: Scenario, future: Future) -> Scenario:
    """``scenario`` as it would be in ``future``.

    Every price moved by a factor (or, at a market pricing in USD, by the exchange rate)
    is multiplied in each year by ``exp`` of the factor's level that year and written as
    one row per planning year, with the quantities of the row in force that year; other
    prices keep their rows.  The prices of contained species of a good priced by its
    contents (``payability``) move with the good's factor in the same way; its payable
    shares, minimum contents and penalties stay.  CAPEX per module of every process, and of every per-site
    override, is multiplied by the future's CAPEX ratio.  Everything else, the periods
    included, stays as it is.
    """
    model = FactorModel.from_scenario(scenario)
    if future.prices.shape[1:] != (model.size,):
        raise ValueError(f"the future has {future.prices.shape[1]} price factors, the scenario {model.size}")
    usd = {m.id for m in scenario.markets if m.currency == "USD"}
    fx = currency_factor(model)

    def moved(rows: list[PricedRow], market: str, good: str) -> list[PricedRow]:
        factors = [exposure(scenario, model, good, market)]
        if market in usd:
            factors.append(fx)
        moving = [f for f in factors if f is not None]
        if not moving:
            return rows
        logs = future.prices[:, moving].sum(axis=1) + joint_correction(model, moving, len(future.prices))
        return _yearly(scenario, rows, logs)

    by_pair: dict[tuple[str, str], list[Price]] = defaultdict(list)
    for row in scenario.prices:
        by_pair[(row.market, row.good)].append(row)
    prices: list[Price] = []
    for (market, good), rows in by_pair.items():
        prices += moved(rows, market, good)
    by_species: dict[tuple[str, str, str], list[Payability]] = defaultdict(list)
    for term in scenario.payability:
        by_species[(term.market, term.good, term.species)].append(term)
    payability: list[Payability] = []
    for (market, good, _), terms in by_species.items():
        payability += moved(terms, market, good)
    ratio = future.capex
    processes = tuple(
        p.model_copy(update={"capex_per_unit": p.capex_per_unit * ratio}) for p in scenario.processes
    )
    sites = tuple(
        s if s.capex_per_unit is None else s.model_copy(update={"capex_per_unit": s.capex_per_unit * ratio})
        for s in scenario.process_sites
    )
    return scenario.model_copy(
        update={
            "prices": tuple(prices),
            "payability": tuple(payability),
            "processes": processes,
            "process_sites": sites,
        }
    )


def _yearly(scenario: Scenario, rows: list[PricedRow], logs: np.ndarray) -> list[PricedRow]:
    """One row per planning year: the row in force (the first row before it is given),
    its price and basis adjustment (so its net price) times ``exp(logs[year - base_year - 1])``."""
    ordered = sorted(rows, key=lambda r: r.year)
    starts = [r.year for r in ordered]
    base = scenario.meta.base_year
    result = []
    for year in scenario.years:
        row = ordered[max(bisect.bisect_right(starts, year) - 1, 0)]
        # years up to the base year (a horizon starting early) take the first sampled level
        level = float(logs[min(max(year - base - 1, 0), len(logs) - 1)])
        factor = math.exp(level)
        # the whole net price moves (as in the ledger): the basis adjustment with the figure
        update: dict[str, float] = {"year": year, "price": row.price * factor}
        if isinstance(row, Price):  # a price per tonne of a good: its basis adjustment moves too
            update["basis_adjustment"] = row.basis_adjustment * factor
        result.append(row.model_copy(update=update))
    return result


def variant_scenarios(paths: Iterable[str | Path]) -> list[Scenario]:
    """Named scenario variants (folders, workbooks or built-in names), each known by its
    ``meta.name``; raises :class:`angara.scenario.problems.ScenarioError` for a bad one."""
    return [load(path) for path in paths]
