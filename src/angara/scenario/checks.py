"""Checks across rows and tables: duplicate keys, references, and the rules that
make a chain of processes physically meaningful (recipes, recoveries, grades).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from angara.scenario.correlations import check_correlations
from angara.scenario.parse import ParsedTable
from angara.scenario.problems import Problem
from angara.scenario.schema import (
    TABLES,
    WILDCARD,
    Arc,
    Composition,
    Deposit,
    Good,
    Grade,
    Incentive,
    Plant,
    Price,
    Process,
    ProcessInput,
    ProcessOutput,
    ProcessSite,
    Profile,
    Recovery,
    Row,
    Site,
    Tax,
)

TOLERANCE = 1e-6
SOURCED_KINDS = frozenset({"ore", "intermediate"})


def check_tables(tables: dict[str, ParsedTable], unreadable: set[str] | None = None) -> list[Problem]:
    """Every cross-row and cross-table problem, in table order.

    References into ``unreadable`` tables (present but not readable, already
    reported) are not checked, so one broken file gives one message.
    """
    problems: list[Problem] = []
    _duplicate_keys(tables, problems)
    ids = _ids(tables)
    failed = {name: table.failed_ids for name, table in tables.items()}
    failed.update({name: {WILDCARD} for name in unreadable or set()})
    _references(tables, ids, failed, problems)
    goods = {g.id: g for g, _, _ in _rows(tables, "goods", Good)}
    _compositions(tables, goods, problems)
    _profiles(tables, problems)
    _grades(tables, ids, problems)
    _deposits(tables, goods, problems)
    _processes(tables, goods, problems)
    _taxes(tables, problems)
    _incentives(tables, problems)
    _prices(tables, problems)
    _arcs(tables, problems)
    check_correlations(tables, problems)
    return problems


def _rows(tables: dict[str, ParsedTable], name: str, kind: type[Any]) -> Iterator[tuple[Any, str, int]]:
    table = tables.get(name)
    if table is None:
        return
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        assert isinstance(row, kind)
        yield row, table.where, number


def _key(row: Row, key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(getattr(row, k)) for k in key)


def _duplicate_keys(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    for spec in TABLES:
        table = tables.get(spec.name)
        if table is None:
            continue
        first: dict[tuple[str, ...], int] = {}
        for row, number in zip(table.rows, table.row_numbers, strict=True):
            key = _key(row, spec.key)
            if key in first:
                label = "id" if spec.key == ("id",) else " + ".join(spec.key)
                problems.append(
                    Problem(
                        table.where,
                        f"duplicate {label} (first given in row {first[key]})",
                        row=number,
                        column=table.header(spec.key[-1]),
                        value="/".join(key),
                    )
                )
            else:
                first[key] = number


def _ids(tables: dict[str, ParsedTable]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for spec in TABLES:
        if spec.key == ("id",):
            table = tables.get(spec.name)
            ids[spec.name] = {_key(r, spec.key)[0] for r in table.rows} if table else set()
    ids["profiles"] = {p.profile for p, _, _ in _rows(tables, "profiles", Profile)}
    return ids


def _unknown(value: str, what: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    if close:
        return f"unknown {what}; did you mean '{close[0]}'?"
    if not known:
        return f"unknown {what}; the scenario defines none"
    listed = ", ".join(sorted(known)[:8]) + (", …" if len(known) > 8 else "")
    return f"unknown {what}; expected one of: {listed}"


def _references(
    tables: dict[str, ParsedTable],
    ids: dict[str, set[str]],
    failed: dict[str, set[str]],
    problems: list[Problem],
) -> None:
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
                        _unknown(str(value), what, known),
                        row=number,
                        column=table.header(column.name),
                        value=str(value),
                    )
                )


def _sum_check(
    groups: dict[str, list[tuple[float, str, int]]],
    limit: float,
    what: str,
    problems: list[Problem],
    column: str,
) -> None:
    for key, entries in groups.items():
        total = sum(value for value, _, _ in entries)
        if total > limit + TOLERANCE:
            _, where, number = entries[-1]
            problems.append(
                Problem(
                    where,
                    f"{what} of '{key}' add up to {total * 100:.4g} %; expected at most {limit * 100:g} %",
                    row=number,
                    column=column,
                )
            )


def _compositions(tables: dict[str, ParsedTable], goods: dict[str, Good], problems: list[Problem]) -> None:
    groups: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for row, where, number in _rows(tables, "compositions", Composition):
        good = goods.get(row.good)
        if good is not None and good.kind != "product":
            problems.append(
                Problem(
                    where,
                    f"compositions are for products; '{row.good}' is of kind {good.kind} "
                    "(its contents follow its source)",
                    row=number,
                    column="good",
                    value=row.good,
                )
            )
        groups[row.good].append((row.content, where, number))
    _sum_check(groups, 1.0, "contents", problems, "content")


def _profiles(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    groups: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for row, where, number in _rows(tables, "profiles", Profile):
        groups[row.profile].append((row.share, where, number))
    _sum_check(groups, 1.0, "shares", problems, "share")


def _grades(tables: dict[str, ParsedTable], ids: dict[str, set[str]], problems: list[Problem]) -> None:
    groups: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for row, where, number in _rows(tables, "deposit_grades", Grade):
        if row.profile is None and row.species not in ids["elements"]:
            problems.append(
                Problem(
                    where,
                    _unknown(
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
                    _unknown(row.profile, "profile", ids["profiles"]),
                    row=number,
                    column="profile",
                    value=row.profile,
                )
            )
        groups[row.deposit].append((row.grade, where, number))
    _sum_check(groups, 1.0, "grades", problems, "grade")


def _deposits(tables: dict[str, ParsedTable], goods: dict[str, Good], problems: list[Problem]) -> None:
    for row, where, number in _rows(tables, "deposits", Deposit):
        good = goods.get(row.ore)
        if good is not None and good.kind != "ore":
            problems.append(
                Problem(
                    where,
                    f"'{row.ore}' is of kind {good.kind}; expected a good of kind ore",
                    row=number,
                    column="ore",
                    value=row.ore,
                )
            )


def _processes(tables: dict[str, ParsedTable], goods: dict[str, Good], problems: list[Problem]) -> None:
    inputs: dict[str, list[tuple[ProcessInput, str, int]]] = defaultdict(list)
    outputs: dict[str, list[tuple[ProcessOutput, str, int]]] = defaultdict(list)
    recoveries: dict[str, list[tuple[Recovery, str, int]]] = defaultdict(list)
    for row, where, number in _rows(tables, "process_inputs", ProcessInput):
        inputs[row.process].append((row, where, number))
    for out, where, number in _rows(tables, "process_outputs", ProcessOutput):
        outputs[out.process].append((out, where, number))
    for rec, where, number in _rows(tables, "recoveries", Recovery):
        recoveries[rec.process].append((rec, where, number))
    contents: dict[str, dict[str, float]] = defaultdict(dict)
    for comp, _, _ in _rows(tables, "compositions", Composition):
        contents[comp.good][comp.species] = comp.content
    locations: dict[str, str] = {}
    for process, where, number in _rows(tables, "processes", Process):
        locations[process.id] = process.location
        used = {i.good for i, _, _ in inputs[process.id]} | {o.good for o, _, _ in outputs[process.id]}
        if process.reference not in used and process.reference in goods:
            problems.append(
                Problem(
                    where,
                    "the reference good must be one of the process's inputs or outputs",
                    row=number,
                    column="reference",
                    value=process.reference,
                )
            )
        if recoveries[process.id]:
            _split_process(process, where, number, inputs, outputs, recoveries, goods, contents, problems)
        else:
            _recipe_process(process, where, number, inputs, outputs, goods, contents, problems)
    _locations(tables, locations, problems)


def _locations(tables: dict[str, ParsedTable], locations: dict[str, str], problems: list[Problem]) -> None:
    """Site processes stand at sites, deposit processes at deposits."""
    site_ids = {s.id for s, _, _ in _rows(tables, "sites", Site)}
    placed = [
        (row.process, row.site, where, number, "site")
        for row, where, number in _rows(tables, "process_sites", ProcessSite)
    ] + [
        (row.process, row.location, where, number, "location")
        for row, where, number in _rows(tables, "plants", Plant)
    ]
    for process, place, where, number, column in placed:
        location = locations.get(process)
        if location == "site" and place not in site_ids:
            problems.append(
                Problem(
                    where,
                    f"process '{process}' is built at sites; this is not a site",
                    row=number,
                    column=column,
                    value=place,
                )
            )
        if location == "deposit" and place in site_ids:
            problems.append(
                Problem(
                    where,
                    f"process '{process}' is built at deposits; this is a site",
                    row=number,
                    column=column,
                    value=place,
                )
            )


def _split_process(
    process: Process,
    where: str,
    number: int,
    inputs: dict[str, list[tuple[ProcessInput, str, int]]],
    outputs: dict[str, list[tuple[ProcessOutput, str, int]]],
    recoveries: dict[str, list[tuple[Recovery, str, int]]],
    goods: dict[str, Good],
    contents: dict[str, dict[str, float]],
    problems: list[Problem],
) -> None:
    mains = [(i, w, n) for i, w, n in inputs[process.id] if i.quantity is None]
    if len(mains) != 1:
        problems.append(
            Problem(
                where,
                "a process with recoveries needs exactly one main feed (an input with an empty quantity); "
                f"found {len(mains)}",
                row=number,
                column="id",
                value=process.id,
            )
        )
    else:
        main, main_where, main_number = mains[0]
        if main.good != process.reference:
            problems.append(
                Problem(
                    where,
                    f"must be the main feed '{main.good}' for a process with recoveries",
                    row=number,
                    column="reference",
                    value=process.reference,
                )
            )
        kind = goods[main.good].kind if main.good in goods else None
        if kind is not None and kind not in SOURCED_KINDS:
            problems.append(
                Problem(
                    main_where,
                    "the main feed of a process with recoveries must be an ore or intermediate; "
                    f"'{main.good}' is a {kind}",
                    row=main_number,
                    column="good",
                    value=main.good,
                )
            )
    output_goods = {o.good for o, _, _ in outputs[process.id]}
    for out, out_where, out_number in outputs[process.id]:
        kind = goods[out.good].kind if out.good in goods else None
        if kind == "product" and len(contents.get(out.good, {})) > 1:
            problems.append(
                Problem(
                    out_where,
                    f"product '{out.good}' holds {len(contents[out.good])} species; a process with "
                    "recoveries can only make products of one species (use a recipe to combine them)",
                    row=out_number,
                    column="good",
                    value=out.good,
                )
            )
        if kind == "product" and out.quantity is not None:
            problems.append(
                Problem(
                    out_where,
                    "leave the quantity of a product output empty: "
                    "its tonnes follow from the recovered elements",
                    row=out_number,
                    column="quantity",
                    value=f"{out.quantity:g}",
                )
            )
        if kind in ("ore", "intermediate", "reagent") and out.quantity is None:
            problems.append(
                Problem(
                    out_where,
                    f"a {kind} output needs a quantity (t per t of feed)",
                    row=out_number,
                    column="quantity",
                )
            )
    totals: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for rec, rec_where, rec_number in recoveries[process.id]:
        if rec.good not in output_goods:
            problems.append(
                Problem(
                    rec_where,
                    f"'{rec.good}' is not an output of process '{process.id}'",
                    row=rec_number,
                    column="good",
                    value=rec.good,
                )
            )
        elif (
            goods.get(rec.good) is not None
            and goods[rec.good].kind == "product"
            and rec.species not in contents.get(rec.good, {})
        ):
            problems.append(
                Problem(
                    rec_where,
                    f"product '{rec.good}' has no '{rec.species}' in the compositions table",
                    row=rec_number,
                    column="species",
                    value=rec.species,
                )
            )
        totals[f"{process.id}/{rec.species}"].append((rec.recovery, rec_where, rec_number))
    _sum_check(totals, 1.0, "recoveries", problems, "recovery")


def _recipe_process(
    process: Process,
    where: str,
    number: int,
    inputs: dict[str, list[tuple[ProcessInput, str, int]]],
    outputs: dict[str, list[tuple[ProcessOutput, str, int]]],
    goods: dict[str, Good],
    contents: dict[str, dict[str, float]],
    problems: list[Problem],
) -> None:
    entries: list[tuple[ProcessInput | ProcessOutput, str, int]] = [*inputs[process.id], *outputs[process.id]]
    for entry, entry_where, entry_number in entries:
        if entry.quantity is None:
            problems.append(
                Problem(
                    entry_where,
                    "a quantity is required (only processes with recoveries have a main feed without one)",
                    row=entry_number,
                    column="quantity",
                )
            )
        kind = goods[entry.good].kind if entry.good in goods else None
        is_input = isinstance(entry, ProcessInput)
        mining = not inputs[process.id] and kind == "ore"
        if kind in SOURCED_KINDS and not mining:
            problems.append(
                Problem(
                    entry_where,
                    f"'{entry.good}' is an {kind}: it can only be "
                    + (
                        "the main feed of a process with recoveries"
                        if is_input
                        else "made by mining (no inputs) or by a process with recoveries"
                    ),
                    row=entry_number,
                    column="good",
                    value=entry.good,
                )
            )
    species_in: dict[str, float] = defaultdict(float)
    species_out: dict[str, float] = defaultdict(float)
    for entry, _, _ in inputs[process.id]:
        for species, content in contents.get(entry.good, {}).items():
            species_in[species] += (entry.quantity or 0.0) * content
    for out, _, _ in outputs[process.id]:
        for species, content in contents.get(out.good, {}).items():
            species_out[species] += (out.quantity or 0.0) * content
    if inputs[process.id]:
        for species, made in species_out.items():
            if made > species_in.get(species, 0.0) * (1 + TOLERANCE) + TOLERANCE:
                problems.append(
                    Problem(
                        where,
                        f"outputs hold {made:.4g} t of {species} per t but inputs only "
                        f"{species_in.get(species, 0.0):.4g} t: a recipe cannot create an element",
                        row=number,
                        column="id",
                        value=process.id,
                    )
                )


def _taxes(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    entries = [*_rows(tables, "taxes", Tax), *_rows(tables, "incentives", Incentive)]
    for row, where, number in entries:
        total = row.federal + row.regional + row.local
        if abs(total - 1.0) > TOLERANCE and total > TOLERANCE:
            problems.append(
                Problem(
                    where,
                    f"federal + regional + local shares add up to {total * 100:.4g} %; "
                    "expected 100 % (or 0 for a cost such as insurance)",
                    row=number,
                    column="local",
                )
            )


def _incentives(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    for row, where, number in _rows(tables, "incentives", Incentive):
        if row.region is None and row.site is None:
            problems.append(
                Problem(
                    where,
                    "give the region or the site where the incentive applies",
                    row=number,
                    column="region",
                )
            )


def _prices(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    for row, where, number in _rows(tables, "prices", Price):
        if row.max_quantity is not None and row.min_quantity > row.max_quantity + TOLERANCE:
            problems.append(
                Problem(
                    where,
                    "the contracted min_quantity exceeds max_quantity",
                    row=number,
                    column="min_quantity",
                )
            )


def _arcs(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    for row, where, number in _rows(tables, "arcs", Arc):
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
