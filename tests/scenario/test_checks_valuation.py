"""Checks of target grades, cut-offs and payability: each problem located by row and column.

In the mini scenario ``benef`` (recoveries) splits ore into concentrate (row 3 of
process_outputs.csv) and nb_concentrate (row 4); ``metal`` is a recipe (row 7);
``abroad`` buys nb_concentrate at a price per tonne (row 7 of prices.csv).
"""

from __future__ import annotations

from angara.scenario.checks.chains import check_processes
from angara.scenario.checks.rows import Tables, goods_by_id
from angara.scenario.checks.valuation import check_cutoffs, check_payability
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import added, edited, mini_tables, run


def processes(tables: Tables) -> list[Problem]:
    return run(check_processes, tables, goods_by_id(tables))


def test_a_target_grade_replaces_the_quantity_of_an_intermediate() -> None:
    tables = edited(mini_tables(), "process_outputs", 4, quantity=None, species="Nb", grade=0.5)
    assert processes(tables) == []


def test_a_quantity_and_a_target_grade_together_are_refused() -> None:
    tables = edited(mini_tables(), "process_outputs", 4, species="Nb", grade=0.5)
    assert processes(tables) == [
        Problem(
            "process_outputs.csv",
            "give either a fixed quantity (mass pull) or a target grade, not both",
            row=4,
            column="grade",
        )
    ]


def test_a_target_grade_names_its_species_and_the_species_its_grade() -> None:
    no_species = edited(mini_tables(), "process_outputs", 4, quantity=None, grade=0.5)
    assert processes(no_species) == [
        Problem("process_outputs.csv", "a target grade needs its species", row=4, column="species")
    ]
    no_grade = edited(mini_tables(), "process_outputs", 4, quantity=None, species="Nb")
    assert processes(no_grade) == [
        Problem("process_outputs.csv", "give the target grade of 'Nb'", row=4, column="grade")
    ]
    zero = edited(mini_tables(), "process_outputs", 4, quantity=None, species="Nb", grade=0.0)
    assert processes(zero)[0].message.startswith("a target grade must be above 0")


def test_a_target_grade_of_a_species_the_output_does_not_receive() -> None:
    tables = edited(mini_tables(), "process_outputs", 4, quantity=None, species="La", grade=0.5)
    assert processes(tables) == [
        Problem(
            "process_outputs.csv",
            "no recovery sends 'La' to 'nb_concentrate': a target grade of it gives no mass pull",
            row=4,
            column="species",
            value="La",
        )
    ]


def test_a_target_grade_belongs_to_a_process_with_recoveries() -> None:
    tables = edited(mini_tables(), "process_outputs", 7, species="NdPr", grade=0.9)
    assert processes(tables) == [
        Problem(
            "process_outputs.csv",
            "a target grade is for the ore or intermediate outputs of a process with recoveries",
            row=7,
            column="grade",
        )
    ]


def test_a_cut_off_belongs_to_a_process_that_takes_a_feed_of_one_source() -> None:
    tables = added(mini_tables(), "cutoffs", process="benef", species="Nb", grade=0.005)
    tables = added(tables, "cutoffs", process="mine", species="Nb", grade=0.005)
    assert run(check_cutoffs, tables, goods_by_id(tables)) == []
    tables = added(tables, "cutoffs", process="metal", species="NdPr", grade=0.5)
    assert run(check_cutoffs, tables, goods_by_id(tables)) == [
        Problem(
            "cutoffs.csv",
            "process 'metal' takes no feed of ore or intermediate from a source (it has no recoveries "
            "and mines nothing): a cut-off has nothing to refuse",
            row=4,
            column="process",
            value="metal",
        )
    ]


def test_a_good_is_priced_per_tonne_or_by_its_contents_at_a_market_not_both() -> None:
    tables = added(
        mini_tables(), "payability", market="abroad", good="nb_concentrate", species="Nb", year=2025
    )
    assert run(check_payability, tables, goods_by_id(tables)) == [
        Problem(
            "payability.csv",
            "'nb_concentrate' already has a price per tonne at market 'abroad' (prices table); price it "
            "there or by its contents here, not both",
            row=2,
            column="good",
            value="nb_concentrate",
        )
    ]
    elsewhere = added(
        mini_tables(), "payability", market="home", good="nb_concentrate", species="Nb", year=2025
    )
    assert run(check_payability, elsewhere, goods_by_id(elsewhere)) == []


def test_no_reagent_is_sold_and_a_penalty_has_its_threshold() -> None:
    tables = added(mini_tables(), "payability", market="home", good="acid", species="Nb", year=2025)
    tables = added(
        tables, "payability", market="home", good="concentrate", species="La", year=2025, penalty=5.0
    )
    assert run(check_payability, tables, goods_by_id(tables)) == [
        Problem(
            "payability.csv",
            "'acid' is a reagent: it is bought, not sold",
            row=2,
            column="good",
            value="acid",
        ),
        Problem(
            "payability.csv",
            "give the content above which the penalty is deducted",
            row=3,
            column="penalty_above",
        ),
    ]
