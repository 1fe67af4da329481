"""The mini scenario as parsed tables, and edits of it, for testing the checks directly.

Rows are addressed by their row number in the CSV file (the header is row 1), so an
edit and the problem it causes name the same row.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from angara.scenario.checks.rows import Tables
from angara.scenario.load import parse_tables, read
from angara.scenario.parse import ParsedTable
from angara.scenario.problems import Problem
from angara.scenario.schema import TABLE_BY_NAME, Meta, Row
from tests.conftest import MINI


@functools.cache
def _parsed_mini() -> Tables:
    problems: list[Problem] = []
    tables = parse_tables(read(MINI), Meta.model_fields["base_year"].default, problems)
    assert problems == [], problems
    return tables


def _copy(table: ParsedTable) -> ParsedTable:
    return dataclasses.replace(
        table, rows=list(table.rows), row_numbers=list(table.row_numbers), failed_ids=set(table.failed_ids)
    )


def mini_tables() -> Tables:
    """A fresh copy of the mini scenario's parsed tables (valid: every check passes)."""
    return {name: _copy(table) for name, table in _parsed_mini().items()}


def edited(tables: Tables, name: str, row: int, /, **changes: Any) -> Tables:
    """``tables`` with the given columns of row ``row`` of table ``name`` changed."""
    table = tables[name]
    index = table.row_numbers.index(row)
    changed = _copy(table)
    changed.rows[index] = _validated(table.spec.row, {**table.rows[index].model_dump(), **changes})
    return {**tables, name: changed}


def added(tables: Tables, name: str, /, **values: Any) -> Tables:
    """``tables`` with a row appended to table ``name``, numbered after its last row."""
    table = tables.get(name) or ParsedTable(TABLE_BY_NAME[name], f"{name}.csv")
    changed = _copy(table)
    changed.rows.append(_validated(table.spec.row, values))
    changed.row_numbers.append(max(table.row_numbers, default=1) + 1)
    return {**tables, name: changed}


def only(name: str, *rows: dict[str, Any]) -> ParsedTable:
    """A table ``name`` of the given rows, numbered from 2 as in a file."""
    spec = TABLE_BY_NAME[name]
    parsed = [_validated(spec.row, values) for values in rows]
    return ParsedTable(spec, f"{name}.csv", parsed, list(range(2, 2 + len(parsed))))


def run(check: Callable[..., None], *args: Any) -> list[Problem]:
    """The problems ``check(*args, problems)`` reports."""
    problems: list[Problem] = []
    check(*args, problems)
    return problems


def _validated(model: type[Row], values: dict[str, Any]) -> Row:
    # Checks only ever see rows that passed validation: an edit must be a valid row too.
    return model.model_validate(values)
