"""Bounds the model derives from the chain: the most activity whose output anybody could take
(``sellable``), checked by hand on small chains and against solves without the bound."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import angara.plan.solve as solve_module
from angara.chain import Chain, expand
from angara.plan import PlanOptions, optimize
from angara.plan.index import Index, build_index
from angara.plan.mandates import mandated_output
from angara.plan.periods import Periods
from angara.plan.scale import MASS
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.schema import Good, Price, ProcessInput, ProcessOutput, ProcessSite
from tests.conftest import MINI
from tests.plan.factory import factory


def _index(scenario: Scenario, mandated: dict[str, float] | None = None) -> Index:
    meta = scenario.meta
    periods = Periods.of(meta.first_year, meta.last_year, meta.discount_rate, meta.periods)
    return build_index(expand(scenario), periods, mandated)


def _sellable(scenario: Scenario, mandated: dict[str, float] | None = None) -> dict[str, float]:
    """t/yr per process (one slot each in these scenarios)."""
    index = _index(scenario, mandated)
    return dict(zip(index.slots["process"], index.sellable.to_numpy() * MASS, strict=True))


def _two_stage(widget_cap: float | None, ingot_cap: float | None) -> Scenario:
    """The factory's plant (10 t/yr of widget, 1 module) fed 2 t of ingot per t by a smelter
    (50 t/yr a module, 2 modules); widget sold at ``widget_cap``, ingot at ``ingot_cap``
    (None: uncapped)."""
    base = factory(demand=widget_cap, max_units=1)
    smelter = base.processes[0].model_copy(
        update={
            "id": "smelter",
            "name": "Smelter",
            "reference": "ingot",
            "unit_capacity": 50.0,
            "max_units": 2,
        }
    )
    prices = base.prices
    if ingot_cap is not None:
        prices = (*prices, Price(market="town", good="ingot", year=2027, price=30.0, max_quantity=ingot_cap))
    return base.model_copy(
        update={
            "goods": (*base.goods, Good(id="ingot", name="Ingot", kind="product")),
            "processes": (*base.processes, smelter),
            "process_inputs": (ProcessInput(process="plant", good="ingot", quantity=2.0),),
            "process_outputs": (
                *base.process_outputs,
                ProcessOutput(process="smelter", good="ingot", quantity=1.0),
            ),
            "process_sites": (*base.process_sites, ProcessSite(process="smelter", site="site")),
            "prices": prices,
        }
    )


def test_a_capped_market_bounds_its_maker() -> None:
    assert _sellable(factory(demand=4.0, capacity=10.0))["plant"] == pytest.approx(4.0)


def test_an_uncapped_market_leaves_the_capacity() -> None:
    # the most a slot can do: its one module's 10 t/yr
    assert _sellable(factory(demand=None, capacity=10.0))["plant"] == pytest.approx(10.0)


def test_demand_propagates_up_the_chain_by_the_recipe() -> None:
    # widget 4 t/yr -> ingot 2 x 4 = 8 t/yr for the plant, plus 3 t/yr sold as ingot
    bounds = _sellable(_two_stage(widget_cap=4.0, ingot_cap=3.0))
    assert bounds["plant"] == pytest.approx(4.0)
    assert bounds["smelter"] == pytest.approx(11.0)
    # no ingot market: only what the plant can use
    assert _sellable(_two_stage(widget_cap=4.0, ingot_cap=None))["smelter"] == pytest.approx(8.0)
    # the plant's own capacity (10 t/yr) caps what it can use downstream of an open widget market
    assert _sellable(_two_stage(widget_cap=None, ingot_cap=None))["smelter"] == pytest.approx(20.0)


def test_a_mandated_output_adds_to_the_market() -> None:
    # a minimum output of 3 t/yr beside a 4 t/yr market: 7 t/yr of widget, 14 t/yr of ingot
    bounds = _sellable(_two_stage(widget_cap=4.0, ingot_cap=None), {"widget": 3.0})
    assert bounds["plant"] == pytest.approx(7.0)
    assert bounds["smelter"] == pytest.approx(14.0)
    # a share mandate leaves the good unbounded: the capacities hold
    bounds = _sellable(_two_stage(widget_cap=4.0, ingot_cap=None), {"widget": float("inf")})
    assert bounds["plant"] == pytest.approx(10.0)
    assert bounds["smelter"] == pytest.approx(20.0)


def test_mandates_say_what_they_require_made() -> None:
    frame = pd.DataFrame(
        [
            {"id": "a", "kind": "min_output", "good": "widget", "output": 3.0, "share": None},
            {"id": "b", "kind": "min_output", "good": "widget", "output": 2.0, "share": None},
            {"id": "c", "kind": "local_processing", "good": "ore", "output": None, "share": 0.0},
            {"id": "d", "kind": "local_processing", "good": "ingot", "output": None, "share": 0.3},
            {"id": "e", "kind": "production_share", "good": "oxide", "output": None, "share": 0.5},
            {"id": "f", "kind": "must_build", "good": None, "output": None, "share": None},
        ]
    )
    assert mandated_output(frame) == {"widget": 5.0, "ingot": np.inf, "oxide": np.inf}


def test_the_group_is_built_only_where_the_market_is_smaller_than_a_module() -> None:
    from angara.plan.model import build

    for demand, rows in ((4.0, True), (None, False), (10.0, False)):
        index = _index(factory(demand=demand, capacity=10.0))
        built = build(index)
        assert ("sellable" in built.model.constraints) == rows, demand


def _without_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Solve with the ``sellable`` group off: every slot's bound above its capacity."""

    def loose(chain: Chain, periods: Periods, mandated: dict[str, float] | None = None) -> Index:
        index = build_index(chain, periods, mandated)
        return dataclasses.replace(index, sellable=index.capacity * 2.0)

    monkeypatch.setattr(solve_module, "build_index", loose)


def test_the_mini_scenario_plans_the_same_with_and_without_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    mini = load(str(MINI))
    exact = PlanOptions(mip_gap=1e-9, shadow_prices=False)
    bounded = optimize(mini, exact)
    index = _index(mini)
    activity = bounded.activities.groupby(["process", "location", "period"])["activity"].sum()
    sellable = dict(
        zip(
            zip(index.slots["process"], index.slots["location"], strict=True),
            index.sellable.to_numpy() * MASS,
            strict=True,
        )
    )
    for (process, location, _), quantity in activity.items():
        assert quantity <= sellable[(process, location)] * (1 + 1e-6) + 1e-6
    _without_bound(monkeypatch)
    loose = optimize(mini, exact)
    assert bounded.objective == pytest.approx(loose.objective, rel=1e-6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    widget_cap=st.one_of(st.none(), st.floats(0.5, 30.0)),
    ingot_cap=st.one_of(st.none(), st.floats(0.5, 80.0)),
    price=st.floats(60.0, 400.0),
)
def test_the_bound_never_changes_the_optimum(
    monkeypatch: pytest.MonkeyPatch, widget_cap: float | None, ingot_cap: float | None, price: float
) -> None:
    scenario = _two_stage(widget_cap, ingot_cap)
    scenario = scenario.model_copy(
        update={
            "prices": tuple(
                p.model_copy(update={"price": price}) if p.good == "widget" else p for p in scenario.prices
            )
        }
    )
    exact = PlanOptions(mip_gap=1e-9, shadow_prices=False)
    bounded = optimize(scenario, exact)
    with monkeypatch.context() as patch:
        _without_bound(patch)
        loose = optimize(scenario, exact)
    assert bounded.objective == pytest.approx(loose.objective, rel=1e-7, abs=1e-3)
    assert np.isfinite(bounded.objective)
