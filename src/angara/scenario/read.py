"""Read scenario files into raw tables of cells, reporting located problems.

Nothing here knows the meaning of a column: :mod:`angara.scenario.parse` turns
raw cells into typed rows.  A scenario is a folder (``scenario.yaml`` plus one
CSV per table) or one ``.xlsx`` workbook (a ``meta`` sheet plus a sheet per table).
"""

from __future__ import annotations

import csv
import re
import typing
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from angara.cells import unescaped
from angara.scenario.csv_dialect import SEMICOLON, decimal_point, delimiter_of, split_by_decimal_comma
from angara.scenario.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS_PER_TABLE,
    MAX_LINE_CHARS,
    MAX_ROWS_PER_TABLE,
    MAX_SHEET_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_WORKBOOK_PARTS,
    Budget,
    stream_entries,
    too_many_columns,
    too_many_rows,
)
from angara.scenario.problems import Problem, ScenarioError
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


def read_folder(folder: Path, max_bytes: int = MAX_UNPACKED_BYTES) -> RawScenario:
    """Read ``scenario.yaml`` and every ``<table>.csv`` of a scenario folder, at most
    ``max_bytes`` of them (:class:`ScenarioError` beyond) and the caps of :mod:`limits`."""
    problems: list[Problem] = []
    budget = Budget(max_bytes=max_bytes)
    meta = _read_yaml(folder / META_FILE, problems, budget)
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
            table = _read_csv(path, problems, budget)
            if table is not None:
                tables[name] = table
            else:
                unreadable.add(name)
    return RawScenario(str(folder), meta, META_FILE, tables, problems, unreadable)


def _unknown_table(where: str, name: str) -> Problem:
    known = ", ".join(sorted(TABLE_BY_NAME))
    return Problem(where, f"unknown table '{name}'; expected one of: {known}")


def _read_bytes(path: Path, problems: list[Problem], budget: Budget) -> str | None:
    where = path.name
    try:
        with path.open("rb") as handle:
            # at most what the budget has left, plus one byte to know that it is over
            data = handle.read(max(budget.max_bytes - budget.bytes_read, 0) + 1)
        budget.take_bytes(len(data), where)
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


def _read_yaml(path: Path, problems: list[Problem], budget: Budget) -> dict[str, Any] | None:
    if not path.exists():
        problems.append(Problem(META_FILE, "missing; every scenario folder needs scenario.yaml"))
        return None
    text = _read_bytes(path, problems, budget)
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


def _read_csv(path: Path, problems: list[Problem], budget: Budget) -> RawTable | None:
    text = _read_bytes(path, problems, budget)
    if text is None:
        return None
    delimiter = delimiter_of(text)
    reader = csv.reader(_lines(text, path.name), delimiter=delimiter)
    # a semicolon file is Excel's in a decimal-comma locale: its numbers are 12,5
    cell = (lambda text: decimal_point(unescaped(text))) if delimiter == SEMICOLON else unescaped
    try:
        records = _bounded(((reader.line_num, [*map(cell, record)]) for record in reader), path.name, budget)
    except csv.Error as error:
        problems.append(Problem(path.name, f"malformed CSV: {error}", row=reader.line_num))
        return None
    except _TooLarge as error:
        problems.append(error.problem)
        return None
    return _table_from_records(path.stem, path.name, records, problems)


# a line and its end (\r\n, \n or \r, as Excel for Mac writes), at most MAX_LINE_CHARS long
_LINE = re.compile(rf"[^\r\n]{{0,{MAX_LINE_CHARS}}}(?:\r\n|\r|\n)?")


def _lines(text: str, where: str) -> Iterator[str]:
    """The lines of ``text``, each at most :data:`MAX_LINE_CHARS` characters long."""
    position, number = 0, 0
    while position < len(text):
        line = _LINE.match(text, position)
        assert line is not None  # the pattern matches the empty string
        number += 1
        if line.end() < len(text) and not line.group().endswith(("\n", "\r")):
            message = f"line has more than {MAX_LINE_CHARS:,} characters, the most accepted; check the file"
            raise _TooLarge(Problem(where, message, row=number))
        position = line.end()
        yield line.group()


class _TooLarge(Exception):
    """A table over one of the caps: the problem, and the table is not read further."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _bounded(
    records: Iterable[tuple[int, list[Cell]]], where: str, budget: Budget
) -> list[tuple[int, list[Cell]]]:
    """The filled rows of ``records``, read no further than a cap: at most
    :data:`MAX_ROWS_PER_TABLE` rows under a header, :data:`MAX_COLUMNS_PER_TABLE` columns,
    :data:`MAX_CELL_CHARS` characters a cell and the budget's cells.

    Raises :class:`_TooLarge` for this table, :class:`ScenarioError` for the scenario's cells.
    """
    kept: list[tuple[int, list[Cell]]] = []
    for number, cells in records:
        if number > MAX_SHEET_ROWS + 1:
            raise _TooLarge(too_many_rows(where, number))
        while cells and not _filled(cells[-1]):
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS_PER_TABLE:
            raise _TooLarge(too_many_columns(where, number))
        if len(kept) > MAX_ROWS_PER_TABLE:  # the header and MAX_ROWS_PER_TABLE rows kept
            raise _TooLarge(too_many_rows(where, number))
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                message = f"a cell has more than {MAX_CELL_CHARS:,} characters, the most accepted"
                raise _TooLarge(Problem(where, message, row=number, column=f"#{index + 1}", value=cell))
        budget.take_cells(len(cells), where, number)
        kept.append((number, cells))
    return kept


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
            hint = ""
            if where.lower().endswith(".csv") and split_by_decimal_comma(cells):
                hint = (
                    "; a decimal comma (12,5) splits a cell of a comma-separated file: "
                    "write 12.5, or save the file as CSV with ';' between cells"
                )
            problems.append(
                Problem(
                    where,
                    f"row has {len(header) + len(extra)} cells but the header names "
                    f"{len(header)} columns{hint}",
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


def read_workbook(path: Path, max_bytes: int = MAX_UNPACKED_BYTES) -> RawScenario:
    """Read a scenario workbook: a ``meta`` sheet and one sheet per table.

    The workbook is first unpacked without keeping anything, to check that its parts hold
    at most ``max_bytes`` (:class:`ScenarioError` beyond); then each sheet is read row by row
    up to the caps of :mod:`angara.scenario.limits`, ignored and unknown sheets not at all.
    """
    from openpyxl.utils.exceptions import InvalidFileException

    from angara.scenario.sheets import open_workbook, sheet_rows

    problems: list[Problem] = []
    origin = path.name
    budget = Budget(max_bytes=max_bytes)
    try:
        with path.open("rb") as source, zipfile.ZipFile(source) as archive:
            stream_entries(origin, source, archive.infolist(), budget, max_entries=MAX_WORKBOOK_PARTS)
        budget.bytes_read = 0  # counted once, as the parts' size: the cells are counted apart
        workbook = open_workbook(path)
    except ScenarioError as error:  # too large, too many parts, or a part that cannot be unpacked
        return RawScenario(str(path), None, f"sheet 'meta' of {origin}", {}, [*problems, *error.problems])
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
            if sheet.title in IGNORED_SHEETS or (
                sheet.title not in TABLE_BY_NAME and sheet.title != META_SHEET
            ):
                records: list[tuple[int, list[Cell]]] = []  # not read: its rows are not used
            else:
                try:
                    records = _bounded(sheet_rows(sheet), where, budget)
                except _TooLarge as error:
                    problems.append(error.problem)
                    unreadable.add(sheet.title)
                    continue
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
