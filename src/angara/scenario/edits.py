"""Edit a scenario cell by cell, as the web editor does, and validate the result.

An edit sets one cell: ``table``, ``key`` (the row's key values, e.g. ``"chuktukon"`` or
``["china", "la_oxide", "2025"]`` for prices), ``column`` and ``value`` in the column's
canonical unit (the unit ``angara template`` writes in its header), or in ``unit`` when one is
given (``USD/kg``: written into the cell with its unit, "12.5 USD/kg", and converted by the
reader as a file's cell is; see :mod:`angara.scenario.display_units`).  ``table`` ``meta``
edits a key of ``scenario.yaml`` (``column`` ``discount_rate``, or a dotted path such as
``solver.time_limit``; ``key`` is ignored).

A switch turns a deposit, site, process, market or link on or off.  Deposits, sites and
processes have an ``enabled`` column, markets an ``open`` one (the scenario's market
access): switching off sets it to ``no``, so the row stays in the scenario and can be
switched on again.  Links (``arcs``) have none: switching one
off removes its row (no other table refers to links); switching a link on that is
present changes nothing, and one that was removed cannot be switched back on here.

The scenario is written to cells exactly as :func:`angara.scenario.write.write_folder`
writes its CSV files, the edits are applied to those cells, and the cells are read back
with the loader, so every problem is reported as ``angara validate`` reports it: by file
(``prices.csv``), row (the header is row 1) and column (with its unit, ``price [RUB/t]``).
A problem about an edited cell also names that edit's field (``table``, ``key``, ``column``)
as a :class:`FieldProblem`, so the editor can mark the input the user typed in.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from angara.scenario.display_units import DisplayUnitProblem, check_unit
from angara.scenario.good_units import written_units
from angara.scenario.load import interpret
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.read import META_FILE, Cell, RawScenario, RawTable
from angara.scenario.schema import TABLE_BY_NAME, TABLES, ColumnSpec, Row, TableSpec
from angara.scenario.write import cell_text, header, meta_document, with_unit

SWITCHABLE = ("deposits", "sites", "processes", "markets", "arcs")
ENABLED = "enabled"
# the column a switch sets, where it is not ``enabled``
SWITCH_COLUMNS = {"markets": "open"}
META = "meta"
WHERE = "edits"  # where a problem with the edits themselves (not the scenario) is located


@dataclass(frozen=True)
class Edit:
    """Set ``column`` of the row ``key`` of ``table`` to ``value``."""

    table: str
    key: tuple[str, ...]
    column: str
    value: str | float | int | bool | None
    unit: str | None = None

    def field(self) -> dict[str, Any]:
        """What the editor names this edit's input by."""
        return {"table": self.table, "key": list(self.key), "column": self.column}


@dataclass(frozen=True)
class FieldProblem(Problem):
    """A problem about an edited cell, naming the edit's field (``table``, ``key``, ``column``)."""

    field: dict[str, Any] | None = None


@dataclass
class _Places:
    """Where each edited cell is located in the written scenario: (file, row, column) → edit."""

    cells: dict[tuple[str, int | None, str], Edit] = field(default_factory=dict)
    edits: dict[str, Edit] = field(default_factory=dict)  # "edits[3]" → the third edit

    def field_of(self, problem: Problem) -> dict[str, Any] | None:
        column = (problem.column or "").split("[")[0].strip()
        found = self.edits.get(problem.where) or self.cells.get((problem.where, problem.row, column))
        return found.field() if found is not None else None


@dataclass(frozen=True)
class Switch:
    """Turn the row ``key`` of ``table`` (deposits, sites, processes, markets, arcs) on or off."""

    table: str
    key: str
    enabled: bool


def row_key(key: str | int | float | Sequence[str | int | float]) -> tuple[str, ...]:
    """A row key as a tuple of texts: ``"chuktukon"`` → ``("chuktukon",)``."""
    if isinstance(key, str | int | float):
        return (cell_text(key),)
    return tuple(cell_text(part) for part in key)


def apply_edits(scenario: Scenario, edits: Sequence[Edit], switches: Sequence[Switch] = ()) -> Scenario:
    """``scenario`` with ``edits`` and ``switches`` applied, validated as on load.

    Raises :class:`ScenarioError` with every problem: edits naming an unknown table, row
    or column (located at ``edits``, with their position in the list), and problems of the
    edited scenario located by file, row and column.
    """
    raw = raw_scenario(scenario)
    problems: list[Problem] = []
    places = _Places()
    own_unit = written_units(scenario.goods, scenario.processes)
    for number, edit in enumerate(edits, start=1):
        places.edits[f"{WHERE}[{number}]"] = edit
        _apply_edit(scenario, raw, edit, number, problems, places, own_unit)
    for number, switch in enumerate(switches, start=1):
        _apply_switch(raw, switch, number, problems)
    try:
        if problems:
            raise ScenarioError(problems)
        return interpret(raw)
    except ScenarioError as error:
        raise ScenarioError([_with_field(p, places) for p in error.problems]) from None


def _with_field(problem: Problem, places: _Places) -> Problem:
    found = places.field_of(problem)
    if found is None:
        return problem
    return FieldProblem(problem.where, problem.message, problem.row, problem.column, problem.value, found)


def raw_scenario(scenario: Scenario) -> RawScenario:
    """The cells ``write_folder`` would write for ``scenario``, every column of each table
    included (empty cells read back as "not given")."""
    tables: dict[str, RawTable] = {}
    own_unit = written_units(scenario.goods, scenario.processes)
    for spec in TABLES:
        rows = scenario.table(spec.name)
        if not rows:
            continue
        columns = spec.columns
        table = RawTable(spec.name, f"{spec.name}.csv", [header(c) for c in columns])
        for number, row in enumerate(rows, start=2):
            cells: list[Cell] = [
                with_unit(cell_text(getattr(row, c.name)), own_unit(spec.name, row, c.name)) for c in columns
            ]
            table.rows.append((number, cells))
        tables[spec.name] = table
    meta = copy.deepcopy(meta_document(scenario.meta))
    return RawScenario(f"{scenario.meta.name} (edited)", meta, META_FILE, tables, [])


def _column(spec: TableSpec, name: str) -> tuple[int, ColumnSpec] | None:
    for index, column in enumerate(spec.columns):
        if column.name == name:
            return index, column
    return None


def _find_row(raw: RawScenario, spec: TableSpec, key: tuple[str, ...]) -> tuple[int, list[Cell]] | None:
    """The row ``key`` of ``spec``'s table: its row number in the file and its cells."""
    table = raw.tables.get(spec.name)
    if table is None:
        return None
    positions = [index for index, column in enumerate(spec.columns) if column.name in spec.key]
    order = [next(i for i in positions if spec.columns[i].name == k) for k in spec.key]
    for number, cells in table.rows:
        if tuple(str(cells[i]) for i in order) == key:
            return number, cells
    return None


def _apply_edit(
    scenario: Scenario,
    raw: RawScenario,
    edit: Edit,
    number: int,
    problems: list[Problem],
    places: _Places,
    own_unit: Callable[[str, Row, str], str | None],
) -> None:
    where = f"{WHERE}[{number}]"
    if edit.table == META:
        places.cells[(raw.meta_where, None, edit.column)] = edit
        _set_meta(raw, edit, where, problems)
        return
    spec = TABLE_BY_NAME.get(edit.table)
    if spec is None:
        problems.append(Problem(where, f"unknown table '{edit.table}'", value=edit.table))
        return
    found = _column(spec, edit.column)
    if found is None or edit.column in spec.key:
        what = "a key column cannot be edited" if found is not None else "unknown column"
        problems.append(Problem(where, f"{what} of {spec.name}", column=edit.column))
        return
    located = _find_row(raw, spec, edit.key)
    if located is None:
        problems.append(
            Problem(where, f"no row {'/'.join(edit.key)} in {spec.name}", value="/".join(edit.key))
        )
        return
    row_number, cells = located
    places.cells[(raw.tables[spec.name].where, row_number, edit.column)] = edit
    text = "" if edit.value is None else cell_text(edit.value)
    if edit.unit is not None and text:
        if found[1].kind != "quantity":
            problems.append(
                Problem(where, f"{edit.column} takes no unit", column=edit.column, value=edit.unit)
            )
            return
        try:
            # the scenario's rows are written in order from row 2: the row as it was before the edit
            row = scenario.table(spec.name)[row_number - 2]
            check_unit(spec.name, edit.column, edit.unit, own_unit(spec.name, row, edit.column))
        except DisplayUnitProblem as error:
            problems.append(Problem(where, str(error), column=edit.column, value=edit.unit))
            return
        text = f"{text} {edit.unit}"
    cells[found[0]] = text


def _set_meta(raw: RawScenario, edit: Edit, where: str, problems: list[Problem]) -> None:
    assert raw.meta is not None
    place: dict[str, Any] = raw.meta
    *parents, last = edit.column.split(".")
    for part in parents:
        nested = place.get(part)
        if not isinstance(nested, dict):
            problems.append(Problem(where, "unknown key of scenario.yaml", column=edit.column))
            return
        place = nested
    if last not in place:
        problems.append(Problem(where, "unknown key of scenario.yaml", column=edit.column))
        return
    place[last] = edit.value


def _apply_switch(raw: RawScenario, switch: Switch, number: int, problems: list[Problem]) -> None:
    where = f"switches[{number}]"
    if switch.table not in SWITCHABLE:
        problems.append(
            Problem(where, f"only {', '.join(SWITCHABLE)} can be switched on or off", value=switch.table)
        )
        return
    spec = TABLE_BY_NAME[switch.table]
    key = (switch.key,)
    located = _find_row(raw, spec, key)
    if located is None:
        if not switch.enabled:
            return  # already removed: off is off
        problems.append(Problem(where, f"no row {switch.key} in {spec.name}", value=switch.key))
        return
    _, cells = located
    found = _column(spec, SWITCH_COLUMNS.get(switch.table, ENABLED))
    if found is not None:
        cells[found[0]] = cell_text(switch.enabled)
    elif not switch.enabled:
        table = raw.tables[spec.name]
        table.rows = [(n, row) for n, row in table.rows if row is not cells]
