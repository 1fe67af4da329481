"""Streams and modes of the mini scenario against a hand calculation, and element
conservation in every mode of the mini and default scenarios."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from angara.chain.streams import NO_SOURCE, expand_streams
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.problems import ScenarioError
from angara.scenario.schema import ProcessOutput
from tests.conftest import MINI

# the mini deposit: TREO 5 % (oxide basis, 60 % La2O3 and 40 % NdPr oxide), Nb2O5 0.7 %
ORE = {"La": 0.05 * 0.60 * 0.853, "NdPr": 0.05 * 0.40 * 0.85, "Nb": 0.007 * 0.699}


def test_the_ore_carries_its_deposits_element_grades() -> None:
    streams = expand_streams(load(MINI)).streams
    assert streams[("ore", "dep")].composition == pytest.approx(ORE)
    assert streams[("ore", "dep")].kind == "ore"


def test_a_concentrate_holds_what_its_recovery_sends_to_it_per_tonne_of_mass_pull() -> None:
    streams = expand_streams(load(MINI)).streams
    concentrate = streams[("concentrate", "dep")].composition
    assert concentrate == pytest.approx({"La": 0.65 * ORE["La"] / 0.15, "NdPr": 0.65 * ORE["NdPr"] / 0.15})
    assert streams[("nb_concentrate", "dep")].composition == pytest.approx({"Nb": 0.6 * ORE["Nb"] / 0.01})


def test_modes_per_source_and_their_coefficients() -> None:
    modes = {(m.process, m.source): m for m in expand_streams(load(MINI)).modes}
    assert set(modes) == {("mine", "dep"), ("benef", "dep"), ("separate", "dep"), ("metal", NO_SOURCE)}
    benef = modes[("benef", "dep")]
    assert benef.coefficients == pytest.approx(
        {("ore", "dep"): -1.0, ("concentrate", "dep"): 0.15, ("nb_concentrate", "dep"): 0.01}
    )
    assert benef.loss == pytest.approx(
        {"La": 0.35 * ORE["La"], "NdPr": 0.35 * ORE["NdPr"], "Nb": 0.4 * ORE["Nb"]}
    )
    separate = modes[("separate", "dep")]
    concentrate_la, concentrate_ndpr = 0.65 * ORE["La"] / 0.15, 0.65 * ORE["NdPr"] / 0.15
    # a separated product holds one species: its tonnes follow from the species recovered
    assert separate.coefficients[("la_oxide", NO_SOURCE)] == pytest.approx(0.9 * concentrate_la / 0.853)
    assert separate.coefficients[("ndpr_oxide", NO_SOURCE)] == pytest.approx(0.95 * concentrate_ndpr / 0.85)
    acid = next(g for g in load(MINI).goods if g.id == "acid")
    assert acid.purchase_price is not None and acid.purchase_price > 0
    assert separate.reagent_cost == pytest.approx(0.5 * acid.purchase_price)  # 0.5 t acid per t
    metal = modes[("metal", NO_SOURCE)]
    assert metal.coefficients == pytest.approx(
        {("ndpr_oxide", NO_SOURCE): -1.238, ("ndpr_metal", NO_SOURCE): 1.0}
    )
    assert metal.loss == pytest.approx({"NdPr": 1.238 * 0.85 - 1.0})


@pytest.mark.parametrize("scenario", [MINI, "angara-yenisei", "graded"])
def test_every_mode_conserves_every_element(scenario: object, graded_folder: Path) -> None:
    """inflow + contained in what is used = contained in what is made + losses, per species."""
    streams = expand_streams(load(graded_folder if scenario == "graded" else scenario))  # type: ignore[arg-type]
    for mode in streams.modes:
        balance: dict[str, float] = defaultdict(float)
        for species, tonnes in mode.inflow.items():
            balance[species] += tonnes
        for key, coefficient in mode.coefficients.items():
            for species, content in streams.streams[key].composition.items():
                balance[species] -= coefficient * content
        for species, tonnes in mode.loss.items():
            balance[species] -= tonnes
        assert max((abs(v) for v in balance.values()), default=0.0) < 1e-9, (mode.process, mode.source)


def test_a_mass_pull_too_small_for_the_feed_is_refused() -> None:
    scenario = load(MINI)
    outputs = tuple(
        ProcessOutput(process="benef", good="concentrate", quantity=0.001) if o.good == "concentrate" else o
        for o in scenario.process_outputs
    )
    with pytest.raises(ScenarioError) as refused:
        expand_streams(scenario.model_copy(update={"process_outputs": outputs}))
    assert "concentrate from dep would hold" in refused.value.problems[0].message
    assert refused.value.problems[0].value == "benef"


def _graded_output(scenario: Scenario, good: str, species: str, grade: float) -> Scenario:
    """``scenario`` with benef's output ``good`` made to a target grade (oxide basis)."""
    outputs = tuple(
        o.model_copy(update={"quantity": None, "species": species, "grade": grade})
        if (o.process, o.good) == ("benef", good)
        else o
        for o in scenario.process_outputs
    )
    return scenario.model_copy(update={"process_outputs": outputs})


def test_a_target_grade_sets_the_mass_pull_and_the_grade() -> None:
    # 40 % NdPr oxide in the REE concentrate: pull = 0.65 x NdPr / (0.40 x 0.85)
    scenario = _graded_output(load(MINI), "concentrate", "NdPr", 0.40)
    streams = expand_streams(scenario)
    benef = next(m for m in streams.modes if m.process == "benef")
    pull = 0.65 * ORE["NdPr"] / (0.40 * 0.85)
    assert benef.coefficients[("concentrate", "dep")] == pytest.approx(pull, rel=1e-12)
    concentrate = streams.streams[("concentrate", "dep")].composition
    assert concentrate["NdPr"] == pytest.approx(0.40 * 0.85)
    # the other species recovered to it share the same tonnes
    assert concentrate["La"] == pytest.approx(0.65 * ORE["La"] / pull)


def test_a_target_grade_below_what_the_recovered_feed_holds_is_refused() -> None:
    # 0.7 % Nb2O5 x 60 % recovered = 0.42 % of the ore: a 0.3 % concentrate would outweigh its ore
    with pytest.raises(ScenarioError) as refused:
        expand_streams(_graded_output(load(MINI), "nb_concentrate", "Nb", 0.003))
    problem = refused.value.problems[0]
    assert problem.message.startswith("'nb_concentrate' from dep would weigh 1.4 t per t of feed")
    assert (problem.where, problem.column, problem.value) == (
        "process_outputs",
        "grade",
        "benef/nb_concentrate",
    )


def test_a_target_grade_that_would_hold_more_than_all_oxides_is_refused() -> None:
    # NdPr is 40 % of the TREO: 60 % NdPr oxide would come with 90 % La2O3
    with pytest.raises(ScenarioError) as refused:
        expand_streams(_graded_output(load(MINI), "concentrate", "NdPr", 0.60))
    assert "concentrate from dep would hold 150.0% oxides" in refused.value.problems[0].message


def test_outputs_heavier_than_their_feed_are_refused() -> None:
    scenario = load(MINI)
    outputs = tuple(
        o.model_copy(update={"quantity": 0.995}) if o.good == "nb_concentrate" else o
        for o in scenario.process_outputs
    )
    with pytest.raises(ScenarioError) as refused:
        expand_streams(scenario.model_copy(update={"process_outputs": outputs}))
    assert refused.value.problems[0].message == (
        "the outputs of 'benef' from dep would weigh 1.15 t per t of feed: more than the feed"
    )
