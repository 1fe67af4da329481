"""Write a plan to a folder: ``plan.json`` and one CSV per table, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from angara.atomic import staged
from angara.plan.result import TABLES, Plan

PLAN_FILE = "plan.json"


def plan_files(plan: Plan, folder: Path) -> list[Path]:
    """Write the plan's files into the existing ``folder``; return their paths."""
    text = json.dumps(plan.to_json(), ensure_ascii=False, indent=2, allow_nan=False)
    (folder / PLAN_FILE).write_text(text + "\n", encoding="utf-8")
    for table in TABLES:
        plan.table(table).to_csv(folder / f"{table}.csv", index=False, float_format="%.10g")
    return [folder / PLAN_FILE, *[folder / f"{table}.csv" for table in TABLES]]


def write_plan(plan: Plan, destination: Path) -> list[Path]:
    """Replace ``destination`` with the plan's files; return the paths written (final names)."""
    with staged(destination) as folder:
        folder.mkdir()
        written = plan_files(plan, folder)
    return [destination / path.name for path in written]
