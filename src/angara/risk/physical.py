"""Physical risks of a fixed plan: construction delay, ramp-up shortfall and recovery shortfall.

None of them is a price: they change what the plants make and when, and the money engine
(:mod:`angara.assess.money`) values the result at each sample's prices.

* **Delay.** The construction programme slips by ``d`` whole years with the probabilities
  ``risk.delay_probabilities`` (0 years with the rest).  Every plant's CAPEX, operations,
  book values and tax calendar, and the infrastructure's outlays, move ``d`` years later
  (:func:`shift_accounts`); what falls beyond the horizon is not counted.  One slip for the
  whole programme, because a plant cannot run before the plants that feed it: slips of single
  plants propagate down the chain to the programme's critical path anyway.
* **Ramp-up shortfall.** In a plant's first ``risk.rampup_years`` years of operation it can
  process only ``1 - S (K - k) / K`` of its planned feed in operating year ``k = 0 .. K-1``,
  with ``S`` uniform on ``[0, 2 risk.rampup_shortfall]`` per plant and sample.
* **Recovery shortfall.** A plant whose process has design recoveries (the scenario's
  ``recoveries``: beneficiation, leaching, separation, refining) recovers ``1 - R`` of its
  planned output from the feed it processes, ``R`` uniform on
  ``[0, 2 risk.recovery_shortfall]`` per plant and sample, for its whole life.  Mines and
  the metal and magnet plants (no recoveries in the scenario) have none.

Shortfalls travel down the chain: a plant processes the smaller of its own ramp-up
capacity and the feed its suppliers deliver (:func:`propagate`), its suppliers weighted by
what it buys from each as planned (:func:`supplier_weights`).  Its output is what it
processes times its recovery.  Arrays: N samples, P plants, T years.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from angara.assess.money import Accounts
from angara.assess.operations import Trade

# Axis of the years in each array of the accounts; the rest (plant or tax first) follow the plants.
YEAR_AXIS = {
    "sales": 1,
    "receipts": 1,
    "purchases": 1,
    "mineral": 1,
    "electricity": 1,
    "transport": 1,
    "staff": 1,
    "capex": 1,
    "depreciation": 1,
    "book_start": 1,
    "book_end": 1,
    "land_value": 1,
    "rates": 2,
    "shares": 2,
    "regimes": 2,
    "infrastructure": 0,
}
# Arrays that say how an amount is treated rather than how much it is: a shift fills the
# years before the first with the first year's treatment, not with zero.
RULES = ("rates", "shares", "regimes")


def sample_delays(probabilities: list[float], samples: int, rng: np.random.Generator) -> np.ndarray:
    """Years of slip per sample (N,): ``d >= 1`` with ``probabilities[d - 1]``, else 0."""
    if not probabilities:
        return np.zeros(samples, dtype=int)
    edges = np.cumsum(probabilities)
    result: np.ndarray = np.searchsorted(edges, rng.random(samples), side="right") + 1
    result[result > len(probabilities)] = 0
    return result


def shift(values: np.ndarray, years: int, axis: int, rule: bool = False) -> np.ndarray:
    """``values`` moved ``years`` later along ``axis``; what passes the end is dropped, the
    years before are zero (or, for a ``rule``, the first year's value)."""
    if years <= 0:
        return values
    moved = np.moveaxis(values, axis, 0)
    result = np.empty_like(moved)
    if years < moved.shape[0]:
        result[years:] = moved[:-years]
    if rule:
        result[:years] = moved[0]
    else:
        result[:years] = 0
    return np.moveaxis(result, 0, axis)


def shift_accounts(accounts: Accounts, years: int) -> Accounts:
    """``accounts`` of a programme that slips by ``years`` (see the module docstring)."""
    if years <= 0:
        return accounts
    changes: dict[str, object] = {}
    for field in dataclasses.fields(accounts):
        value = getattr(accounts, field.name)
        if field.name == "costs":
            changes["costs"] = {name: shift(amount, years, 1) for name, amount in value.items()}
        elif isinstance(value, np.ndarray):
            axis = YEAR_AXIS.get(field.name)
            if axis is None:
                if value.ndim < 2 or value.shape[:2] != (len(accounts.plants), len(accounts.years)):
                    raise ValueError(f"the accounts' {field.name} has no known axis of years")
                axis = 1
            changes[field.name] = shift(value, years, axis, field.name in RULES)
    return dataclasses.replace(accounts, **changes)  # type: ignore[arg-type]


def first_operating_year(accounts: Accounts) -> np.ndarray:
    """Per plant (P,), the position of its first year with revenue (T if it never has any)."""
    earning = (accounts.sales + accounts.receipts).sum(axis=2) > 0
    years = len(accounts.years)
    result: np.ndarray = np.where(earning.any(axis=1), earning.argmax(axis=1), years)
    return result


def sample_shortfalls(mean: float, samples: int, plants: int, rng: np.random.Generator) -> np.ndarray:
    """Shortfalls (N, P) uniform on ``[0, 2 mean]``."""
    result: np.ndarray = rng.uniform(0.0, 2.0 * mean, size=(samples, plants))
    return result


def rampup(first: np.ndarray, shortfall: np.ndarray, fade_years: int, years: int) -> np.ndarray:
    """The share of its planned feed each plant can process (N, P, T): ``1 - S (K - k) / K``
    in operating year ``k < K`` (``K = fade_years``), 1 before and after."""
    k = np.arange(years)[None, :] - first[:, None]  # (P, T) operating year
    weight = np.where((k >= 0) & (k < fade_years), (fade_years - k) / fade_years, 0.0)
    result: np.ndarray = 1.0 - shortfall[:, :, None] * weight[None, :, :]
    return result


def supplier_weights(plants: tuple[tuple[str, str], ...], trade: Trade | None) -> np.ndarray:
    """(P, P) share of plant p's planned purchases from other plants that plant s supplies.

    A good bought is attributed to the plants that make it in proportion to what they
    receive for it; rows of plants that buy nothing from other plants are zero.
    """
    count = len(plants)
    weights = np.zeros((count, count))
    if trade is None or trade.purchases.empty or trade.receipts.empty:
        return weights
    position = {plant: i for i, plant in enumerate(plants)}

    def totals(frame: pd.DataFrame, column: str) -> pd.DataFrame:
        return frame.groupby(["process", "location", "good"], as_index=False)[column].sum()

    bought, made = totals(trade.purchases, "purchases_rub"), totals(trade.receipts, "receipts_rub")
    made = made[made["receipts_rub"] > 0]
    made = made.assign(share=made["receipts_rub"] / made.groupby("good")["receipts_rub"].transform("sum"))
    pairs = bought.merge(made, on="good", suffixes=("", "_maker"))
    for row in pairs.itertuples(index=False):
        buyer = position.get((str(row.process), str(row.location)))
        maker = position.get((str(row.process_maker), str(row.location_maker)))
        if buyer is not None and maker is not None and buyer != maker:
            weights[buyer, maker] += float(row.purchases_rub) * float(row.share)
    total = weights.sum(axis=1, keepdims=True)
    result: np.ndarray = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    return result


def propagate(
    capacity: np.ndarray, recovery: np.ndarray, suppliers: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Throughput and output (N, P, T) down the chain.

    ``capacity`` (N, P, T): the share of its planned feed a plant can process (ramp-up);
    ``recovery`` (N, P): the share of its planned output it recovers from that feed;
    ``suppliers`` (P, P): :func:`supplier_weights`.  A plant processes the smaller of its
    capacity and the share of its planned feed delivered, ``sum_s w_ps output_s`` (1 for
    a plant without suppliers); its output is that times its recovery.  Solved by
    repeated substitution, exact after P rounds in a chain without loops.
    """
    fed_by_plants = suppliers.sum(axis=1) > 0  # (P,)
    output = capacity * recovery[:, :, None]
    throughput = capacity
    for _ in range(len(suppliers)):
        delivered = np.einsum("ps,nst->npt", suppliers, output)
        feed = np.where(fed_by_plants[None, :, None], delivered, 1.0)
        throughput = np.minimum(capacity, feed)
        updated = throughput * recovery[:, :, None]
        if np.array_equal(updated, output):
            break
        output = updated
    return throughput, output
