"""Investment metrics of a yearly cash flow: NPV, IRR, payback.

Conventions (those of numpy-financial): ``flows[0]`` falls in the year discounted
to (factor 1), ``flows[t]`` is discounted by ``(1 + rate) ** -t``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# Roots closer than this (in 1 / (1 + r)) are one root found twice by the solver.
_ROOT_TOLERANCE = 1e-9


def npv(rate: float, flows: Sequence[float]) -> float:
    """Net present value, in the money of ``flows``, at ``rate`` per period."""
    factors = (1.0 + rate) ** -np.arange(len(flows), dtype=float)
    return float(np.dot(np.asarray(flows, dtype=float), factors))


def irr(flows: Sequence[float]) -> float | None:
    """The internal rate of return, or None when it is undefined.

    The IRR is a rate r > -1 where the NPV is zero.  It is undefined when there is
    no such rate (flows all of one sign) or more than one (flows that change sign
    several times can have several): reporting one of them would mislead.
    """
    values = np.trim_zeros(np.asarray(flows, dtype=float), "b")
    if len(values) < 2 or not (values.min() < 0 < values.max()):
        return None
    scale = np.abs(values).max()
    # NPV = sum v_t x^t with x = 1 / (1 + r); np.roots wants the highest power first.
    roots = np.roots((values / scale)[::-1])
    real = roots[np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots))].real
    positive = np.unique(np.round(real[real > _ROOT_TOLERANCE], 12))
    candidates = [float(1.0 / x - 1.0) for x in positive]
    distinct = _distinct(candidates)
    if len(distinct) != 1:
        return None
    return distinct[0]


def _distinct(rates: list[float]) -> list[float]:
    rates = sorted(rates)
    kept: list[float] = []
    for rate in rates:
        if not kept or not math.isclose(rate, kept[-1], rel_tol=1e-7, abs_tol=1e-9):
            kept.append(rate)
    return kept


def payback(flows: Sequence[float], rate: float = 0.0) -> float | None:
    """Years from the start of ``flows`` until the cumulative (discounted, with ``rate``)
    cash flow turns non-negative for good; interpolated within the year; None if never.

    The payback counts from the first year with a non-zero flow.
    """
    values = np.asarray(flows, dtype=float)
    nonzero = np.flatnonzero(values)
    if len(nonzero) == 0:
        return None
    start = int(nonzero[0])
    values = values[start:] * (1.0 + rate) ** -np.arange(len(values) - start, dtype=float)
    cumulative = np.cumsum(values)
    if cumulative[-1] < 0:
        return None
    negative = np.flatnonzero(cumulative < 0)
    if len(negative) == 0:
        return 0.0
    last = int(negative[-1])
    # the year after the last negative balance recovers the rest: interpolate inside it
    fraction = -cumulative[last] / values[last + 1]
    return float(last + fraction)
