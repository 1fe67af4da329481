"""Declared tables: the columns, dtypes and units of every intermediate and result table,
written once, as pandera schemas.

A stage declares each table it produces beside the code that produces it and passes the
frame through :func:`declared` there, so a renamed, missing or mistyped column fails at
once (in the tests, which run every producer) instead of blanking a report downstream.
The same declarations parse result tables read back from CSV (:func:`declared` coerces
each column to its type) and write the tables' part of docs/results-format.md
(:func:`markdown`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pandera.errors
import pandera.pandas as pa

TYPES = {"text": "str", "number": "float64", "whole": "int64", "flag": "bool"}  # pandas dtypes by kind


def column(name: str, kind: str, unit: str, description: str, nullable: bool = False) -> pa.Column:
    """A column: ``kind`` text, number (float), whole (integer) or flag (boolean); ``unit``
    as the docs show it ("" for none)."""
    return pa.Column(
        TYPES[kind],
        name=name,
        nullable=nullable,
        description=description,
        metadata={"unit": unit, "kind": kind},
    )


def text(name: str, description: str) -> pa.Column:
    """A column of ids or words ("" where there is none, never missing)."""
    return column(name, "text", "", description)


def number(name: str, unit: str, description: str, nullable: bool = False) -> pa.Column:
    """A column of numbers in ``unit`` (missing only where ``nullable``)."""
    return column(name, "number", unit, description, nullable)


def whole(name: str, unit: str, description: str) -> pa.Column:
    """A column of whole numbers (years, counts)."""
    return column(name, "whole", unit, description)


def flag(name: str, description: str) -> pa.Column:
    """A column of true/false."""
    return column(name, "flag", "", description)


def table(
    name: str, description: str, columns: Iterable[pa.Column], index: Iterable[pa.Column] = ()
) -> pa.DataFrameSchema:
    """A table ``name`` of ``columns`` (in this order, no others); ``index``: the columns
    that form its index, if it has a meaningful one."""
    keys = [
        pa.Index(k.dtype, name=k.name, description=k.description, metadata=k.metadata, coerce=True)
        for k in index
    ]
    frame_index = keys[0] if len(keys) == 1 else pa.MultiIndex(keys, coerce=True) if keys else None
    return pa.DataFrameSchema(
        {c.name: c for c in columns},
        index=frame_index,
        strict=True,
        ordered=True,
        coerce=True,
        name=name,
        description=description,
    )


class TableMismatch(Exception):
    """A frame is not the table it is declared to be: a bug, never bad input."""


def declared(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` checked against ``schema``, its columns put in the declared order and
    coerced to their declared types.

    Raises :class:`TableMismatch` naming the table and every column that is missing,
    extra, out of order or of the wrong type.
    """
    if list(frame.columns) != list(schema.columns) and set(frame.columns) == set(schema.columns):
        frame = frame[list(schema.columns)]
    try:
        checked: pd.DataFrame = schema.validate(frame, lazy=True)
    except (pandera.errors.SchemaErrors, pandera.errors.SchemaError) as error:
        expected = ", ".join(schema.columns)
        raise TableMismatch(
            f"table '{schema.name}' does not match its declaration (columns: {expected}); "
            f"got columns {', '.join(map(str, frame.columns))}: {error}"
        ) from None
    return checked


def empty(schema: pa.DataFrameSchema) -> pd.DataFrame:
    """An empty frame of the declared table (without index), with its columns' types."""
    kinds = {name: (c.metadata or {}).get("kind", "number") for name, c in schema.columns.items()}
    return pd.DataFrame({name: pd.Series(dtype=TYPES[kind]) for name, kind in kinds.items()})


def index_columns(schema: pa.DataFrameSchema) -> list[pa.Index]:
    """The declared index levels (none, one or several)."""
    if schema.index is None:
        return []
    return list(schema.index.indexes) if isinstance(schema.index, pa.MultiIndex) else [schema.index]


def names(schema: pa.DataFrameSchema) -> list[str]:
    """The declared columns, in order."""
    return list(schema.columns)


def markdown(schema: pa.DataFrameSchema) -> str:
    """The table's columns as a Markdown table: column, type, unit, meaning."""
    lines = ["| column | type | unit | meaning |", "|---|---|---|---|"]
    for level in index_columns(schema):
        lines.append(_row(f"`{level.name}` (index)", level.metadata, level.description, nullable=False))
    for name, declared_column in schema.columns.items():
        lines.append(
            _row(f"`{name}`", declared_column.metadata, declared_column.description, declared_column.nullable)
        )
    return "\n".join(lines)


def _row(name: str, metadata: dict[str, str] | None, description: str | None, nullable: bool) -> str:
    metadata = metadata or {}
    meaning = (description or "").replace("|", "\\|")
    if nullable:
        meaning += " (empty where there is none)"
    return f"| {name} | {metadata.get('kind', '')} | {metadata.get('unit', '')} | {meaning} |"
