"""Checks of the chain: kinds of goods, recipes, recoveries and where processes stand.

In the mini scenario ``mine`` (deposit) makes ore; ``benef`` (deposit, recoveries)
splits ore into concentrate and nb_concentrate; ``separate`` (site, recoveries)
splits concentrate into la_oxide and ndpr_oxide; ``metal`` (site, recipe) turns
1.238 t of ndpr_oxide (85 % NdPr) into 1 t of ndpr_metal (100 % NdPr).
"""

from __future__ import annotations

from angara.scenario.checks.chains import (
    check_composition_kinds,
    check_deposit_ores,
    check_process_locations,
    check_processes,
)
from angara.scenario.checks.rows import Tables, goods_by_id
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import added, edited, mini_tables, run


def processes(tables: Tables) -> list[Problem]:
    return run(check_processes, tables, goods_by_id(tables))


def test_the_mini_scenario_s_chain_has_no_problem() -> None:
    tables = mini_tables()
    goods = goods_by_id(tables)
    assert run(check_composition_kinds, tables, goods) == []
    assert run(check_deposit_ores, tables, goods) == []
    assert run(check_processes, tables, goods) == []
    assert run(check_process_locations, tables) == []


def test_only_products_have_a_composition() -> None:
    tables = added(mini_tables(), "compositions", good="concentrate", species="La", content=0.1)
    assert run(check_composition_kinds, tables, goods_by_id(tables)) == [
        Problem(
            "compositions.csv",
            "compositions are for products; 'concentrate' is of kind intermediate "
            "(its contents follow its source)",
            row=5,
            column="good",
            value="concentrate",
        )
    ]


def test_a_composition_of_an_unknown_good_is_left_to_the_reference_check() -> None:
    tables = added(mini_tables(), "compositions", good="gold", species="La", content=0.1)
    assert run(check_composition_kinds, tables, goods_by_id(tables)) == []


def test_a_deposit_yields_a_good_of_kind_ore() -> None:
    tables = edited(mini_tables(), "deposits", 2, ore="concentrate")
    assert run(check_deposit_ores, tables, goods_by_id(tables)) == [
        Problem(
            "deposits.csv",
            "'concentrate' is of kind intermediate; expected a good of kind ore",
            row=2,
            column="ore",
            value="concentrate",
        )
    ]


def test_the_reference_good_is_an_input_or_output() -> None:
    tables = edited(mini_tables(), "processes", 5, reference="la_oxide")
    assert processes(tables) == [
        Problem(
            "processes.csv",
            "the reference good must be one of the process's inputs or outputs",
            row=5,
            column="reference",
            value="la_oxide",
        )
    ]


def test_a_process_with_recoveries_has_one_main_feed() -> None:
    two = added(mini_tables(), "process_inputs", process="separate", good="ore")
    none = edited(mini_tables(), "process_inputs", 3, quantity=1.0)
    for tables, found in ((two, 2), (none, 0)):
        assert processes(tables) == [
            Problem(
                "processes.csv",
                "a process with recoveries needs exactly one main feed (an input with an empty quantity); "
                f"found {found}",
                row=4,
                column="id",
                value="separate",
            )
        ]


def test_the_main_feed_is_the_reference_good() -> None:
    tables = edited(mini_tables(), "processes", 4, reference="acid")
    assert processes(tables) == [
        Problem(
            "processes.csv",
            "must be the main feed 'concentrate' for a process with recoveries",
            row=4,
            column="reference",
            value="acid",
        )
    ]


def test_the_main_feed_is_an_ore_or_intermediate() -> None:
    tables = edited(mini_tables(), "goods", 3, kind="reagent")  # concentrate
    assert processes(tables) == [
        Problem(
            "process_inputs.csv",
            "the main feed of a process with recoveries must be an ore or intermediate; "
            "'concentrate' is a reagent",
            row=3,
            column="good",
            value="concentrate",
        )
    ]


def test_a_split_makes_products_of_one_species() -> None:
    tables = added(mini_tables(), "compositions", good="la_oxide", species="NdPr", content=0.01)
    assert processes(tables) == [
        Problem(
            "process_outputs.csv",
            "product 'la_oxide' holds 2 species; a process with recoveries can only make products of one "
            "species (use a recipe to combine them)",
            row=5,
            column="good",
            value="la_oxide",
        )
    ]


def test_a_split_s_product_output_has_no_quantity() -> None:
    tables = edited(mini_tables(), "process_outputs", 5, quantity=0.1)
    assert processes(tables) == [
        Problem(
            "process_outputs.csv",
            "leave the quantity of a product output empty: its tonnes follow from the recovered elements",
            row=5,
            column="quantity",
            value="0.1",
        )
    ]


def test_a_split_s_other_outputs_need_a_quantity() -> None:
    tables = edited(mini_tables(), "process_outputs", 3, quantity=None)
    assert processes(tables) == [
        Problem(
            "process_outputs.csv",
            "a intermediate output needs a quantity (t per t of feed) or a target grade of a species",
            row=3,
            column="quantity",
        )
    ]


def test_a_recovery_goes_to_an_output_of_its_process() -> None:
    tables = edited(mini_tables(), "recoveries", 2, good="la_oxide")
    assert processes(tables) == [
        Problem(
            "recoveries.csv",
            "'la_oxide' is not an output of process 'benef'",
            row=2,
            column="good",
            value="la_oxide",
        )
    ]


def test_a_recovery_into_a_product_is_of_a_species_it_holds() -> None:
    tables = edited(mini_tables(), "recoveries", 6, species="Nb")
    assert processes(tables) == [
        Problem(
            "recoveries.csv",
            "product 'ndpr_oxide' has no 'Nb' in the compositions table",
            row=6,
            column="species",
            value="Nb",
        )
    ]


def test_a_species_recoveries_add_up_to_at_most_100_percent() -> None:
    tables = added(
        mini_tables(), "recoveries", process="benef", species="La", good="nb_concentrate", recovery=0.4
    )
    assert processes(tables) == [
        Problem(
            "recoveries.csv",
            "recoveries of 'benef/La' add up to 105 %; expected at most 100 %",
            row=7,
            column="recovery",
        )
    ]


def test_a_recipe_gives_every_quantity_and_creates_no_element() -> None:
    tables = edited(mini_tables(), "process_inputs", 5, quantity=None)
    assert processes(tables) == [
        Problem(
            "process_inputs.csv",
            "a quantity is required (only processes with recoveries have a main feed without one)",
            row=5,
            column="quantity",
        ),
        Problem(
            "processes.csv",
            "outputs hold 1 t of NdPr per t but inputs only 0 t: a recipe cannot create an element",
            row=5,
            column="id",
            value="metal",
        ),
    ]


def test_a_recipe_cannot_create_an_element() -> None:
    tables = edited(mini_tables(), "process_inputs", 5, quantity=0.5)
    assert processes(tables) == [
        Problem(
            "processes.csv",
            "outputs hold 1 t of NdPr per t but inputs only 0.425 t: a recipe cannot create an element",
            row=5,
            column="id",
            value="metal",
        )
    ]


def test_a_recipe_neither_takes_nor_makes_ore_or_intermediates() -> None:
    tables = added(mini_tables(), "process_inputs", process="metal", good="concentrate", quantity=0.1)
    tables = added(tables, "process_outputs", process="metal", good="nb_concentrate", quantity=0.1)
    assert processes(tables) == [
        Problem(
            "process_inputs.csv",
            "'concentrate' is an intermediate: it can only be the main feed of a process with recoveries",
            row=6,
            column="good",
            value="concentrate",
        ),
        Problem(
            "process_outputs.csv",
            "'nb_concentrate' is an intermediate: it can only be made by mining (no inputs) "
            "or by a process with recoveries",
            row=8,
            column="good",
            value="nb_concentrate",
        ),
    ]


def test_mining_makes_ore_only_without_inputs() -> None:
    tables = added(mini_tables(), "process_inputs", process="mine", good="acid", quantity=0.1)
    assert processes(tables) == [
        Problem(
            "process_outputs.csv",
            "'ore' is an ore: it can only be made by mining (no inputs) or by a process with recoveries",
            row=2,
            column="good",
            value="ore",
        )
    ]


def test_a_site_process_stands_at_a_site() -> None:
    tables = added(mini_tables(), "process_sites", process="separate", site="dep", max_units=1)
    assert run(check_process_locations, tables) == [
        Problem(
            "process_sites.csv",
            "process 'separate' is built at sites; this is not a site",
            row=4,
            column="site",
            value="dep",
        )
    ]
    assert processes(tables) == run(check_process_locations, tables)


def test_a_deposit_process_stands_at_a_deposit() -> None:
    tables = edited(mini_tables(), "plants", 2, location="plant_site")
    assert run(check_process_locations, tables) == [
        Problem(
            "plants.csv",
            "process 'mine' is built at deposits; this is a site",
            row=2,
            column="location",
            value="plant_site",
        )
    ]


def test_an_unknown_process_is_left_to_the_reference_check() -> None:
    tables = added(mini_tables(), "process_sites", process="smelt", site="dep")
    assert run(check_process_locations, tables) == []
