"""Units of measure: one pint registry for the whole package.

Every quantity in a scenario file carries its unit in the column header
(``reserves [Mt]``, ``price [USD/kg]``).  On load each value is converted to the
column's *canonical* unit declared in the schema.  Money is special: RUB and USD
are separate dimensions because the rate between them is a path over years
(``exchange_rates`` table), not a constant; :func:`conversion_factor` applies the
rate that the caller passes in.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pint

UNITS: Any = pint.UnitRegistry(on_redefinition="ignore", autoconvert_offset_to_baseunit=True)
for _definition in (
    "RUB = [money_rub] = rub = руб",
    "USD = [money_usd] = usd",
    "person = [staff] = persons = FTE = people",
    # places in kindergartens and schools, outpatient visits per shift: counted, never converted
    "place = [place] = places",
    "visit = [visit] = visits",
    "bn- = 1e9",
    "mln- = 1e6",
    # pint reads "kt" as knot; in this field it is always a thousand tonnes.
    "kt = 1000 * metric_ton",
    "yr = year",
    "tkm = metric_ton * kilometer",
):
    UNITS.define(_definition)

Unit = pint.Unit


class UnitProblem(ValueError):
    """A unit that cannot be read or cannot be converted to the expected one."""


@lru_cache(maxsize=512)
def parse_unit(text: str) -> Unit:
    """Read a unit written in a header (``"kt/yr"``, ``"USD/kg"``, ``"%"``)."""
    cleaned = text.strip()
    if not cleaned:
        dimensionless: Unit = UNITS.dimensionless
        return dimensionless
    try:
        unit: Unit = UNITS.parse_units(cleaned)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as error:
        raise UnitProblem(f"unknown unit '{text}'") from error
    except Exception as error:  # pint raises assorted errors on malformed input
        raise UnitProblem(f"unreadable unit '{text}'") from error
    return unit


def _usd_power(unit: Unit) -> float:
    dimensions: dict[str, Any] = dict(unit.dimensionality)
    return float(dimensions.get("[money_usd]", 0))


def uses_usd(unit: Unit) -> bool:
    """True when the unit is quoted in US dollars (needs an exchange rate)."""
    return _usd_power(unit) != 0


def conversion_factor(source: Unit, target: Unit, rub_per_usd: float | None = None) -> float:
    """Factor that turns a number in ``source`` units into ``target`` units.

    USD amounts are turned into RUB with ``rub_per_usd`` (RUB per USD) when the
    target is in RUB; the caller picks the rate of the row's year.
    """
    quantity = UNITS.Quantity(1.0, source)
    usd_power = _usd_power(source)
    if usd_power and not uses_usd(target):
        if rub_per_usd is None:
            raise UnitProblem("the unit is in USD but no RUB/USD exchange rate is known")
        quantity = quantity * UNITS.Quantity(rub_per_usd, "RUB/USD") ** usd_power
    try:
        magnitude: float = quantity.to(target).magnitude
        return float(magnitude)
    except pint.errors.DimensionalityError as error:
        raise UnitProblem(
            f"unit '{format_unit(source)}' cannot be converted to '{format_unit(target)}'"
        ) from error


def compatible(source: Unit, target: Unit) -> bool:
    """Whether ``source`` can be converted to ``target`` (treating USD as RUB)."""
    try:
        conversion_factor(source, target, rub_per_usd=1.0)
    except UnitProblem:
        return False
    return True


def format_unit(unit: Unit) -> str:
    """Short, readable unit text (``t/yr``, ``RUB/t``)."""
    if unit == UNITS.dimensionless:
        return "1"
    return f"{unit:~C}".replace("metric_ton", "t").replace("*", "·")
