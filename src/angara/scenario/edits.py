"""Edit a scenario cell by cell, as the web editor does, and validate the result.

An edit sets one cell: ``table``, ``key`` (the row's key values, e.g. ``"chuktukon"`` or
``["china", "la_oxide", "2025"]`` for prices), ``column`` and ``value`` in the column's
canonical unit (the unit ``angara template`` writes in its header).  ``table`` ``meta``
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
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from angara.scenario.good_units import written_units
from angara.scenario.load import interpret
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.read import META_FILE, Cell, RawScenario, RawTable
from angara.scenario.schema import TABLE_BY_NAME, TABLES, ColumnSpec, TableSpec
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
    for number, edit in enumerate(edits, start=1):
        _apply_edit(raw, edit, number, problems)
    for number, switch in enumerate(switches, start=1):
        _apply_switch(raw, switch, number, problems)
    if problems:
        raise ScenarioError(problems)
    return interpret(raw)


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


def _find_row(raw: RawScenario, spec: TableSpec, key: tuple[str, ...]) -> list[Cell] | None:
    table = raw.tables.get(spec.name)
    if table is None:
        return None
    positions = [index for index, column in enumerate(spec.columns) if column.name in spec.key]
    order = [next(i for i in positions if spec.columns[i].name == k) for k in spec.key]
    for _, cells in table.rows:
        if tuple(str(cells[i]) for i in order) == key:
            return cells
    return None


def _apply_edit(raw: RawScenario, edit: Edit, number: int, problems: list[Problem]) -> None:
    where = f"{WHERE}[{number}]"
    if edit.table == META:
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
    cells = _find_row(raw, spec, edit.key)
    if cells is None:
        problems.append(
            Problem(where, f"no row {'/'.join(edit.key)} in {spec.name}", value="/".join(edit.key))
        )
        return
    cells[found[0]] = "" if edit.value is None else cell_text(edit.value)


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
    cells = _find_row(raw, spec, key)
    if cells is None:
        if not switch.enabled:
            return  # already removed: off is off
        problems.append(Problem(where, f"no row {switch.key} in {spec.name}", value=switch.key))
        return
    found = _column(spec, SWITCH_COLUMNS.get(switch.table, ENABLED))
    if found is not None:
        cells[found[0]] = cell_text(switch.enabled)
    elif not switch.enabled:
        table = raw.tables[spec.name]
        table.rows = [(n, row) for n, row in table.rows if row is not cells]
