"""The Excel workbook holds every result table as numbers, and the headline figures."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from angara.report.workbook import MAX_SHEET_NAME, results_workbook
from angara.results.read import RunResults


@pytest.fixture(scope="module")
def book(results: RunResults) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(results_workbook(results)))


def sheet_frame(book: openpyxl.Workbook, name: str) -> pd.DataFrame:
    rows = list(book[name].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_a_sheet_per_table_with_the_csv_values(book: openpyxl.Workbook, results: RunResults) -> None:
    assert {"plan", "assessment", "risk"} <= set(book.sheetnames)
    assert set(results.tables) <= set(book.sheetnames)
    for name, table in results.tables.items():
        sheet = sheet_frame(book, name)
        assert list(sheet.columns) == list(table.columns), name
        assert len(sheet) == len(table), name
        assert cells(sheet) == cells(table), name


def cells(frame: pd.DataFrame) -> list[list[object]]:
    """Rows of plain values, an empty cell as None (NaN or "" in a table, None in a sheet)."""
    return [
        [None if (isinstance(value, str) and value == "") or pd.isna(value) else value for value in row]
        for row in frame.itertuples(index=False)
    ]


def test_headers_bold_frozen_numbers_as_numbers(book: openpyxl.Workbook, results: RunResults) -> None:
    for sheet in book.worksheets:
        assert len(sheet.title) <= MAX_SHEET_NAME
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1] if cell.value is not None), sheet.title
        assert sheet.column_dimensions["A"].width >= 8
    cashflow = book["cashflows"]
    headers = [cell.value for cell in cashflow[1]]
    for column in ("year", "capex_rub"):
        assert isinstance(cashflow.cell(row=2, column=headers.index(column) + 1).value, int | float)
    headline = dict(sheet_frame(book, "assessment").itertuples(index=False, name=None))
    assert headline["npv_rub"] == pytest.approx(results.assessment.npv_rub)
    assert headline["jobs.direct"] == results.assessment.jobs.direct
    assert results.risk is not None
    risk = dict(sheet_frame(book, "risk").itertuples(index=False, name=None))
    assert risk["npv_p50"] == pytest.approx(results.risk.npv_p50)
    assert "risk_histogram" in book.sheetnames
