"""The local labour the cluster can hire over time: a pool that loses workers to attrition
and gains retained graduates, less what other employers keep."""

from __future__ import annotations

import numpy as np


def available_labour(
    pool: np.ndarray,
    graduates: np.ndarray,
    attrition: np.ndarray,
    retention: np.ndarray,
    competing: np.ndarray,
    elapsed: np.ndarray,
) -> np.ndarray:
    """Local workers the cluster can hire (workforce, period), ``elapsed`` years after the
    first planning year.

    The pool loses a share ``a = attrition`` each year and gains ``r G`` retained
    graduates: ``L(e) = P (1 - a)^e + r G (1 - (1 - a)^e) / a`` (``P + r G e`` when
    ``a = 0``); other employers keep a share ``c = competing`` of it, so the cluster can
    hire ``(1 - c) L(e)``.  With ``a = 0``, ``r = 1``, ``c = 0`` it is the pool plus every
    graduate so far.  Persons; ``graduates`` in persons per year.  A workforce without a
    pool (NaN: no labour data) stays unlimited (NaN).
    """
    pool, graduates = np.asarray(pool, dtype=float)[:, None], np.nan_to_num(graduates)[:, None]
    a = np.nan_to_num(attrition)[:, None]
    r = np.nan_to_num(retention, nan=1.0)[:, None]
    c = np.nan_to_num(competing)[:, None]
    e = np.asarray(elapsed, dtype=float)[None, :]
    kept = (1.0 - a) ** e
    with np.errstate(divide="ignore", invalid="ignore"):
        joined = np.where(a > 0, (1.0 - kept) / np.where(a > 0, a, 1.0), e)
    result: np.ndarray = (1.0 - c) * (pool * kept + r * graduates * joined)
    return result


def graduate_weights(
    starts: np.ndarray,
    years: tuple[tuple[int, ...], ...],
    programme_length: float,
    attrition: float,
    retention: float,
    competing: float,
) -> np.ndarray:
    """Local workers available at the start of each period ``q`` per training place filled
    in period ``p`` (a (q, p) matrix, persons per place).

    A place filled in year ``y`` turns out ``1 / d`` graduates a year (``d`` the programme's
    length, years), who can be hired from year ``y + d`` on: the first from ``d`` years after
    the place opens.  They age in the pool as other graduates do (:func:`available_labour`):
    a share ``r`` stays in the region, a share ``a`` leaves each year and other employers
    keep a share ``c``: ``W[q, p] = (1 - c) r / d  sum over y in p with y + d <= start(q)
    of (1 - a)^(start(q) - y - d)``.
    """
    d = float(programme_length)
    a = 0.0 if np.isnan(attrition) else float(attrition)
    r = 1.0 if np.isnan(retention) else float(retention)
    c = 0.0 if np.isnan(competing) else float(competing)
    weights = np.zeros((len(starts), len(years)))
    for q, start in enumerate(starts):
        for p, taught in enumerate(years):
            ages = [start - (y + d) for y in taught if y + d <= start + 1e-9]
            weights[q, p] = (1.0 - c) * r / d * sum((1.0 - a) ** age for age in ages)
    return weights
