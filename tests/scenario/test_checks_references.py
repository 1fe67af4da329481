"""Checks of ids: keys given once, references to rows that exist, places and link ends."""

from __future__ import annotations

from angara.scenario.checks.references import (
    check_arc_ends,
    check_duplicate_keys,
    check_grade_references,
    check_references,
    known_ids,
    unknown,
)
from angara.scenario.checks.rows import Tables
from angara.scenario.problems import Problem
from angara.scenario.schema import WILDCARD, Tax
from tests.scenario.mini_tables import added, edited, mini_tables, only, run


def references(tables: Tables, failed: dict[str, set[str]] | None = None) -> list[Problem]:
    return run(check_references, tables, known_ids(tables), failed or {})


def test_the_mini_scenario_has_no_problem_with_its_ids() -> None:
    tables = mini_tables()
    assert run(check_duplicate_keys, tables) == []
    assert references(tables) == []
    assert run(check_grade_references, tables, known_ids(tables)) == []
    assert run(check_arc_ends, tables) == []


def test_known_ids_are_those_of_the_tables_keyed_by_id_and_the_profile_names() -> None:
    ids = known_ids(mini_tables())
    assert ids["regions"] == {"north", "south"}
    assert ids["sites"] == {"plant_site"}
    assert ids["processes"] == {"mine", "benef", "separate", "metal"}
    assert ids["profiles"] == {"light"}
    assert ids["ramp_ups"] == {"chemical", "pit"}  # curves, named like profiles
    assert ids["price_factors"] == set()  # a table the scenario lacks has no ids
    assert "compositions" not in ids  # keyed by good + species: nothing refers to its rows


def test_a_repeated_id_is_reported_at_the_repeat() -> None:
    tables = added(mini_tables(), "skills", id="operator", name="Operators again")
    assert run(check_duplicate_keys, tables) == [
        Problem("skills.csv", "duplicate id (first given in row 2)", row=4, column="id", value="operator")
    ]


def test_a_repeated_combined_key_names_its_columns() -> None:
    tables = added(mini_tables(), "compositions", good="la_oxide", species="La", content=0.1)
    assert run(check_duplicate_keys, tables) == [
        Problem(
            "compositions.csv",
            "duplicate good + species (first given in row 2)",
            row=5,
            column="species",
            value="la_oxide/La",
        )
    ]


def test_every_repeat_refers_to_the_first_row() -> None:
    tables = added(mini_tables(), "skills", id="operator", name="Operators again")
    tables = added(tables, "skills", id="operator", name="Operators once more")
    assert [(p.row, p.message) for p in run(check_duplicate_keys, tables)] == [
        (4, "duplicate id (first given in row 2)"),
        (5, "duplicate id (first given in row 2)"),
    ]


def test_a_misspelt_reference_suggests_the_closest_id() -> None:
    tables = edited(mini_tables(), "sites", 2, region="nort")
    assert references(tables) == [
        Problem("sites.csv", "unknown region; did you mean 'north'?", row=2, column="region", value="nort")
    ]


def test_a_reference_like_no_id_lists_the_ids() -> None:
    tables = edited(mini_tables(), "sites", 2, region="east")
    assert references(tables) == [
        Problem(
            "sites.csv", "unknown region; expected one of: north, south", row=2, column="region", value="east"
        )
    ]


def test_a_long_list_of_ids_is_cut_after_eight() -> None:
    nodes = only("nodes", *({"id": f"n{i}", "name": f"Node {i}"} for i in range(10)))
    tables = {
        "nodes": nodes,
        "sites": only("sites", {"id": "s", "name": "S", "region": "r", "node": "x", "land": 1}),
    }
    problems = [p for p in references(tables) if p.column == "node"]
    assert problems == [
        Problem(
            "sites.csv",
            "unknown node; expected one of: n0, n1, n2, n3, n4, n5, n6, n7, …",
            row=2,
            column="node",
            value="x",
        )
    ]


def test_a_reference_to_a_table_the_scenario_lacks() -> None:
    tables = {"sites": only("sites", {"id": "s", "name": "S", "region": "r", "node": "x", "land": 1})}
    assert references(tables) == [
        Problem("sites.csv", "unknown region; the scenario defines none", row=2, column="region", value="r"),
        Problem("sites.csv", "unknown node; the scenario defines none", row=2, column="node", value="x"),
    ]


def test_references_to_several_tables_and_compound_names_read_as_words() -> None:
    tables = edited(mini_tables(), "plants", 2, location="nowhere")
    tables = edited(tables, "process_sites", 2, process="separat")
    tables = edited(tables, "arcs", 2, mode="ship")
    assert references(tables) == [
        Problem(
            "arcs.csv",
            "unknown transport mode; expected one of: rail, road",
            row=2,
            column="mode",
            value="ship",
        ),
        Problem(
            "process_sites.csv",
            "unknown process; did you mean 'separate'?",
            row=2,
            column="process",
            value="separat",
        ),
        Problem(
            "plants.csv",
            "unknown site or deposit; expected one of: dep, plant_site",
            row=2,
            column="location",
            value="nowhere",
        ),
    ]


def test_the_wildcard_is_a_reference_only_where_the_column_allows_it() -> None:
    tables = mini_tables()
    assert WILDCARD in {row.region for row in tables["taxes"].rows if isinstance(row, Tax)}
    assert references(tables) == []
    tables = edited(tables, "sites", 2, region=WILDCARD)
    assert references(tables) == [
        Problem(
            "sites.csv", "unknown region; expected one of: north, south", row=2, column="region", value="*"
        )
    ]


def test_references_to_rows_or_tables_already_reported_are_not_reported_again() -> None:
    tables = edited(mini_tables(), "sites", 2, region="nort")
    assert references(tables, failed={"regions": {"nort"}}) == []
    assert references(tables, failed={"regions": {WILDCARD}}) == []
    assert len(references(tables, failed={"regions": {"east"}})) == 1


def test_a_grade_of_an_unknown_element_without_a_profile() -> None:
    tables = edited(mini_tables(), "deposit_grades", 3, species="Nbb")
    assert run(check_grade_references, tables, known_ids(tables)) == [
        Problem(
            "deposit_grades.csv",
            "unknown element (or give a profile to split a group grade); did you mean 'Nb'?",
            row=3,
            column="species",
            value="Nbb",
        )
    ]


def test_a_grade_split_by_an_unknown_profile() -> None:
    tables = edited(mini_tables(), "deposit_grades", 2, profile="heavy")
    assert run(check_grade_references, tables, known_ids(tables)) == [
        Problem(
            "deposit_grades.csv",
            "unknown profile; expected one of: light",
            row=2,
            column="profile",
            value="heavy",
        )
    ]


def test_a_link_from_a_node_to_itself() -> None:
    tables = edited(mini_tables(), "arcs", 2, to_node="mine_node")
    assert run(check_arc_ends, tables) == [
        Problem(
            "arcs.csv", "a link must join two different nodes", row=2, column="to_node", value="mine_node"
        )
    ]


def test_the_message_for_an_unknown_id() -> None:
    assert unknown("nort", "region", {"north", "south"}) == "unknown region; did you mean 'north'?"
    assert unknown("x", "region", set()) == "unknown region; the scenario defines none"
    assert unknown("x", "region", {"b", "a"}) == "unknown region; expected one of: a, b"


def test_a_process_on_an_unknown_ramp_up_curve() -> None:
    tables = edited(mini_tables(), "processes", 4, ramp_up="chemicals")
    assert references(tables) == [
        Problem(
            "processes.csv",
            "unknown ramp up; did you mean 'chemical'?",
            row=4,
            column="ramp_up",
            value="chemicals",
        )
    ]
