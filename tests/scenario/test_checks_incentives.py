"""Checks of the tax tables: where an incentive applies, who may claim it, asset classes."""

from __future__ import annotations

from angara.scenario.checks.incentives import (
    check_asset_classes,
    check_incentive_claims,
    check_incentive_places,
)
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import added, edited, mini_tables, run


def test_the_mini_scenario_has_no_problem_with_its_incentives() -> None:
    tables = mini_tables()
    assert run(check_incentive_places, tables) == []
    assert run(check_incentive_claims, tables) == []
    assert run(check_asset_classes, tables) == []


def test_an_incentive_needs_a_region_or_a_site() -> None:
    nowhere = edited(mini_tables(), "incentives", 2, region=None)
    assert run(check_incentive_places, nowhere) == [
        Problem(
            "incentives.csv",
            "give the region (or * for every region) or the site where the incentive applies",
            row=2,
            column="region",
        )
    ]
    assert run(check_incentive_places, edited(nowhere, "incentives", 2, site="plant_site")) == []
    assert run(check_incentive_places, edited(nowhere, "incentives", 2, region="*")) == []


def test_a_plant_cannot_claim_a_regime_where_it_does_not_apply() -> None:
    """The regional investment project moved to the south: the plants in the north claiming
    it are refused, each at its row."""
    tables = edited(mini_tables(), "incentives", 2, region="south")
    assert run(check_incentive_claims, tables) == [
        Problem(
            "plant_incentives.csv",
            "a plant at dep (region north) cannot have regime 'regional_investment_project': "
            "it applies only at south",
            row=2,
            column="location",
            value="dep",
        ),
        Problem(
            "plant_incentives.csv",
            "a plant at plant_site (region north) cannot have regime 'regional_investment_project': "
            "it applies only at south",
            row=3,
            column="location",
            value="plant_site",
        ),
    ]


def test_a_claim_of_an_unknown_regime_or_one_granted_by_law() -> None:
    tables = added(mini_tables(), "plant_incentives", process="*", location="dep", regime="tor")
    assert run(check_incentive_claims, tables) == [
        Problem(
            "plant_incentives.csv",
            "no incentive of regime 'tor' is granted by status; known: regional_investment_project",
            row=4,
            column="regime",
            value="tor",
        )
    ]
    by_law = edited(mini_tables(), "incentives", 2, granted="law")
    problems = run(check_incentive_claims, by_law)
    assert [p.message for p in problems] == [
        "regime 'regional_investment_project' applies by law to every plant it covers: nothing to claim"
    ] * 2


def test_a_claim_for_a_process_at_the_wrong_kind_of_place() -> None:
    tables = added(
        mini_tables(),
        "plant_incentives",
        process="mine",
        location="plant_site",
        regime="regional_investment_project",
    )
    assert run(check_incentive_claims, tables) == [
        Problem(
            "plant_incentives.csv",
            "process 'mine' is built at a deposit, not at a site",
            row=4,
            column="location",
            value="plant_site",
        )
    ]


def test_an_asset_class_of_an_unknown_stage() -> None:
    tables = added(mini_tables(), "asset_classes", stage="smelting", immovable=0.5)
    assert run(check_asset_classes, tables) == [
        Problem(
            "asset_classes.csv",
            "no process has stage 'smelting'; known stages: beneficiation, metal, mining, separation",
            row=4,
            column="stage",
            value="smelting",
        )
    ]
