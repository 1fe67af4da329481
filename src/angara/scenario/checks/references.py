"""Checks of ids: each key given once, each reference to a row that exists, and the
places and links that need two distinct or at least one id.
"""

from __future__ import annotations

import difflib

from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import TABLES, WILDCARD, Arc, Grade, Profile, RampUp, Row


def row_key(row: Row, key: tuple[str, ...]) -> tuple[str, ...]:
    """The values of ``row``'s ``key`` columns, as text."""
    return tuple(str(getattr(row, k)) for k in key)


def check_duplicate_keys(tables: Tables, problems: list[Problem]) -> None:
    """Each key (an id, or a combination such as good + species) is given in one row only,
    also when letter case is ignored: ids keep their case (``La``, ``NdPr``, OKVED ``C24``),
    but two that differ only in case (``La`` and ``la``) would be told apart by nobody reading
    a table or a chart."""
    for spec in TABLES:
        table = tables.get(spec.name)
        if table is None:
            continue
        first: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
        for row, number in zip(table.rows, table.row_numbers, strict=True):
            key = row_key(row, spec.key)
            folded = tuple(part.casefold() for part in key)
            if folded in first:
                label = "id" if spec.key == ("id",) else " + ".join(spec.key)
                earlier, given = first[folded]
                case = "" if given == key else f", as {'/'.join(given)}: ids may not differ only in case"
                problems.append(
                    Problem(
                        table.where,
                        f"duplicate {label} (first given in row {earlier}{case})",
                        row=number,
                        column=table.header(spec.key[-1]),
                        value="/".join(key),
                    )
                )
            else:
                first[folded] = (number, key)


def known_ids(tables: Tables) -> dict[str, set[str]]:
    """The ids of every table keyed by id, and the names of the profiles and ramp-up curves."""
    ids: dict[str, set[str]] = {}
    for spec in TABLES:
        if spec.key == ("id",):
            table = tables.get(spec.name)
            ids[spec.name] = {row_key(r, spec.key)[0] for r in table.rows} if table else set()
    ids["profiles"] = {p.profile for p, _, _ in located_rows(tables, "profiles", Profile)}
    ids["ramp_ups"] = {r.curve for r, _, _ in located_rows(tables, "ramp_ups", RampUp)}
    return ids


def unknown(value: str, what: str, known: set[str]) -> str:
    """The message for an id that is not among ``known``: the closest id, or those there are."""
    close = difflib.get_close_matches(value, sorted(known), n=1)
    if close:
        return f"unknown {what}; did you mean '{close[0]}'?"
    if not known:
        return f"unknown {what}; the scenario defines none"
    listed = ", ".join(sorted(known)[:8]) + (", …" if len(known) > 8 else "")
    return f"unknown {what}; expected one of: {listed}"


def check_references(
    tables: Tables,
    ids: dict[str, set[str]],
    failed: dict[str, set[str]],
    problems: list[Problem],
) -> None:
    """Every reference column names a row of the table(s) it refers to.

    ``failed`` holds, by table, ids of rows already reported as invalid (or ``*``
    for a whole table that could not be read): references to them are not reported again.
    """
    for spec in TABLES:
        table = tables.get(spec.name)
        if table is None:
            continue
        for column in spec.columns:
            if not column.references:
                continue
            known: set[str] = set().union(*(ids.get(t, set()) for t in column.references))
            broken: set[str] = set().union(*(failed.get(t, set()) for t in column.references))
            what = " or ".join(t.rstrip("s") if t != "processes" else "process" for t in column.references)
            what = what.replace("_", " ")
            for row, number in zip(table.rows, table.row_numbers, strict=True):
                value = getattr(row, column.name)
                skip = value is None or value in known or value in broken or WILDCARD in broken
                if skip or (column.wildcard and value == WILDCARD):
                    continue
                problems.append(
                    Problem(
                        table.where,
                        unknown(str(value), what, known),
                        row=number,
                        column=table.header(column.name),
                        value=str(value),
                    )
                )


def check_grade_references(tables: Tables, ids: dict[str, set[str]], problems: list[Problem]) -> None:
    """A grade is of an element, or of a group split by a profile that exists."""
    for row, where, number in located_rows(tables, "deposit_grades", Grade):
        if row.profile is None and row.species not in ids["elements"]:
            problems.append(
                Problem(
                    where,
                    unknown(
                        row.species,
                        "element (or give a profile to split a group grade)",
                        ids["elements"],
                    ),
                    row=number,
                    column="species",
                    value=row.species,
                )
            )
        if row.profile is not None and row.profile not in ids["profiles"]:
            problems.append(
                Problem(
                    where,
                    unknown(row.profile, "profile", ids["profiles"]),
                    row=number,
                    column="profile",
                    value=row.profile,
                )
            )


def check_arc_ends(tables: Tables, problems: list[Problem]) -> None:
    """A transport link joins two different nodes."""
    for row, where, number in located_rows(tables, "arcs", Arc):
        if row.from_node == row.to_node:
            problems.append(
                Problem(
                    where,
                    "a link must join two different nodes",
                    row=number,
                    column="to_node",
                    value=row.to_node,
                )
            )
