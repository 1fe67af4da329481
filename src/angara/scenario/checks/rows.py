"""The typed rows of parsed tables, each with where it was given."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from angara.scenario.parse import ParsedTable
from angara.scenario.schema import Good, Row

Tables = dict[str, ParsedTable]
RowType = TypeVar("RowType", bound=Row)


def located_rows(tables: Tables, name: str, kind: type[RowType]) -> Iterator[tuple[RowType, str, int]]:
    """Rows of table ``name`` (none if the scenario lacks it) with their file or sheet and row number."""
    table = tables.get(name)
    if table is None:
        return
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        assert isinstance(row, kind)
        yield row, table.where, number


def goods_by_id(tables: Tables) -> dict[str, Good]:
    """The scenario's goods by id."""
    return {good.id: good for good, _, _ in located_rows(tables, "goods", Good)}
