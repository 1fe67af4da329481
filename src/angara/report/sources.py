"""The sources of a scenario's numbers, each with what it supports.

A built-in scenario traces every number in its ``SOURCES.csv`` (table, key, column, source
URL, method); the copy of a scenario saved beside a run may not carry that file, so it is
looked up by the scenario's name among the built-in ones.  Any scenario's rows may name their
own ``source``; those are listed too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pandas as pd

from angara.scenario.load import BUILTIN_DIR
from angara.scenario.model import Scenario

SOURCES_FILE = "SOURCES.csv"
MOST_SUPPORTED = 8  # columns named per source before "and N more": a source can back hundreds


@dataclass(frozen=True)
class Source:
    """One source: a URL or a citation, the tables and columns it supports, how many numbers."""

    reference: str
    supports: str
    numbers: int

    @property
    def shown(self) -> str:
        """The reference as a reader reads it: percent-escapes of a URL decoded (Cyrillic paths)."""
        return unquote(self.reference) if self.is_link else self.reference

    @property
    def is_link(self) -> bool:
        """Whether the reference is a web address the report can link to."""
        return self.reference.startswith(("http://", "https://"))


def builtin_sources_file(name: str) -> Path | None:
    """The ``SOURCES.csv`` of the built-in scenario called ``name``, if there is one."""
    path = BUILTIN_DIR / name / SOURCES_FILE
    return path if name and "/" not in name and path.is_file() else None


def scenario_sources(scenario: Scenario) -> tuple[list[Source], dict[str, int]]:
    """Distinct sources of ``scenario`` (most used first) and how many traced numbers have
    each status (``sourced``, ``derived``, ``estimate``, …; empty without a ``SOURCES.csv``)."""
    supported: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = {}
    path = builtin_sources_file(scenario.meta.name)
    if path is not None:
        traced = pd.read_csv(path, dtype=str).fillna("")
        statuses = {str(k): int(v) for k, v in traced["status"].value_counts().items() if k}
        for row in traced.itertuples(index=False):
            url = str(row.source_url).strip()
            if url:
                supported[url].add(f"{row.table}.{row.column}")
                counts[url] += 1
    for table in type(scenario).model_fields:
        if table == "meta":
            continue
        for entry in scenario.table(table):
            if entry.source and entry.source.strip():
                supported[entry.source.strip()].add(table)
                counts[entry.source.strip()] += 1
    sources = [
        Source(reference, _supports(sorted(supported[reference])), counts[reference])
        for reference in supported
    ]
    sources.sort(key=lambda source: (-source.numbers, source.reference))
    return sources, statuses


def _supports(items: list[str]) -> str:
    """``deposits.reserves, prices.price`` grouped by table: ``deposits (reserves), prices (price)``."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for item in items:
        table, _, column = item.partition(".")
        if column:
            by_table[table].append(column)
        else:
            by_table.setdefault(table, [])
    parts = [f"{table} ({', '.join(columns)})" if columns else table for table, columns in by_table.items()]
    if len(parts) > MOST_SUPPORTED:
        return ", ".join(parts[:MOST_SUPPORTED]) + f", … (+{len(parts) - MOST_SUPPORTED})"
    return ", ".join(parts)
