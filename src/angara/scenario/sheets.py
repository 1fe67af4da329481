"""Workbook sheets read lazily and within bounds (openpyxl's read-only mode, minus its trust).

openpyxl, opening a workbook read-only, looks for each sheet's declared size; a sheet that
declares none is parsed to its end there and then, whether or not its rows will be used (an
ignored README of a million rows took seconds).  Here sheets are opened without that look,
and each is read row by row, no wider and no longer than the caps allow: the declared size,
up to 16,384 columns on every row, is never used.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from angara.scenario.limits import MAX_COLUMNS_PER_TABLE, MAX_SHEET_ROWS

Value = str | float | int | bool | None


class _SheetOfUnknownSize(ReadOnlyWorksheet):  # type: ignore[misc]
    """A read-only sheet that does not parse itself to find its size when opened."""

    def _get_size(self) -> None:
        """Nothing: rows are read with explicit bounds (see :func:`sheet_rows`)."""


class _LazyReader(ExcelReader):  # type: ignore[misc]
    """openpyxl's reader, its read-only worksheets opened as :class:`_SheetOfUnknownSize`."""

    def read_worksheets(self) -> None:
        for sheet, relation in self.parser.find_sheets():
            if relation.target not in self.valid_files or "chartsheet" in relation.Type:
                continue  # a chart is not a table
            worksheet = _SheetOfUnknownSize(self.wb, sheet.name, relation.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def open_workbook(path: Path) -> Any:
    """The workbook at ``path``, read-only, values not formulas; close it after use.

    Raises what openpyxl raises for a file that is not a workbook.
    """
    reader = _LazyReader(path, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def sheet_rows(sheet: Any) -> Iterator[tuple[int, list[Value]]]:
    """The rows of ``sheet`` numbered from 1, one column past the columns cap wide and one row
    past the rows looked at long, so that a caller sees a cap passed without reading further."""
    rows = sheet.iter_rows(
        min_row=1, max_row=MAX_SHEET_ROWS + 2, max_col=MAX_COLUMNS_PER_TABLE + 1, values_only=True
    )
    for number, row in enumerate(rows, start=1):
        yield number, [_value(value) for value in row]


def _value(value: object) -> Value:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)
