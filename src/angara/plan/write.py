"""Write a plan to a folder: ``plan.json`` and one CSV per table, all or nothing."""

from __future__ import annotations

from pathlib import Path

from angara.atomic import document_and_tables, staged
from angara.plan.result import TABLES, Plan

PLAN_FILE = "plan.json"


def plan_files(plan: Plan, folder: Path) -> list[Path]:
    """Write the plan's files into the existing ``folder``; return their paths."""
    return document_and_tables(folder, PLAN_FILE, plan.to_json(), {t: plan.table(t) for t in TABLES})


def write_plan(plan: Plan, destination: Path) -> list[Path]:
    """Replace ``destination`` with the plan's files; return the paths written (final names)."""
    with staged(destination) as folder:
        folder.mkdir()
        written = plan_files(plan, folder)
    return [destination / path.name for path in written]
