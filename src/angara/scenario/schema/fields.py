"""The machinery every table shares: the common columns and the field declarations.

A field says what a column holds, once: its canonical unit (``json_schema_extra["unit"]``),
the tables its ids refer to (``json_schema_extra["ref"]``), and its bounds.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[\w.\-+]+$"
WILDCARD = "*"
# Wide enough for any historical figure or long-range plan; narrow enough to catch a typo such as 20027.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def quantity(
    unit: str,
    description: str,
    *,
    default: Any = ...,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
) -> Any:
    """A numeric column stored in ``unit`` (``"1"`` for a plain fraction or count)."""
    return Field(default, description=description, ge=ge, gt=gt, le=le, json_schema_extra={"unit": unit})


def fraction(description: str, *, default: Any = ..., le: float | None = 1.0) -> Any:
    """A share between 0 and 1; files may write it in % (``recovery [%]``)."""
    return quantity("1", description, default=default, ge=0.0, le=le)


def reference(*tables: str, description: str, default: Any = ..., wildcard: bool = False) -> Any:
    """An id that must exist in one of ``tables`` (or be ``*`` where allowed)."""
    return Field(
        default,
        description=description,
        json_schema_extra={"ref": list(tables), "wildcard": wildcard},
    )


def identifier(description: str = "Unique id: letters, digits, '_', '-', '.'") -> Any:
    """A row's own id, which other tables refer to."""
    return Field(..., description=description, pattern=ID_PATTERN)


def calendar_year(description: str, *, default: Any = ...) -> Any:
    """A year between :data:`EARLIEST_YEAR` and :data:`LATEST_YEAR`."""
    return Field(default, description=description, ge=EARLIEST_YEAR, le=LATEST_YEAR)


class Row(BaseModel):
    """Columns every table accepts: where a row's numbers come from, and a note."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str | None = Field(None, description="Where the row's numbers come from (URL or citation).")
    note: str | None = Field(None, description="Free-text remark.")
