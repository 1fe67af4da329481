"""Staff economy of scale: a crew per operating plant plus a crew per module."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from angara.assess.operations import operations
from angara.chain import expand
from angara.plan import optimize
from angara.plan.index import build_index
from angara.plan.periods import Periods
from angara.plan.result import Plan
from angara.scenario.load import load
from angara.scenario.model import Scenario
from tests.conftest import MINI

CREW = 30.0  # persons per operating plant and skill row, invented for the test


@pytest.fixture(scope="module")
def crewed() -> Scenario:
    mini = load(str(MINI))
    staff = tuple(row.model_copy(update={"per_plant": CREW}) for row in mini.process_staff)
    return mini.model_copy(update={"process_staff": staff})


@pytest.fixture(scope="module")
def crewed_plan(crewed: Scenario) -> Plan:
    return optimize(crewed)


def _staff_bounds(scenario: Scenario, plan: Plan) -> tuple[pd.Series, pd.Series]:
    """Per region, skill and period, the staff the optimizer may count: at least the modules'
    staff plus the crews' share units / useful modules (the relaxation of ``operating``), at
    most the modules' staff plus every crew in full."""
    chain = expand(scenario)
    meta = scenario.meta
    index = build_index(chain, Periods.of(meta.first_year, meta.last_year, meta.discount_rate, meta.periods))
    useful = pd.Series(
        index.useful_units.to_numpy(), index=pd.MultiIndex.from_frame(index.slots[["process", "location"]])
    )
    units = plan.capacity.groupby(["process", "location", "period"], as_index=False)["units"].sum()
    rows = units.merge(chain.staff, on=["process", "location"])
    keys = pd.MultiIndex.from_frame(rows[["process", "location"]])
    share = np.minimum(rows["units"].to_numpy() / useful.reindex(keys).to_numpy(), 1.0)
    modules = rows["units"] * rows["staff"]
    rows["low"] = modules + share * rows["per_plant"]
    rows["high"] = modules + (rows["units"] > 0.5) * rows["per_plant"]
    rows["region"] = chain.slots["region"].reindex(keys).to_numpy()
    grouped = rows.groupby(["region", "skill", "period"])
    return grouped["low"].sum(), grouped["high"].sum()


def test_the_plan_counts_the_crews_of_its_operating_plants(crewed: Scenario, crewed_plan: Plan) -> None:
    assert crewed_plan.capacity["units"].sum() > 0
    needed = crewed_plan.staff.set_index(["region", "skill", "period"])["needed"]
    low, high = (
        bound.reindex(needed.index, fill_value=0.0).to_numpy() for bound in _staff_bounds(crewed, crewed_plan)
    )
    assert np.all(needed.to_numpy() >= low - 1e-6)
    assert np.all(needed.to_numpy() <= high + 1e-6)
    assert np.any(needed.to_numpy() > 0)


def test_crews_make_staff_grow_slower_than_modules(crewed: Scenario, crewed_plan: Plan) -> None:
    """Two modules of a process need less than twice one module's staff (the crew is shared)."""
    chain = expand(crewed)
    per_slot = chain.staff.groupby(["process", "location"])[["staff", "per_plant"]].sum()
    one = per_slot["staff"] + per_slot["per_plant"]
    two = 2 * per_slot["staff"] + per_slot["per_plant"]
    assert np.all(two < 2 * one)


def test_the_assessment_counts_the_crews_and_their_wages(crewed: Scenario, crewed_plan: Plan) -> None:
    chain = expand(crewed)
    ops = operations(crewed, chain, crewed_plan)
    plain = load(str(MINI))
    plain_ops = operations(plain, expand(plain), crewed_plan)
    yearly = ops.yearly.set_index(["process", "location", "year"])
    plain_yearly = plain_ops.yearly.set_index(["process", "location", "year"]).reindex(yearly.index)
    standing = yearly["staff"] > 0
    crews = chain.staff.groupby(["process", "location"])["per_plant"].sum()
    extra = (yearly["staff"] - plain_yearly["staff"])[standing]
    expected = crews.reindex(extra.index.droplevel("year")).to_numpy()
    assert extra.to_numpy() == pytest.approx(expected)
    assert (yearly["wages_rub"] - plain_yearly["wages_rub"])[standing].min() > 0
    assert ops.staff["staff"].sum() == pytest.approx(ops.yearly["staff"].sum())
