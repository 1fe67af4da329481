"""What the risk analysis reports of each sample: the money engine's statements of a
fixed plan (:mod:`angara.assess.money`), reduced per sample, and its jobs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.assess.money import Drivers, Statements, engine
from angara.risk.ledger import Ledger


@dataclass(frozen=True)
class Outcome:
    """Per sample: ``npv`` of the cluster (N,), ``plant_npv`` (N, P), ``taxes`` by level
    over the horizon (N, L), ``jobs`` at full operation (N,) direct plus indirect plus
    induced, ``capex`` (N,) over the horizon, plants' and infrastructure's.  RUB and persons."""

    npv: np.ndarray
    plant_npv: np.ndarray
    taxes: np.ndarray
    jobs: np.ndarray
    capex: np.ndarray


def evaluate(ledger: Ledger, drivers: Drivers) -> Outcome:
    """The plan's NPV, taxes, jobs and CAPEX for every sample of ``drivers``."""
    money = engine.evaluate(ledger.accounts, drivers)
    capex = money.capex
    return Outcome(
        npv=money.npv,
        plant_npv=money.plant_npv,
        taxes=money.by_level().sum(axis=1),
        jobs=_jobs(ledger, money, capex),
        capex=capex.sum(axis=(1, 2)) + ledger.accounts.infrastructure.sum(),
    )


def _jobs(ledger: Ledger, money: Statements, capex: np.ndarray) -> np.ndarray:
    """Jobs at full operation per sample: direct staff (fixed), indirect and induced jobs
    of the sampled sales (less the deliveries to other plants, whose jobs are direct
    already), and the construction phase's jobs of the sampled CAPEX."""
    r = ledger.reference
    sales, receipts = money.sales[:, :, r], money.receipts[:, :, r]
    indirect = np.clip(sales @ ledger.indirect_per_rub - receipts @ ledger.own_per_rub, 0.0, None)
    building = ledger.building_per_rub * capex[:, :, r].sum(axis=1) + ledger.infrastructure_jobs
    result: np.ndarray = ledger.direct_jobs + indirect + sales @ ledger.induced_per_rub + building
    return result
