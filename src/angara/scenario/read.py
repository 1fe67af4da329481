"""Read scenario files into raw tables of cells, reporting located problems.

Nothing here knows the meaning of a column: :mod:`angara.scenario.parse` turns
raw cells into typed rows.  A scenario is a folder (``scenario.yaml`` plus one
CSV per table) or one ``.xlsx`` workbook (a ``meta`` sheet plus a sheet per table).
"""

from __future__ import annotations

import csv
import io
import typing
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from angara.cells import unescaped
from angara.scenario.problems import Problem
from angara.scenario.schema import TABLE_BY_NAME, Meta

# keys of the meta block that hold lists: a workbook writes them as "a, b, c"
LIST_KEYS = {
    name
    for name, info in Meta.model_fields.items()
    if list in {typing.get_origin(a) for a in (info.annotation, *typing.get_args(info.annotation))}
}

Cell = str | float | int | bool | None

META_FILE = "scenario.yaml"
META_SHEET = "meta"
IGNORED_SHEETS = frozenset({"readme", "README"})
IGNORED_FILES = frozenset({"SOURCES.csv"})


@dataclass
class RawTable:
    """Cells of one table as found in a file or sheet, with their row numbers."""

    name: str
    where: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


@dataclass
class RawScenario:
    """Everything read from one scenario, before interpretation."""

    origin: str
    meta: dict[str, Any] | None
    meta_where: str
    tables: dict[str, RawTable]
    problems: list[Problem]
    unreadable: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- folders


def read_folder(folder: Path) -> RawScenario:
    """Read ``scenario.yaml`` and every ``<table>.csv`` of a scenario folder."""
    problems: list[Problem] = []
    meta = _read_yaml(folder / META_FILE, problems)
    tables: dict[str, RawTable] = {}
    unreadable: set[str] = set()
    for path in sorted(folder.iterdir()):
        if path.name in IGNORED_FILES or path.name.startswith("."):
            continue
        if path.suffix.lower() == ".csv":
            name = path.stem
            if name not in TABLE_BY_NAME:
                problems.append(_unknown_table(path.name, name))
                continue
            table = _read_csv(path, problems)
            if table is not None:
                tables[name] = table
            else:
                unreadable.add(name)
    return RawScenario(str(folder), meta, META_FILE, tables, problems, unreadable)


def _unknown_table(where: str, name: str) -> Problem:
    known = ", ".join(sorted(TABLE_BY_NAME))
    return Problem(where, f"unknown table '{name}'; expected one of: {known}")


def _read_bytes(path: Path, problems: list[Problem]) -> str | None:
    where = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(where, f"cannot be read: {error.strerror or error}"))
        return None
    if not data.strip():
        problems.append(Problem(where, "file is empty; expected a header row and data"))
        return None
    if b"\x00" in data:
        problems.append(Problem(where, "looks like a binary file; expected UTF-8 text"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem(where, f"is not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'"))
        return None


MAX_YAML_DEPTH = 32  # nesting levels of scenario.yaml; its deepest key (solver options) is at 2


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases (``*name``: a few hundred bytes of nested aliases
    expand to gigabytes, the "billion laughs") and nesting deeper than :data:`MAX_YAML_DEPTH`
    (which would exhaust the parser's recursion): a scenario file has no use for either."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark if isinstance(event.start_mark, yaml.error.Mark) else None
        if isinstance(event, yaml.AliasEvent):
            reason = f"aliases (*{event.anchor}) are not allowed; write the value out"
            raise yaml.composer.ComposerError(None, None, reason, mark)
        if self.depth >= MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_YAML_DEPTH} levels", mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _read_yaml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    if not path.exists():
        problems.append(Problem(META_FILE, "missing; every scenario folder needs scenario.yaml"))
        return None
    text = _read_bytes(path, problems)
    if text is None:
        return None
    try:
        content = yaml.load(text, Loader=_BoundedLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or "malformed YAML"
        problems.append(Problem(META_FILE, f"malformed YAML: {reason}", row=row))
        return None
    if not isinstance(content, dict):
        problems.append(Problem(META_FILE, "expected a mapping of keys (name: …, title: …)"))
        return None
    return {str(key): value for key, value in content.items()}


def _read_csv(path: Path, problems: list[Problem]) -> RawTable | None:
    text = _read_bytes(path, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records: list[tuple[int, list[Cell]]] = [
            (reader.line_num, [*map(unescaped, record)]) for record in reader
        ]
    except csv.Error as error:
        problems.append(Problem(path.name, f"malformed CSV: {error}", row=reader.line_num))
        return None
    return _table_from_records(path.stem, path.name, records, problems)


def _table_from_records(
    name: str, where: str, records: list[tuple[int, list[Cell]]], problems: list[Problem]
) -> RawTable | None:
    records = [(number, cells) for number, cells in records if any(_filled(c) for c in cells)]
    if not records:
        problems.append(Problem(where, "has no header row; expected column names in row 1"))
        return None
    _, header_cells = records[0]
    header = [str(c).strip() if c is not None else "" for c in header_cells]
    while header and not header[-1]:
        header.pop()
    table = RawTable(name, where, header)
    for number, cells in records[1:]:
        extra = [c for c in cells[len(header) :] if _filled(c)]
        if extra:
            problems.append(
                Problem(
                    where,
                    f"row has {len(header) + len(extra)} cells but the header names {len(header)} columns",
                    row=number,
                    value=str(extra[0]),
                )
            )
            continue
        padded = list(cells[: len(header)]) + [None] * (len(header) - len(cells))
        table.rows.append((number, padded))
    return table


def _filled(cell: Cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


# --------------------------------------------------------------------------- workbooks


def read_workbook(path: Path) -> RawScenario:
    """Read a scenario workbook: a ``meta`` sheet and one sheet per table."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    problems: list[Problem] = []
    origin = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        detail = "empty file" if path.exists() and path.stat().st_size == 0 else str(error) or "unreadable"
        problems.append(Problem(origin, f"is not a readable .xlsx workbook ({detail})"))
        return RawScenario(str(path), None, f"sheet 'meta' of {origin}", {}, problems)
    meta: dict[str, Any] | None = None
    meta_where = f"sheet 'meta' of {origin}"
    tables: dict[str, RawTable] = {}
    unreadable: set[str] = set()
    try:
        for sheet in workbook.worksheets:
            where = f"sheet '{sheet.title}' of {origin}"
            records: list[tuple[int, list[Cell]]] = [
                (number, [_cell(value) for value in row])
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            if sheet.title == META_SHEET:
                meta = _meta_from_records(records, where, problems)
            elif sheet.title in IGNORED_SHEETS:
                continue
            elif sheet.title not in TABLE_BY_NAME:
                problems.append(_unknown_table(where, sheet.title))
            else:
                table = _table_from_records(sheet.title, where, records, problems)
                if table is not None:
                    tables[sheet.title] = table
                else:
                    unreadable.add(sheet.title)
    finally:
        workbook.close()
    if meta is None and not any(p.where == meta_where for p in problems):
        problems.append(Problem(origin, "has no 'meta' sheet; expected one with key/value rows"))
    return RawScenario(str(path), meta, meta_where, tables, problems, unreadable)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)


def _meta_from_records(
    records: list[tuple[int, list[Cell]]], where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    meta: dict[str, Any] = {}
    for number, cells in records:
        if not cells or not _filled(cells[0]):
            continue
        key = str(cells[0]).strip()
        if number == 1 and key.lower() == "key":
            continue
        value = cells[1] if len(cells) > 1 else None
        if not _filled(value):
            continue
        meta_key_value(meta, key, value, where, number, problems)
    return meta


# nested keys of the meta sheet whose values are lists, written as "a, b, c" in one cell
NESTED_LIST_KEYS = ("risk.delay_probabilities",)


def meta_key_value(
    meta: dict[str, Any], key: str, value: Cell, where: str, row: int, problems: list[Problem]
) -> None:
    """Put a flattened ``solver.time_limit`` style key of the meta sheet into ``meta``."""
    parts = key.split(".")
    target = meta
    for part in parts[:-1]:
        nested = target.setdefault(part, {})
        if not isinstance(nested, dict):
            problems.append(Problem(where, f"key '{key}' clashes with '{part}'", row=row))
            return
        target = nested
    listed = (len(parts) == 1 and parts[0] in LIST_KEYS) or key in NESTED_LIST_KEYS
    if listed and isinstance(value, str):
        target[parts[-1]] = [p.strip() for p in value.split(",") if p.strip()]
    else:
        target[parts[-1]] = value
