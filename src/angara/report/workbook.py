"""All results of a run in one Excel workbook: a sheet of headline figures for the plan,
the assessment and the risk analysis, then one sheet per result table.

Cells hold numbers as numbers (money in RUB, shares as fractions, as in the CSV files), so
the workbook computes like the CSV files it comes from; the header row is bold and frozen.
Texts are text cells, never formulas, whatever they start with (:mod:`angara.cells`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from angara.cells import force_text
from angara.results.columns import ALL_TABLES
from angara.results.read import RunResults

MAX_SHEET_NAME = 31  # Excel's limit
# lists inside the JSON documents that a CSV table already holds in full
DUPLICATED = {("plan", "builds"), ("risk", "plants"), ("risk", "tornado.bars")}
WIDTH_SAMPLE = 200  # rows looked at to size a column
MIN_WIDTH, MAX_WIDTH = 8, 60
MONEY_FORMAT = "#,##0"
BOLD = Font(bold=True)


def results_workbook(results: RunResults) -> bytes:
    """The .xlsx workbook of ``results``."""
    book = Workbook(write_only=True)  # streams rows: risk samples can be 100,000 rows
    used: set[str] = set()
    # as the files hold them: keys a document's file did not have are left out
    documents = {
        "plan": results.plan.model_dump(mode="json", exclude_unset=True),
        "assessment": results.assessment.model_dump(mode="json", exclude_unset=True),
    }
    if results.risk is not None:
        documents["risk"] = results.risk.model_dump(mode="json", exclude_unset=True)
    listed: dict[str, pd.DataFrame] = {}
    for name, document in documents.items():
        headline, lists = _flatten(name, document)
        _sheet(book, used, name, pd.DataFrame(headline, columns=["key", "value"]))
        listed |= lists
    for name in _table_order(results.tables):
        _sheet(book, used, name, results.tables[name])
    for name, table in listed.items():
        _sheet(book, used, name, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table_order(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    return [name for name in ALL_TABLES if name in tables] + sorted(set(tables) - set(ALL_TABLES))


def _flatten(name: str, document: dict[str, Any]) -> tuple[list[tuple[str, Any]], dict[str, pd.DataFrame]]:
    """Scalars of ``document`` as ``(dotted key, value)`` rows, and its lists of records as tables."""
    rows: list[tuple[str, Any]] = []
    lists: dict[str, pd.DataFrame] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value and all(_is_series(item) for item in value.values()):
            # columns of numbers side by side (a histogram's edges and counts): one table
            lists[f"{name}_{prefix.replace('.', '_')}"] = pd.DataFrame(
                {key: pd.Series(item) for key, item in value.items()}
            )
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            if (name, prefix) not in DUPLICATED:
                lists[f"{name}_{prefix.replace('.', '_')}"] = pd.json_normalize(value)
        elif isinstance(value, list):
            if all(not isinstance(item, list | dict) for item in value):
                rows.append((prefix, ", ".join(str(item) for item in value)))
            else:
                for index, item in enumerate(value):
                    walk(f"{prefix}.{index}", item)
        else:
            rows.append((prefix, value))

    walk("", document)
    return rows, lists


def _is_series(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) > 1
        and all(isinstance(item, int | float) and not isinstance(item, bool) for item in value)
    )


def table_workbook(name: str, table: pd.DataFrame) -> bytes:
    """The .xlsx workbook of one result table ``name``: one sheet, texts as text cells."""
    book = Workbook(write_only=True)
    _sheet(book, set(), name, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, used: set[str], name: str, table: pd.DataFrame) -> None:
    title = _unique(name, used)
    sheet: WriteOnlyWorksheet = book.create_sheet(title)
    columns = [str(column) for column in table.columns]
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_widths(table, columns), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for column in columns:
        cell = force_text(WriteOnlyCell(sheet, value=column))
        cell.font = BOLD
        header.append(cell)
    sheet.append(header)
    money = [column.endswith(("_rub", "_usd")) or column == "value" for column in columns]
    for values in _rows(table):
        cells: list[Any] = []
        for value, is_money in zip(values, money, strict=True):
            if is_money and isinstance(value, float) and abs(value) >= 1e4:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = MONEY_FORMAT  # display only: the cell keeps every digit
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(force_text(WriteOnlyCell(sheet, value=value)))
            else:
                cells.append(value)
        sheet.append(cells)


def _rows(table: pd.DataFrame) -> Iterator[list[Any]]:
    """Rows of plain Python values: numbers stay numbers, NaN becomes an empty cell."""
    for row in table.itertuples(index=False, name=None):
        yield [_cell(value) for value in row]


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) or hasattr(value, "item"):
        number = value.item() if hasattr(value, "item") else value
        if isinstance(number, float) and not math.isfinite(number):
            return None
        return number
    return str(value)


def _widths(table: pd.DataFrame, columns: list[str]) -> list[float]:
    widths = []
    sample = table.head(WIDTH_SAMPLE)
    for position, column in enumerate(columns):
        values = sample.iloc[:, position]
        longest = max([len(column), *(len(_shown(value)) for value in values)])
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def _shown(value: Any) -> str:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.6g}"
    return str(value)


def _unique(name: str, used: set[str]) -> str:
    """A sheet name of at most 31 characters, without the characters Excel forbids, unused so far."""
    clean = "".join("_" if char in "[]:*?/\\" else char for char in name)[:MAX_SHEET_NAME]
    title, number = clean, 2
    while title.lower() in used:
        suffix = f"~{number}"
        title = clean[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    used.add(title.lower())
    return title
