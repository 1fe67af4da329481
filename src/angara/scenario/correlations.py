"""The price factors' correlations must make a valid correlation matrix."""

from __future__ import annotations

import numpy as np

from angara.scenario.parse import ParsedTable
from angara.scenario.problems import Problem
from angara.scenario.schema import FactorCorrelation, PriceFactor

TOLERANCE = 1e-9


def correlation_matrix(factors: list[str], pairs: list[tuple[str, str, float]]) -> np.ndarray:
    """The symmetric matrix of ``factors`` with 1 on the diagonal and ``pairs`` elsewhere (0 if not given)."""
    position = {f: i for i, f in enumerate(factors)}
    matrix = np.eye(len(factors))
    for a, b, rho in pairs:
        if a in position and b in position:
            matrix[position[a], position[b]] = matrix[position[b], position[a]] = rho
    return matrix


def check_correlations(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Each pair once, no factor with itself, and together positive semi-definite."""
    factors_table = tables.get("price_factors")
    table = tables.get("factor_correlations")
    if table is None:
        return
    factors = [row.id for row in factors_table.rows if isinstance(row, PriceFactor)] if factors_table else []
    seen: dict[frozenset[str], int] = {}
    pairs = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        assert isinstance(row, FactorCorrelation)
        pair = frozenset((row.factor, row.other))
        if row.factor == row.other:
            problems.append(
                Problem(
                    table.where,
                    "a factor's correlation with itself is 1; give pairs of two factors",
                    row=number,
                    column="other",
                    value=row.other,
                )
            )
            continue
        if pair in seen:
            problems.append(
                Problem(
                    table.where,
                    f"this pair is already given in row {seen[pair]}",
                    row=number,
                    column="other",
                    value=row.other,
                )
            )
            continue
        seen[pair] = number
        pairs.append((row.factor, row.other, row.correlation))
    if not pairs:
        return
    smallest = float(np.linalg.eigvalsh(correlation_matrix(factors, pairs)).min())
    if smallest < -TOLERANCE:
        problems.append(
            Problem(
                table.where,
                f"the correlations cannot hold together (their matrix has a negative eigenvalue, "
                f"{smallest:.3g}); lower the largest ones or make them consistent",
                column="correlation",
            )
        )
