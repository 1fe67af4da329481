"""Reading Rosstat's symmetric input-output table of domestic products.

The shipped table is Rosstat's basic input-output table for 2021 (sheet ``Симм отеч``
of ``data/io/rosstat_io_2021.xlsx``, product by product, basic prices, mn RUB); see
``data/io/SOURCE.md``.  Rows and columns are found by their codes, not by position,
so that a table of another year with the same layout reads too; anything unexpected
is reported as located :class:`~angara.scenario.problems.Problem` s.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

import numpy as np
import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from angara.scenario.problems import Problem, ScenarioError

SHIPPED_TABLE = Path(__file__).resolve().parent.parent / "data" / "io" / "rosstat_io_2021.xlsx"
DOMESTIC_SHEET = "Симм отеч"

CODE_COLUMN = 1  # 0-based: column B holds the codes of products and of the rows below them
NAME_COLUMN = 2
FIRST_PRODUCT_COLUMN = 3
HEADER_SEARCH_ROWS = 10
HOUSEHOLD_CONSUMPTION = "P3_S14"
INTERMEDIATE_TOTAL = "TOTAL"
SUMMARY_ROWS = {
    "P1": "output at basic prices",
    "D1": "compensation of employees",
    "D11": "wages and salaries",
    "B1g": "gross value added",
    "TOTAL": "total use",
}

Row = tuple[object, ...]


@dataclass(frozen=True, eq=False)
class InputOutputTable:
    """A symmetric product-by-product table of domestic products, basic prices.

    Money is in the table's unit (mn RUB of 2021 for the shipped table); multipliers
    are ratios and do not depend on it.  Arrays are read-only, since the shipped
    table is cached and shared.
    """

    codes: tuple[str, ...]
    """Product codes (OKPD 2) as printed in the table, e.g. ``'07.2'``, ``'41 + 42 + 43'``."""
    names: tuple[str, ...]
    """Product names, in Russian as published."""
    intermediate: np.ndarray
    """Z, (n, n): domestic product i used as input to produce product j."""
    output: np.ndarray
    """x, (n,): output of each product at basic prices (row P1)."""
    compensation: np.ndarray
    """(n,): compensation of employees, wages plus employers' social contributions (row D1)."""
    wages: np.ndarray
    """(n,): wages and salaries, part of compensation (row D11)."""
    value_added: np.ndarray
    """(n,): gross value added (row B1g)."""
    household_consumption: np.ndarray
    """(n,): households' final consumption of domestic products, basic prices (column P3_S14)."""
    household_consumption_total: float
    """Households' final consumption of all products, domestic and imported, including net
    taxes on products (row TOTAL of column P3_S14; equal to that of sheet ``Симм ТЗВ``)."""
    source: str = ""
    """Where the table was read from, for messages."""

    @property
    def size(self) -> int:
        """Number of products."""
        return len(self.codes)

    def position(self, code: str) -> int:
        """Index of the product ``code``; spaces are optional (``'41+42+43'`` works)."""
        try:
            return self.codes.index(code)
        except ValueError:
            compact = code.replace(" ", "")
            for index, known in enumerate(self.codes):
                if known.replace(" ", "") == compact:
                    return index
        raise UnknownProductError(code, self.codes)


class UnknownProductError(KeyError):
    """A product code that is not in the table; the message lists the known codes."""

    def __init__(self, code: str, known: tuple[str, ...]) -> None:
        self.code = code
        self.known = known
        super().__init__(f"unknown product code '{code}'; the table has: {', '.join(known)}")

    def __str__(self) -> str:
        # KeyError would print the repr of the message, quotes and all.
        return str(self.args[0])


def read_table(path: Path | str | None = None) -> InputOutputTable:
    """Read a symmetric table of domestic products from a Rosstat workbook.

    ``None`` reads the shipped 2021 table, once per process.  Raises
    :class:`ScenarioError` with located problems if the file cannot be read or is not
    laid out as expected.
    """
    if path is None:
        return _shipped_table()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _shipped_table() -> InputOutputTable:
    return _read(SHIPPED_TABLE)


def _read(path: Path) -> InputOutputTable:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), "not found")]) from None
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise ScenarioError([Problem(str(path), f"cannot be read as an .xlsx workbook: {reason}")]) from None
    try:
        if DOMESTIC_SHEET not in workbook.sheetnames:
            found = ", ".join(f"'{name}'" for name in workbook.sheetnames)
            message = f"has no sheet '{DOMESTIC_SHEET}' (symmetric table of domestic products); found {found}"
            raise ScenarioError([Problem(path.name, message)])
        rows = list(workbook[DOMESTIC_SHEET].iter_rows(values_only=True))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as error:
        # read-only mode parses the sheet only now, so a damaged sheet shows up here
        reason = str(error) or type(error).__name__
        raise ScenarioError(
            [Problem(path.name, f"sheet '{DOMESTIC_SHEET}' cannot be read: {reason}")]
        ) from None
    finally:
        workbook.close()
    return _SheetReader(rows, f"'{DOMESTIC_SHEET}' sheet of {path.name}").table(str(path))


class _SheetReader:
    """Finds the parts of the sheet by their codes, collecting every problem on the way."""

    def __init__(self, rows: list[Row], where: str) -> None:
        self.rows = rows
        self.where = where
        self.problems: list[Problem] = []

    def table(self, source: str) -> InputOutputTable:
        header = self._header_row()
        codes, total_column = self._product_columns(header)
        consumption_column = self._column_of(header, HOUSEHOLD_CONSUMPTION)
        first = self._product_rows(header, codes)
        summary = {code: self._summary_row(code, first + len(codes)) for code in SUMMARY_ROWS}
        self._stop_if_problems()
        n = len(codes)
        product_rows = range(first, first + n)
        columns = range(FIRST_PRODUCT_COLUMN, total_column)
        intermediate = np.array([[self._number(r, c) for c in columns] for r in product_rows])
        line = {code: np.array([self._number(row, c) for c in columns]) for code, row in summary.items()}
        consumption = np.array([self._number(r, consumption_column) for r in product_rows])
        consumption_total = self._number(summary["TOTAL"], consumption_column)
        self._stop_if_problems()
        if consumption.sum() <= 0 or consumption_total <= 0:
            message = "household consumption must be positive, in total and of domestic products"
            self._problem(message, summary["TOTAL"], consumption_column, f"{consumption_total:g}")
        self._check_values(intermediate, line["P1"], summary["P1"])
        self._stop_if_problems()
        return InputOutputTable(
            codes=tuple(codes),
            names=tuple(str(self.rows[r][NAME_COLUMN] or "").strip() for r in product_rows),
            intermediate=_frozen(intermediate),
            output=_frozen(line["P1"]),
            compensation=_frozen(line["D1"]),
            wages=_frozen(line["D11"]),
            value_added=_frozen(line["B1g"]),
            household_consumption=_frozen(consumption),
            household_consumption_total=consumption_total,
            source=source,
        )

    def _header_row(self) -> int:
        for index, row in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            cells = {_code(cell) for cell in row}
            if INTERMEDIATE_TOTAL in cells and HOUSEHOLD_CONSUMPTION in cells:
                return index
        self._fail(
            f"no row of column codes with '{INTERMEDIATE_TOTAL}' and '{HOUSEHOLD_CONSUMPTION}' "
            f"in the first {HEADER_SEARCH_ROWS} rows; is this a Rosstat symmetric table?"
        )

    def _product_columns(self, header: int) -> tuple[list[str], int]:
        cells = [_code(cell) for cell in self.rows[header]]
        total = self._column_of(header, INTERMEDIATE_TOTAL)
        codes = cells[FIRST_PRODUCT_COLUMN:total]
        if not codes:
            self._fail(f"no product columns before '{INTERMEDIATE_TOTAL}'", header, total)
        for offset, code in enumerate(codes):
            if not code:
                self._problem("expected a product code", header, FIRST_PRODUCT_COLUMN + offset, "")
        return codes, total

    def _column_of(self, header: int, code: str) -> int:
        return [_code(cell) for cell in self.rows[header]].index(code)

    def _product_rows(self, header: int, codes: list[str]) -> int:
        """Index of the first product row; the rows must list the column codes in order."""
        first = next(
            (i for i in range(header + 1, len(self.rows)) if self._row_code(i) == codes[0]),
            None,
        )
        if first is None:
            self._fail(f"no row with the first product code '{codes[0]}' in column B")
        if first + len(codes) > len(self.rows):
            self._fail(f"the sheet ends before the {len(codes)} product rows do", len(self.rows) - 1)
        for offset, expected in enumerate(codes):
            found = self._row_code(first + offset)
            if found != expected:
                column = get_column_letter(FIRST_PRODUCT_COLUMN + offset + 1)
                message = f"expected product code '{expected}', the code of column {column}"
                self._problem(message, first + offset, CODE_COLUMN, found)
        return first

    def _summary_row(self, code: str, start: int) -> int:
        for index in range(start, len(self.rows)):
            if self._row_code(index) == code:
                return index
        self._problem(f"no row with code '{code}' ({SUMMARY_ROWS[code]}) in column B below the products")
        return -1

    def _row_code(self, index: int) -> str:
        row = self.rows[index]
        return _code(row[CODE_COLUMN]) if len(row) > CODE_COLUMN else ""

    def _number(self, row: int, column: int) -> float:
        cells = self.rows[row]
        value = cells[column] if column < len(cells) else None
        if value is None:
            return 0.0  # Rosstat leaves cells empty where the flow is nil
        if isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value):
            return float(value)
        self._problem("expected a number (mn RUB)", row, column, str(value))
        return 0.0

    def _check_values(self, intermediate: np.ndarray, output: np.ndarray, output_row: int) -> None:
        inputs = intermediate.sum(axis=0)
        for j, (produced, used) in enumerate(zip(output, inputs, strict=True)):
            column = FIRST_PRODUCT_COLUMN + j
            if produced < 0:
                self._problem("output must not be negative", output_row, column, f"{produced:g}")
            elif used > 0 and used >= produced:
                message = f"output must exceed the domestic inputs of its column ({used:g})"
                self._problem(message, output_row, column, f"{produced:g}")

    def _problem(
        self, message: str, row: int | None = None, column: int | None = None, value: str | None = None
    ) -> None:
        self.problems.append(
            Problem(
                self.where,
                message,
                row=None if row is None else row + 1,
                column=None if column is None else get_column_letter(column + 1),
                value=value,
            )
        )

    def _fail(self, message: str, row: int | None = None, column: int | None = None) -> NoReturn:
        self._problem(message, row, column)
        raise ScenarioError(self.problems)

    def _stop_if_problems(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems)


def _code(cell: object) -> str:
    # Rosstat pads some codes ('45 '), and numbering cells may be numbers.
    return "" if cell is None else str(cell).strip()


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array
