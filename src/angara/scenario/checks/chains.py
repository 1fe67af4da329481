"""Checks that make a chain of processes physically meaningful: goods of the right
kind in the right place, recipes that create no element, recoveries that split a
feed into outputs, and processes placed where their kind is built.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from angara.scenario.checks.numbers import TOLERANCE, Shares, check_shares_at_most
from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import (
    SOURCED_GOOD_KINDS,
    Composition,
    Deposit,
    Good,
    Plant,
    Process,
    ProcessInput,
    ProcessOutput,
    ProcessSite,
    Recovery,
    Site,
)

Located = tuple[ProcessInput | ProcessOutput, str, int]


@dataclass
class _Recipes:
    """Each process's rows of the recipe tables, and each product's element contents."""

    goods: dict[str, Good]
    inputs: dict[str, list[tuple[ProcessInput, str, int]]] = field(default_factory=lambda: defaultdict(list))
    outputs: dict[str, list[tuple[ProcessOutput, str, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    recoveries: dict[str, list[tuple[Recovery, str, int]]] = field(default_factory=lambda: defaultdict(list))
    contents: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))

    def kind(self, good: str) -> str | None:
        return self.goods[good].kind if good in self.goods else None


def check_composition_kinds(tables: Tables, goods: dict[str, Good], problems: list[Problem]) -> None:
    """Only products have a fixed composition; ores and intermediates carry their source's."""
    for row, where, number in located_rows(tables, "compositions", Composition):
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


def check_deposit_ores(tables: Tables, goods: dict[str, Good], problems: list[Problem]) -> None:
    """What a deposit yields is a good of kind ore."""
    for row, where, number in located_rows(tables, "deposits", Deposit):
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


def check_processes(tables: Tables, goods: dict[str, Good], problems: list[Problem]) -> None:
    """Each process's reference good, its recipe or recoveries, then where it is placed."""
    recipes = _Recipes(goods)
    for row, where, number in located_rows(tables, "process_inputs", ProcessInput):
        recipes.inputs[row.process].append((row, where, number))
    for out, where, number in located_rows(tables, "process_outputs", ProcessOutput):
        recipes.outputs[out.process].append((out, where, number))
    for rec, where, number in located_rows(tables, "recoveries", Recovery):
        recipes.recoveries[rec.process].append((rec, where, number))
    for comp, _, _ in located_rows(tables, "compositions", Composition):
        recipes.contents[comp.good][comp.species] = comp.content
    for process, where, number in located_rows(tables, "processes", Process):
        inputs, outputs = recipes.inputs[process.id], recipes.outputs[process.id]
        used = {i.good for i, _, _ in inputs} | {o.good for o, _, _ in outputs}
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
        if recipes.recoveries[process.id]:
            _split_process(process, where, number, recipes, problems)
        else:
            _recipe_process(process, where, number, recipes, problems)
    check_process_locations(tables, problems)


def check_process_locations(tables: Tables, problems: list[Problem]) -> None:
    """Site processes stand at sites, deposit processes at deposits."""
    locations = {process.id: process.location for process, _, _ in located_rows(tables, "processes", Process)}
    site_ids = {s.id for s, _, _ in located_rows(tables, "sites", Site)}
    placed = [
        (row.process, row.site, where, number, "site")
        for row, where, number in located_rows(tables, "process_sites", ProcessSite)
    ] + [
        (row.process, row.location, where, number, "location")
        for row, where, number in located_rows(tables, "plants", Plant)
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
    process: Process, where: str, number: int, recipes: _Recipes, problems: list[Problem]
) -> None:
    """A process with recoveries splits one main feed of ore or intermediate into its outputs."""
    mains = [(i, w, n) for i, w, n in recipes.inputs[process.id] if i.quantity is None]
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
        kind = recipes.kind(main.good)
        if kind is not None and kind not in SOURCED_GOOD_KINDS:
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
    outputs = recipes.outputs[process.id]
    recovered = {(rec.species, rec.good) for rec, _, _ in recipes.recoveries[process.id]}
    for out, out_where, out_number in outputs:
        _split_output(out, out_where, out_number, recipes, problems)
        if out.species is not None and out.grade is not None and (out.species, out.good) not in recovered:
            problems.append(
                Problem(
                    out_where,
                    f"no recovery sends '{out.species}' to '{out.good}': a target grade of it gives no "
                    "mass pull",
                    row=out_number,
                    column="species",
                    value=out.species,
                )
            )
    output_goods = {o.good for o, _, _ in outputs}
    totals: Shares = defaultdict(list)
    for rec, rec_where, rec_number in recipes.recoveries[process.id]:
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
        elif recipes.kind(rec.good) == "product" and rec.species not in recipes.contents.get(rec.good, {}):
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
    check_shares_at_most(totals, 1.0, "recoveries", problems, "recovery")


def _split_output(
    out: ProcessOutput, where: str, number: int, recipes: _Recipes, problems: list[Problem]
) -> None:
    """Products of a split hold one species and get their tonnes from the recoveries;
    other outputs need their tonnes per tonne of feed."""
    kind = recipes.kind(out.good)
    if kind == "product" and len(recipes.contents.get(out.good, {})) > 1:
        problems.append(
            Problem(
                where,
                f"product '{out.good}' holds {len(recipes.contents[out.good])} species; a process with "
                "recoveries can only make products of one species (use a recipe to combine them)",
                row=number,
                column="good",
                value=out.good,
            )
        )
    if kind == "product" and out.quantity is not None:
        problems.append(
            Problem(
                where,
                "leave the quantity of a product output empty: its tonnes follow from the recovered elements",
                row=number,
                column="quantity",
                value=f"{out.quantity:g}",
            )
        )
    graded = out.grade is not None or out.species is not None
    if kind == "product" and graded:
        problems.append(
            Problem(
                where,
                "leave the target grade of a product output empty: its tonnes follow from the recovered "
                "elements",
                row=number,
                column="grade",
            )
        )
    if kind is not None and kind != "product":
        if out.quantity is None and not graded:
            problems.append(
                Problem(
                    where,
                    f"a {kind} output needs a quantity (t per t of feed) or a target grade of a species",
                    row=number,
                    column="quantity",
                )
            )
        if out.quantity is not None and graded:
            problems.append(
                Problem(
                    where,
                    "give either a fixed quantity (mass pull) or a target grade, not both",
                    row=number,
                    column="grade",
                )
            )
        _grade_pair(out, where, number, problems)


def _grade_pair(out: ProcessOutput, where: str, number: int, problems: list[Problem]) -> None:
    """A target grade names its species, and a species its grade; a grade of 0 pulls no mass."""
    if out.grade is not None and out.species is None:
        problems.append(Problem(where, "a target grade needs its species", row=number, column="species"))
    if out.species is not None and out.grade is None:
        problems.append(
            Problem(where, f"give the target grade of '{out.species}'", row=number, column="grade")
        )
    if out.grade is not None and out.grade <= 0:
        problems.append(
            Problem(
                where,
                "a target grade must be above 0 (the mass pull is the recovered tonnes divided by it)",
                row=number,
                column="grade",
                value=f"{out.grade:g}",
            )
        )


def _recipe_process(
    process: Process, where: str, number: int, recipes: _Recipes, problems: list[Problem]
) -> None:
    """A recipe turns fixed tonnes of inputs into fixed tonnes of outputs, creating no element."""
    inputs, outputs = recipes.inputs[process.id], recipes.outputs[process.id]
    for out, out_where, out_number in outputs:
        if out.grade is not None or out.species is not None:
            problems.append(
                Problem(
                    out_where,
                    "a target grade is for the ore or intermediate outputs of a process with recoveries",
                    row=out_number,
                    column="grade",
                )
            )
    entries: list[Located] = [*inputs, *outputs]
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
        kind = recipes.kind(entry.good)
        is_input = isinstance(entry, ProcessInput)
        mining = not inputs and kind == "ore"
        if kind in SOURCED_GOOD_KINDS and not mining:
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
    for entry, _, _ in inputs:
        for species, content in recipes.contents.get(entry.good, {}).items():
            species_in[species] += (entry.quantity or 0.0) * content
    for out, _, _ in outputs:
        for species, content in recipes.contents.get(out.good, {}).items():
            species_out[species] += (out.quantity or 0.0) * content
    if inputs:
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
