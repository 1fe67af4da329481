"""Local labour the cluster can hire: attrition, graduates' retention, competing demand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.chain import expand
from angara.plan.index import Index, build_index
from angara.plan.labour import available_labour
from angara.plan.periods import Periods
from angara.scenario.load import load
from angara.scenario.model import Scenario
from tests.conftest import MINI


def _one(pool: float, graduates: float, a: float, r: float, c: float, years: list[float]) -> np.ndarray:
    result: np.ndarray = available_labour(
        np.array([pool]), np.array([graduates]), np.array([a]), np.array([r]), np.array([c]), np.array(years)
    )[0]
    return result


def test_by_default_every_graduate_joins_and_nobody_leaves() -> None:
    assert _one(100, 10, 0.0, 1.0, 0.0, [0, 1, 5]).tolist() == [100, 110, 150]


def test_a_hand_computed_pool() -> None:
    """P 100, G 10/yr, 10 % leave a year, half the graduates stay, other employers keep 20 %:
    after 2 years 0.8 (100 x 0.81 + 5 x 0.19 / 0.1) = 0.8 x 90.5 = 72.4."""
    assert _one(100, 10, 0.1, 0.5, 0.2, [0, 2]) == pytest.approx([80.0, 72.4])


def test_the_pool_tends_to_retained_graduates_over_attrition() -> None:
    """In the long run L = r G / a whatever the start."""
    assert _one(1000, 10, 0.05, 0.6, 0.0, [500])[0] == pytest.approx(0.6 * 10 / 0.05, rel=1e-9)


def test_no_labour_data_means_no_limit() -> None:
    assert math.isnan(_one(math.nan, math.nan, math.nan, math.nan, math.nan, [3])[0])


@given(
    pool=st.floats(0, 1e5),
    graduates=st.floats(0, 1e4),
    a=st.floats(0, 1),
    r=st.floats(0, 1),
    c=st.floats(0, 1),
)
def test_less_attrition_more_retention_less_competition_never_lower(
    pool: float, graduates: float, a: float, r: float, c: float
) -> None:
    years = [0.0, 1.0, 4.0, 18.0]
    base = _one(pool, graduates, a, r, c, years)
    assert np.all(base >= -1e-9)
    assert np.all(base <= pool + graduates * np.array(years) + 1e-6)
    assert np.all(_one(pool, graduates, a / 2, r, c, years) >= base - 1e-6)
    assert np.all(_one(pool, graduates, a, (1 + r) / 2, c, years) >= base - 1e-6)
    assert np.all(_one(pool, graduates, a, r, c / 2, years) >= base - 1e-6)


def _index(scenario: Scenario) -> Index:
    meta = scenario.meta
    return build_index(
        expand(scenario), Periods.of(meta.first_year, meta.last_year, meta.discount_rate, meta.periods)
    )


def test_the_index_applies_the_scenario_columns() -> None:
    mini = load(str(MINI))
    labour = tuple(
        row.model_copy(update={"attrition": 0.1, "graduate_retention": 0.5, "competing_demand": 0.2})
        for row in mini.labour
    )
    changed = _index(mini.model_copy(update={"labour": labour}))
    plain = _index(mini)
    elapsed = np.array(plain.periods.starts) - plain.periods.first_year
    for w, row in plain.workforce.iterrows():
        expected = _one(row["pool"], row["graduates"], 0.1, 0.5, 0.2, list(elapsed))
        assert changed.local_labour.to_numpy()[w] == pytest.approx(expected)
        assert plain.local_labour.to_numpy()[w] == pytest.approx(row["pool"] + row["graduates"] * elapsed)
