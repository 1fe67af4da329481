"""Evaluate a fixed plan's ledger under many sets of multipliers at once.

Vectorized over samples, plants and years; the one loop runs over years, because
losses carried forward make each year's profit tax depend on the years before.
:func:`evaluate_one` is the same arithmetic written plainly for one sample: the
reference the vectorized code is tested and benchmarked against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.risk.ledger import NONE, Ledger


@dataclass(frozen=True)
class Drivers:
    """What varies, per sample ``N``: price multipliers per year and series (N, T, E),
    CAPEX ratios per plant (N, P), tariff ratios (N,) for electricity and transport, and
    discount factors (T,) (None: the ledger's)."""

    prices: np.ndarray
    capex: np.ndarray
    electricity: np.ndarray
    transport: np.ndarray
    discount: np.ndarray | None = None

    @classmethod
    def base(cls, ledger: Ledger, samples: int = 1) -> Drivers:
        """Everything as planned."""
        return cls(
            prices=np.ones((samples, len(ledger.years), len(ledger.series))),
            capex=np.ones((samples, len(ledger.plants))),
            electricity=np.ones(samples),
            transport=np.ones(samples),
        )


@dataclass(frozen=True)
class Outcome:
    """Per sample: ``npv`` of the cluster (N,), ``plant_npv`` (N, P), ``taxes`` by level
    over the horizon (N, L), ``jobs`` at full operation (N,) direct plus indirect plus
    induced, ``capex`` (N,) over the horizon.  RUB and persons."""

    npv: np.ndarray
    plant_npv: np.ndarray
    taxes: np.ndarray
    jobs: np.ndarray
    capex: np.ndarray


def price_multipliers(ledger: Ledger, paths: np.ndarray, first_index: int, fx: int | None) -> np.ndarray:
    """(N, T, E) multipliers from log factor paths (N, years, K); the ledger's first year
    is ``paths[:, first_index]``."""
    window = paths[:, first_index : first_index + len(ledger.years), :]
    logs = np.zeros((paths.shape[0], len(ledger.years), len(ledger.series)))
    for e, (factor, usd) in enumerate(ledger.series):
        if factor != NONE:
            logs[:, :, e] += window[:, :, factor]
        if usd and fx is not None:
            logs[:, :, e] += window[:, :, fx]
    result: np.ndarray = np.exp(logs)
    return result


def evaluate(ledger: Ledger, drivers: Drivers) -> Outcome:
    """The plan's money, taxes and jobs for every sample of ``drivers``."""
    sales, receipts, purchases, mineral = _priced(ledger, drivers.prices)
    ratio = drivers.capex[:, :, None]
    # a deposit whose products fetch less than its inputs cost yields no mineral value, not a refund
    extraction = ledger.extraction_rate * np.clip(mineral, 0.0, None)
    prop = ledger.property_tax * ratio
    operating = (
        ledger.other_costs
        + ledger.electricity * drivers.electricity[:, None, None]
        + ledger.transport * drivers.transport[:, None, None]
    )
    cash = sales + receipts - purchases - operating - ledger.land_tax - extraction - prop
    before_tax = cash - ledger.depreciation * ratio
    profit = np.zeros_like(before_tax)
    pool = np.zeros(before_tax.shape[:2])
    for t in range(before_tax.shape[2]):
        earned = before_tax[:, :, t]
        offset = np.minimum(pool, np.clip(earned, 0.0, None))
        profit[:, :, t] = np.clip(earned - offset, 0.0, None) * ledger.profit_rate[:, t]
        pool = pool - offset + np.clip(-earned, 0.0, None)
    free = cash - profit - (ledger.capex - ledger.residual) * ratio
    discount = ledger.discount if drivers.discount is None else drivers.discount
    plant_npv = free @ discount
    npv = plant_npv.sum(axis=1) - ledger.infrastructure @ discount
    taxes = (
        np.tensordot(profit, ledger.profit_split, axes=2)
        + np.tensordot(prop, ledger.property_split, axes=2)
        + np.tensordot(extraction, ledger.extraction_split, axes=2)
        + ledger.fixed_taxes
    )
    r = ledger.reference
    indirect = np.clip(
        sales[:, :, r] @ ledger.indirect_per_rub - receipts[:, :, r] @ ledger.own_per_rub, 0.0, None
    )
    building = (
        ledger.building_per_rub * (ledger.capex[:, r] * drivers.capex).sum(axis=1)
        + ledger.infrastructure_jobs
    )
    jobs = ledger.direct_jobs + indirect + sales[:, :, r] @ ledger.induced_per_rub + building
    capex = (ledger.capex * ratio).sum(axis=(1, 2)) + ledger.infrastructure.sum()
    return Outcome(npv=npv, plant_npv=plant_npv, taxes=taxes, jobs=jobs, capex=capex)


def _priced(ledger: Ledger, prices: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sales, receipts, purchases and mineral value (N, P, T) at price multipliers (N, T, E).

    One batched matrix product per year, (N, E) @ (E, 4P): BLAS does the work.
    """
    stacked = np.concatenate([ledger.sales, ledger.receipts, ledger.purchases, ledger.mineral])
    by_year = np.matmul(prices.transpose(1, 0, 2), stacked.transpose(1, 2, 0))  # (T, N, 4P)
    plants = len(ledger.plants)
    parts = by_year.reshape(by_year.shape[0], by_year.shape[1], 4, plants).transpose(2, 1, 3, 0)
    return tuple(np.ascontiguousarray(part) for part in parts)


def evaluate_one(ledger: Ledger, prices: np.ndarray, capex: np.ndarray) -> tuple[float, list[float]]:
    """Cluster NPV and plant NPVs (RUB) of one sample, in plain loops: prices (T, E), capex (P,).

    The straightforward way, one sample, plant, year and series at a time; kept as the
    reference for :func:`evaluate` and for the benchmark's comparison.
    """
    plant_npv = []
    for p in range(len(ledger.plants)):
        pool, total = 0.0, 0.0
        for t in range(len(ledger.years)):
            income = 0.0
            mineral = 0.0
            for e in range(len(ledger.series)):
                multiplier = prices[t, e]
                income += (
                    ledger.sales[p, t, e] + ledger.receipts[p, t, e] - ledger.purchases[p, t, e]
                ) * multiplier
                mineral += ledger.mineral[p, t, e] * multiplier
            operating = ledger.other_costs[p, t] + ledger.electricity[p, t] + ledger.transport[p, t]
            prop = ledger.property_tax[p, t] * capex[p]
            extraction = ledger.extraction_rate[p, t] * max(mineral, 0.0)
            cash = income - operating - ledger.land_tax[p, t] - extraction - prop
            earned = cash - ledger.depreciation[p, t] * capex[p]
            if earned < 0:
                pool -= earned
                tax = 0.0
            else:
                offset = min(pool, earned)
                pool -= offset
                tax = (earned - offset) * ledger.profit_rate[p, t]
            free = cash - tax - (ledger.capex[p, t] - ledger.residual[p, t]) * capex[p]
            total += free * ledger.discount[t]
        plant_npv.append(total)
    outside = sum(ledger.infrastructure[t] * ledger.discount[t] for t in range(len(ledger.years)))
    return sum(plant_npv) - outside, plant_npv
