"""Readable names of a scenario's ids in the reader's language.

Every table that names things has ``name`` (English) and ``name_ru`` (Russian). Pages, charts,
reports and the command line show ``Names.of(table, id)`` or ``Names(id)`` instead of the id;
an id is shown only where a row has no name at all. A Russian reader sees ``name_ru``, falling
back to ``name`` where a user's scenario leaves it empty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from angara.scenario.model import Scenario

# Tables whose rows have an ``id`` and a ``name``, in the order a bare id is looked up:
# a deposit and its transport node share an id, and the deposit's name is the one meant.
NAMED_TABLES: tuple[str, ...] = (
    "goods",
    "processes",
    "deposits",
    "sites",
    "regions",
    "markets",
    "skills",
    "elements",
    "price_factors",
    "incentives",
    "institutions",
    "power_plants",
    "transport_modes",
    "nodes",
)
PLANT_SEPARATOR = "@"  # a plant's key in results: ``process@location``


def row_name(row: Any, lang: str) -> str:
    """The name of one row in ``lang`` (``name_ru`` in Russian when given, else ``name``)."""
    russian = getattr(row, "name_ru", None)
    if lang == "ru" and russian:
        return str(russian)
    return str(getattr(row, "name", "") or getattr(row, "id", ""))


@dataclass(frozen=True)
class Names:
    """Readable names of a scenario's ids for one language."""

    lang: str
    by_table: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of_scenario(cls, scenario: Scenario, lang: str, extra: Mapping[str, str] | None = None) -> Names:
        """The names of every named table of ``scenario`` in ``lang``; ``extra`` names ids that
        are not rows (``rest_of_russia``), already in ``lang``."""
        tables: dict[str, dict[str, str]] = {}
        for table in NAMED_TABLES:
            rows = scenario.table(table)
            tables[table] = {str(row.id): row_name(row, lang) for row in rows}  # type: ignore[attr-defined]
        sectors: dict[str, str] = {}
        for sector in scenario.sectors:
            sectors.setdefault(str(sector.sector), row_name(sector, lang))
        tables["sectors"] = sectors
        return cls(lang, tables, dict(extra or {}))

    def of(self, table: str, key: Any) -> str:
        """The name of ``key`` in ``table``; the key itself when the table has no such row."""
        text = _text(key)
        return self.by_table.get(table, {}).get(text) or self.extra.get(text) or text

    def known(self, key: Any) -> bool:
        """Whether ``key`` has a name (a row of a named table, a plant or an extra name)."""
        text = _text(key)
        return self(text) != text

    def __call__(self, key: Any) -> str:
        """The name of a bare id, looked up through the named tables in turn; a plant key
        ``process@location`` becomes ``process name, location name``."""
        text = _text(key)
        if text in self.extra:
            return self.extra[text]
        for table in NAMED_TABLES:
            name = self.by_table.get(table, {}).get(text)
            if name:
                return name
        if PLANT_SEPARATOR in text:
            process, _, location = text.partition(PLANT_SEPARATOR)
            if process in self.by_table.get("processes", {}):
                return f"{self(process)}, {self(location)}"
        return text


def _text(key: Any) -> str:
    if key is None or (isinstance(key, float) and math.isnan(key)):
        return ""
    return str(key)
