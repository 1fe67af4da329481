"""Figures in the unit a user chooses to read and type them in (the web editor's selectors).

A scenario keeps every figure in its column's canonical unit (a price in RUB/t); a user thinks
in the unit the file was written in (USD/kg). :func:`shown` turns a kept figure into a chosen
unit; the way back is the reader's own: an edit in a chosen unit is written into its cell with
that unit ("12.5 USD/kg") and read by :mod:`angara.scenario.parse`, so a figure typed in the
editor is stored exactly as the same figure written in a file (same exchange rate of the row's
year, same rounding). :func:`stored` gives that value without a whole scenario, for tests and
for checking a round trip.

Goods measured in their own unit (a MW-year of computing) keep their figures per that unit:
such a row is shown in its own unit whatever unit is chosen for the group.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from babel.numbers import format_decimal

from angara.scenario.good_units import written_units
from angara.scenario.model import Scenario
from angara.scenario.parse import rate_path, significant
from angara.scenario.schema import TABLE_BY_NAME, Row
from angara.scenario.units import Unit, UnitProblem, compatible, conversion_factor, parse_unit, uses_usd

# the units a user may choose for each group of the editor, the default first (prices as the
# scenario's prices.csv is written)
UNIT_CHOICES: dict[str, tuple[str, ...]] = {
    "prices": ("USD/kg", "USD/t", "RUB/kg", "RUB/t"),
    "tariffs": ("RUB/t/km", "USD/t/km"),
    "power": ("MW", "kW"),
}
# which group each editable (table, column) belongs to
GROUPS: dict[tuple[str, str], str] = {
    ("prices", "price"): "prices",
    ("transport_modes", "tariff"): "tariffs",
    ("site_power", "power"): "power",
    ("sites", "power_expansion_max"): "power",
}
SIGNIFICANT = 10  # digits shown: enough for any figure typed, few enough to hide conversion noise
MAX_DECIMALS = 12


class DisplayUnitProblem(UnitProblem):
    """A unit that is unknown or does not fit the figure it is given for."""


def chosen_unit(group: str, wanted: str | None) -> str:
    """``wanted`` when it is one of ``group``'s choices, else the group's default."""
    choices = UNIT_CHOICES[group]
    return wanted if wanted in choices else choices[0]


def canonical_unit(table: str, column: str) -> Unit:
    """The unit ``column`` of ``table`` is kept in (for a good in tonnes)."""
    spec = TABLE_BY_NAME[table].column(column)
    if spec is None:
        raise DisplayUnitProblem(f"unknown column '{column}' of {table}")
    return parse_unit(spec.unit or "1")


def own_unit(scenario: Scenario, table: str, row: Row, column: str) -> str | None:
    """The unit a row's figure is kept in where it is not the column's (a good measured in its
    own unit: ``RUB/(MW*yr)``), else None."""
    return written_units(scenario.goods, scenario.processes)(table, row, column)


def check_unit(table: str, column: str, text: str, own: str | None = None) -> Unit:
    """``text`` read as a unit that fits ``column`` of ``table`` (or the row's ``own`` unit);
    :class:`DisplayUnitProblem` naming it otherwise."""
    try:
        unit = parse_unit(text)
    except UnitProblem as error:
        raise DisplayUnitProblem(f"{error}; expected a unit like '{_example(table, column)}'") from None
    targets = [canonical_unit(table, column)] + ([parse_unit(own)] if own else [])
    if not any(compatible(unit, target) for target in targets):
        raise DisplayUnitProblem(
            f"unit '{text}' does not fit {column}; expected a unit like '{_example(table, column)}'"
        )
    return unit


def _example(table: str, column: str) -> str:
    group = GROUPS.get((table, column))
    return UNIT_CHOICES[group][0] if group else str(TABLE_BY_NAME[table].column(column).unit)  # type: ignore[union-attr]


@dataclass(frozen=True)
class Conversion:
    """How one row's figure goes between a unit and the unit it is kept in."""

    unit: Unit  # the unit shown or typed
    kept: Unit  # the unit the scenario keeps the figure in
    rub_per_usd: float | None  # the exchange rate the reader applies to this row
    text: str = ""  # ``unit`` as written (``USD/kg``), what an edit sends back

    def factor(self) -> float:
        """What a number in ``unit`` is multiplied by to be kept (as the reader multiplies)."""
        return conversion_factor(self.unit, self.kept, self.rub_per_usd)


def conversion(scenario: Scenario, table: str, row: Row, column: str, unit: str) -> Conversion:
    """The conversion of ``row``'s ``column`` between ``unit`` and the kept unit, with the
    exchange rate the reader uses: the row's year where the table has one, else the base year."""
    own = own_unit(scenario, table, row, column)
    kept = parse_unit(own) if own else canonical_unit(table, column)
    chosen = check_unit(table, column, unit, own)
    text = unit
    if not compatible(chosen, kept):
        # a good in its own unit: shown in that unit, whatever the group's choice
        chosen, text = kept, readable_unit(kept)
    rate = row_rate(scenario, table, row) if _needs_rate(chosen, kept) else None
    return Conversion(chosen, kept, rate, text)


def readable_unit(unit: Unit) -> str:
    """A unit as a person writes it (``RUB/(MW*yr)``), readable back by :func:`parse_unit`."""
    return f"{unit:~C}".replace("rub", "RUB").replace("usd", "USD").replace("metric_ton", "t")


def _needs_rate(unit: Unit, kept: Unit) -> bool:
    return uses_usd(unit) != uses_usd(kept)


def row_rate(scenario: Scenario, table: str, row: Row) -> float | None:
    """RUB per USD for ``row`` as the reader takes it: the rate of the row's year where the
    table has a year column, else of the scenario's base year; None without exchange rates."""
    rates = rate_path(scenario.exchange_rates)
    if not rates:
        return None
    year = getattr(row, "year", None) if TABLE_BY_NAME[table].column("year") is not None else None
    rate = rates.at(int(year) if year is not None else scenario.meta.base_year)
    return None if rate is None else float(rate)


def shown(value: float, way: Conversion) -> float:
    """A kept figure in the chosen unit."""
    return value / way.factor()


def stored(number: float, way: Conversion) -> float:
    """The value the reader keeps for ``number`` written in the chosen unit."""
    return significant(number * way.factor())


def format_number(value: float | None, lang: str) -> str:
    """``value`` for an input in ``lang``: thousands grouped, up to :data:`SIGNIFICANT` digits,
    no trailing zeros (ru: ``1 299,5``; en: ``1,299.5``); empty for no value."""
    if value is None or not math.isfinite(value):
        return ""
    if value == 0:
        return "0"
    whole_digits = math.floor(math.log10(abs(value))) + 1
    decimals = min(MAX_DECIMALS, max(0, SIGNIFICANT - whole_digits))
    rounded = round(value, decimals)
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return str(format_decimal(rounded, format=pattern, locale=lang))


# unit symbols as a Russian reader writes them (a good's own unit is shown beside its figure)
RUSSIAN_SYMBOLS = {
    "RUB": "руб.",
    "USD": "долл.",
    "t": "т",
    "kg": "кг",
    "km": "км",
    "kW": "кВт",
    "MW": "МВт",
    "GW": "ГВт",
    "kWh": "кВт·ч",
    "MWh": "МВт·ч",
    "GWh": "ГВт·ч",
    "yr": "год",
    "month": "мес.",
    "place": "место",
    "person": "чел.",
}
SYMBOL = re.compile(r"[A-Za-z_]+")


def unit_words(unit: str, lang: str) -> str:
    """``unit`` as a reader of ``lang`` writes it: ``RUB/MW/yr`` is ``руб./МВт/год`` in Russian;
    a symbol without a Russian form is kept."""
    if lang != "ru":
        return unit
    return SYMBOL.sub(lambda found: RUSSIAN_SYMBOLS.get(found.group(0), found.group(0)), unit).replace(
        "*", "·"
    )
