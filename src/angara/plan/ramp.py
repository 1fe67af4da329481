"""Ramp-up: the share of nameplate a new module lacks in its first years.

A module commissioned at the start of period ``c`` (year ``s_c``) runs in its ``k``-th
year of operation, year ``s_c + k - 1``, at ``share(k)`` of nameplate, from its ramp-up
curve (1 beyond the curve's last year).  A period's activity stands for each of its
years, so the shortfall of such a module in period ``p`` is averaged over the period's
years: ``f(c, p) = mean over y in Y_p of (1 - share(y - s_c + 1))``.  The capacity
constraint subtracts ``f(c, p) x new[c]`` modules from those standing, which keeps it
linear in ``new``; existing (committed) modules ramp up from their first year alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from angara.plan.periods import Periods


def curves(ramp_ups: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each curve's shares for years of operation 1, 2, 3 … (index 0 is the first year)."""
    result: dict[str, np.ndarray] = {}
    for curve, rows in ramp_ups.groupby("curve"):
        ordered = rows.sort_values("year")
        result[str(curve)] = ordered["share"].to_numpy(dtype=float)
    return result


def shortfall(shares: np.ndarray, commissioned: int, years: tuple[int, ...]) -> float:
    """Mean share of nameplate short over ``years`` of a module first operating in ``commissioned``."""
    ages = np.array([year - commissioned for year in years])  # 0 in the first year of operation
    short = np.zeros(len(ages))
    ramping = (ages >= 0) & (ages < len(shares))
    short[ramping] = 1.0 - shares[ages[ramping]]
    return float(short.mean()) if len(short) else 0.0


def ramp_terms(
    slots: pd.DataFrame, allowed: np.ndarray, retire_at: np.ndarray, periods: Periods, ramp_ups: pd.DataFrame
) -> pd.DataFrame:
    """Rows (``slot``, ``commission``, ``period``, ``shortfall``) for each slot's modules
    that may be commissioned in one period and still ramp up in a later (or the same) one.

    ``allowed`` (slot, period): where modules may be commissioned; ``retire_at`` (slot,
    period): the period position in which modules commissioned then retire.
    """
    shares_of = curves(ramp_ups)
    rows: list[tuple[int, int, int, float]] = []
    for s, curve in enumerate(slots["ramp_up"].to_numpy()):
        shares = shares_of.get(str(curve))
        if shares is None:
            continue
        for c in np.flatnonzero(allowed[s]):
            start = periods.starts[c]
            for p in range(int(c), min(int(retire_at[s, c]), len(periods.starts))):
                short = shortfall(shares, start, periods.years[p])
                if short <= 0.0:
                    break
                rows.append((s, int(c), p, short))
    return pd.DataFrame(rows, columns=["slot", "commission", "period", "shortfall"])


def existing_shortfall(
    slots: pd.DataFrame, where: np.ndarray, existing: pd.DataFrame, periods: Periods, ramp_ups: pd.DataFrame
) -> np.ndarray:
    """Modules short per slot and period among the existing (committed) modules still
    ramping up: their units times the shortfall since their first year.

    ``where``: each existing row's slot position (-1 where it has none).
    """
    short = np.zeros((len(slots), len(periods.starts)))
    shares_of = curves(ramp_ups)
    curve_of = slots["ramp_up"].to_numpy()
    for row, s in zip(existing.itertuples(index=False), where, strict=True):
        shares = shares_of.get(str(curve_of[s])) if s >= 0 else None
        if shares is None:
            continue
        for p, (start, years) in enumerate(zip(periods.starts, periods.years, strict=True)):
            if row.first_year <= start <= row.last_year:
                short[s, p] += row.units * shortfall(shares, int(row.first_year), years)
    return short


__all__ = ["curves", "existing_shortfall", "ramp_terms", "shortfall"]
