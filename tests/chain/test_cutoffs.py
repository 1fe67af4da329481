"""Feeds a process refuses: below its cut-off, or from a deposit it is not listed for."""

from __future__ import annotations

from angara.chain import expand
from angara.chain.streams import expand_streams
from angara.plan import optimize
from angara.scenario.model import Scenario
from angara.scenario.schema import Cutoff, ProcessSite


def _modes(scenario: Scenario) -> set[tuple[str, str]]:
    return {(m.process, m.source) for m in expand_streams(scenario).modes}


def test_a_concentrator_refuses_ore_below_its_cut_off(graded: Scenario) -> None:
    # 0.5 % Nb2O5: dep's 0.7 % passes, poor's 0.35 % does not
    cut = graded.model_copy(update={"cutoffs": (Cutoff(process="benef", species="Nb", grade=0.005),)})
    assert ("benef", "poor") in _modes(graded)
    modes = _modes(cut)
    assert ("benef", "dep") in modes and ("benef", "poor") not in modes
    streams = expand_streams(cut)
    assert ("nb_concentrate", "poor") not in streams.streams and (
        "concentrate",
        "poor",
    ) not in streams.streams
    assert streams.notes == [
        "deposit 'poor' goes nowhere: 'benef' refuses it: 0.3500% Nb2O5 is below its cut-off of 0.5000% Nb2O5"
    ]
    # the plan mines nothing there, and says why
    plan = optimize(cut)
    assert "poor" not in set(plan.activities["location"])
    assert streams.notes[0] in plan.notes


def test_a_cut_off_on_the_element_basis(graded: Scenario) -> None:
    # 0.35 % Nb2O5 is 0.245 % Nb: an element cut-off of 0.2 % takes it, 0.3 % refuses it
    def cut(grade: float) -> Scenario:
        row = Cutoff(process="benef", species="Nb", grade=grade, basis="element")
        return graded.model_copy(update={"cutoffs": (row,)})

    assert ("benef", "poor") in _modes(cut(0.002))
    assert ("benef", "poor") not in _modes(cut(0.003))


def test_a_mine_with_a_cut_off_does_not_mine_poorer_ore(graded: Scenario) -> None:
    cut = graded.model_copy(update={"cutoffs": (Cutoff(process="mine", species="Nb", grade=0.005),)})
    modes = _modes(cut)
    assert ("mine", "dep") in modes and ("mine", "poor") not in modes
    assert expand_streams(cut).notes == [
        "deposit 'poor' goes nowhere: 'mine' refuses it: 0.3500% Nb2O5 is below its cut-off of 0.5000% Nb2O5"
    ]


def test_a_deposit_process_listed_for_some_deposits_is_built_only_there(graded: Scenario) -> None:
    listed = graded.model_copy(
        update={"process_sites": (*graded.process_sites, ProcessSite(process="benef", site="dep"))}
    )
    chain = expand(listed)
    assert set(chain.slots.loc["benef"].index) == {"dep"}
    assert set(chain.slots.loc["mine"].index) == {"dep", "poor"}  # the mine is not listed: everywhere
    assert chain.notes == ("deposit 'poor' goes nowhere: no process treats its ore",)
    assert set(expand(graded).slots.loc["benef"].index) == {"dep", "poor"}
