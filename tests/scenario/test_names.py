"""Readable names: Russian where given, English otherwise, plants as process and place."""

from __future__ import annotations

from angara.scenario.load import load as load_scenario
from angara.scenario.names import NAMED_TABLES, Names


def test_every_named_table_has_name_ru_beside_name() -> None:
    scenario = load_scenario()
    for table in NAMED_TABLES:
        row_type = type(scenario.table(table)[0]) if scenario.table(table) else None
        if row_type is not None:
            assert {"name", "name_ru"} <= set(row_type.model_fields), table


def test_names_fall_back_to_english_then_to_the_id() -> None:
    scenario = load_scenario()
    region = scenario.regions[0]
    russian = Names.of_scenario(scenario, "ru")
    english = Names.of_scenario(scenario, "en")
    assert russian.of("regions", region.id) == (region.name_ru or region.name)
    assert english(region.id) == region.name
    assert english("no_such_id") == "no_such_id"
    assert not english.known("no_such_id")


def test_a_plant_key_reads_as_process_and_location() -> None:
    scenario = load_scenario()
    process = scenario.processes[0]
    site = scenario.sites[0]
    english = Names.of_scenario(scenario, "en")
    assert english(f"{process.id}@{site.id}") == f"{process.name}, {site.name}"


def test_a_deposit_is_named_before_its_transport_node() -> None:
    scenario = load_scenario()
    deposit = scenario.deposits[0]
    assert Names.of_scenario(scenario, "en")(deposit.id) == deposit.name
