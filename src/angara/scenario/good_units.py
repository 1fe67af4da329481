"""Goods measured in their own units: per-good figures read with pint in the good's unit.

A column declared per tonne (``price [RUB/t]``, ``quantity [t/t]``, ``unit_capacity
[t/yr]``) is per tonne only for goods measured by mass.  For a good in another unit
(``MW*yr`` of computing, ``GWh``, ``place*yr``) the tonne in the column's canonical unit
stands for that good's unit: a price of a MW-year good is stored in RUB per MW-year, an
input of electricity per MW-year of a data centre in MWh per MW-year.  Such a cell gives
its own unit (``9000 RUB/(kW*month)``); a number in the header's per-tonne unit does not
fit and is a located problem.  Mass goods keep tonnes, so old scenarios read as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from angara.scenario.parse import Given, ParsedTable, significant
from angara.scenario.paths import StepPath
from angara.scenario.problems import Problem
from angara.scenario.schema import TABLE_BY_NAME, Good, Process, Row
from angara.scenario.units import Unit, UnitProblem, conversion_factor, format_unit, parse_unit, uses_usd

TONNE = parse_unit("t")
# Which good a per-tonne column is per: (table, column) -> (good over, good under), each the
# name of a resolver below (None: that side has no tonne).
PER_GOOD: dict[tuple[str, str], tuple[str | None, str | None]] = {
    ("goods", "purchase_price"): (None, "own"),
    ("prices", "price"): (None, "good"),
    ("prices", "basis_adjustment"): (None, "good"),
    ("prices", "max_quantity"): ("good", None),
    ("prices", "min_quantity"): ("good", None),
    ("processes", "unit_capacity"): ("reference", None),
    ("processes", "variable_opex"): (None, "reference"),
    ("processes", "electricity"): (None, "reference"),
    ("processes", "gas"): (None, "reference"),
    ("processes", "residue_handling"): (None, "reference"),
    ("process_sites", "unit_capacity"): ("process", None),
    ("process_inputs", "quantity"): ("good", "process"),
    ("process_outputs", "quantity"): ("good", "process"),
}


def good_unit(good: Good | None) -> Unit:
    """Unit a good's quantities are kept in inside Angara: tonnes for a material, else its own."""
    if good is None or good.is_mass():
        return TONNE
    return parse_unit(good.unit)


def row_unit(canonical: str, over: Unit | None, under: Unit | None) -> Unit:
    """The canonical unit of a per-tonne column for a row whose tonnes are ``over`` (in the
    numerator) and ``under`` (in the denominator) goods' units."""
    unit: Unit = parse_unit(canonical)
    if over is not None:
        unit = unit / TONNE * over
    if under is not None:
        unit = unit * TONNE / under
    return unit


def apply_good_units(
    tables: dict[str, ParsedTable], rates: StepPath, base_year: int, problems: list[Problem]
) -> None:
    """Convert every per-tonne figure of a good in its own unit to that unit (in place);
    a figure whose unit fits neither is a located problem."""
    goods = {r.id: r for r in _rows(tables, "goods") if isinstance(r, Good)}
    processes = {r.id: r for r in _rows(tables, "processes") if isinstance(r, Process)}
    resolvers = _resolvers(goods, processes)
    for name, table in tables.items():
        columns = {c: sides for (t, c), sides in PER_GOOD.items() if t == name}
        for (position, column), given in table.given.items():
            if column not in columns and not given.own_unit:
                continue
            row = table.rows[position]
            spec = table.spec.column(column)
            assert spec is not None
            sides = columns.get(column)
            over, under = (None, None) if sides is None else sides
            target = row_unit(
                spec.unit or "1",
                resolvers[over](row) if over else None,
                resolvers[under](row) if under else None,
            )
            if target == parse_unit(spec.unit or "1") and not given.own_unit:
                continue  # a mass good in the header's unit: read as before
            value = _convert(given, target, rates, base_year, table)
            if value is None:
                where, number = table.locate(position)
                problems.append(
                    Problem(
                        where,
                        _expected(row, sides, given.unit, target),
                        row=number,
                        column=table.header(column),
                        value=f"{given.number:g} {_readable(given.unit)}"
                        if given.own_unit
                        else f"{given.number:g}",
                    )
                )
            elif value != getattr(row, column):
                table.rows[position] = row.model_copy(update={column: value})


def _resolvers(
    goods: dict[str, Good], processes: dict[str, Process]
) -> dict[str, Callable[[Row], Unit | None]]:
    """For each side of :data:`PER_GOOD`, the unit of the good a row's figure is per."""

    def unit_of(good_id: object) -> Unit | None:
        return good_unit(goods.get(str(good_id))) if good_id is not None else None

    return {
        "own": lambda row: unit_of(getattr(row, "id", None)),
        "good": lambda row: unit_of(getattr(row, "good", None)),
        "reference": lambda row: unit_of(getattr(row, "reference", None)),
        "process": lambda row: unit_of(
            getattr(processes.get(str(getattr(row, "process", ""))), "reference", None)
        ),
    }


def written_units(
    goods: Sequence[Good], processes: Sequence[Process]
) -> Callable[[str, Row, str], str | None]:
    """For writing a scenario back: the unit a row's figure is kept in where it is not the
    column's (a figure of a good in its own unit), written into the cell ("25 MW"); else None."""
    resolvers = _resolvers({g.id: g for g in goods}, {p.id: p for p in processes})

    def unit_text(table: str, row: Row, column: str) -> str | None:
        sides = PER_GOOD.get((table, column))
        if sides is None:
            return None
        canonical = TABLE_BY_NAME[table].column(column)
        assert canonical is not None
        over, under = sides
        target = row_unit(
            canonical.unit or "1",
            resolvers[over](row) if over else None,
            resolvers[under](row) if under else None,
        )
        if target == parse_unit(canonical.unit or "1"):
            return None
        return f"{target:~C}"

    return unit_text


def _rows(tables: dict[str, ParsedTable], name: str) -> list[Row]:
    table = tables.get(name)
    return table.rows if table is not None else []


def _convert(given: Given, target: Unit, rates: StepPath, base_year: int, table: ParsedTable) -> float | None:
    if given.number == 0.0:
        return 0.0  # nothing per anything is nothing, whatever the unit
    rate = None
    if uses_usd(given.unit) and not uses_usd(target):
        if not rates:
            return None
        has_year = table.spec.column("year") is not None
        rate = rates.at(given.year if (has_year and given.year is not None) else base_year)
    try:
        return significant(given.number * conversion_factor(given.unit, target, rate))
    except UnitProblem:
        return None


def _readable(unit: Unit) -> str:
    return format_unit(unit).replace("rub", "RUB").replace("usd", "USD")


def _expected(row: Row, sides: tuple[str | None, str | None] | None, unit: Unit, target: Unit) -> str:
    readable = _readable(target)
    if sides is None or sides == (None, None):
        return f"unit '{_readable(unit)}' does not fit this column; expected a unit like '{readable}'"
    return (
        f"unit '{_readable(unit)}' does not fit the goods of this row; expected a unit like "
        f"'{readable}' (a good measured in its own unit takes figures per that unit: write the unit "
        "in the cell, e.g. '8760 MWh/(MW*yr)')"
    )


ROLE_UNITS = {"site_power": "MW*yr", "training": "place*yr"}


def check_goods(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """A good in its own unit is a product or reagent without elements; a role needs its unit
    (and a training good its skill and programme length)."""
    table = tables.get("goods")
    if table is None:
        return
    goods = {}
    for position, good in enumerate(table.rows):
        if not isinstance(good, Good):
            continue
        goods[good.id] = good
        where, number = table.locate(position)

        def located(
            message: str, column: str, value: str | None, where: str = where, row: int = number
        ) -> None:
            problems.append(Problem(where, message, row=row, column=table.header(column), value=value))

        if not good.is_mass() and good.kind not in ("product", "reagent"):
            located(
                f"a good measured in {good.unit} carries no elements: expected kind product or reagent",
                "kind",
                good.kind,
            )
        if good.role is not None:
            expected = parse_unit(ROLE_UNITS[good.role])
            if good_unit(good).dimensionality != expected.dimensionality:
                located(f"a {good.role} good is measured like {ROLE_UNITS[good.role]}", "unit", good.unit)
        if good.role == "training" and (good.skill is None or good.programme_length is None):
            located("a training good needs its skill and programme_length", "role", good.role)
    compositions = tables.get("compositions")
    for position, row in enumerate(compositions.rows if compositions is not None else []):
        good_id = str(getattr(row, "good", ""))
        if good_id in goods and not goods[good_id].is_mass():
            where, number = compositions.locate(position)  # type: ignore[union-attr]
            problems.append(
                Problem(
                    where,
                    f"'{good_id}' is measured in {goods[good_id].unit}, not by mass: it has no composition",
                    row=number,
                    column="good",
                    value=good_id,
                )
            )
