"""The model size estimated before building is close to the model built."""

from __future__ import annotations

import pytest

from angara.chain import expand
from angara.plan.index import build_index
from angara.plan.model import build
from angara.plan.periods import Periods
from angara.plan.size import estimated_variables
from angara.scenario.load import load
from tests.conftest import MINI


@pytest.mark.parametrize("periods", [None, [2027, 2030]])
def test_the_estimate_bounds_the_built_model_closely(periods: list[int] | None) -> None:
    """An upper estimate (masked combinations are counted), within a fifth of the model."""
    scenario = load(MINI)
    meta = scenario.meta
    index = build_index(
        expand(scenario),
        Periods.of(meta.first_year, meta.last_year, meta.discount_rate, periods or meta.periods),
    )
    built = build(index).model.nvars
    assert built <= estimated_variables(scenario, periods) <= 1.2 * built
