"""What the risk analysis reports of each sample: the money engine's statements of a
fixed plan (:mod:`angara.assess.money`), reduced per sample, and its jobs.

Jobs never respond to prices: direct staff are the modules standing (moved by a delay),
and indirect, induced and construction jobs come from the real output, its planned
quantities times the sample's physical shortfalls, valued at the deck's prices, and from
the planned CAPEX; taxes and profits move with the sample's prices."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.assess.money import Accounts, Drivers, engine
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


def evaluate(ledger: Ledger, drivers: Drivers, accounts: Accounts | None = None, delay: int = 0) -> Outcome:
    """The plan's NPV, taxes, jobs and CAPEX for every sample of ``drivers``, with the
    ledger's accounts or ``accounts`` (the programme slipped by ``delay`` years)."""
    accounts = ledger.accounts if accounts is None else accounts
    money = engine.evaluate(accounts, drivers)
    capex = money.capex
    return Outcome(
        npv=money.npv,
        plant_npv=money.plant_npv,
        taxes=money.by_level().sum(axis=1),
        jobs=jobs(ledger, accounts, drivers, delay),
        capex=capex.sum(axis=(1, 2)) + accounts.infrastructure.sum(),
    )


def jobs(ledger: Ledger, accounts: Accounts, drivers: Drivers, delay: int = 0) -> np.ndarray:
    """Jobs at full operation per sample (N,), in the ledger's year of full operation moved
    by ``delay`` (the horizon's last year at most): the direct staff of the modules standing,
    the indirect and induced jobs of the real sales valued at the deck's prices (the
    deliveries to other plants netted out of the supply chain product by product, their
    jobs being direct already), and the construction
    phase's jobs of the planned CAPEX.  Prices and CAPEX overruns do not move them."""
    r = min(ledger.reference + delay, len(accounts.years) - 1)
    samples = drivers.capex.shape[0]
    made = np.ones((samples, len(accounts.plants))) if drivers.output is None else drivers.output[:, :, r]
    sales = made * accounts.sales[:, r, :].sum(axis=1)
    receipts = made * accounts.receipts[:, r, :].sum(axis=1)
    chain = ledger.supply_chain.compensation(sales @ ledger.products, receipts @ ledger.products)
    indirect = chain / ledger.labour_cost_per_job
    building = ledger.building_per_rub * accounts.capex[:, r].sum() + ledger.infrastructure_jobs
    direct = accounts.staff[:, r].sum()
    result: np.ndarray = direct + indirect + sales @ ledger.induced_per_rub + building
    return result
