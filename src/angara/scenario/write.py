"""Write a scenario as a folder (``scenario.yaml`` + CSV) or one ``.xlsx`` workbook,
and write the empty Excel template.  Values are written in canonical units, so a
scenario read back is identical.  Nothing is half-written: files appear at their
destination only when complete.  No cell runs as a formula in a spreadsheet: CSV texts are
escaped and workbook texts are text cells (:mod:`angara.cells`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from angara.atomic import staged
from angara.cells import escaped, force_text
from angara.scenario.good_units import written_units
from angara.scenario.model import Scenario
from angara.scenario.read import META_FILE, META_SHEET
from angara.scenario.schema import TABLES, ColumnSpec, Meta, Row, TableSpec

README_SHEET = "README"


def header(column: ColumnSpec) -> str:
    """Column header with its canonical unit, e.g. ``reserves [t]``."""
    if column.kind == "quantity" and column.unit not in (None, "1"):
        return f"{column.name} [{column.unit}]"
    return column.name


def cell_text(value: Any) -> str:
    """How a value is written to CSV so that it reads back exactly."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def with_unit(text: str, unit: str | None) -> str:
    """A figure of a good in its own unit carries that unit in its cell ("25 MW")."""
    return f"{text} {unit}" if unit and text else text


def _written_columns(spec: TableSpec, rows: tuple[Row, ...]) -> list[ColumnSpec]:
    return [c for c in spec.columns if c.required or any(getattr(r, c.name) is not None for r in rows)]


def meta_document(meta: Meta) -> dict[str, Any]:
    """The meta block as plain data, in schema order."""
    return meta.model_dump(mode="json")


# --------------------------------------------------------------------------- folders


def write_folder(scenario: Scenario, destination: Path) -> None:
    """Write ``scenario`` as ``destination/scenario.yaml`` plus one CSV per non-empty table."""
    with staged(destination) as folder:
        folder.mkdir()
        text = yaml.safe_dump(meta_document(scenario.meta), sort_keys=False, allow_unicode=True)
        (folder / META_FILE).write_text(text, encoding="utf-8")
        own_unit = written_units(scenario.goods, scenario.processes)
        for spec in TABLES:
            rows = scenario.table(spec.name)
            if not rows:
                continue
            columns = _written_columns(spec, rows)
            cells = (
                [
                    with_unit(cell_text(getattr(row, c.name)), own_unit(spec.name, row, c.name))
                    for c in columns
                ]
                for row in rows
            )
            text = csv_text([[header(c) for c in columns], *cells])
            (folder / f"{spec.name}.csv").write_text(text, encoding="utf-8")


def csv_text(rows: Iterable[list[str]]) -> str:
    """The CSV text of ``rows``, each cell escaped so that no spreadsheet runs it as a formula.

    A row with a carriage return in a cell is quoted in full: with LF line ends the csv
    module would leave such a cell bare, and a reader would take the CR for a line end."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        written = [escaped(cell) for cell in row]
        (quoted if any("\r" in cell for cell in written) else plain).writerow(written)
    return buffer.getvalue()


# --------------------------------------------------------------------------- workbooks


def _flatten(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, nested in value.items():
            yield from _flatten(f"{prefix}.{key}" if prefix else key, nested)
    elif isinstance(value, list):
        yield prefix, ", ".join(str(v) for v in value)
    else:
        yield prefix, value


def _sheet_cell(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def _append_row(sheet: Any, values: list[Any]) -> None:
    """Append ``values`` as a row whose texts are text cells, never formulas."""
    from openpyxl.cell import Cell

    sheet.append([force_text(Cell(sheet, value=v)) if isinstance(v, str) else v for v in values])


def _add_table_sheet(
    workbook: Any,
    spec: TableSpec,
    rows: tuple[Row, ...],
    columns: list[ColumnSpec],
    own_unit: Callable[[str, Row, str], str | None] | None = None,
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(spec.name)
    _append_row(sheet, [header(c) for c in columns])
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = Font(bold=True)
        cell.comment = Comment(_describe(column), "Angara")
    for row in rows:
        _append_row(
            sheet, [_unit_cell(getattr(row, c.name), spec.name, row, c.name, own_unit) for c in columns]
        )
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(header(column)) + 2)


def _unit_cell(
    value: Any, table: str, row: Row, column: str, own_unit: Callable[[str, Row, str], str | None] | None
) -> Any:
    unit = own_unit(table, row, column) if own_unit is not None and value is not None else None
    return with_unit(cell_text(value), unit) if unit else _sheet_cell(value)


def _describe(column: ColumnSpec) -> str:
    parts = [column.description]
    if column.kind == "quantity" and column.unit not in (None, "1"):
        parts.append(f"Unit: {column.unit} (any compatible unit may be written in brackets).")
    if column.choices:
        parts.append("One of: " + ", ".join(column.choices) + ".")
    if column.references:
        parts.append("An id from: " + ", ".join(column.references) + ".")
    parts.append("Required." if column.required else "Optional.")
    return " ".join(parts)


def _add_readme(workbook: Any) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(README_SHEET, 0)
    _append_row(sheet, ["table", "column", "unit", "required", "description"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for spec in TABLES:
        _append_row(sheet, [spec.name, "", "", "", spec.description])
        for column in spec.columns:
            unit = column.unit if column.kind == "quantity" and column.unit != "1" else ""
            _append_row(sheet, ["", column.name, unit, "yes" if column.required else "", _describe(column)])
    for letter, width in zip("ABCDE", (18, 22, 12, 9, 110), strict=True):
        sheet.column_dimensions[letter].width = width


def _add_meta(workbook: Any, document: dict[str, Any]) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(META_SHEET, 0)
    _append_row(sheet, ["key", "value", "description"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    descriptions = {name: info.description or "" for name, info in Meta.model_fields.items()}
    for key, value in _flatten("", document):
        _append_row(sheet, [key, _sheet_cell(value), descriptions.get(key.split(".")[0], "")])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 60


def _save_workbook(workbook: Any, destination: Path) -> None:
    with staged(destination) as target:
        workbook.save(target)


def write_workbook(scenario: Scenario, destination: Path) -> None:
    """Write ``scenario`` as one workbook: ``meta``, ``README`` and a sheet per non-empty table."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    _add_meta(workbook, meta_document(scenario.meta))
    own_unit = written_units(scenario.goods, scenario.processes)
    for spec in TABLES:
        rows = scenario.table(spec.name)
        if rows:
            _add_table_sheet(workbook, spec, rows, _written_columns(spec, rows), own_unit)
    _add_readme(workbook)
    _save_workbook(workbook, destination)


def write_template(destination: Path) -> None:
    """Write an empty workbook: every table with headers, units and descriptions."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    starter = Meta(name="my-scenario", title="My scenario")
    _add_meta(workbook, meta_document(starter))
    for spec in TABLES:
        _add_table_sheet(workbook, spec, (), spec.columns)
    _add_readme(workbook)
    _save_workbook(workbook, destination)


def write(scenario: Scenario, destination: Path) -> None:
    """Write to a workbook when ``destination`` ends in ``.xlsx``, else to a folder."""
    if destination.suffix.lower() == ".xlsx":
        write_workbook(scenario, destination)
    else:
        write_folder(scenario, destination)
