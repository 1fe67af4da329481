"""The machinery every table shares: the common columns and the field declarations.

A field says what a column holds, once: its canonical unit (``json_schema_extra["unit"]``),
the tables its ids refer to (``json_schema_extra["ref"]``), and its bounds.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Ids and scenario names: ASCII letters, digits, '_' and '-', nothing else (no look-alike letters
# of other alphabets, no dots: '.' and '..' are not names).  Uppercase stays allowed because the
# data uses it (chemical symbols such as NdPr, OKVED codes such as C24).  pydantic checks the
# pattern with Rust's regex, whose '$' is the end of the text; Python code must use re.fullmatch.
ID_PATTERN = r"^[A-Za-z0-9_-]+$"
ID_RULE = "letters A-Z or a-z, digits, '_' or '-' only (no spaces, dots, accents or other alphabets)"
WILDCARD = "*"
# Wide enough for any historical figure or long-range plan; narrow enough to catch a typo such as 20027.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


# The largest magnitude a number in each canonical unit can plausibly have: about a thousand times
# the largest in the built-in scenarios (the unit they are written in), rounded up to a power of ten.
# A number beyond it is refused as a located problem naming the range: it is almost always a unit
# mistake (kg for t, RUB for thousand RUB), and a number like 1e308 would otherwise reach the solver
# and come back as a misleading "infeasible".  The lower end is 0 where the column is never negative.
PLAUSIBLE_MAGNITUDE: dict[str, float] = {
    "1": 1e9,  # counts and ratios; targets reach 8e3
    "1/yr": 100.0,  # mean-reversion speeds; 0.5
    "GJ/t": 1e7,  # gas per tonne processed; 7.5e4
    "MW": 1e6,  # power capacity; 6.4e3
    "MWh/t": 1e6,  # electricity per tonne; 9.6e3
    "MWh/yr": 1e10,  # power output; 2.4e7
    "RUB": 1e15,  # one-off amounts (CAPEX); 2.1e11 (the tests price a prohibitive road at 1e15)
    "RUB/GJ": 1e6,  # gas prices; 430
    "RUB/MW": 1e11,  # power connection costs; 3.6e8
    "RUB/MWh": 1e6,  # electricity prices; 5.5e3
    "RUB/USD": 1e4,  # exchange rates; 100
    "RUB/ha": 1e10,  # land values; 1e6
    "RUB/m^2": 1e8,  # building costs; 1.4e5
    "RUB/person": 1e9,  # costs per person (migration); 2e6
    "RUB/place": 1e9,  # social infrastructure per place; 1.4e6
    "RUB/t": 1e12,  # prices and costs per tonne; 2.5e8
    "RUB/t/km": 1e5,  # transport tariffs; 5
    "RUB/visit": 1e9,  # health care per visit; 5e6
    "RUB/yr": 1e15,  # yearly amounts (GRP, OPEX); 3.3e12
    "ha": 1e8,  # land; 1e3
    "km": 1e5,  # distances; 4.1e3
    "m^2/person": 1e4,  # housing norms; 33
    "person": 1e9,  # people and jobs; 2.9e6
    "person/yr": 1e8,  # graduates a year; 456
    "place/person": 100.0,  # places per resident; 0.12
    "t": 1e13,  # reserves; 2.8e8
    "t/t": 1e6,  # input per tonne of output; 7.5
    "t/yr": 1e11,  # capacities and flows; 2e6
    "visit/person": 1e4,  # visits per resident; 0.02
    "yr": 1000.0,  # lifetimes and durations; 50
}


def quantity(
    unit: str,
    description: str,
    *,
    default: Any = ...,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
) -> Any:
    """A numeric column stored in ``unit`` (``"1"`` for a plain fraction or count), bounded by its
    plausible range (:data:`PLAUSIBLE_MAGNITUDE`) besides ``ge``, ``gt`` and ``le``."""
    magnitude = PLAUSIBLE_MAGNITUDE[unit]
    low = 0.0 if (ge is not None and ge >= 0) or (gt is not None and gt >= 0) else -magnitude
    high = min(le, magnitude) if le is not None else magnitude
    plausible = f"Plausible range: {low:g} to {high:g}{'' if unit == '1' else ' ' + unit}."
    return Field(
        default,
        description=f"{description} {plausible}",
        ge=-magnitude if ge is None and gt is None else ge,
        gt=gt,
        le=high,
        allow_inf_nan=False,
        json_schema_extra={"unit": unit, "plausible": [low, high]},
    )


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


def identifier(description: str = "Unique id: letters A-Z or a-z, digits, '_' or '-'") -> Any:
    """A row's own id, which other tables refer to."""
    return Field(..., description=description, pattern=ID_PATTERN)


def calendar_year(description: str, *, default: Any = ...) -> Any:
    """A year between :data:`EARLIEST_YEAR` and :data:`LATEST_YEAR`."""
    return Field(default, description=description, ge=EARLIEST_YEAR, le=LATEST_YEAR)


class Row(BaseModel):
    """Columns every table accepts: where a row's numbers come from, and a note."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    source: str | None = Field(None, description="Where the row's numbers come from (URL or citation).")
    note: str | None = Field(None, description="Free-text remark.")
