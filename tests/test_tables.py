"""Declared tables: a frame that is not its declared table is caught, by name."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.tables import TableMismatch, declared, empty, markdown, names, number, table, text, whole

PRICES = table(
    "prices",
    "a price per good and year",
    [
        text("good", "good id"),
        whole("year", "year", "year"),
        number("price", "RUB/t", "price", nullable=True),
    ],
)


def test_a_matching_frame_is_put_in_order_and_typed() -> None:
    frame = pd.DataFrame({"price": [1, None], "year": [2027.0, 2028.0], "good": ["a", "b"]})
    checked = declared(PRICES, frame)
    assert list(checked.columns) == ["good", "year", "price"]
    assert checked["year"].dtype == "int64" and checked["price"].dtype == "float64"
    assert checked["price"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"good": ["a"], "year": [2027]}),  # a column missing
        pd.DataFrame({"good": ["a"], "year": [2027], "price": [1.0], "cost": [2.0]}),  # one too many
        pd.DataFrame({"good": ["a"], "yr": [2027], "price": [1.0]}),  # renamed
        pd.DataFrame({"good": ["a"], "year": ["soon"], "price": [1.0]}),  # not a year
        pd.DataFrame({"good": [None], "year": [2027], "price": [1.0]}),  # a missing id
    ],
)
def test_a_frame_unlike_its_declaration_is_refused_by_name(frame: pd.DataFrame) -> None:
    with pytest.raises(TableMismatch, match="table 'prices' does not match its declaration"):
        declared(PRICES, frame)


def test_an_empty_table_has_the_declared_columns_and_types() -> None:
    frame = empty(PRICES)
    assert names(PRICES) == list(frame.columns) == ["good", "year", "price"]
    assert declared(PRICES, frame).empty
    assert frame["year"].dtype == "int64"


def test_the_docs_show_each_column_with_its_type_and_unit() -> None:
    lines = markdown(PRICES).splitlines()
    assert lines[0] == "| column | type | unit | meaning |"
    assert "| `price` | number | RUB/t | price (empty where there is none) |" in lines
    assert "| `year` | whole | year | year |" in lines
