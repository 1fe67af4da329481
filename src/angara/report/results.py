"""A run's results as plain data, read from a result folder or from stored result files."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from angara.scenario.problems import Problem, ScenarioError

RISK_FOLDER = "risk"


@dataclass(frozen=True)
class RunResults:
    """``plan.json``, ``assessment.json``, ``risk.json`` (None if the run had no risk
    analysis) and every CSV table by name (``builds``, ``cashflows``, ``tornado``, ...)."""

    plan: dict[str, Any]
    assessment: dict[str, Any]
    risk: dict[str, Any] | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """A table by name; empty if the run did not produce it."""
        return self.tables.get(name, pd.DataFrame())


def read_results(folder: Path) -> RunResults:
    """The results in ``folder`` as ``angara plan --out`` writes them, with a risk analysis
    (``angara risk --out``) in the folder itself or in its ``risk/`` subfolder.

    Raises :class:`ScenarioError` naming the folder or file that is missing or unreadable.
    """
    if not folder.is_dir():
        raise ScenarioError(
            [Problem(str(folder), "no such folder: give a folder written by angara plan --out")]
        )
    files: dict[str, bytes] = {}
    for place in (folder, folder / RISK_FOLDER):
        if place.is_dir():
            for path in sorted(place.iterdir()):
                if path.is_file() and path.suffix in (".json", ".csv"):
                    files.setdefault(path.name, path.read_bytes())
    return results_from_files(files, str(folder))


def results_from_files(files: Mapping[str, bytes], where: str = "results") -> RunResults:
    """Results from ``{file name: content}`` (a run's stored result files)."""
    problems: list[Problem] = []
    documents: dict[str, dict[str, Any] | None] = {}
    for name in ("plan", "assessment", "risk"):
        content = files.get(f"{name}.json")
        if content is None:
            if name != "risk":
                problems.append(Problem(f"{where}/{name}.json", "missing: the run has no results yet"))
            documents[name] = None
            continue
        try:
            documents[name] = json.loads(content)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(Problem(f"{where}/{name}.json", f"not valid JSON ({error})"))
    tables = {}
    for name, content in files.items():
        if name.endswith(".csv"):
            try:
                tables[name[: -len(".csv")]] = pd.read_csv(io.BytesIO(content))
            except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
                problems.append(Problem(f"{where}/{name}", f"not a readable CSV table ({error})"))
    if problems:
        raise ScenarioError(problems)
    plan, assessment = documents["plan"], documents["assessment"]
    assert plan is not None and assessment is not None
    return RunResults(plan=plan, assessment=assessment, risk=documents["risk"], tables=tables)
