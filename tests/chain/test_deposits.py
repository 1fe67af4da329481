"""What a deposit's licence and reserve category allow (chain/deposits.py), through the
chain and the plan of the mini scenario."""

from __future__ import annotations

import pytest

from angara.chain import expand
from angara.chain.deposits import earliest_mining, minable_reserves
from angara.plan import optimize
from angara.scenario import ScenarioError, load
from angara.scenario.model import Scenario
from angara.scenario.schema import Arc, Deposit
from tests.conftest import MINI


def _deposit(**changes: object) -> Deposit:
    return load(MINI).deposits[0].model_copy(update=changes)


def _mini(deposit: dict[str, object] | None = None, **meta: object) -> Scenario:
    """The mini scenario without its committed mine and its contract (nothing has to be
    mined), with the deposit and meta changed."""
    scenario = load(MINI)
    return scenario.model_copy(
        update={
            "meta": scenario.meta.model_copy(update=meta),
            "deposits": (scenario.deposits[0].model_copy(update=deposit or {}),),
            "plants": (),
            "prices": tuple(p.model_copy(update={"min_quantity": 0.0}) for p in scenario.prices),
        }
    )


def test_a_deposit_waits_as_long_as_its_licence_status_requires() -> None:
    meta = load(MINI).meta.model_copy(update={"licensing_years": {"unlicensed": 8, "auction_planned": 7}})
    assert earliest_mining(_deposit(licence="unlicensed", earliest_start=2029), meta) == 2027 + 8
    assert earliest_mining(_deposit(licence="auction_planned", earliest_start=2029), meta) == 2027 + 7
    # a later earliest start stands; a status without a wait leaves it alone
    assert earliest_mining(_deposit(licence="unlicensed", earliest_start=2040), meta) == 2040
    assert earliest_mining(_deposit(licence="licensed", earliest_start=2029), meta) == 2029
    assert earliest_mining(_deposit(licence="unknown", earliest_start=2029), meta) == 2029


def test_only_the_counted_categories_of_reserves_may_be_mined() -> None:
    meta = load(MINI).meta
    assert meta.reserves_counted == ["balance"]  # the default
    assert minable_reserves(_deposit(reserve_category="balance"), meta) == 10e6
    assert minable_reserves(_deposit(reserve_category="off_balance"), meta) == 0.0
    switched = meta.model_copy(update={"reserves_counted": ["balance", "off_balance"]})
    assert minable_reserves(_deposit(reserve_category="off_balance"), switched) == 10e6
    assert minable_reserves(_deposit(reserve_category="resource"), switched) == 0.0


def test_off_balance_reserves_are_not_mined_unless_switched_on() -> None:
    off = _mini({"reserve_category": "off_balance"})
    assert expand(off).deposits.at["dep", "reserves"] == 0.0
    assert optimize(off).mining.empty
    counted = _mini({"reserve_category": "off_balance"}, reserves_counted=["balance", "off_balance"])
    assert expand(counted).deposits.at["dep", "reserves"] == 10e6
    assert optimize(counted).mining["ore_tonnes"].sum() > 0


def test_an_unlicensed_deposit_is_mined_no_earlier_than_its_licensing_allows() -> None:
    free = optimize(_mini())
    assert free.mining["period"].min() == 2030  # when the separation plant (3-year lead time) starts
    waiting = _mini({"licence": "unlicensed"}, licensing_years={"unlicensed": 4})
    slots = expand(waiting).slots
    assert slots.loc[("mine", "dep"), "earliest"] == 2031
    assert optimize(waiting).mining["period"].min() == 2031
    # a licensed deposit is not held back by what unlicensed ones wait
    licensed = _mini({"licence": "licensed"}, licensing_years={"unlicensed": 4})
    assert optimize(licensed).mining["period"].min() == 2030


def test_committed_modules_at_a_deposit_whose_reserves_do_not_count_are_refused() -> None:
    scenario = load(MINI)
    off = scenario.model_copy(
        update={"deposits": (scenario.deposits[0].model_copy(update={"reserve_category": "off_balance"}),)}
    )
    with pytest.raises(ScenarioError) as refused:
        expand(off)
    problem = refused.value.problems[0]
    assert (problem.where, problem.column, problem.value) == ("plants", "location", "dep")
    assert "off_balance" in problem.message and "reserves_counted" in problem.message


def _with_access_road(build_cost: float) -> Scenario:
    """The mini deposit reached only by a road that must be built first."""
    scenario = _mini()
    road = Arc(
        id="access",
        from_node="mine_node",
        to_node="town",
        mode="road",
        length=150.0,
        status="candidate",
        build_cost=build_cost,
        lifetime=30.0,
    )
    arcs = (*tuple(a for a in scenario.arcs if "mine_node" not in (a.from_node, a.to_node)), road)
    return scenario.model_copy(update={"arcs": arcs})


def test_a_remote_mine_needs_its_access_road_built() -> None:
    plan = optimize(_with_access_road(1e9))
    mined = set(plan.mining["period"])
    opened = set(plan.links.loc[(plan.links["link"] == "access") & (plan.links["open"] > 0.5), "period"])
    assert mined and mined <= opened  # no ore leaves before the road is open
    assert "access" in set(plan.links["link"])
    # a road dearer than the mine is worth leaves the deposit untouched
    too_dear = optimize(_with_access_road(1e15))
    assert too_dear.mining.empty
    assert too_dear.objective < plan.objective
