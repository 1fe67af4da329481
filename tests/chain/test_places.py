"""Plant slots and modes placed at them: where each process may stand, with its costs."""

from __future__ import annotations

import pytest

from angara.chain import expand
from angara.chain.places import HOURS_PER_YEAR
from angara.scenario.load import load
from angara.scenario.problems import ScenarioError
from tests.conftest import MINI


def test_slots_stand_where_the_scenario_allows() -> None:
    chain = expand(load(MINI))
    assert sorted(chain.slots.index) == [
        ("benef", "dep"),
        ("metal", "plant_site"),
        ("mine", "dep"),
        ("separate", "plant_site"),
    ]
    assert chain.slots.loc[("mine", "dep"), "location_kind"] == "deposit"
    assert chain.slots.loc[("separate", "plant_site"), "location_kind"] == "site"


def test_a_site_override_replaces_capacity_capex_and_max_units() -> None:
    scenario = load(MINI)
    slots = expand(scenario).slots
    metal = next(p for p in scenario.processes if p.id == "metal")
    assert metal.unit_capacity != 1500.0
    assert slots.loc[("metal", "plant_site"), "unit_capacity"] == 1500.0
    assert slots.loc[("metal", "plant_site"), "max_units"] == 3
    # power of a module: its electricity per tonne times its capacity, spread over the year
    assert slots.loc[("metal", "plant_site"), "power"] == pytest.approx(
        metal.electricity * 1500.0 / HOURS_PER_YEAR
    )
    # plants at deposits use no land or power of a site
    assert slots.loc[("mine", "dep"), "land"] == 0.0


def test_each_mode_is_a_slot_treating_one_source() -> None:
    chain = expand(load(MINI))
    assert sorted(chain.modes.index) == [
        ("benef", "dep", "dep"),
        ("metal", "plant_site", ""),
        ("mine", "dep", "dep"),
        ("separate", "plant_site", "dep"),
    ]
    modes = chain.modes
    parts = ["opex_cost", "electricity_cost", "gas_cost", "reagent_cost", "residue_cost"]
    assert (modes["variable_cost"] - modes[parts].sum(axis=1)).abs().max() == pytest.approx(0.0)
    # every coefficient belongs to a mode and names a stream of the chain
    keys = set(zip(chain.coefficients["good"], chain.coefficients["stream_source"], strict=True))
    assert keys <= set(chain.streams.index)


def test_committed_plants_are_existing_modules() -> None:
    existing = expand(load(MINI)).existing
    assert existing[["process", "location", "units", "first_year"]].values.tolist() == [
        ["mine", "dep", 1, 2028]
    ]


def test_a_committed_plant_of_a_disabled_process_is_refused() -> None:
    scenario = load(MINI)
    processes = tuple(p.model_copy(update={"enabled": p.id != "mine"}) for p in scenario.processes)
    with pytest.raises(ScenarioError) as refused:
        expand(scenario.model_copy(update={"processes": processes}))
    assert refused.value.problems[0].where == "plants"
    assert refused.value.problems[0].value == "dep"


def test_capex_adds_owners_costs_and_contingency_to_the_direct_cost() -> None:
    scenario = load(MINI)
    rate = scenario.exchange_rates[0].rub_per_usd
    slots = expand(scenario).slots
    mine = slots.loc[("mine", "dep")]
    # 12 MUSD direct, owner's costs 10 %, contingency 20 %; sustaining 2 % a year, closure 5 %
    assert mine["direct_capex"] == pytest.approx(12e6 * rate)
    assert mine["capex"] == pytest.approx(12e6 * rate * 1.3)
    assert mine["sustaining_capex"] == pytest.approx(12e6 * rate * 0.02)
    assert mine["closure_cost"] == pytest.approx(12e6 * rate * 0.05)
    assert mine["ramp_up"] == "pit"
    # a per-site CAPEX replaces the direct cost; without shares CAPEX is the direct cost
    metal = slots.loc[("metal", "plant_site")]
    assert metal["direct_capex"] == pytest.approx(15e6 * rate) == pytest.approx(metal["capex"])
    assert slots.loc[("benef", "dep"), "ramp_up"] == ""


def test_residue_handling_is_charged_only_on_thorium_or_uranium_bearing_feed() -> None:
    scenario = load(MINI)
    rate = scenario.exchange_rates[0].rub_per_usd
    residue = expand(scenario).modes["residue_cost"]
    # separation pays 80 USD/t on the deposit's feed; the concentrator has no residue cost
    assert residue[("separate", "plant_site", "dep")] == pytest.approx(80 * rate)
    assert residue[("benef", "dep", "dep")] == 0.0
    clean = scenario.model_copy(
        update={"deposits": (scenario.deposits[0].model_copy(update={"thorium_uranium": False}),)}
    )
    assert (expand(clean).modes["residue_cost"] == 0.0).all()
