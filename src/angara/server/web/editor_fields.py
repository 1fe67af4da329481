"""What the scenario editor shows, as plain data for its template: the editable figures in the
unit the user chose, grouped under readable names, and the rows that can be switched off.

The conversion between a chosen unit and the unit a scenario keeps is
:mod:`angara.scenario.display_units`; this module only picks, names and formats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from angara.scenario.display_units import (
    GROUPS,
    UNIT_CHOICES,
    chosen_unit,
    conversion,
    format_number,
    shown,
    unit_words,
)
from angara.scenario.model import Scenario
from angara.scenario.names import Names
from angara.scenario.schema import TABLE_BY_NAME

UNIT_PARAMETER = "unit_{group}"  # query parameter and cookie naming a group's chosen unit
# which named table a key column's values come from (``id`` is the row's own table)
KEY_TABLES = {"market": "markets", "good": "goods", "site": "sites", "region": "regions"}


@dataclass
class Field:
    """One editable cell: its key and column (what an edit and a refused edit's problem name),
    its value in the chosen ``unit`` as the page's locale writes it, and where a file would
    locate it (``where``, ``row``)."""

    table: str
    key: list[str]
    column: str
    value: str
    unit: str
    where: str
    row: int
    names: list[str] = field(default_factory=list)  # readable names of the key's parts

    @property
    def label(self) -> str:
        """The row's readable name: its key's names joined."""
        return ", ".join(self.names)


@dataclass
class Group:
    """Fields under one heading (a good, a site): its readable name and its id."""

    title: str
    code: str
    fields: list[Field]


@dataclass
class Switchable:
    table: str
    key: str
    name: str
    detail: str
    enabled: bool


def chosen_units(query: Mapping[str, str], cookies: Mapping[str, str]) -> dict[str, str]:
    """The unit chosen for each group: the query parameter, else the remembered cookie, else
    the group's default (an unknown unit is the default too)."""
    chosen = {}
    for group in UNIT_CHOICES:
        name = UNIT_PARAMETER.format(group=group)
        # a cookie written by the page's script is percent-encoded ("RUB%2Ft")
        chosen[group] = chosen_unit(group, query.get(name) or unquote(cookies.get(name, "")))
    return chosen


def fields(scenario: Scenario, table: str, column: str, unit: str, lang: str, names: Names) -> list[Field]:
    """The editable cells of ``column`` in ``table``, one per row, in ``unit`` (rows of a good
    measured in its own unit: in that unit) with the file row each would be located at."""
    spec = TABLE_BY_NAME[table]
    found = []
    for number, row in enumerate(scenario.table(table), start=2):
        key = [str(getattr(row, k)) for k in spec.key]
        value = getattr(row, column)
        way = conversion(scenario, table, row, column, unit)
        text = format_number(None if value is None else shown(float(value), way), lang)
        readable = [_name(names, table, k, part) for k, part in zip(spec.key, key, strict=True)]
        found.append(Field(table, key, column, text, way.text, f"{table}.csv", number, readable))
    return found


def _name(names: Names, table: str, key_column: str, value: str) -> str:
    source = table if key_column == "id" else KEY_TABLES.get(key_column)
    return names.of(source, value) if source else value


def grouped(found: list[Field], part: int = 0) -> list[Group]:
    """``found`` grouped by the key's ``part``, headings in alphabetical order of their names,
    the rows of a group in their scenario order."""
    groups: dict[str, Group] = {}
    for item in found:
        code = item.key[part]
        if code not in groups:
            groups[code] = Group(item.names[part], code, [])
        groups[code].fields.append(item)
    return sorted(groups.values(), key=lambda g: g.title.casefold())


def switches(scenario: Scenario, names: Names) -> dict[str, list[Switchable]]:
    """The rows the editor can switch on or off, by table, named in the page's language (a
    deposit and a site with its region; a process's stage and a market's kind are words of the
    data, not shown)."""
    return {
        "deposits": [
            Switchable("deposits", d.id, names.of("deposits", d.id), names.of("regions", d.region), d.enabled)
            for d in scenario.deposits
        ],
        "sites": [
            Switchable("sites", s.id, names.of("sites", s.id), names.of("regions", s.region), s.enabled)
            for s in scenario.sites
        ],
        "processes": [
            Switchable("processes", p.id, names.of("processes", p.id), "", p.enabled)
            for p in scenario.processes
        ],
        "markets": [
            Switchable("markets", m.id, names.of("markets", m.id), "", m.open) for m in scenario.markets
        ],
        "arcs": [
            Switchable(
                "arcs",
                a.id,
                f"{names(a.from_node)} – {names(a.to_node)}",
                names.of("transport_modes", a.mode),
                True,
            )
            for a in scenario.arcs
        ],
    }


def editor_context(
    scenario: Scenario, lang: str, query: Mapping[str, str], cookies: Mapping[str, str]
) -> dict[str, Any]:
    """Everything the editor's template shows of ``scenario`` besides the version."""
    names = Names.of_scenario(scenario, lang)
    units = chosen_units(query, cookies)

    def cells(table: str, column: str) -> list[Field]:
        return fields(scenario, table, column, units[GROUPS[(table, column)]], lang, names)

    return {
        "unit_words": lambda unit: unit_words(unit, lang),
        "discount_rate": format_number(scenario.meta.discount_rate, lang),
        "units": units,
        "unit_choices": UNIT_CHOICES,
        "switches": switches(scenario, names),
        "prices": grouped(cells("prices", "price"), part=1),
        "tariffs": cells("transport_modes", "tariff"),
        "site_power": grouped(cells("site_power", "power")),
        "expansion": cells("sites", "power_expansion_max"),
    }
