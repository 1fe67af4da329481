"""Read a plan saved by :func:`angara.plan.write.write_plan` back into a :class:`Plan`.

``angara assess`` uses it to re-assess a plan without solving again.  A missing or
damaged file is bad input: every problem is reported, located, as a ScenarioError.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from angara.plan.result import LIMIT_TABLES, TABLES, Plan
from angara.plan.write import PLAN_FILE
from angara.scenario.problems import Problem, ScenarioError

# Columns the assessment relies on; other columns are read as they come.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "builds": ("process", "location", "period", "units", "capex_rub"),
    "capacity": ("process", "location", "period", "units"),
    "activities": ("process", "location", "source", "period", "activity"),
    "flows": ("good", "source", "period", "tonnes", "cost_rub"),
    "sales": ("market", "good", "source", "period", "tonnes", "revenue_rub"),
    "power": ("site", "period", "bought_mw"),
    "staff": ("region", "skill", "period", "needed", "local_available", "migrants"),
    "links": ("link", "period", "open"),
    "shadow_prices": ("good", "source", "node", "period", "value_rub_per_t"),
}
# key columns: read as text, an empty cell being "" (a product's source)
TEXT_COLUMNS = ("process", "location", "source", "good", "node", "market", "site", "region", "skill", "link")
NUMERIC_SUFFIXES = ("_rub", "units", "tonnes", "activity", "open", "_mw", "needed", "migrants")
SUMMARY_KEYS = ("scenario", "status", "objective_kind", "objective", "periods")


def read_plan(folder: Path) -> Plan:
    """The plan saved in ``folder`` (``plan.json`` and one CSV per table)."""
    problems: list[Problem] = []
    if not folder.is_dir():
        raise ScenarioError([Problem(str(folder), "is not a folder holding a saved plan (plan.json)")])
    summary = _summary(folder / PLAN_FILE, problems)
    tables = {name: _table(folder / f"{name}.csv", name, problems) for name in TABLES}
    if problems or summary is None:
        raise ScenarioError(problems)
    return Plan(
        scenario=str(summary["scenario"]),
        status=str(summary["status"]),
        objective_kind=str(summary["objective_kind"]),
        objective=float(summary["objective"] if summary["objective"] is not None else "nan"),
        mip_gap=float(summary.get("mip_gap") or 0.0),
        balance_residual_max=float(summary.get("balance_residual_max") or 0.0),
        seconds_build=float(summary.get("seconds_build") or 0.0),
        seconds_solve=float(summary.get("seconds_solve") or 0.0),
        solver=str(summary.get("solver", "")),
        size=dict(summary.get("size") or {}),
        periods=list(summary["periods"]),
        notes=list(summary.get("notes") or []),
        limits={name: tables.pop(name) for name in LIMIT_TABLES},
        **tables,
    )


def _summary(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(
            Problem(
                path.name, f"is missing from {path.parent}; is this a folder written by angara plan --out?"
            )
        )
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(Problem(path.name, f"cannot be read as JSON: {error}"))
        return None
    if not isinstance(document, dict):
        problems.append(Problem(path.name, "expected a JSON object with the plan's summary"))
        return None
    missing = [key for key in SUMMARY_KEYS if key not in document]
    if missing:
        problems.append(Problem(path.name, f"lacks the keys {', '.join(missing)}"))
        return None
    periods = document["periods"]
    if not isinstance(periods, list) or not all(
        isinstance(p, dict) and isinstance(p.get("start"), int) and isinstance(p.get("years"), list)
        for p in periods
    ):
        problems.append(
            Problem(path.name, "'periods' must list objects with 'start' and 'years'", column="periods")
        )
        return None
    return document


def _table(path: Path, name: str, problems: list[Problem]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, keep_default_na=True, dtype={c: str for c in TEXT_COLUMNS})
        for column in TEXT_COLUMNS:
            if column in frame:
                frame[column] = frame[column].fillna("")
    except FileNotFoundError:
        problems.append(Problem(path.name, f"is missing from {path.parent}"))
        return pd.DataFrame()
    except pd.errors.EmptyDataError:
        problems.append(Problem(path.name, "is empty; expected at least a header row"))
        return pd.DataFrame()
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        problems.append(Problem(path.name, f"cannot be read as CSV: {error}"))
        return pd.DataFrame()
    for column in REQUIRED_COLUMNS.get(name, ()):
        if column not in frame.columns:
            problems.append(Problem(path.name, "required column is missing", row=1, column=column))
            continue
        year = column == "period"
        if not (year or column.endswith(NUMERIC_SUFFIXES)):
            continue
        bad = _first_bad(frame[column], integer=year)
        if bad is not None:
            expected = "expected a whole year" if year else "expected a number"
            value = str(frame[column].iloc[bad])
            problems.append(Problem(path.name, expected, row=bad + 2, column=column, value=value))
    return frame


def _first_bad(column: pd.Series, *, integer: bool) -> int | None:
    """Position of the first value that is not a number (or not whole); None if all are."""
    numbers = pd.to_numeric(column, errors="coerce")
    bad = numbers.isna() | ((numbers % 1 != 0) if integer else False)
    positions = [i for i, flag in enumerate(bad.to_numpy()) if flag]
    return positions[0] if positions else None
