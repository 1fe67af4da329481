"""All checks together: one pass, in table order, whatever the order of the rows."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from angara.scenario.checks import check_tables
from angara.scenario.checks.rows import Tables
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import added, edited, mini_tables


def shuffled(tables: Tables, rng: random.Random) -> Tables:
    """``tables`` with the rows of each table in another order, each keeping its row number."""
    result: Tables = {}
    for name, table in tables.items():
        pairs = list(zip(table.rows, table.row_numbers, strict=True))
        rng.shuffle(pairs)
        result[name] = dataclasses.replace(
            table, rows=[row for row, _ in pairs], row_numbers=[number for _, number in pairs]
        )
    return result


def faulty() -> Tables:
    """The mini scenario with one fault in each of several tables."""
    tables = edited(mini_tables(), "sites", 2, region="nort")
    tables = edited(tables, "arcs", 4, to_node="mine_node")
    tables = edited(tables, "deposits", 2, ore="concentrate")
    tables = edited(tables, "process_outputs", 5, quantity=0.1)
    tables = edited(tables, "taxes", 2, regional=0.6)
    tables = edited(tables, "incentives", 2, region=None)
    return edited(tables, "prices", 6, max_quantity=50.0)


# References first, then the checks of goods, processes, taxes, incentives, prices and links.
FAULTS = [
    Problem("sites.csv", "unknown region; did you mean 'north'?", row=2, column="region", value="nort"),
    Problem(
        "deposits.csv",
        "'concentrate' is of kind intermediate; expected a good of kind ore",
        row=2,
        column="ore",
        value="concentrate",
    ),
    Problem(
        "process_outputs.csv",
        "leave the quantity of a product output empty: its tonnes follow from the recovered elements",
        row=5,
        column="quantity",
        value="0.1",
    ),
    Problem(
        "taxes.csv",
        "federal + regional + local shares add up to 92 %; "
        "expected 100 % (or 0 for a cost such as insurance)",
        row=2,
        column="local",
    ),
    Problem(
        "incentives.csv",
        "give the region (or * for every region) or the site where the incentive applies",
        row=2,
        column="region",
    ),
    Problem("prices.csv", "the contracted min_quantity exceeds max_quantity", row=6, column="min_quantity"),
    Problem("arcs.csv", "a link must join two different nodes", row=4, column="to_node", value="mine_node"),
]


def test_the_mini_scenario_passes_every_check() -> None:
    assert check_tables(mini_tables()) == []


def test_every_problem_is_found_in_one_pass_in_check_order() -> None:
    assert check_tables(faulty()) == FAULTS


@settings(max_examples=50, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_the_order_of_rows_changes_no_problem(rng: random.Random) -> None:
    assert check_tables(shuffled(mini_tables(), rng)) == []
    assert check_tables(shuffled(faulty(), rng)) == FAULTS


@settings(max_examples=50, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_a_repeated_row_is_reported_after_the_first_whatever_the_order(rng: random.Random) -> None:
    tables = shuffled(added(mini_tables(), "skills", id="operator", name="Operators again"), rng)
    first, repeat = tables["skills"].row_numbers.index(2), tables["skills"].row_numbers.index(4)
    earlier, later = (2, 4) if first < repeat else (4, 2)
    assert check_tables(tables) == [
        Problem(
            "skills.csv",
            f"duplicate id (first given in row {earlier})",
            row=later,
            column="id",
            value="operator",
        )
    ]


def test_references_into_a_table_already_reported_as_unreadable_are_not_checked() -> None:
    tables = mini_tables()
    del tables["regions"]
    assert check_tables(tables, unreadable={"regions"}) == []
    problems = check_tables(tables)
    assert {p.message for p in problems} == {"unknown region; the scenario defines none"}
    assert {p.where for p in problems} == {
        "nodes.csv",
        "deposits.csv",
        "sites.csv",
        "labour.csv",
        "sectors.csv",
        "taxes.csv",
        "incentives.csv",
        "city_norms.csv",
        "targets.csv",
    }


def test_references_to_rows_already_reported_as_invalid_are_not_checked() -> None:
    tables = edited(mini_tables(), "sites", 2, region="nort")
    tables["regions"].failed_ids.add("nort")
    assert check_tables(tables) == []
