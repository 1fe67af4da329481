"""The label-array helpers the model's blocks are assembled from, against hand-written sums."""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given
from hypothesis import strategies as st

from angara.plan.model.terms import (
    NONE,
    Terms,
    _depth,
    has_terms,
    never_decreasing_mask,
    rows_of_terms,
    stock_change,
)

PERIOD = pd.Index([2027, 2030], name="period")


def _model() -> tuple[linopy.Model, linopy.Variable]:
    model = linopy.Model()
    x = model.add_variables(lower=0, coords=[pd.Index(range(3), name="item"), PERIOD], name="x")
    return model, x


def _template(rows: int) -> xr.DataArray:
    return xr.DataArray(np.zeros((rows, len(PERIOD))), coords=[pd.Index(range(rows), name="row"), PERIOD])


def _rows(expression: linopy.LinearExpression, row: int, period: int) -> dict[int, float]:
    """{variable label: coefficient} of one row."""
    at = expression.data.isel(row=row, period=period)
    return {
        int(v): float(c) for v, c in zip(at["vars"].values, at["coeffs"].values, strict=True) if v != NONE
    }


def test_terms_land_in_their_rows_with_their_coefficients() -> None:
    model, x = _model()
    labels = x.labels.to_numpy()
    # row 0 = 2 x[0] - x[2]; row 1 = x[1]; row 2 empty
    terms = Terms.of(x, np.array([0, 1, 0]), np.array([0, 1, 2]), np.array([2.0, 1.0, -1.0]))
    expression = rows_of_terms(model, _template(3), [terms])
    for period in range(len(PERIOD)):
        assert _rows(expression, 0, period) == {labels[0, period]: 2.0, labels[2, period]: -1.0}
        assert _rows(expression, 1, period) == {labels[1, period]: 1.0}
        assert _rows(expression, 2, period) == {}
    assert has_terms(expression).values.tolist() == [[True, True], [True, True], [False, False]]


def test_parts_add_up_and_a_part_may_be_empty() -> None:
    model, x = _model()
    labels = x.labels.to_numpy()
    made = Terms.of(x, np.array([0]), np.array([0]), np.array([1.0]))
    used = Terms.of(x, np.array([0]), np.array([1]), np.array([-3.0]))
    nothing = Terms.of(x, np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    expression = rows_of_terms(model, _template(1), [made, nothing, used])
    assert _rows(expression, 0, 1) == {labels[0, 1]: 1.0, labels[1, 1]: -3.0}
    empty = rows_of_terms(model, _template(2), [nothing])
    assert not has_terms(empty).any()


def test_a_masked_variable_adds_no_term() -> None:
    model = linopy.Model()
    mask = xr.DataArray([[True, False]], coords=[pd.Index([0], name="item"), PERIOD])
    y = model.add_variables(lower=0, coords=[pd.Index([0], name="item"), PERIOD], name="y", mask=mask)
    expression = rows_of_terms(
        model, _template(1), [Terms.of(y, np.array([0]), np.array([0]), np.array([1.0]))]
    )
    assert has_terms(expression).values.tolist() == [[True, False]]


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=40))
def test_depth_counts_earlier_terms_of_the_same_row(rows: list[int]) -> None:
    depth = _depth(np.array(rows, dtype=int))
    for position, row in enumerate(rows):
        assert depth[position] == rows[:position].count(row)


def test_stock_change_follows_builds_and_retirements() -> None:
    model = linopy.Model()
    slot, period = pd.Index([0], name="slot"), pd.Index([2027, 2028, 2029], name="period")
    units = model.add_variables(lower=0, coords=[slot, period], name="units")
    new = model.add_variables(lower=0, coords=[slot, period], name="new")
    # a module commissioned in the first period retires in the third
    change = stock_change(model, units, new, (np.array([0]), np.array([0]), np.array([2])))
    u, n = units.labels.to_numpy()[0], new.labels.to_numpy()[0]

    def row(k: int) -> dict[int, float]:
        at = change.data.isel(slot=0, period=k)
        terms: dict[int, float] = {}
        for v, c in zip(at["vars"].values, at["coeffs"].values, strict=True):
            if v != NONE:
                terms[int(v)] = terms.get(int(v), 0.0) + float(c)
        return terms

    assert row(0) == {u[0]: 1.0, n[0]: -1.0}
    assert row(1) == {u[1]: 1.0, u[0]: -1.0, n[1]: -1.0}
    assert row(2) == {u[2]: 1.0, u[1]: -1.0, n[2]: -1.0, n[0]: 1.0}


@pytest.mark.parametrize("exists_before", [True, False])
def test_never_decreasing_applies_from_the_second_period_where_it_existed(exists_before: bool) -> None:
    model = linopy.Model()
    link, period = pd.Index(["a"], name="link"), pd.Index([2027, 2028, 2029], name="period")
    exists = xr.DataArray([[exists_before, True, True]], coords=[link, period])
    opened = model.add_variables(coords=[link, period], name="open", binary=True, mask=exists)
    assert never_decreasing_mask(opened, exists).values.tolist() == [[False, exists_before, True]]
    assert never_decreasing_mask(opened).values.tolist() == [[False, True, True]]
