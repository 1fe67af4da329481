"""Versioned scenarios: each save a new immutable version; versions load back equal and
can be compared."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from angara.scenario.model import Scenario
from angara.server.store.database import Conflict, Database, NotFound, StoreError
from angara.server.store.scenarios import (
    diff_versions,
    list_scenarios,
    load_version,
    save_version,
    version_files,
    versions,
)
from angara.server.store.tables import ScenarioVersion
from angara.server.store.users import Account, add_user, get_account
from tests.server.conftest import PASSWORD


def edited(scenario: Scenario) -> Scenario:
    """The mini scenario with a price raised, an institution removed and a new title and rate."""
    prices = tuple(
        p.model_copy(update={"price": p.price * 1.1})
        if (p.market, p.good, p.year) == ("abroad", "ndpr_oxide", 2030)
        else p
        for p in scenario.prices
    )
    meta = scenario.meta.model_copy(update={"title": "Mini, edited", "discount_rate": 0.09})
    return scenario.model_copy(update={"meta": meta, "prices": prices, "institutions": ()})


def save_two(database: Database, scenario: Scenario, author: Account) -> None:
    with database.session() as session:
        save_version(session, "mini", scenario, author, "first")
    with database.session() as session:
        editor = add_user(session, "boris", "analyst", PASSWORD, get_account(session, "root"))
        save_version(session, "mini", edited(scenario), editor, "  raise NdPr oxide  ")


def test_versions_are_listed_with_authors_and_messages(
    database: Database, analyst: Account, mini_scenario: Scenario
) -> None:
    save_two(database, mini_scenario, analyst)
    with database.session() as session:
        listed = versions(session, "mini")
        summary = list_scenarios(session)
    assert [(v.number, v.author, v.message) for v in listed] == [
        (1, "anna", "first"),
        (2, "boris", "raise NdPr oxide"),
    ]
    assert [v.title for v in listed] == ["Mini test scenario", "Mini, edited"]
    assert listed[0].rows == listed[1].rows + 1  # the institution
    assert listed[0].digest != listed[1].digest
    assert listed[0].created_at <= listed[1].created_at
    assert listed[1].created_at.utcoffset() is not None
    assert summary == [
        {
            "name": "mini",
            "title": "Mini, edited",
            "latest": 2,
            "versions": 2,
            "updated_at": listed[1].created_at.isoformat(),
            "author": "boris",
        }
    ]


def test_a_version_loads_back_equal(database: Database, analyst: Account, mini_scenario: Scenario) -> None:
    save_two(database, mini_scenario, analyst)
    with database.session() as session:
        first_info, first = load_version(session, "mini", 1)
        latest_info, latest = load_version(session, "mini")
        files = version_files(session, "mini", 1)
    assert first == mini_scenario
    assert latest == edited(mini_scenario)
    assert (first_info.number, latest_info.number) == (1, 2)
    assert "scenario.yaml" in files and "institutions.csv" in files and "prices.csv" in files


def test_the_diff_lists_exactly_the_changes(mini_scenario: Scenario) -> None:
    diff = diff_versions(mini_scenario, edited(mini_scenario))
    old_price = next(p.price for p in mini_scenario.prices if (p.good, p.year) == ("ndpr_oxide", 2030))
    assert diff == {
        "meta": {
            "title": {"old": "Mini test scenario", "new": "Mini, edited"},
            "discount_rate": {"old": 0.08, "new": 0.09},
        },
        "tables": {
            "prices": {
                "added": [],
                "removed": [],
                "changed": [
                    {
                        "key": "abroad/ndpr_oxide/2030",
                        "columns": {"price": {"old": old_price, "new": old_price * 1.1}},
                    }
                ],
            },
            "institutions": {"added": [], "removed": ["uni"], "changed": []},
        },
    }
    back = diff_versions(edited(mini_scenario), mini_scenario)
    assert back["tables"]["institutions"] == {"added": ["uni"], "removed": [], "changed": []}
    assert diff_versions(mini_scenario, mini_scenario) == {"meta": {}, "tables": {}}


def test_nested_settings_are_compared_field_by_field(mini_scenario: Scenario) -> None:
    solver = mini_scenario.meta.solver.model_copy(update={"time_limit": 5.0})
    changed = mini_scenario.model_copy(
        update={"meta": mini_scenario.meta.model_copy(update={"solver": solver})}
    )
    assert diff_versions(mini_scenario, changed)["meta"] == {"solver.time_limit": {"old": 30.0, "new": 5.0}}


def test_saving_an_unchanged_scenario_is_a_conflict(
    database: Database, analyst: Account, mini_scenario: Scenario
) -> None:
    save_two(database, mini_scenario, analyst)
    with pytest.raises(Conflict, match="no change from version 2"), database.session() as session:
        save_version(session, "mini", edited(mini_scenario), analyst, "again")
    with database.session() as session:  # going back to version 1's content is a change
        assert save_version(session, "mini", mini_scenario, analyst, "back").number == 3


def test_unknown_scenarios_and_versions_are_not_found(
    database: Database, analyst: Account, mini_scenario: Scenario
) -> None:
    with database.session() as session:
        save_version(session, "mini", mini_scenario, analyst, "first")
    with database.session() as session:
        with pytest.raises(NotFound, match="no scenario named 'other'"):
            versions(session, "other")
        with pytest.raises(NotFound):
            load_version(session, "other")
        with pytest.raises(NotFound, match="has no version 7"):
            load_version(session, "mini", 7)
        with pytest.raises(NotFound):
            version_files(session, "mini", 7)


def test_versions_are_immutable(database: Database, analyst: Account, mini_scenario: Scenario) -> None:
    with database.session() as session:
        save_version(session, "mini", mini_scenario, analyst, "first")
        before = version_files(session, "mini", 1)
        digest = versions(session, "mini")[0].digest
    with database.session() as session:
        save_version(session, "mini", edited(mini_scenario), analyst, "second")
    with database.session() as session:
        assert version_files(session, "mini", 1) == before
        assert versions(session, "mini")[0].digest == digest
    with pytest.raises(ValueError, match="immutable"), database.session() as session:
        stored = session.scalars(select(ScenarioVersion).where(ScenarioVersion.number == 1)).one()
        stored.message = "rewritten"
        session.flush()
    with database.session() as session:
        assert versions(session, "mini")[0].message == "first"


def test_only_writers_save(database: Database, mini_scenario: Scenario) -> None:
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        viewer = add_user(session, "victor", "viewer", PASSWORD, admin)
        with pytest.raises(StoreError, match="cannot save"):
            save_version(session, "mini", mini_scenario, viewer, "mine")
        with pytest.raises(StoreError, match="name"):
            save_version(session, " ", mini_scenario, admin, "no name")
