"""Turn raw cells into typed rows: headers and units, cell values, row models.

Every problem is located (file or sheet, row, column) and phrased as what was
expected.  Quantities are converted to the schema's canonical unit here, USD
amounts with the exchange rate of the row's year (or of the base year).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from angara.scenario.csv_dialect import decimal_point, has_decimal_comma
from angara.scenario.paths import StepPath
from angara.scenario.problems import Problem
from angara.scenario.read import Cell, RawTable
from angara.scenario.schema import ID_RULE, WILDCARD, ColumnSpec, ExchangeRate, Row, TableSpec
from angara.scenario.units import Unit, UnitProblem, compatible, conversion_factor, parse_unit, uses_usd

HEADER = re.compile(r"^\s*(?P<name>[^\[\]]*?)\s*(?:\[(?P<unit>[^\[\]]*)\])?\s*$")
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "да", "x"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "нет"})
# a quantity cell may carry its own unit, which replaces the header's: "9000 RUB/(kW*month)"
WITH_UNIT = re.compile(
    r"^\s*(?P<number>[-+\u2212]?(?:\d[\d\s]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?P<unit>[^\d\s.+\-].*)$"
)


@dataclass(frozen=True)
class Given:
    """A quantity cell as written: its number, the unit it is in (the cell's or the header's),
    whether the cell named that unit, and the row's year (for USD)."""

    number: float
    unit: Unit
    own_unit: bool
    year: int | None


def rate_path(rates: Sequence[ExchangeRate]) -> StepPath:
    """RUB per USD by year from the exchange_rates rows."""
    return StepPath((r.year, r.rub_per_usd) for r in rates)


@dataclass
class ParsedTable:
    """Typed rows of one table, with where each came from."""

    spec: TableSpec
    where: str
    rows: list[Row] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # ids of rows that had problems: references to them are not reported again
    failed_ids: set[str] = field(default_factory=set)
    # every quantity cell as written, by (position in rows, column): goods measured in their
    # own unit are converted from these (scenario.good_units)
    given: dict[tuple[int, str], Given] = field(default_factory=dict)

    def locate(self, index: int) -> tuple[str, int]:
        return self.where, self.row_numbers[index]

    def header(self, column: str) -> str:
        return self.headers.get(column, column)


@dataclass
class _Column:
    spec: ColumnSpec
    header: str
    factor: Callable[[int | None], float] | None = None
    unit: Unit | None = None


class _CellProblem(ValueError):
    pass


def parse_table(
    raw: RawTable, spec: TableSpec, rates: StepPath, base_year: int, problems: list[Problem]
) -> ParsedTable:
    """Check headers and every cell of ``raw``; return the rows that are valid."""
    parsed = ParsedTable(spec, raw.where)
    columns = _read_header(raw, spec, rates, base_year, problems)
    if columns is None:
        parsed.failed_ids.add(WILDCARD)
        return parsed
    parsed.headers = {name: column.header for name, column in columns.items()}
    id_position = list(columns).index("id") if "id" in columns else None
    for number, cells in raw.rows:
        given: dict[str, Given] = {}
        row = _parse_row(raw.where, number, cells, columns, spec, problems, given, rates, base_year)
        if row is not None:
            parsed.given.update({(len(parsed.rows), name): g for name, g in given.items()})
            parsed.rows.append(row)
            parsed.row_numbers.append(number)
        elif id_position is not None and cells[id_position] is not None:
            parsed.failed_ids.add(_text(cells[id_position]))
    return parsed


def _column_name(text: str) -> str:
    match = HEADER.match(text)
    return match.group("name").strip().lower().replace(" ", "_") if match else ""


def _read_header(
    raw: RawTable, spec: TableSpec, rates: StepPath, base_year: int, problems: list[Problem]
) -> dict[str, _Column] | None:
    """Columns in header order, or None when the header itself is wrong."""
    columns: dict[str, _Column] = {}
    named: set[str] = set()
    ok = True
    for text in raw.header:
        name = _column_name(text)
        column_spec = spec.column(name) if name else None
        if not name:
            problems.append(Problem(raw.where, "column without a name in the header", row=1, value=text))
        elif column_spec is None:
            known = ", ".join(c.name for c in spec.columns)
            problems.append(
                Problem(raw.where, f"unknown column; expected some of: {known}", row=1, column=text)
            )
        elif name in named:
            problems.append(Problem(raw.where, "column appears twice in the header", row=1, column=text))
        else:
            named.add(name)
            match = HEADER.match(text)
            unit_text = match.group("unit") if match else None
            column = _column(raw.where, text, column_spec, unit_text, rates, base_year, spec, problems)
            if column is not None:
                columns[name] = column
                continue
        ok = False
    for column_spec in spec.columns:
        if column_spec.required and column_spec.name not in named:
            example = column_spec.name
            if column_spec.unit not in (None, "1"):
                example += f" [{column_spec.unit}]"
            problems.append(
                Problem(raw.where, f"required column '{example}' is missing from the header", row=1)
            )
            ok = False
    return columns if ok else None


def _column(
    where: str,
    header: str,
    spec: ColumnSpec,
    unit_text: str | None,
    rates: StepPath,
    base_year: int,
    table: TableSpec,
    problems: list[Problem],
) -> _Column | None:
    if spec.kind != "quantity":
        if unit_text is not None and unit_text.strip():
            problems.append(Problem(where, "this column takes no unit", row=1, column=header))
            return None
        return _Column(spec, header)
    canonical = parse_unit(spec.unit or "1")
    if unit_text is None or not unit_text.strip():
        if spec.unit not in (None, "1"):
            problems.append(
                Problem(
                    where,
                    f"needs a unit in brackets, e.g. '{spec.name} [{spec.unit}]'",
                    row=1,
                    column=header,
                )
            )
            return None
        return _Column(spec, header, lambda _year: 1.0, canonical)
    try:
        unit = parse_unit(unit_text)
    except UnitProblem as error:
        problems.append(Problem(where, f"{error}; expected a unit like '{spec.unit}'", row=1, column=header))
        return None
    if not compatible(unit, canonical):
        problems.append(
            Problem(
                where,
                f"unit '{unit_text}' is not compatible with '{spec.unit}'",
                row=1,
                column=header,
            )
        )
        return None
    if uses_usd(unit) and not uses_usd(canonical):
        if not rates:
            problems.append(
                Problem(
                    where,
                    "is in USD but the scenario has no exchange_rates table to convert it to RUB",
                    row=1,
                    column=header,
                )
            )
            return None
        has_year = table.column("year") is not None

        def by_year(year: int | None) -> float:
            rate = rates.at(year if (has_year and year is not None) else base_year)
            return conversion_factor(unit, canonical, rate)

        return _Column(spec, header, by_year, unit)
    factor = conversion_factor(unit, canonical)
    return _Column(spec, header, lambda _year: factor, unit)


def _parse_row(
    where: str,
    number: int,
    cells: list[Cell],
    columns: dict[str, _Column],
    spec: TableSpec,
    problems: list[Problem],
    given: dict[str, Given],
    rates: StepPath,
    base_year: int,
) -> Row | None:
    values: dict[str, Any] = {}
    raw_text: dict[str, str] = {}
    factors: dict[str, float] = {}
    ok = True
    year = _year_hint(cells[list(columns).index("year")]) if "year" in columns else None
    for (name, column), cell in zip(columns.items(), cells, strict=True):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        raw_text[name] = _text(cell)
        try:
            if column.spec.kind == "quantity":
                assert column.factor is not None and column.unit is not None
                own = _own_unit(cell)
                if own is None:
                    factor = column.factor(year)
                    given[name] = Given(_number(cell), column.unit, False, year)
                    factors[name] = factor
                    values[name] = significant(given[name].number * factor)
                else:
                    given[name] = Given(own[0], own[1], True, year)
                    values[name] = _convert_own(own, column, rates, year, base_year, spec)
            elif column.spec.kind == "integer":
                values[name] = _integer(cell)
            elif column.spec.kind == "boolean":
                values[name] = _boolean(cell)
            else:
                values[name] = _text(cell)
        except (_CellProblem, UnitProblem) as error:
            problems.append(
                Problem(where, str(error), row=number, column=column.header, value=raw_text[name])
            )
            ok = False
    if not ok:
        return None
    try:
        return spec.row.model_validate(values)
    except ValidationError as error:
        for detail in error.errors():
            loc = detail.get("loc", ())
            field = str(loc[0]) if loc else ""
            known = columns.get(field)
            header = known.header if known is not None else (field or None)
            problems.append(
                Problem(
                    where,
                    _phrase(detail, spec.column(field) if field else None, factors.get(field, 1.0), header),
                    row=number,
                    column=header,
                    value=raw_text.get(field),
                )
            )
        return None


def _own_unit(cell: Cell) -> tuple[float, Unit] | None:
    """The number and unit of a cell that names its own unit ("8760 MWh/(MW*yr)"), or None."""
    if not isinstance(cell, str):
        return None
    try:
        float(cell.strip().replace("\u2212", "-"))
        return None  # a plain number, 5.56e-05 included
    except ValueError:
        if has_decimal_comma(cell):
            return None  # "12,5": a number with a decimal comma, told as such by _number
    match = WITH_UNIT.match(cell)
    if match is None:
        return None
    number = _number(match.group("number").replace(" ", ""))
    try:
        unit = parse_unit(match.group("unit"))
    except UnitProblem as error:
        raise _CellProblem(f"{error} in the cell") from None
    return number, unit


def _convert_own(
    own: tuple[float, Unit],
    column: _Column,
    rates: StepPath,
    year: int | None,
    base_year: int,
    spec: TableSpec,
) -> float:
    """A cell in its own unit, in the column's canonical unit; a unit that does not fit is
    kept as written for scenario.good_units, which knows the good it is per (and refuses it
    where it fits no good)."""
    number, unit = own
    canonical = parse_unit(column.spec.unit or "1")
    if not compatible(unit, canonical):
        return number
    rate = None
    if uses_usd(unit) and not uses_usd(canonical):
        if not rates:
            raise _CellProblem("is in USD but the scenario has no exchange_rates table to convert it to RUB")
        rate = rates.at(year if (spec.column("year") is not None and year is not None) else base_year)
    return significant(number * conversion_factor(unit, canonical, rate))


def significant(value: float) -> float:
    """``value`` rounded to 15 significant digits, as a spreadsheet keeps it.

    Unit conversion leaves noise in the last digits (0.04585 % is not exactly
    representable); rounding makes a folder and a workbook hold the same numbers.
    """
    return float(f"{value:.15g}")


def _year_hint(cell: Cell) -> int | None:
    try:
        return _integer(cell) if cell is not None and str(cell).strip() else None
    except _CellProblem:
        return None


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _number(cell: Cell) -> float:
    if isinstance(cell, bool):
        raise _CellProblem("expected a number, found TRUE/FALSE")
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        # str.strip() drops the ASCII separators U+001C-U+001F; a control character in a number is corruption.
        if any(unicodedata.category(char) == "Cc" and char not in " \t" for char in str(cell)):
            raise _CellProblem("expected a number, found a control character")
        text = str(cell).strip().replace("\u2212", "-")
        try:
            value = float(text)
        except ValueError:
            if has_decimal_comma(text):
                hint = f" with a decimal point, not a comma: write {decimal_point(text)}"
            elif re.match(r"^-?[\d.]+\s*\D", text):
                hint = " (write units in the header, not the cell)"
            else:
                hint = ""
            raise _CellProblem(f"expected a number{hint}") from None
    if not math.isfinite(value):
        raise _CellProblem("expected a finite number")
    return value


def _integer(cell: Cell) -> int:
    value = _number(cell)
    if not value.is_integer():
        raise _CellProblem("expected a whole number")
    return int(value)


def _boolean(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    text = _text(cell).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _CellProblem("expected yes or no")


def _phrase(detail: Any, column: ColumnSpec | None, factor: float, header: str | None) -> str:
    kind = detail.get("type", "")
    context = detail.get("ctx", {}) or {}
    unit = ""
    if header and "[" in header:
        unit = " " + header[header.index("[") + 1 : header.rindex("]")].strip()
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    plausible = ""
    if column is not None and column.plausible is not None:
        low, high = (end / (factor or 1.0) for end in column.plausible)
        plausible = f"outside the plausible range {_format(low)} to {_format(high)}{unit}; check the unit"
    if kind in bounds:
        words, key = bounds[kind]
        bound = float(context[key]) / (factor or 1.0)
        expected = f"expected a number {words} {_format(bound)}{unit}"
        return f"{expected}: {plausible}" if plausible else expected
    if kind == "finite_number":  # a finite number that overflowed when converted to the column's unit
        return plausible or "expected a finite number (not NaN or infinity)"
    if kind == "missing":
        return "a value is required here"
    if kind == "literal_error":
        choices = ", ".join(column.choices) if column else context.get("expected", "")
        return f"expected one of: {choices}"
    if kind == "string_pattern_mismatch":
        return f"expected an id of {ID_RULE}"
    if kind == "value_error":
        return str(context.get("error", detail.get("msg", "invalid value")))
    return str(detail.get("msg", "invalid value")).lower()


def _format(value: float) -> str:
    return f"{value:g}"
