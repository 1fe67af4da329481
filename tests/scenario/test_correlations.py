"""The price factors' correlations: located problems for pairs that cannot hold together."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from angara.scenario.correlations import correlation_matrix
from angara.scenario.load import load
from angara.scenario.problems import ScenarioError
from tests.risk.conftest import with_price_factors

HEADER = "factor,other,correlation\n"


def _problems(tmp_path: Path, rows: str) -> list[tuple[str, int | None, str | None, str]]:
    folder = with_price_factors(tmp_path / "mini")
    (folder / "factor_correlations.csv").write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load(str(folder))
    return [(p.where, p.row, p.column, p.message) for p in caught.value.problems]


def test_valid_correlations_load(tmp_path: Path) -> None:
    scenario = load(str(with_price_factors(tmp_path / "mini")))
    assert len(scenario.factor_correlations) == 2


def test_a_factor_with_itself_is_refused(tmp_path: Path) -> None:
    [(where, row, column, message)] = _problems(tmp_path, "niobium,niobium,0.5\n")
    assert (where, row, column) == ("factor_correlations.csv", 2, "other")
    assert "itself" in message


def test_a_pair_given_twice_is_refused_either_way_round(tmp_path: Path) -> None:
    [(_, row, _, message)] = _problems(tmp_path, "niobium,rare_earths,0.5\nrare_earths,niobium,0.4\n")
    assert row == 3 and "row 2" in message


def test_inconsistent_correlations_are_refused(tmp_path: Path) -> None:
    """a~b and a~c strongly positive but b~c strongly negative has no valid matrix."""
    rows = "rare_earths,niobium,0.9\nrare_earths,rub_per_usd,0.9\nniobium,rub_per_usd,-0.9\n"
    [(where, _, column, message)] = _problems(tmp_path, rows)
    assert (where, column) == ("factor_correlations.csv", "correlation")
    assert "negative eigenvalue" in message


def test_out_of_range_and_unknown_factors_are_located(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "niobium,rare_earths,1.5\nniobium,platinum,0.1\n")
    assert {(row, column) for _, row, column, _ in problems} >= {(2, "correlation"), (3, "other")}


def test_matrix_is_symmetric_with_unit_diagonal() -> None:
    matrix = correlation_matrix(["a", "b", "c"], [("a", "c", 0.3), ("x", "a", 0.9)])
    assert np.array_equal(matrix, matrix.T)
    assert np.array_equal(np.diag(matrix), np.ones(3))
    assert matrix[0, 2] == 0.3 and matrix[0, 1] == 0.0
