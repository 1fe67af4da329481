"""Linear expressions assembled from label arrays: the model's vectorized building blocks.

linopy keeps an expression as two arrays over its dimensions and a term dimension: the
labels of the variables in each term and their coefficients.  Many rows of this model
sum terms picked from other variables' rows (a balance sums the modes making and using a
stream at a node, the routes arriving and leaving, the sales).  Writing those arrays
directly, in one numpy operation per block, is much faster than selecting and grouping
linopy expressions, and keeps every block free of Python loops over its rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import linopy
import numpy as np
import xarray as xr
from linopy.constants import TERM_DIM

NONE = -1  # linopy's label for "no variable here"


@dataclass(frozen=True)
class Terms:
    """Terms to add into rows: ``rows`` (term,) the position of the row each goes to,
    ``labels`` (term, period) the variable labels, ``coefficients`` (term,) or (term, period)."""

    rows: np.ndarray
    labels: np.ndarray
    coefficients: np.ndarray

    @classmethod
    def of(
        cls, variable: linopy.Variable, rows: np.ndarray, picked: np.ndarray, coefficients: np.ndarray
    ) -> Terms:
        """Terms ``coefficients[i] x variable[picked[i], period]`` going to ``rows[i]``; the
        variable's first dimension is picked by position and its second is ``period``."""
        labels = variable.labels.to_numpy()[np.asarray(picked, dtype=int)]
        return cls(np.asarray(rows, dtype=int), labels, np.asarray(coefficients, dtype=float))


def rows_of_terms(model: linopy.Model, template: xr.DataArray, parts: list[Terms]) -> linopy.LinearExpression:
    """One expression over the dimensions of ``template`` (a set, then ``period``) holding
    every term of ``parts`` in the row it goes to.

    Rows are padded with empty terms to the busiest row's number of terms; rows with no
    term are empty expressions (mask them out of a constraint with :func:`has_terms`).
    """
    count, periods = template.shape
    parts = [p for p in parts if len(p.rows)] or [
        Terms(np.zeros(0, int), np.zeros((0, periods), int), np.zeros(0))
    ]
    rows = np.concatenate([p.rows for p in parts])
    labels = np.concatenate([p.labels for p in parts])
    coefficients = np.concatenate(
        [
            np.broadcast_to(p.coefficients.reshape(len(p.rows), -1), (len(p.rows), periods))
            if len(p.rows)
            else np.zeros((0, periods))
            for p in parts
        ]
    )
    depth = _depth(rows)
    width = int(depth.max()) + 1 if len(depth) else 1
    variables = np.full((count, periods, width), NONE, dtype=np.int64)
    values = np.zeros((count, periods, width))
    variables[rows, :, depth] = labels
    values[rows, :, depth] = np.where(labels != NONE, coefficients, 0.0)
    dims = tuple(str(d) for d in template.dims)
    data = xr.Dataset(
        {"coeffs": ((*dims, TERM_DIM), values), "vars": ((*dims, TERM_DIM), variables)},
        coords=template.coords,
    )
    return linopy.LinearExpression(data, model)


def has_terms(expression: linopy.LinearExpression) -> xr.DataArray:
    """Where ``expression`` has at least one variable."""
    present: xr.DataArray = (expression.vars != NONE).any(TERM_DIM)
    return present


def _depth(rows: np.ndarray) -> np.ndarray:
    """For each term, how many terms before it go to the same row (0, 1, 2 ...)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=int)
    order = np.argsort(rows, kind="stable")
    sorted_rows = rows[order]
    starts = np.flatnonzero(np.r_[True, sorted_rows[1:] != sorted_rows[:-1]])
    run = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    depth = np.empty_like(run)
    depth[order] = run
    return depth


def stock_change(
    model: linopy.Model,
    units: linopy.Variable,
    new: linopy.Variable,
    retirements: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> linopy.LinearExpression:
    """units now - units before - commissioned now + retiring now, per slot and period.

    ``retirements`` (slot, commission period, retire period positions): modules
    commissioned in one period retire in another.  Each row has a few terms, however long
    the horizon.
    """
    unit_labels = units.labels.to_numpy()
    new_labels = new.labels.to_numpy()
    before = np.full_like(unit_labels, NONE)
    before[:, 1:] = unit_labels[:, :-1]
    columns = [(unit_labels, 1.0), (before, -1.0), (new_labels, -1.0)]
    slot, commission, retire = retirements
    if len(slot):
        depth = _depth(slot * unit_labels.shape[1] + retire)
        for level in range(int(depth.max()) + 1):
            chosen = depth == level
            labels = np.full_like(unit_labels, NONE)
            labels[slot[chosen], retire[chosen]] = new_labels[slot[chosen], commission[chosen]]
            columns.append((labels, 1.0))
    variables = np.stack([labels for labels, _ in columns], axis=-1)
    coefficients = np.stack([np.where(labels != NONE, sign, 0.0) for labels, sign in columns], axis=-1)
    dims = tuple(str(d) for d in units.dims)
    data = xr.Dataset(
        {"coeffs": ((*dims, TERM_DIM), coefficients), "vars": ((*dims, TERM_DIM), variables)},
        coords=units.labels.coords,
    )
    return linopy.LinearExpression(data, model)


def never_decreasing_mask(variable: linopy.Variable, exists: xr.DataArray | None = None) -> xr.DataArray:
    """Where ``variable[period] >= variable[period before]`` applies: from the second period
    on, where the variable exists now and in the period before (``exists``)."""
    period = variable.indexes["period"]
    later = xr.DataArray(np.arange(len(period)) > 0, coords=[period]).broadcast_like(variable.labels)
    if exists is None:
        return later
    return later & exists & exists.shift(period=1, fill_value=False)
