"""Mandates as constraint groups, one kind at a time, on the mini scenario.

The plan of most NPV of the mini scenario builds its first metal module for 2031, sells
100 t/yr of NdPr metal from 2031 and about 6,051 t/yr of NdPr oxide; a mandate the free
optimum misses changes the plan just enough to be met, and an impossible one is named.
"""

from __future__ import annotations

import pytest

from angara.plan import PlanFailure, PlanOptions, optimize
from angara.plan.result import Plan
from angara.scenario import load
from angara.scenario.model import Scenario
from angara.scenario.schema import Mandate
from tests.conftest import MINI

MANDATES = (
    Mandate(id="metal_2030", kind="must_build", process="metal", location="plant_site", modules=1, year=2030),
    Mandate(id="metal_out", kind="min_output", good="ndpr_metal", output=100.0, year=2030),
    Mandate(id="no_oxide_sold", kind="local_processing", good="ndpr_oxide", share=0.0, year=2030),
    Mandate(
        id="oxide_by_metal", kind="production_share", good="ndpr_oxide", process="metal", share=0.5, year=2030
    ),
    Mandate(id="jobs", kind="jobs_floor", staff=1000.0, year=2031),
)


@pytest.fixture(scope="module")
def mandated() -> Scenario:
    return load(MINI).model_copy(update={"mandates": MANDATES})


@pytest.fixture(scope="module")
def free(mandated: Scenario) -> Plan:
    return optimize(mandated, PlanOptions(mandates=frozenset(), shadow_prices=False))


def _alone(scenario: Scenario, mandate: str) -> Plan:
    return optimize(scenario, PlanOptions(mandates=frozenset([mandate]), shadow_prices=False))


def _met(plan: Plan) -> dict[str, bool]:
    return dict(zip(plan.mandates["id"], plan.mandates["met"].astype(bool), strict=True))


def test_the_free_optimum_is_measured_against_every_mandate_without_being_bound(free: Plan) -> None:
    assert free.objective == pytest.approx(optimize(load(MINI), PlanOptions(shadow_prices=False)).objective)
    assert _met(free) == {
        "metal_2030": False,
        "metal_out": False,
        "no_oxide_sold": False,
        "oxide_by_metal": False,
        "jobs": False,
    }
    assert not free.mandates["enforced"].any()


def test_must_build_puts_the_modules_there_by_the_year(mandated: Scenario) -> None:
    plan = _alone(mandated, "metal_2030")
    metal = plan.builds[(plan.builds["process"] == "metal") & (plan.builds["location"] == "plant_site")]
    assert metal["period"].min() <= 2030
    assert _met(plan)["metal_2030"]


def test_min_output_makes_the_good_from_the_year_on(mandated: Scenario) -> None:
    plan = _alone(mandated, "metal_out")
    made = plan.activities[plan.activities["process"] == "metal"].groupby("period")["activity"].sum()
    assert all(
        made.get(period, 0.0) >= 100.0 - 1e-6 for period in plan.capacity["period"].unique() if period >= 2030
    )


def test_local_processing_of_zero_sells_none_of_the_good(mandated: Scenario, free: Plan) -> None:
    plan = _alone(mandated, "no_oxide_sold")
    sold = plan.sales[(plan.sales["good"] == "ndpr_oxide") & (plan.sales["period"] >= 2030)]
    assert sold["tonnes"].sum() == pytest.approx(0.0, abs=1e-6)
    assert plan.objective < free.objective


def test_a_share_no_plant_of_the_process_can_make_is_impossible_with_the_metal_contract() -> None:
    # metal makes no NdPr oxide, so 0 >= 0.5 x output only without oxide; but the contract for
    # 100 t/yr of NdPr metal from 2031 needs oxide
    share = next(m for m in MANDATES if m.id == "oxide_by_metal")
    with pytest.raises(PlanFailure) as failure:
        optimize(load(MINI).model_copy(update={"mandates": (share,)}), PlanOptions(shadow_prices=False))
    (message,) = failure.value.messages
    assert message.startswith(
        "mandate oxide_by_metal (at least 50% of the ndpr_oxide made by metal from 2030) "
        "cannot be met in 2031"
    )


def test_a_share_by_the_only_process_making_the_good_is_met(mandated: Scenario) -> None:
    whole = Mandate(
        id="all_by_separation",
        kind="production_share",
        good="ndpr_oxide",
        process="separate",
        share=1.0,
        year=2027,
    )
    plan = optimize(load(MINI).model_copy(update={"mandates": (whole,)}), PlanOptions(shadow_prices=False))
    assert _met(plan) == {"all_by_separation": True}


def test_a_jobs_floor_employs_at_least_the_floor_in_its_year(mandated: Scenario) -> None:
    plan = _alone(mandated, "jobs")
    staff = plan.staff.loc[plan.staff["period"] == 2031, "needed"].sum()
    assert staff >= 1000.0 - 1e-6


def test_an_investment_floor_commits_the_capex_by_its_year(free: Plan) -> None:
    by_2031 = float(free.builds.loc[free.builds["period"] <= 2031, "capex_rub"].sum())
    floor = Mandate(id="invest", kind="investment_floor", amount=by_2031 * 1.2, year=2031)
    plan = optimize(load(MINI).model_copy(update={"mandates": (floor,)}), PlanOptions(shadow_prices=False))
    assert float(plan.builds.loc[plan.builds["period"] <= 2031, "capex_rub"].sum()) >= by_2031 * 1.2 - 1.0
    assert _met(plan) == {"invest": True}


def test_an_impossible_mandate_is_explained_in_words() -> None:
    # the metal plant takes at most 3 modules at plant_site (process_sites.csv)
    impossible = Mandate(
        id="ten_metal", kind="must_build", process="metal", location="plant_site", modules=10, year=2031
    )
    scenario = load(MINI).model_copy(update={"mandates": (impossible,)})
    with pytest.raises(PlanFailure) as failure:
        optimize(scenario, PlanOptions(shadow_prices=False))
    assert failure.value.messages == [
        "mandate ten_metal (10 modules of metal at plant_site by 2031) cannot be met in 2031: "
        "short by 7 modules"
    ]
